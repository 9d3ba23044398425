package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.gateway.cluster.SessionDirectory;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an attach goes: to the account's owner (a {@code join} to its session's address), or
 * to the least-loaded gateway (an {@code open}). An owner that does not answer is presumed
 * dead: its entry is released and the session opened again as its take-over.
 */
final class Placement {

  private static final Logger LOG = LoggerFactory.getLogger(Placement.class);
  /** Attempts to resolve an owner before an attach gives up (each one re-reads the directory). */
  private static final int MAX_ATTEMPTS = 8;
  private static final long RETRY_DELAY_MS = 250;

  private final Vertx vertx;
  private final EventBus eventBus;
  private final SessionDirectory directory;
  private final String gatewayId;
  private final LocalSessions sessions;
  private final SessionHost host;
  private final LoginThrottle throttle;
  private final DeliveryOptions ownerDelivery;
  /** For an attach that waits for a new session's login there: the login wait on top. */
  private final DeliveryOptions loginDelivery;

  Placement(Vertx vertx, SessionDirectory directory, String gatewayId, LocalSessions sessions,
      SessionHost host, LoginThrottle throttle, long ownerTimeoutMillis) {
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
    this.directory = directory;
    this.gatewayId = gatewayId;
    this.sessions = sessions;
    this.host = host;
    this.throttle = throttle;
    this.ownerDelivery = new DeliveryOptions().setSendTimeout(ownerTimeoutMillis);
    this.loginDelivery = new DeliveryOptions().setSendTimeout(
        ownerTimeoutMillis + host.loginWaitMillis());
  }

  /** Finds the account's owner and joins its session, or opens one. */
  Future<JsonObject> place(AttachRequest attach) {
    return place(attach, 0);
  }

  /** Re-resolves on failure, up to {@link #MAX_ATTEMPTS} times. */
  private Future<JsonObject> place(AttachRequest attach, int attempt) {
    if (attempt >= MAX_ATTEMPTS) {
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
          BusMessages.FAILURE_UNAVAILABLE, "no gateway could take the session"));
    }
    String key = attach.accountKey();
    return directory.owner(key).compose(owner -> {
      if (owner == null) {
        return open(attach, null, attempt);
      }
      if (owner.gatewayId().equals(gatewayId)) {
        SessionEntry local = sessions.bySessionId(owner.sessionId());
        if (local != null) {
          return host.join(local, attach).recover(err -> ended(err)
              ? retry(attach, attempt) : Future.failedFuture(err));
        }
        return directory.release(key, owner.sessionId())
            .compose(removed -> retry(attach, attempt));
      }
      return eventBus.request(BusAddresses.session(owner.sessionId()),
              attach.toJson(BusMessages.TYPE_JOIN), joinDelivery(attach))
          .map(reply -> BusMessages.checkVersion(reply.body()))
          .recover(err -> {
            if (ended(err)) {
              return retry(attach, attempt);
            }
            if (!ownerGone(err)) {
              return Future.failedFuture(err);
            }
            // Re-resolve ourselves instead of letting the endpoint wait for a dead node.
            LOG.info("owner {} of session {} does not answer ({}); taking the account over",
                owner.gatewayId(), owner.sessionId(), err.getMessage());
            return directory.release(key, owner.sessionId()).compose(removed -> removed
                ? open(attach, new Takeover(owner.sessionId(), owner.upstreamSsid()),
                    attempt + 1)
                : retry(attach, attempt));
          });
    });
  }

  private Future<JsonObject> retry(AttachRequest attach, int attempt) {
    Promise<Void> delay = Promise.promise();
    vertx.setTimer(RETRY_DELAY_MS, id -> delay.complete());
    return delay.future().compose(v -> place(attach, attempt + 1));
  }

  /** An open that logs the new session in there waits for that login's verdict. */
  private DeliveryOptions delivery(AttachRequest attach) {
    return attach.verifyLogin() ? loginDelivery : ownerDelivery;
  }

  /**
   * A join may find the session's first login under way and wait for it, whatever its own
   * credentials; a re-attach after a failover must notice a dead owner soon.
   */
  private DeliveryOptions joinDelivery(AttachRequest attach) {
    return attach.resumed() ? ownerDelivery : loginDelivery;
  }

  /** The joined session ended before it opened (imo.im rejected another password). */
  private static boolean ended(Throwable err) {
    return err instanceof ReplyException re && re.failureCode() == BusMessages.FAILURE_CONFLICT;
  }

  private static boolean ownerGone(Throwable err) {
    if (!(err instanceof ReplyException re)) {
      return false;
    }
    return re.failureType() == ReplyFailure.NO_HANDLERS
        || re.failureType() == ReplyFailure.TIMEOUT
        || re.failureCode() == BusMessages.FAILURE_UNKNOWN;
  }

  /** Opens the session on the least-loaded gateway (this one on ties). */
  private Future<JsonObject> open(AttachRequest attach, Takeover previous, int attempt) {
    if (!attach.resumed()) {
      // a new upstream login: counted against the account and the address
      throttle.record("account:" + attach.accountKey());
      throttle.record("address:" + AttachHandler.host(attach.remote()));
    }
    return directory.gateways().compose(loads -> {
      String target = gatewayId;
      int best = sessions.stopping() ? Integer.MAX_VALUE : sessions.count();
      for (SessionDirectory.GatewayLoad load : loads) {
        if (!load.gatewayId().equals(gatewayId) && load.sessions() < best) {
          best = load.sessions();
          target = load.gatewayId();
        }
      }
      if (target.equals(gatewayId)) {
        return host.open(attach, previous).recover(err -> ended(err)
            ? retry(attach, attempt) : Future.failedFuture(err));
      }
      JsonObject request = attach.toJson(BusMessages.TYPE_OPEN);
      if (previous != null) {
        request.put("stale-ssid", previous.ssid()).put("stale-session", previous.sessionId());
      }
      String chosen = target;
      return eventBus.request(BusAddresses.gateway(target), request, delivery(attach))
          .map(reply -> BusMessages.checkVersion(reply.body()))
          .recover(err -> {
            int code = err instanceof ReplyException re ? re.failureCode() : -1;
            if (code == BusMessages.FAILURE_CONFLICT) {
              return retry(attach, attempt);
            }
            if (code == BusMessages.FAILURE_REFUSED || code == BusMessages.FAILURE_BAD_REQUEST) {
              return Future.failedFuture(err);
            }
            LOG.info("gateway {} cannot open a session ({}); opening it here", chosen,
                err.getMessage());
            return sessions.stopping() ? retry(attach, attempt) : host.open(attach, previous);
          });
    });
  }
}
