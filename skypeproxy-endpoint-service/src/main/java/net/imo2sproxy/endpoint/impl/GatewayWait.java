package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection whose first attach reached no gateway (none registered, none answering, none
 * able to take the session): a transient failure, so the client is not refused as if its
 * password were wrong. It is told {@code CONNSTATUS CONNECTING} and the attach is repeated once
 * a gateway answers ({@link GatewayPresence}); when none does within the failover timeout, it
 * is told {@code CONNSTATUS OFFLINE} and closed. Its inputs wait meanwhile, in order.
 */
final class GatewayWait {

  /** What the wait needs from its connection. */
  interface Host {
    /** Writes CONNSTATUS OFFLINE and closes. */
    void closeOffline(String reason);
  }

  /** Close reason when no gateway answered in time (a metric tag). */
  static final String NO_GATEWAY = "no gateway";
  /** Pause before repeating an attach that again reached no gateway. */
  static final long RETRY_MS = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(GatewayWait.class);

  private final Vertx vertx;
  private final String id;
  private final ConnectionLifecycle lifecycle;
  private final OutputWriter writer;
  private final SessionLink session;
  private final GatewayPresence presence;
  private final long timeoutMs;
  private final Host host;

  GatewayWait(Vertx vertx, String id, ConnectionLifecycle lifecycle, OutputWriter writer,
      SessionLink session, GatewayPresence presence, long timeoutMs, Host host) {
    this.vertx = vertx;
    this.id = id;
    this.lifecycle = lifecycle;
    this.writer = writer;
    this.session = session;
    this.presence = presence;
    this.timeoutMs = timeoutMs;
    this.host = host;
  }

  /** True when {@code cause}, an attach's failure, means to wait rather than refuse. */
  static boolean applies(Throwable cause) {
    return GatewayPresence.noGatewayAnswered(cause);
  }

  /**
   * Tells the client CONNECTING and attaches once a gateway answers; true once OPEN, false
   * when the connection ends instead (the client was told OFFLINE, or it left).
   *
   * @param credential the password frame, or null for a client that never authenticated
   */
  Future<Boolean> attach(String credential, String how, Throwable firstFailure) {
    LOG.info("[{}] attach reached no gateway ({}); telling the client CONNECTING for up to {} s",
        id, GatewayLink.describe(firstFailure), timeoutMs / 1000);
    lifecycle.moveTo(ConnectionState.AWAITING_GATEWAY, "no gateway");
    writer.line(SessionLink.CONNSTATUS_CONNECTING);
    return retry(credential, how, System.currentTimeMillis() + timeoutMs);
  }

  private Future<Boolean> retry(String credential, String how, long deadline) {
    long left = deadline - System.currentTimeMillis();
    if (lifecycle.ending()) {
      return Future.succeededFuture(false);
    }
    if (left <= 0) {
      return giveUp();
    }
    return presence.whenAnswering(left).transform(waited -> {
      if (lifecycle.ending()) {
        return Future.succeededFuture(false);
      }
      if (waited.failed()) {
        return giveUp();
      }
      return session.attach(credential, how).transform(ar -> {
        if (ar.succeeded() || lifecycle.ending()) {
          return Future.succeededFuture(ar.succeeded() && ar.result());
        }
        if (applies(ar.cause())) {
          // the presence probe may be a moment ahead of the cluster: try again shortly
          return vertx.timer(RETRY_MS).transform(t -> retry(credential, how, deadline));
        }
        if (GatewayLink.failureCode(ar.cause()) == BusMessages.FAILURE_REFUSED) {
          LOG.info("[{}] password refused once a gateway answered; OFFLINE and closing", id);
        } else {
          LOG.warn("[{}] attach failed ({}); OFFLINE and closing", id,
              GatewayLink.describe(ar.cause()));
        }
        host.closeOffline("authentication failed");
        return Future.succeededFuture(false);
      });
    });
  }

  private Future<Boolean> giveUp() {
    LOG.info("[{}] no gateway answered within {} s; OFFLINE and closing", id, timeoutMs / 1000);
    host.closeOffline(NO_GATEWAY);
    return Future.succeededFuture(false);
  }
}
