package net.imo2sproxy.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.cluster.impl.SessionRegistryImpl;

/**
 * The account sessions of one gateway, and its part in the cluster's ownership rules
 * ({@link SessionDirectory}): one session per account in the whole cluster, opened on the
 * least-loaded gateway, joined through its per-session address from any gateway.
 *
 * <p>An attach request may reach any gateway. That gateway checks the credential (and the
 * login throttle), looks the account up in the directory and either forwards a {@code join}
 * to the owning session's address (the owner checks the password: passwords never enter the
 * shared maps) or asks the least-loaded gateway to {@code open} the session. An owner that does
 * not answer within the owner timeout is presumed dead: its entry is removed, its orphaned
 * upstream session drained and the session opened again, continuing the state it saved
 * ({@link SessionStateStore}).
 *
 * <p>Confined to the gateway verticle's context.
 */
public interface SessionRegistry {

  static SessionRegistry create(Vertx vertx, HttpClient upstreamHttp, GatewayOptions options) {
    return new SessionRegistryImpl(vertx, upstreamHttp, options);
  }

  /** Loads the accounts file, joins the directory and starts the lease and heartbeat timers. */
  Future<Void> start();

  /**
   * Stops this gateway: with other gateways alive its sessions are handed over to them;
   * the last gateway logs its sessions out and closes their connections.
   */
  Future<Void> stop(String reason);

  /** Random id of this gateway instance (its entry in the session directory). */
  String gatewayId();

  /** Account sessions held by this gateway. */
  int sessionCount();

  /** Answers {@code BusAddresses.GATEWAY_AUTH_POLICY}. */
  void onAuthPolicy(Message<Object> request);

  /** Answers {@code BusAddresses.GATEWAY_ATTACH}. */
  void onAttach(Message<Object> request);

  /** State writes so far: count, bytes, nanoseconds of snapshot and encoding. */
  long[] stateWriteTotals();
}
