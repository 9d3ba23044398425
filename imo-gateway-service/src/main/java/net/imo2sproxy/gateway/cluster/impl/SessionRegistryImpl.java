package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.cluster.SessionDirectory;
import net.imo2sproxy.gateway.cluster.SessionRegistry;
import net.imo2sproxy.gateway.cluster.SessionStateStore;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry put together from its parts: attach handling and placement, the sessions held
 * here, ownership in the directory, hand-over, and the timers that drive leases, heartbeats
 * and retention.
 */
public final class SessionRegistryImpl implements SessionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistryImpl.class);
  private static final long SWEEP_INTERVAL_MS = 1000;
  /** How soon a new upstream ssid reaches the directory (a take-over needs it to drain). */
  private static final long PUBLISH_INTERVAL_MS = 200;
  /** Retention sweeps run every this many sweeps. */
  private static final int RETENTION_SWEEP_EVERY = 30;

  private final Vertx vertx;
  private final GatewayOptions options;
  private final String gatewayId = UUID.randomUUID().toString();
  private final LoginThrottle throttle;
  private final SessionDirectory directory;
  private final LocalSessions sessions = new LocalSessions();
  private final Ownership ownership;
  private final SessionHost host;
  private final HandOver handOver;
  private final SessionBusHandlers busHandlers;
  private final AttachHandler attachHandler;
  private final List<Long> timers = new ArrayList<>();
  private MessageConsumer<Object> gatewayConsumer;
  private int sweeps;

  public SessionRegistryImpl(Vertx vertx, HttpClient upstreamHttp, GatewayOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.throttle = new LoginThrottle(options.loginAttempts(), options.loginWindow().toMillis(),
        System::currentTimeMillis);
    this.directory = new SessionDirectory(vertx, options.ownerLease().toMillis());
    this.ownership = new Ownership(directory, gatewayId, sessions,
        options.sessionStateTtl().toMillis(),
        this::lostOwnership);
    this.host = new SessionHost(vertx, upstreamHttp, options, sessions, ownership,
        new SessionStateStore(vertx, options.sessionStateTtl().toMillis()));
    this.handOver = new HandOver(vertx, host);
    this.busHandlers = new SessionBusHandlers(sessions, host);
    host.routeMessagesTo(busHandlers::onSessionMessage);
    Placement placement = new Placement(vertx, directory, gatewayId, sessions, host, throttle,
        options.ownerTimeout().toMillis());
    this.attachHandler = new AttachHandler(BridgeMetrics.of(vertx), throttle, placement,
        new AccountResolver(options));
  }

  @Override
  public Future<Void> start() {
    Future<Void> tokens = Future.succeededFuture();
    if (options.accountsFile() != null) {
      tokens = vertx.fileSystem().readFile(options.accountsFile())
          .recover(err -> Future.failedFuture(new IllegalArgumentException(
              "cannot read the accounts file " + options.accountsFile() + ": "
                  + err.getMessage())))
          .map(buffer -> {
            Map<String, AccountResolver.Account> parsed =
                AccountsFile.parse(buffer.toString(), System::getenv);
            attachHandler.useResolver(new AccountResolver(options, parsed));
            LOG.info("{} operator token(s) loaded from {}", parsed.size(), options.accountsFile());
            return null;
          });
    }
    return tokens
        .compose(v -> directory.ready())
        .compose(v -> {
          gatewayConsumer = vertx.eventBus().consumer(BusAddresses.gateway(gatewayId),
              busHandlers::onGatewayRequest);
          return gatewayConsumer.completion();
        })
        .compose(v -> directory.announce(gatewayId, 0))
        .onSuccess(v -> {
          timers.add(vertx.setPeriodic(Math.max(500, options.ownerLease().toMillis() / 3),
              id -> ownership.renewAll()));
          timers.add(vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> sweep()));
          timers.add(vertx.setPeriodic(PUBLISH_INTERVAL_MS, id -> ownership.publishNewSsids()));
          LOG.info("gateway {} joined the session directory", gatewayId);
        });
  }

  @Override
  public String gatewayId() {
    return gatewayId;
  }

  @Override
  public int sessionCount() {
    return sessions.count();
  }

  @Override
  public void onAuthPolicy(Message<Object> request) {
    attachHandler.onAuthPolicy(request);
  }

  @Override
  public void onAttach(Message<Object> request) {
    attachHandler.onAttach(request);
  }

  @Override
  public long[] stateWriteTotals() {
    return host.totals().toArray();
  }

  /** Presumed dead by the others (a long pause?): another session owns the account. */
  private void lostOwnership(SessionEntry entry) {
    handOver.handOver(entry, "session moved", false);
  }

  /** Login throttle, retention, and connections whose endpoint stopped sending heartbeats. */
  private void sweep() {
    throttle.sweep();
    if (++sweeps % RETENTION_SWEEP_EVERY == 0) {
      long limit = System.currentTimeMillis() - options.messageRetention().toMillis();
      for (SessionEntry entry : sessions.all()) {
        entry.session().dropMessagesOlderThan(limit);
      }
    }
    long limit = System.currentTimeMillis() - options.endpointTimeout().toMillis();
    for (SessionEntry entry : sessions.all()) {
      List<String> lost = entry.connections().silentSince(limit);
      if (lost.isEmpty()) {
        continue;
      }
      for (String connectionId : lost) {
        LOG.info("connection {} of session {} detached: its endpoint sends no heartbeats",
            connectionId, entry.sessionId());
        host.detach(entry, connectionId);
      }
      if (entry.session().connectionCount() > 0) {
        continue;
      }
      // The client may come back through another endpoint: keep the session for a while.
      boolean started = entry.connections().startGrace(options.sessionGrace().toMillis(), () -> {
        if (entry.session().connectionCount() == 0) {
          host.end(entry, "grace period over");
        }
      });
      if (started) {
        LOG.info("session {} of {} kept for {} s without connections", entry.sessionId(),
            entry.session().username(), options.sessionGrace().toSeconds());
      }
    }
  }

  @Override
  public Future<Void> stop(String reason) {
    sessions.stopAccepting();
    timers.forEach(vertx::cancelTimer);
    Future<Void> unregistered = gatewayConsumer == null ? Future.succeededFuture()
        : gatewayConsumer.unregister();
    return unregistered
        .compose(v -> directory.withdraw(gatewayId))
        .compose(v -> directory.gateways())
        .recover(err -> Future.succeededFuture(List.of()))
        .compose(others -> {
          boolean last = others.stream().noneMatch(g -> !g.gatewayId().equals(gatewayId));
          List<Future<Void>> ends = new ArrayList<>();
          for (SessionEntry entry : sessions.all()) {
            if (last) {
              entry.session().closeConnections(reason);
              ends.add(host.end(entry, reason));
            } else {
              ends.add(handOver.handOver(entry, "gateway stopping", true));
            }
          }
          if (!ends.isEmpty()) {
            LOG.info("{} {} session(s)", last ? "closing" : "handing over", ends.size());
          }
          return Future.join(ends).mapEmpty();
        });
  }
}
