package net.imo2sproxy.endpoint.impl;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One failover of one connection: re-attach attempts until one lands on a live session, the
 * gateway refuses, or the failover timeout passes. Completes with the session to use (the
 * lost one when it turns out alive after all), or fails.
 *
 * <p>Attempts are hedged. A request that went to a gateway on a dead node waits out its whole
 * timeout even after the cluster dropped the node (vert.x issue 4170), so an attempt without
 * an answer after {@link #HEDGE_MS} is joined by another one, which the bus routes afresh;
 * the first answer wins. At most {@link #MAX_IN_FLIGHT} are out at once: an attach that takes
 * a while on a live gateway (a take-over waits for the dead owner) may then succeed more than
 * once, so a later success on another session is detached again, and one on the same session
 * is harmless (the gateway attaches the connection id once).
 */
final class ReattachRun {

  private static final Logger LOG = LoggerFactory.getLogger(ReattachRun.class);
  /** Pause after a failed attempt while the cluster settles after a gateway died. */
  static final long RETRY_MS = 500;
  /** An attempt unanswered this long may be stuck at a dead node: another one starts. */
  static final long HEDGE_MS = 1000;
  static final int MAX_IN_FLIGHT = 3;

  private final Vertx vertx;
  private final GatewayLink link;
  private final String connectionId;
  private final String lostSessionId;
  private final long deadline;
  private final Supplier<Future<GatewayLink.Attachment>> attempt;
  private final BooleanSupplier closing;
  private final Promise<GatewayLink.Attachment> done = Promise.promise();
  private int inFlight;
  private long hedgeTimer = -1;
  private long retryTimer = -1;

  /**
   * @param attempt sends one re-attach request (with the state at the time of sending)
   * @param closing true once the connection is closing: the run then fails at the next answer
   */
  ReattachRun(Vertx vertx, GatewayLink link, String connectionId, String lostSessionId,
      long timeoutMs, Supplier<Future<GatewayLink.Attachment>> attempt,
      BooleanSupplier closing) {
    this.vertx = vertx;
    this.link = link;
    this.connectionId = connectionId;
    this.lostSessionId = lostSessionId;
    this.deadline = System.currentTimeMillis() + timeoutMs;
    this.attempt = attempt;
    this.closing = closing;
  }

  Future<GatewayLink.Attachment> start() {
    send();
    return done.future();
  }

  /** The connection closed: no more attempts; late successes are detached. */
  void cancel() {
    finish(null, "connection closed");
  }

  private void send() {
    inFlight++;
    Future<GatewayLink.Attachment> answer;
    try {
      answer = attempt.get();
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    if (!answer.isComplete()) {
      cancelTimer(hedgeTimer);
      hedgeTimer = vertx.setTimer(HEDGE_MS, t -> {
        hedgeTimer = -1;
        if (!done.future().isComplete() && !closing.getAsBoolean() && inFlight < MAX_IN_FLIGHT
            && beforeDeadline()) {
          LOG.debug("[{}] re-attach unanswered for {} ms; one more attempt", connectionId,
              HEDGE_MS);
          send();
        }
      });
    }
    answer.onComplete(this::answered);
  }

  private void answered(AsyncResult<GatewayLink.Attachment> ar) {
    inFlight--;
    if (done.future().isComplete()) {
      late(ar);
      return;
    }
    if (closing.getAsBoolean()) {
      finish(null, "connection closed");
      late(ar);
    } else if (ar.succeeded() && !ar.result().sessionId().equals(lostSessionId)) {
      finish(ar.result(), null);
    } else if (ar.succeeded() && beforeDeadline()) {
      askLostSession(ar.result());
    } else if (ar.succeeded()) {
      retryOrFail("the lost session is still named");
    } else if (refused(ar.cause())) {
      finish(null, GatewayLink.describe(ar.cause()));
    } else {
      retryOrFail(GatewayLink.describe(ar.cause()));
    }
  }

  /**
   * The attach named the lost session: either the cluster has not noticed the loss yet, or the
   * session is alive and only its heartbeat was late (a loaded gateway). Retrying without
   * asking it closed every connection of a gateway that answered heartbeats late.
   */
  private void askLostSession(GatewayLink.Attachment onLost) {
    inFlight++;
    link.heartbeat(lostSessionId, List.of(connectionId)).onComplete(hb -> {
      inFlight--;
      if (done.future().isComplete()) {
        return;
      }
      if (closing.getAsBoolean()) {
        finish(null, "connection closed");
      } else if (hb.succeeded() && !hb.result().contains(connectionId)) {
        LOG.info("[{}] session {} answers again; staying attached", connectionId,
            lostSessionId);
        finish(onLost, null);
      } else {
        retryOrFail("the lost session is still named");
      }
    });
  }

  private void retryOrFail(String why) {
    if (inFlight > 0) {
      return; // another attempt may still land (it has its own hedge)
    }
    if (!beforeDeadline()) {
      finish(null, why);
      return;
    }
    cancelTimer(hedgeTimer); // nothing is in flight: the retry replaces the hedge
    hedgeTimer = -1;
    cancelTimer(retryTimer);
    retryTimer = vertx.setTimer(RETRY_MS, t -> {
      retryTimer = -1;
      if (closing.getAsBoolean()) {
        finish(null, "connection closed");
      } else if (!done.future().isComplete()) {
        send();
      }
    });
  }

  /** An answer after the run ended: a session it attached to is not used, so detach there. */
  private void late(AsyncResult<GatewayLink.Attachment> ar) {
    String used = done.future().succeeded() ? done.future().result().sessionId() : null;
    if (ar.succeeded() && !ar.result().sessionId().equals(used)) {
      link.detach(ar.result(), connectionId, "superseded re-attach")
          .onFailure(err -> LOG.debug("[{}] late detach failed: {}", connectionId,
              GatewayLink.describe(err)));
    }
  }

  private void finish(GatewayLink.Attachment attachment, String failure) {
    cancelTimer(hedgeTimer);
    cancelTimer(retryTimer);
    hedgeTimer = -1;
    retryTimer = -1;
    if (failure == null) {
      done.tryComplete(attachment);
    } else {
      done.tryFail(failure);
    }
  }

  private boolean beforeDeadline() {
    return System.currentTimeMillis() < deadline;
  }

  private static boolean refused(Throwable cause) {
    int code = GatewayLink.failureCode(cause);
    return code == BusMessages.FAILURE_REFUSED || code == BusMessages.FAILURE_THROTTLED;
  }

  private void cancelTimer(long timer) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
