package net.imo2sproxy.simulator.impl;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The server-to-client direction of each ssid (docs/imo-protocol.md §4.5): its queue, the ack rule
 * that keeps a message until a request's {@code ack} covers it, and the held long poll. Runs on the
 * simulator's event loop.
 */
final class DeliveryQueues {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueues.class);
  /** Bounds memory when a client never acknowledges. */
  private static final int MAX_UNACKED = 1000;

  private final Vertx vertx;
  private final Context context;
  private final SimulatorSettings settings;
  /** Numbers responses, so redelivery knows what was delivered before a request started. */
  private long responseCounter;

  DeliveryQueues(Vertx vertx, Context context, SimulatorSettings settings) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
  }

  /** The number of the last response; a request notes it on arrival (see {@link #answer}). */
  long responsesSoFar() {
    return responseCounter;
  }

  /** Queues a server message; a held poll of the session is answered on the next turn. */
  void enqueue(Session s, String fromSystem, JsonObject data) {
    if (s.ended) {
      return;
    }
    long seq = s.nextServerSeq++;
    s.queue.addLast(new Session.Outgoing(seq, Wire.message(fromSystem, seq, data)));
    if (LOG.isDebugEnabled()) {
      LOG.debug("{}: queued seq {}: {} {}{}", s.ssid, seq, fromSystem, data.getValue("name"),
          data.getValue("edata") instanceof JsonObject e && e.getValue("msg") != null
              ? " " + e.getValue("msg") : "");
    }
    if (DeliveryHopEvent.enabled()) {
      DeliveryHopEvent.recvIm("imo-queued", data);
    }
    if (s.poll != null && !s.flushScheduled) {
      // deferred, so a command being processed for this session gets its events in its own response
      s.flushScheduled = true;
      context.runOnContext(v -> flush(s));
    }
  }

  /** Answers an empty poll at once when something is deliverable, otherwise holds it. */
  void longPoll(Session s, Long ack, long startCounter, Exchange ex) {
    // at most one held poll per ssid: the older one is answered empty
    releasePoll(s);
    long hold = settings.holdMillis;
    if (hasDeliverable(s, ack, startCounter) || hold <= 0) {
      ex.reply(answer(s, ack, startCounter));
      return;
    }
    Session.Poll p = new Session.Poll(ex, ack, startCounter);
    s.poll = p;
    p.timerId = vertx.setTimer(hold, id -> {
      if (s.poll == p) {
        s.poll = null;
        s.lastSeen = System.currentTimeMillis();
        p.exchange.reply(answer(s, p.ack, p.startCounter));
      }
    });
    ex.onClose(() -> {
      if (s.poll == p) {
        s.poll = null;
        vertx.cancelTimer(p.timerId);
      }
    });
  }

  /** Answers a held poll of {@code s} with no messages, if there is one. */
  void releasePoll(Session s) {
    Session.Poll p = s.poll;
    if (p != null) {
      s.poll = null;
      vertx.cancelTimer(p.timerId);
      p.exchange.reply(Wire.response(s.expectedSeq, new JsonArray()));
    }
  }

  /**
   * Builds a response: ack = next expected client seq plus everything deliverable to a request
   * that acknowledged {@code ack} and arrived when {@code startCounter} responses had been built.
   */
  JsonObject answer(Session s, Long ack, long startCounter) {
    long n = ++responseCounter;
    JsonArray out = new JsonArray();
    if (!settings.deliverOnce) {
      for (Session.Outgoing o : s.unacked) {
        if (redeliver(o, ack, startCounter)) {
          o.deliveredIn = n;
          out.add(o.message);
        }
      }
    }
    while (!s.queue.isEmpty()) {
      Session.Outgoing o = s.queue.removeFirst();
      o.deliveredIn = n;
      s.unacked.add(o);
      out.add(o.message);
      if (DeliveryHopEvent.enabled()) {
        DeliveryHopEvent.recvIm("imo-answered", Wire.asObject(o.message.getValue("data")));
      }
    }
    if (s.unacked.size() > MAX_UNACKED) {
      int dropped = s.unacked.size() - MAX_UNACKED;
      LOG.warn("{}: {} message(s) never acknowledged dropped (more than {} kept)", s.ssid,
          dropped, MAX_UNACKED);
      s.unacked.subList(0, dropped).clear();
    }
    return Wire.response(s.expectedSeq, out);
  }

  /**
   * The answer {@code response} never reached the client: under the "deliver once" fault its
   * messages go back to the front of the queue, with their seqs (otherwise the ack rule
   * delivers them again anyway).
   */
  void undeliver(Session s, JsonObject response) {
    JsonObject data = Wire.asObject(response.getValue("data"));
    if (!settings.deliverOnce || data == null || !(data.getValue("messages") instanceof JsonArray msgs)) {
      return;
    }
    Set<Long> seqs = new HashSet<>();
    for (Object m : msgs) {
      JsonObject o = Wire.asObject(m);
      Long seq = o == null ? null : Wire.asLong(o.getValue("seq"));
      if (seq != null) {
        seqs.add(seq);
      }
    }
    List<Session.Outgoing> back = new ArrayList<>();
    s.unacked.removeIf(o -> seqs.contains(o.seq) && back.add(o));
    back.sort((a, b) -> Long.compare(b.seq, a.seq));
    back.forEach(s.queue::addFirst);
    if (!back.isEmpty()) {
      LOG.info("{}: answer lost, {} message(s) will be delivered again", s.ssid, back.size());
    }
  }

  private void flush(Session s) {
    s.flushScheduled = false;
    Session.Poll p = s.poll;
    if (p != null && hasDeliverable(s, p.ack, p.startCounter)) {
      s.poll = null;
      vertx.cancelTimer(p.timerId);
      s.lastSeen = System.currentTimeMillis();
      p.exchange.reply(answer(s, p.ack, p.startCounter));
    }
  }

  private boolean hasDeliverable(Session s, Long ack, long startCounter) {
    if (!s.queue.isEmpty()) {
      return true;
    }
    return !settings.deliverOnce && s.unacked.stream().anyMatch(o -> redeliver(o, ack, startCounter));
  }

  private static boolean redeliver(Session.Outgoing o, Long ack, long startCounter) {
    return o.deliveredIn <= startCounter && (ack == null || o.seq >= ack);
  }
}
