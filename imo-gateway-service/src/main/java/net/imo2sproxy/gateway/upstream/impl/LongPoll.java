package net.imo2sproxy.gateway.upstream.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.upstream.ReconnectPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long poll of one upstream session (docs/imo-protocol.md §8): one poll at a time, the next
 * as soon as one is answered, failures retried with back-off until too many in a row end the
 * session. In a clustered session a poll may wait for a save first ({@link AcknowledgementHold}).
 *
 * <p>Confined to the transport's context.
 */
final class LongPoll {

  /** What the poll needs from its transport. */
  interface Wire {
    /** Posts one poll; completes once the answer's messages were taken. */
    Future<Void> poll();

    /** The lowest server seq not taken yet. */
    int takenAck();

    /** Completes once the messages taken so far were handed on. */
    Future<Void> handedOn();

    /** Too many polls failed in a row: the session is unreachable. */
    void giveUp(String detail);
  }

  private static final Logger LOG = LoggerFactory.getLogger(LongPoll.class);

  private final Vertx vertx;
  private final ImoClientOptions options;
  private final String logId;
  private final Wire wire;
  private final AcknowledgementHold hold;
  private boolean polling;
  private int failures;
  private long retryTimer = -1;

  LongPoll(Vertx vertx, ImoClientOptions options, String logId, Wire wire) {
    this.vertx = vertx;
    this.options = options;
    this.logId = logId;
    this.wire = wire;
    this.hold = new AcknowledgementHold(vertx);
  }

  boolean isPolling() {
    return polling;
  }

  void start() {
    if (!polling) {
      polling = true;
      next();
    }
  }

  void stop() {
    polling = false;
    hold.stop();
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }

  /** See {@link AcknowledgementHold#hold}. */
  void holdAcknowledgements(Runnable requestSave) {
    hold.hold(requestSave);
  }

  /** See {@link AcknowledgementHold#begin}. */
  void sequenceBegins(int ack) {
    hold.begin(ack);
  }

  /** See {@link AcknowledgementHold#saved}. */
  void saved(int serverAck) {
    LOG.debug("[{}] saved up to server seq {}", logId, serverAck);
    hold.saved(serverAck);
  }

  /** The {@code ack} any request of the session sends. */
  int advertisedAck() {
    return hold.advertised(wire.takenAck());
  }

  private void next() {
    if (polling && !hold.pollWaits(wire.takenAck(), wire::handedOn, this::send)) {
      send();
    }
  }

  private void send() {
    if (!polling) {
      return;
    }
    wire.poll().onComplete(ar -> {
      if (ar.succeeded()) {
        failures = 0;
      }
      if (!polling) {
        return;
      }
      if (ar.succeeded()) {
        next();
      } else {
        failed(ar.cause());
      }
    });
  }

  private void failed(Throwable cause) {
    failures++;
    ReconnectPolicy retry = options.pollRetry();
    if (failures > options.maxPollFailures() || !retry.allows(failures)) {
      LOG.warn("[{}] long poll failed {} times, giving up: {}", logId, failures,
          cause.getMessage());
      wire.giveUp(cause.getMessage());
      return;
    }
    long delay = retry.delayMillis(failures);
    LOG.info("[{}] long poll failed ({}), retrying in {} ms", logId, cause.getMessage(), delay);
    retryTimer = vertx.setTimer(delay, id -> {
      retryTimer = -1;
      next();
    });
  }
}
