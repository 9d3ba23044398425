package net.imo2sproxy.bench.impl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import net.imo2sproxy.bench.LatencyRecorder;
import net.imo2sproxy.bench.MessageCounts;
import net.imo2sproxy.protocol.trace.DeliveryHop;

/**
 * Exact accounting of one chat run, fed with the Skype API lines each client receives. Every
 * message carries a token unique to the run in its body ({@code bench message <run>.<k>}); on
 * each {@code CHATMESSAGE n STATUS RECEIVED} the receiver asks {@code GET CHATMESSAGE n BODY}
 * and the answer says which message it was, so a duplicate under a new number, a loss and a
 * reordering are each seen as such instead of cancelling out in a queue per receiver. Then it
 * marks the message read ({@code SET CHATMESSAGE n SEEN}), as bitlbee's and skype4pidgin's
 * plugins do: a bridge keeps unread messages for a take-over, and a generator that never
 * reads them measures a backlog no real client leaves (bench README, thirteenth round).
 *
 * <p>Latency is recorded at the first delivery of a token, from the intended send to the
 * RECEIVED notification (not to the body's answer). No I/O and no Vert.x: the caller hands in
 * every line with its arrival time and sends what {@link Wire} is given; what goes wrong is named
 * by a {@link ChatRunLog}. Not thread-safe: one per run on one event loop.
 */
public final class ChatLedger {

  /** Sends one Skype API line on a client's connection. */
  public interface Wire {
    void send(int client, String line);
  }

  /** The body prefix of every message of the generator. */
  public static final String BODY_PREFIX = "bench message ";

  private final String tokenPrefix;
  private final String[] names;
  private final Wire wire;
  private final IntSupplier ids;
  private final ChatRunLog log;
  private final LatencyRecorder latency = new LatencyRecorder();
  private final LatencyRecorder replyLatency = new LatencyRecorder();
  private final LatencyRecorder bodyLatency = new LatencyRecorder();

  private final List<Message> messages = new ArrayList<>();
  private final Map<Long, Integer> nextSeq = new HashMap<>();
  private final Map<Long, Integer> highestDelivered = new HashMap<>();
  private final Map<Integer, Pending> pending = new HashMap<>();
  private final Map<Long, Message> bySenderNumber = new HashMap<>();
  private final List<String> outOfOrderNamed = new ArrayList<>();
  private long undelivered;
  private long outOfOrder;
  private long sendFailed;
  private long errorReplies;
  private long foreign;
  private long unresolved;
  private long lastActivityNanos;

  /** One sent message and what became of it. */
  static final class Message {
    final int k;
    final int from;
    final int to;
    final int seq;
    final long intended;
    final int sendId;
    long senderNumber = -1;
    String sendStatus = "no reply";
    boolean failed;
    int deliveries;
    final List<long[]> announcements = new ArrayList<>(1); // {number, receivedAt}

    Message(int k, int from, int to, int seq, long intended, int sendId) {
      this.k = k;
      this.from = from;
      this.to = to;
      this.seq = seq;
      this.intended = intended;
      this.sendId = sendId;
    }
  }

  /** A command in flight: a MESSAGE ({@code message} set), a GET ... BODY or a SET ... SEEN. */
  record Pending(Message message, int client, long number, long sentAt,
      long receivedAt, boolean seen) {
  }

  /**
   * @param label names the run on stderr (warm-up, measured)
   * @param runTag unique among the runs of the process (tokens are {@code runTag.k})
   * @param names each client's handle, by client index
   * @param ids the {@code #id}s of the commands (unique per connection at least)
   * @param startNanos the run's start, for the offsets on stderr
   */
  public ChatLedger(String label, String runTag, String[] names, Wire wire, IntSupplier ids,
      long startNanos, PrintStream log) {
    this.tokenPrefix = BODY_PREFIX + runTag + ".";
    this.names = names.clone();
    this.wire = wire;
    this.ids = ids;
    this.log = new ChatRunLog(label, tokenPrefix, this.names, startNanos, log);
  }

  public LatencyRecorder latency() {
    return latency;
  }

  /** MESSAGE sent to its reply (SENDING or FAILED): how long the sender's command took. */
  public LatencyRecorder replyLatency() {
    return replyLatency;
  }

  /** GET CHATMESSAGE n BODY sent to its answer: the generator's extra round trip. */
  public LatencyRecorder bodyLatency() {
    return bodyLatency;
  }

  /** When a line of this run last arrived (0 = none yet). */
  public long lastActivityNanos() {
    return lastActivityNanos;
  }

  /** Every message delivered and every command answered. */
  public boolean settled() {
    return undelivered == 0 && pending.isEmpty();
  }

  /** Sends the next message from client {@code from} to client {@code to}. */
  public void send(int from, int to, long intendedNanos, long nowNanos) {
    int k = messages.size();
    long direction = direction(from, to);
    int seq = nextSeq.merge(direction, 1, Integer::sum) - 1;
    int id = ids.getAsInt();
    Message m = new Message(k, from, to, seq, intendedNanos, id);
    messages.add(m);
    undelivered++;
    pending.put(id, new Pending(m, from, -1, nowNanos, 0, false));
    String body = tokenPrefix + k;
    if (DeliveryHop.enabled()) {
      DeliveryHop.record("plugin-sent", DeliveryHop.messageKey(body), null);
    }
    wire.send(from, "#" + id + " MESSAGE " + names[to] + " " + body);
  }

  /** A line received by client {@code client} at {@code nowNanos}. */
  public void onLine(int client, String line, long nowNanos) {
    if (line.startsWith("#")) {
      onReply(client, line, nowNanos);
    } else if (line.startsWith("CHATMESSAGE ") || line.startsWith("MESSAGE ")) {
      onNotification(client, line, nowNanos);
    }
  }

  private void onReply(int client, String line, long nowNanos) {
    int space = line.indexOf(' ');
    if (space < 0) {
      return;
    }
    int id;
    try {
      id = Integer.parseInt(line, 1, space, 10);
    } catch (NumberFormatException e) {
      return;
    }
    Pending p = pending.get(id);
    if (p == null || p.client != client) {
      return; // not ours (another run's, or a command of another kind)
    }
    pending.remove(id);
    lastActivityNanos = nowNanos;
    String rest = line.substring(space + 1);
    if (p.seen) {
      if (rest.startsWith("ERROR")) {
        errorReplies++;
        log.note("SET CHATMESSAGE " + p.number + " SEEN of " + names[client] + " answered "
            + rest);
      }
      return;
    }
    (p.message != null ? replyLatency : bodyLatency).record(p.sentAt, nowNanos);
    if (rest.startsWith("ERROR")) {
      errorReplies++;
      if (p.message == null) {
        unresolved++;
      }
      if (p.message != null) {
        p.message.sendStatus = rest;
      }
      if (errorReplies <= 3) {
        log.note((p.message != null
            ? "MESSAGE " + log.token(p.message) : "GET CHATMESSAGE " + p.number + " BODY")
            + " of " + names[client] + " answered " + rest);
      }
      return;
    }
    // <KEYWORD> <n> STATUS <s> | <KEYWORD> <n> BODY <text>
    int a = rest.indexOf(' ');
    int b = a < 0 ? -1 : rest.indexOf(' ', a + 1);
    if (b < 0) {
      return;
    }
    long number;
    try {
      number = Long.parseLong(rest, a + 1, b, 10);
    } catch (NumberFormatException e) {
      return;
    }
    String tail = rest.substring(b + 1);
    if (p.message != null) {
      Message m = p.message;
      m.senderNumber = number;
      m.sendStatus = tail;
      bySenderNumber.put(key(client, number), m);
      if (tail.equals("STATUS FAILED")) {
        failed(m);
      }
    } else if (tail.startsWith("BODY ")) {
      delivered(client, p.number, tail.substring("BODY ".length()), p.receivedAt);
      int seenId = ids.getAsInt();
      pending.put(seenId, new Pending(null, client, number, nowNanos, nowNanos, true));
      wire.send(client, "#" + seenId + " SET " + rest.substring(0, a) + " " + number + " SEEN");
    } else {
      unresolved++;
      log.note("unexpected answer to GET CHATMESSAGE " + p.number
          + " BODY of " + names[client] + ": " + line);
    }
  }

  private void onNotification(int client, String line, long nowNanos) {
    int a = line.indexOf(' ');
    int b = line.indexOf(' ', a + 1);
    if (b < 0) {
      return;
    }
    long number;
    try {
      number = Long.parseLong(line, a + 1, b, 10);
    } catch (NumberFormatException e) {
      return;
    }
    String tail = line.substring(b + 1);
    switch (tail) {
      case "STATUS RECEIVED" -> {
        lastActivityNanos = nowNanos;
        int id = ids.getAsInt();
        pending.put(id, new Pending(null, client, number, nowNanos, nowNanos, false));
        wire.send(client, "#" + id + " GET " + line.substring(0, a) + " " + number + " BODY");
      }
      case "STATUS SENT", "STATUS FAILED" -> {
        Message m = bySenderNumber.get(key(client, number));
        if (m == null) {
          if (tail.equals("STATUS FAILED")) {
            sendFailed++;
            log.note(names[client] + ": " + line
                + " (not a message of this run, or before MESSAGE's reply)");
          }
          return;
        }
        lastActivityNanos = nowNanos;
        m.sendStatus = m.sendStatus + ", then " + tail;
        if (tail.equals("STATUS FAILED")) {
          failed(m);
        }
      }
      default -> {
        // READ, SENDING and the like: nothing to count
      }
    }
  }

  private void failed(Message m) {
    if (!m.failed) {
      m.failed = true;
      sendFailed++;
    }
  }

  private void delivered(int client, long number, String body, long receivedAt) {
    Message m = null;
    if (body.startsWith(tokenPrefix)) {
      try {
        int k = Integer.parseInt(body, tokenPrefix.length(), body.length(), 10);
        m = k >= 0 && k < messages.size() ? messages.get(k) : null;
      } catch (NumberFormatException e) {
        m = null;
      }
    }
    if (m == null || m.to != client) {
      foreign++;
      if (foreign <= 3) {
        log.note(names[client] + " got CHATMESSAGE " + number
            + " \"" + body + "\", " + (m == null ? "not a message of this run"
            : "meant for " + names[m.to]));
      }
      return;
    }
    m.deliveries++;
    m.announcements.add(new long[] {number, receivedAt});
    if (m.deliveries > 1) {
      return;
    }
    undelivered--;
    latency.record(m.intended, receivedAt);
    long direction = direction(m.from, m.to);
    Integer highest = highestDelivered.get(direction);
    if (highest != null && m.seq < highest) {
      outOfOrder++;
      if (outOfOrderNamed.size() < ChatRunLog.NAMED) {
        outOfOrderNamed.add(log.token(m) + " " + log.route(m) + " (seq "
            + m.seq + ") after seq " + highest + ", as CHATMESSAGE " + number + " at "
            + log.offset(receivedAt));
      }
    } else {
      highestDelivered.put(direction, m.seq);
    }
  }

  /**
   * Ends the run: whatever is still undelivered is lost, commands still pending were never
   * answered. Names the lost, duplicated, out-of-order and unanswered ones on the log.
   */
  public MessageCounts close() {
    long deliveredOnce = 0;
    long duplicated = 0;
    long extra = 0;
    List<Message> lost = new ArrayList<>();
    List<Message> dups = new ArrayList<>();
    for (Message m : messages) {
      if (m.deliveries == 0) {
        lost.add(m);
      } else if (m.deliveries == 1) {
        deliveredOnce++;
      } else {
        duplicated++;
        extra += m.deliveries - 1;
        dups.add(m);
      }
    }
    long unansweredGets = pending.values().stream().filter(p -> p.message == null).count();
    MessageCounts counts = new MessageCounts(messages.size(), deliveredOnce, lost.size(),
        duplicated, extra, outOfOrder, sendFailed, errorReplies, pending.size(),
        unresolved + unansweredGets, foreign);
    log.summary(counts, lost, dups, outOfOrderNamed, pending);
    return counts;
  }

  private static long direction(int from, int to) {
    return ((long) from << 32) | (to & 0xffffffffL);
  }

  private static long key(int client, long number) {
    return ((long) client << 40) ^ number;
  }
}
