package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether any gateway answers this endpoint: a cheap request to the gateways' auth-policy
 * address every probe interval. It drives the endpoint's readiness ({@code /health/ready}) and
 * lets connections whose attach reached no gateway wait for one ({@link GatewayWait}) instead
 * of being refused. Any answer counts, even a failure reply: some gateway is there. Confined
 * to the endpoint verticle's event loop; {@link #answering()} may be read from any thread.
 */
public final class GatewayPresence {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayPresence.class);

  private final Vertx vertx;
  private final long intervalMs;
  private final DeliveryOptions probeDelivery;
  private final List<Promise<Void>> waiters = new ArrayList<>();
  private volatile boolean answering;
  private volatile String lastFailure = "not probed yet";
  private boolean probing;
  /** A loss was reported: the next answer is news ("again"), not the first one. */
  private boolean lost;
  private long timer = -1;

  /**
   * @param intervalMs time between probes; a probe unanswered this long (at most
   *     {@code busTimeoutMs}) counts as no gateway
   */
  public GatewayPresence(Vertx vertx, long intervalMs, long busTimeoutMs) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.probeDelivery = new DeliveryOptions().setSendTimeout(Math.min(intervalMs, busTimeoutMs));
  }

  /** Probes now and then every interval, until {@link #stop}. */
  public void start() {
    probe();
    timer = vertx.setPeriodic(intervalMs, id -> probe());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** True when the last probe was answered. */
  public boolean answering() {
    return answering;
  }

  /** For readiness: details when a gateway answers, else a failure saying why not. */
  public Future<JsonObject> readiness() {
    return answering ? Future.succeededFuture(new JsonObject().put("gateway", "answering"))
        : Future.failedFuture("no gateway answers the endpoint (" + lastFailure + ")");
  }

  /**
   * Completes once a probe is answered (at once when the last one was), or fails after
   * {@code maxMs}.
   */
  Future<Void> whenAnswering(long maxMs) {
    if (answering) {
      return Future.succeededFuture();
    }
    Promise<Void> waiter = Promise.promise();
    waiters.add(waiter);
    long deadline = vertx.setTimer(Math.max(1, maxMs), t -> {
      waiters.remove(waiter);
      waiter.tryFail("no gateway answered within " + maxMs + " ms");
    });
    return waiter.future().onComplete(ar -> vertx.cancelTimer(deadline));
  }

  private void probe() {
    if (probing) {
      return;
    }
    probing = true;
    vertx.eventBus().request(BusAddresses.GATEWAY_AUTH_POLICY, BusMessages.authPolicyRequest(),
        probeDelivery).onComplete(ar -> {
          probing = false;
          boolean now = ar.succeeded() || answered(ar.cause());
          if (!now) {
            lastFailure = GatewayLink.describe(ar.cause());
          }
          if (now != answering) {
            answering = now;
            if (now) {
              LOG.info(lost ? "a gateway answers the endpoint again"
                  : "a gateway answers the endpoint");
            } else {
              lost = true;
              LOG.warn("no gateway answers the endpoint ({}): not ready; new connections wait "
                  + "for one and are told CONNSTATUS CONNECTING", lastFailure);
            }
          }
          if (now) {
            List<Promise<Void>> ready = List.copyOf(waiters);
            waiters.clear();
            ready.forEach(Promise::tryComplete);
          }
        });
  }

  /** A failure reply still comes from a gateway; no handler or no answer means none is there. */
  private static boolean answered(Throwable cause) {
    return cause instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE;
  }

  /**
   * True when an attach failed because no gateway took it (none registered, none answered in
   * time, or none could take the session): the client is to wait, not to be refused.
   */
  static boolean noGatewayAnswered(Throwable cause) {
    if (!(cause instanceof ReplyException re)) {
      return false;
    }
    return re.failureType() == ReplyFailure.NO_HANDLERS || re.failureType() == ReplyFailure.TIMEOUT
        || (re.failureType() == ReplyFailure.RECIPIENT_FAILURE
            && re.failureCode() == BusMessages.FAILURE_UNAVAILABLE);
  }
}
