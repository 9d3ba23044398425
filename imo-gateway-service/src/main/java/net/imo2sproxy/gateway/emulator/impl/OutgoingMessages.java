package net.imo2sproxy.gateway.emulator.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.imo2sproxy.gateway.emulator.SavedState;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.gateway.emulator.command.UpstreamCalls;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.CommandKey;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Own messages on their way: {@code send_im}, the acknowledgement that makes them SENT, and
 * FAILED when none comes in time or the upstream session ends.
 *
 * <p>A send is answered SENDING before its {@code send_im} goes out; every later status of it
 * is a notification, told after that reply: {@code send_im} starts on a later turn of the
 * context than the reply, and a status waits for a save begun after the reply's.
 *
 * <p>Confined to the session's context.
 */
public final class OutgoingMessages {

  private static final Logger LOG = LoggerFactory.getLogger(OutgoingMessages.class);
  private static final int MAX_EARLY_ACKS = 64;

  private final Vertx vertx;
  private final String sessionId;
  private final SessionSettings settings;
  private final SessionModel model;
  private final ConnectionFanOut fanOut;
  private final BridgeMetrics metrics;
  private final Supplier<? extends UpstreamCalls> current;
  /**
   * Acknowledgements that overtook the answer to their send_im (a long poll brought the ack while
   * the answer was delayed or lost and the command resent), by request id, of the current
   * upstream session only; bounded. Without them such a delivered message would end FAILED.
   */
  private final Map<Integer, JsonObject> earlyAcks = new LinkedHashMap<>();
  private SavedState savedState = SavedState.NONE;
  /** The last send's turn to call send_im: each waits for the one before. */
  private Future<Void> sendOrder = Future.succeededFuture();
  private int inFlight;
  private final List<Promise<Void>> waitingForIdle = new ArrayList<>();

  public OutgoingMessages(Vertx vertx, String sessionId, SessionSettings settings,
      SessionModel model, ConnectionFanOut fanOut, BridgeMetrics metrics,
      Supplier<? extends UpstreamCalls> current) {
    this.vertx = vertx;
    this.sessionId = sessionId;
    this.settings = settings;
    this.model = model;
    this.fanOut = fanOut;
    this.metrics = metrics;
    this.current = current;
  }

  /**
   * Sends an own message; the future carries the stored entry as soon as it is stored and, in
   * a cluster, saved: SENDING (FAILED when there is no upstream session), for the command's
   * reply. {@code send_im} goes out after that, in the order of the sends, and its outcome
   * comes later as a notification to every connection: SENT once imo.im acknowledges, FAILED
   * when the call fails, no acknowledgement comes in time, or the upstream session ends.
   *
   * <p>The entry keeps {@code key} (null: none), so that the command resent after a failover
   * finds it. In a cluster the message, with its request id and key, is saved before {@code
   * send_im} goes out: a survivor then knows every send that may have reached imo.im, matches
   * its acknowledgement, and answers its resent command from it instead of sending it again.
   */
  public Future<ChatMessage> send(String partner, String text, CommandKey key) {
    metrics.messageOut();
    ChatMessage message = new ChatMessage(model.nextMessageNumber(), partner, model.ownHandle,
        model.ownAlias, text, true, "SAID", model.now(), ChatMessage.Status.SENDING);
    message.commandKey = key;
    model.store(message);
    UpstreamCalls upstream = current.get();
    if (upstream == null) {
      message.status = ChatMessage.Status.FAILED;
      message.failureReason = 1;
      return Future.succeededFuture(message);
    }
    int requestId = upstream.reserveRequestId();
    model.messages.expectAck(message, requestId);
    message.sendInFlight = true;
    inFlight++;
    model.changed();
    Future<Void> saved = savedState.saved();
    // send_im calls queue in the order of the sends: the transport keeps that order on the wire
    Future<Void> turn = sendOrder.transform(ignored -> saved);
    sendOrder = turn.otherwiseEmpty();
    turn.onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("[{}] message {} sent before it was saved: {}", sessionId, message.id,
            ar.cause().getMessage());
      }
      // on the next turn of the context: the command's SENDING reply goes out first
      vertx.getOrCreateContext().runOnContext(v -> transmit(message, partner, text, requestId,
          upstream));
    });
    return saved.transform(ignored -> Future.succeededFuture(message));
  }

  /** Completes once no {@code send_im} is waiting to go out or for its answer. */
  public Future<Void> sendsAnswered() {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> idle = Promise.promise();
    waitingForIdle.add(idle);
    return idle.future();
  }

  /** Sends whose {@code send_im} has not been answered yet. */
  public int sendsInFlight() {
    return inFlight;
  }

  private void transmit(ChatMessage message, String partner, String text, int requestId,
      UpstreamCalls upstream) {
    Future<Integer> call = upstream != current.get() || message.status != ChatMessage.Status.SENDING
        // the upstream session ended meanwhile: its request id means nothing to the next one
        ? Future.failedFuture("upstream session ended before send_im")
        : upstream.sendIm(partner, text, requestId);
    call.onComplete(ar -> {
      message.sendInFlight = false;
      if (--inFlight == 0) {
        List<Promise<Void>> waiting = List.copyOf(waitingForIdle);
        waitingForIdle.clear();
        waiting.forEach(Promise::tryComplete);
      }
      if (message.status != ChatMessage.Status.SENDING) {
        model.changed(); // ended meanwhile (the upstream session ended): told already
      } else if (ar.failed() && message.acknowledgedEarly) {
        LOG.info("[{}] send_im failed ({}) after imo.im acknowledged it: SENT", sessionId,
            ar.cause().getMessage());
        message.status = ChatMessage.Status.SENT;
        message.requestId = -1;
        announce(message);
      } else if (ar.failed()) {
        LOG.info("[{}] send_im failed: {}", sessionId, ar.cause().getMessage());
        message.status = ChatMessage.Status.FAILED;
        message.failureReason = 1;
        announce(message);
      } else {
        sent(message, ar.result(), upstream);
      }
    });
  }

  /** Where the session's state is saved (clustered); {@link SavedState#NONE} by default. */
  public void savedState(SavedState savedState) {
    this.savedState = savedState;
  }

  private void sent(ChatMessage message, int requestId, UpstreamCalls upstream) {
    model.messages.expectAck(message, requestId);
    model.changed();
    JsonObject early = upstream == current.get() ? earlyAcks.remove(requestId) : null;
    if (early != null) {
      // as if the ack had come next (the SENDING reply went out before send_im)
      vertx.getOrCreateContext().runOnContext(v -> {
        if (upstream == current.get()) {
          onAcknowledgement(early);
        }
      });
      return;
    }
    message.ackTimer = vertx.setTimer(settings.sendAckTimeout().toMillis(), id -> {
      message.ackTimer = -1;
      if (message.status == ChatMessage.Status.SENDING) {
        LOG.info("[{}] no acknowledgement for message {}", sessionId, message.id);
        message.status = ChatMessage.Status.FAILED;
        message.failureReason = 1;
        announce(message);
      }
    });
  }

  /** An {@code internal} server message: the acknowledgement of a {@code send_im}. */
  public void onAcknowledgement(JsonObject data) {
    if (!(data.getValue("request_id") instanceof Number requestId)) {
      LOG.debug("[{}] ignoring an internal message without request_id", sessionId);
      return;
    }
    ChatMessage message = model.messages.outgoingByRequestId(requestId.intValue());
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] acknowledgement of request {}: message {} {}{}", sessionId, requestId,
          message == null ? "unknown" : message.id, message == null ? "" : message.status,
          message != null && message.sendInFlight ? " (send_im not answered yet)" : "");
    }
    if (message == null || message.sendInFlight) {
      // the answer to send_im is still on its way (or was lost and the command is resent):
      // applied once the send completes, after its SENDING reply
      LOG.debug("[{}] early acknowledgement for request {}", sessionId, requestId);
      if (message != null) {
        message.acknowledgedEarly = true; // saved: imo.im will not deliver this ack again
        model.changed();
      }
      earlyAcks.put(requestId.intValue(), data);
      if (earlyAcks.size() > MAX_EARLY_ACKS) {
        earlyAcks.remove(earlyAcks.keySet().iterator().next());
      }
      return;
    }
    cancelAckTimer(message);
    if (data.getValue("response") instanceof JsonObject response
        && response.getValue("timestamp") instanceof Number ts) {
      message.timestamp = ts.longValue();
    }
    message.requestId = -1;
    if (message.status == ChatMessage.Status.SENDING
        || message.status == ChatMessage.Status.FAILED) {
      message.status = ChatMessage.Status.SENT;
      announce(message);
    }
  }

  /** Request ids restart with a new upstream session: old entries must not match new acks. */
  public void forgetRequestIds() {
    for (ChatMessage message : model.messages.all()) {
      message.requestId = -1;
    }
    earlyAcks.clear();
  }

  /** Every message still SENDING becomes FAILED (the upstream session ended). */
  public void failPending() {
    for (ChatMessage message : model.messages.withStatus(ChatMessage.Status.SENDING)) {
      endUnconfirmed(message);
    }
  }

  /**
   * Restored sends that imo.im acknowledged before their {@code send_im} was answered end
   * SENT: the acknowledgement will not come again.
   */
  public void settleAcknowledged() {
    for (ChatMessage message : model.messages.withStatus(ChatMessage.Status.SENDING)) {
      if (message.acknowledgedEarly) {
        endUnconfirmed(message);
      }
    }
  }

  /** Restored sends saved before their request id was: their fate is unknown. */
  public void failUnnumbered() {
    for (ChatMessage message : model.messages.withStatus(ChatMessage.Status.SENDING)) {
      if (message.requestId < 0) {
        endUnconfirmed(message);
      }
    }
  }

  /**
   * Restored sends whose acknowledgement does not arrive within {@code window} end FAILED:
   * their fate is unknown and they are never resent.
   */
  public void confirmWithin(Duration window) {
    for (ChatMessage message : model.messages.withStatus(ChatMessage.Status.SENDING)) {
      cancelAckTimer(message);
      message.ackTimer = vertx.setTimer(window.toMillis(), id -> {
        message.ackTimer = -1;
        if (message.status == ChatMessage.Status.SENDING) {
          endUnconfirmed(message);
        }
      });
    }
  }

  public void cancelAckTimer(ChatMessage message) {
    if (message.ackTimer >= 0) {
      vertx.cancelTimer(message.ackTimer);
      message.ackTimer = -1;
    }
  }

  public void cancelAllTimers() {
    model.messages.all().forEach(this::cancelAckTimer);
  }

  /** FAILED, reason 1; SENT instead when imo.im acknowledged it already. */
  private void endUnconfirmed(ChatMessage message) {
    cancelAckTimer(message);
    if (message.acknowledgedEarly) {
      message.status = ChatMessage.Status.SENT;
    } else {
      message.status = ChatMessage.Status.FAILED;
      message.failureReason = 1;
    }
    message.requestId = -1;
    announce(message);
  }

  /**
   * Tells the connections an own message's new status once a saved state holds it (at once
   * on a single gateway): a gateway that dies before the save leaves the status to its
   * survivor, which tells it then, so a status is never told twice.
   */
  private void announce(ChatMessage message) {
    model.changed();
    ChatMessage.Status status = message.status;
    message.announcementsPending++;
    savedState.saved().onComplete(saved -> {
      message.announcementsPending--;
      fanOut.notifySendStatus(message.id, status.name());
      message.statusToldUpTo = fanOut.attachedSoFar(); // a resend does not tell them again
    });
  }
}
