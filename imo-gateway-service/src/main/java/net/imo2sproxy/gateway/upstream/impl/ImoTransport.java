package net.imo2sproxy.gateway.upstream.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import net.imo2sproxy.gateway.upstream.ImoCallException;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;
import net.imo2sproxy.gateway.upstream.ImoSessionEnd;
import net.imo2sproxy.gateway.upstream.ReconnectPolicy;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wire of one upstream session (docs/imo-protocol.md §3-§4, §8, §13): the only code that
 * posts to imo.im. It owns the envelope, both sequence spaces and the acknowledgement rules.
 *
 * <ul>
 *   <li>Commands go out one at a time, in {@code seq} order: a command that overtook its
 *       predecessor on another pooled connection would be refused unprocessed by the server.
 *   <li>A command counts as processed only when an answer's {@code ack} covers its {@code seq}
 *       (or, as the original accepted, the answer carries messages but no {@code ack}). Anything
 *       else is resent with the same {@code seq}, which the server never runs twice. A command
 *       still unprocessed after its retries ends the session: every later command would be
 *       refused behind it.
 *   <li>The long poll runs beside the commands; every answer's messages pass through one ordered
 *       hand-off, so a command's future completes before the messages its answer carried are
 *       handed on, and messages keep their order of arrival.
 * </ul>
 *
 * <p>Confined to the context that created it; every callback runs there.
 */
final class ImoTransport {

  /** Where taken server messages and the session's end go. */
  interface Receiver {
    /** Messages new to the session, in order; called on the transport's context. */
    void onMessages(List<JsonObject> messages);

    /** The session ended on the server's or the network's initiative; called once. */
    void onEnded(ImoSessionEnd end);
  }

  /**
   * Open: commands accepted. Closing: signing off, the queued commands and the sign-off go on.
   * Closed (by us): nothing goes out, messages already taken are still handed on. Ended (by the
   * server or the network): nothing at all.
   */
  private enum Phase { OPEN, CLOSING, CLOSED, ENDED }

  private static final Logger LOG = LoggerFactory.getLogger(ImoTransport.class);

  private final Vertx vertx;
  private final Context context;
  private final ImoHttp http;
  private final ImoClientOptions options;
  private final String logId;
  private final BridgeMetrics metrics;
  private Receiver receiver;

  private Phase phase = Phase.OPEN;
  private String ssid;
  private int clientSeq;
  private final ServerSequence server = new ServerSequence();
  private final ArrayDeque<UpstreamCommand> queue = new ArrayDeque<>();
  private UpstreamCommand onWire;
  private final HandOff handOff;
  private final LongPoll poll;

  ImoTransport(Vertx vertx, ImoHttp http, ImoClientOptions options, String logId) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.http = http;
    this.options = options;
    this.logId = logId;
    this.metrics = BridgeMetrics.of(vertx);
    this.handOff = new HandOff(context, logId, batch -> {
      if (phase != Phase.ENDED) {
        receiver.onMessages(batch); // also after a sign-off: its answer's messages count
      }
    });
    this.poll = new LongPoll(vertx, options, logId, new LongPoll.Wire() {
      @Override
      public Future<Void> poll() {
        return postPoll();
      }

      @Override
      public int takenAck() {
        return server.ack();
      }

      @Override
      public Future<Void> handedOn() {
        return ImoTransport.this.handedOn();
      }

      @Override
      public void giveUp(String detail) {
        end(ImoSessionEnd.Cause.UNREACHABLE, detail);
      }
    });
  }

  void receiver(Receiver receiver) {
    this.receiver = receiver;
  }

  String ssid() {
    return ssid;
  }

  int clientSeq() {
    return clientSeq;
  }

  boolean isPolling() {
    return poll.isPolling();
  }

  boolean isOpen() {
    return phase == Phase.OPEN;
  }

  /** Closed by us or ended by the server or the network. */
  boolean isEnded() {
    return phase == Phase.CLOSED || phase == Phase.ENDED;
  }

  /** Ended by the server or the network: messages after the ending one are not handed on. */
  boolean endedByServer() {
    return phase == Phase.ENDED;
  }

  /** A fresh sequence space under {@code ssid} (after the bootstrap, docs/imo-protocol.md §6). */
  void start(String ssid) {
    this.ssid = ssid;
    clientSeq = 0;
    server.reset();
    poll.sequenceBegins(0);
  }

  /** Continues a session exported by another gateway. */
  void continueAt(String ssid, int clientSeq, JsonObject serverState) {
    this.ssid = ssid;
    this.clientSeq = clientSeq;
    server.restore(serverState);
    poll.sequenceBegins(server.ack());
  }

  /** The server's next expected {@code seq} won: the previous owner's in-flight command is gone. */
  void adoptClientSeq(int expected) {
    clientSeq = expected;
  }

  void exportTo(JsonObject state) {
    state.put("ssid", ssid).put("client-seq", clientSeq);
    server.exportTo(state, handOff.pendingSeqs());
  }

  // ---------------------------------------------------------------- commands

  /** Queues a command; the future completes once the server processed it. */
  Future<Void> command(String system, String method, Integer requestId, JsonObject args) {
    if (phase != Phase.OPEN) {
      return Future.failedFuture(new ImoCallException("session closed"));
    }
    return enqueue(new UpstreamCommand(system, method, requestId, args));
  }

  private Future<Void> enqueue(UpstreamCommand command) {
    command.traceSend("upstream-queued");
    queue.add(command);
    pump();
    return command.done.future();
  }

  private void pump() {
    if (onWire != null || queue.isEmpty() || isEnded()) {
      return;
    }
    UpstreamCommand command = queue.poll();
    command.number(clientSeq++, ssid);
    onWire = command;
    attempt(command, 1);
  }

  private void attempt(UpstreamCommand command, int attempt) {
    int ackSent = advertisedAck();
    boolean gapAtSend = server.hasGap();
    JsonObject envelope = ImoEnvelope.request(ackSent, ssid, command.message());
    if (attempt == 1) {
      command.traceSend("upstream-send");
    }
    if (LOG.isTraceEnabled()) {
      LOG.trace("[{}] -> {}", logId, ImoEnvelope.masked(envelope));
    }
    metrics.upstream(command.method, http.postJson(envelope)).onComplete(ar -> {
      if (onWire != command) {
        return; // closed meanwhile: the command was failed already
      }
      UpstreamCommand.Outcome outcome = ar.succeeded()
          ? evaluate(command, ar.result(), gapAtSend, ackSent)
          : new UpstreamCommand.Outcome(false, false, ar.cause());
      if (outcome.processed()) {
        finish(command, null);
      } else if (outcome.sessionLost()) {
        finish(command, outcome.failure());
        // after the hand-off, so an expired event the answer carried is what ends the session
        String detail = "server answered " + command.method + " with ack 0";
        context.runOnContext(v -> end(ImoSessionEnd.Cause.ACK_RESET, detail));
      } else if (isEnded()) {
        finish(command, outcome.failure());
      } else {
        retry(command, attempt, outcome.failure());
      }
    });
  }

  private UpstreamCommand.Outcome evaluate(UpstreamCommand command, JsonObject response,
      boolean gapAtSend, int ackSent) {
    List<JsonObject> messages = server.take(response, gapAtSend, ackSent, logId);
    handOn(messages);
    return command.outcome(response, !messages.isEmpty());
  }

  private void retry(UpstreamCommand command, int attempt, Throwable failure) {
    ReconnectPolicy policy = options.commandRetry();
    boolean retryable = failure instanceof ImoCallException e && e.retryable();
    // Signing off is best effort: nothing is resent then (docs/imo-protocol.md §4.3).
    if (!retryable || !policy.allows(attempt) || phase == Phase.CLOSING) {
      finish(command, failure);
      if (phase == Phase.OPEN) {
        // Every later command would be refused behind an unprocessed seq.
        end(ImoSessionEnd.Cause.UNREACHABLE, command.method + " seq " + command.seq()
            + " not processed: " + failure.getMessage());
      }
      return;
    }
    long delay = policy.delayMillis(attempt);
    LOG.debug("[{}] {} seq {} failed ({}), resending in {} ms", logId, command.method,
        command.seq(), failure.getMessage(), delay);
    vertx.setTimer(delay, id -> {
      if (onWire == command) {
        attempt(command, attempt + 1);
      }
    });
  }

  private void finish(UpstreamCommand command, Throwable failure) {
    onWire = null;
    if (failure == null) {
      command.done.tryComplete();
    } else {
      command.done.tryFail(failure);
    }
    pump();
  }

  // ---------------------------------------------------------------- poll

  void startPolling() {
    if (phase == Phase.OPEN) {
      poll.start();
    }
  }

  private Future<Void> postPoll() {
    int ackSent = advertisedAck();
    boolean gapAtSend = server.hasGap();
    return metrics.upstream("poll", http.postJson(ImoEnvelope.request(ackSent, ssid, null)))
        .map(response -> {
          if (phase != Phase.ENDED) {
            // taken even when polling stopped meanwhile (signing off): the server forgets
            // what an acknowledgement covers, so nothing that arrived may be thrown away
            handOn(server.take(response, gapAtSend, ackSent, logId));
          }
          return null;
        });
  }

  /**
   * From now on the {@code ack} sent covers only what {@link #saved} confirmed: a clustered
   * session acknowledges a server message only once the state that holds it is saved, so
   * that imo.im keeps it for a survivor until then.
   */
  void holdAcknowledgements(Runnable requestSave) {
    poll.holdAcknowledgements(requestSave);
  }

  /** The state holding everything below {@code serverAck} (from {@link #exportTo}) is saved. */
  void saved(int serverAck) {
    poll.saved(serverAck);
  }

  private int advertisedAck() {
    return poll.advertisedAck();
  }

  // ---------------------------------------------------------------- probe, sign-off, end

  /**
   * Posts {@code method} with {@code seq} 0 outside the command order: a duplicate for a server
   * that processed anything under this ssid, so not run; its answer tells the next expected
   * {@code seq} and carries what the server kept for the session (taken and handed on).
   *
   * @return the server's {@code ack} for client messages (null when the answer had none)
   */
  Future<Integer> probe(String system, String method, JsonObject args) {
    int ackSent = advertisedAck();
    boolean gapAtSend = server.hasGap();
    JsonObject message = ImoEnvelope.message(ImoEnvelope.call(method, null, args), system, ssid,
        0);
    return http.postJson(ImoEnvelope.request(ackSent, ssid, message)).map(response -> {
      handOn(server.take(response, gapAtSend, ackSent, logId));
      return UpstreamCommand.ackOf(response);
    });
  }

  /**
   * Stops polling and sends {@code signoff_all} behind the commands already queued; nothing new
   * is accepted. The future never fails.
   */
  Future<Void> signOff(JsonObject args) {
    if (phase != Phase.OPEN) {
      return Future.succeededFuture();
    }
    phase = Phase.CLOSING;
    poll.stop();
    UpstreamCommand signOff = new UpstreamCommand("session", "signoff_all", null, args);
    return enqueue(signOff)
        .onFailure(err -> LOG.debug("[{}] signoff_all failed: {}", logId, err.getMessage()))
        .otherwiseEmpty()
        .compose(v -> handedOn())
        .onComplete(ar -> close("signed off"));
  }

  /** Completes once the messages taken so far were handed on. */
  Future<Void> handedOn() {
    return handOff.handedOn();
  }

  /** Stops everything without telling the server; queued commands fail. */
  void close(String reason) {
    poll.stop();
    if (phase != Phase.ENDED) {
      phase = Phase.CLOSED;
    }
    UpstreamCommand current = onWire;
    onWire = null;
    if (current != null) {
      current.done.tryFail(new ImoCallException("session closed (" + reason + ")"));
    }
    for (UpstreamCommand command; (command = queue.poll()) != null; ) {
      command.done.tryFail(new ImoCallException("session closed (" + reason + ")"));
    }
  }

  /** Ends the session once on the server's or network's initiative and tells the receiver. */
  void end(ImoSessionEnd.Cause cause, String detail) {
    if (isEnded()) {
      return;
    }
    poll.stop();
    phase = Phase.ENDED;
    ImoSessionEnd end = new ImoSessionEnd(cause, detail);
    LOG.info("[{}] imo.im session ended: {}", logId, end);
    // the receiver first: the failed commands below must find the session's end known
    receiver.onEnded(end);
    close(cause.name().toLowerCase(Locale.ROOT));
  }

  /** Messages reach the receiver on a later turn, in order of arrival ({@link HandOff}). */
  private void handOn(List<JsonObject> messages) {
    handOff.add(messages, server.ack());
  }
}
