package net.imo2sproxy.endpoint;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.imo2sproxy.endpoint.impl.GatewayLink;
import net.imo2sproxy.endpoint.impl.GatewayPresence;
import net.imo2sproxy.endpoint.impl.LimitHits;
import net.imo2sproxy.endpoint.impl.ClientConnection;
import net.imo2sproxy.endpoint.impl.ListenerKind;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.runtime.management.ReadinessCheck;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Terminates SkypeProxy TCP connections (docs/skypeproxy-wire.md) and relays them to the gateway
 * service over the event bus (EVENT-BUS.md in shared-protocol).
 *
 * <p>Options come from the constructor or, with the no-argument constructor, from the
 * deployment config ({@link EndpointOptions#EndpointOptions(io.vertx.core.json.JsonObject)}).
 * Nothing here blocks: every connection lives on this verticle's event loop.
 *
 * <p>Hostile or broken clients meet the limits of {@link EndpointLimit} (connection caps,
 * handshake and login-idle timeouts, frame length, output held for clients that do not read);
 * hits are counted ({@link #limitHits(EndpointLimit)}). The listener speaks TLS when a
 * certificate and key are configured.
 *
 * <p>The gateways send every connection's output to this endpoint's one bus address, tagged
 * with the connection id (EVENT-BUS.md, {@code "output":"endpoint"}); it is registered before
 * the listener opens, and the verticle hands each message to its connection.
 */
public class SkypeProxyEndpointVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SkypeProxyEndpointVerticle.class);

  private final EndpointOptions explicitOptions;
  private EndpointOptions options;
  private GatewayLink link;
  private GatewayPresence presence;
  private NetServer server;
  private NetServer skypedServer;
  private volatile int skypedActualPort = -1;
  /** The skyped listener's self-signed certificate when none is configured (deleted at stop). */
  private SelfSignedCertificate skypedCertificate;
  /** Open connections by id: the endpoint address's messages are dispatched by this. */
  private final Map<String, ClientConnection> connections = new LinkedHashMap<>();
  private MessageConsumer<Object> busConsumer;
  private final AtomicLong unroutedMessages = new AtomicLong();
  private final Map<String, Integer> connectionsByAddress = new HashMap<>();
  private final LimitHits limitHits = new LimitHits();
  private long limitLogReset = -1;
  private BridgeMetrics metrics;
  private volatile int actualPort = -1;
  private long heartbeatTimer = -1;
  /** Gateways (or sessions) whose last heartbeat is unanswered: not sent another meanwhile. */
  private final Set<String> heartbeatsInFlight = new java.util.HashSet<>();

  /** Reads its options from the deployment config. */
  public SkypeProxyEndpointVerticle() {
    this.explicitOptions = null;
  }

  public SkypeProxyEndpointVerticle(EndpointOptions options) {
    this.explicitOptions = new EndpointOptions(options);
  }

  @Override
  public Future<?> start() {
    options = explicitOptions != null ? explicitOptions : new EndpointOptions(config());
    link = new GatewayLink(vertx, options);
    presence = new GatewayPresence(vertx, options.getHeartbeatInterval().toMillis(),
        options.getBusRequestTimeout().toMillis());
    metrics = BridgeMetrics.of(vertx);
    NetServerOptions serverOptions = new NetServerOptions()
        .setHost(options.getHost())
        .setPort(options.getPort())
        .setTcpNoDelay(true);
    boolean tls;
    try {
      tls = options.isTls();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (tls) {
      // A client stuck in the TLS handshake is not a connection yet: bound it like a handshake.
      serverOptions.setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions()
              .setCertPath(options.getTlsCertFile())
              .setKeyPath(options.getTlsKeyFile()))
          .setSslHandshakeTimeout(Math.min(options.getHandshakeTimeout().toMillis(), 10_000))
          .setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    if (options.getMaxHeldOutput() < options.getMaxFrameLength()) {
      LOG.warn("{} ({}) is below {} ({}): a client busy reading one long frame may be dropped",
          EndpointOptions.KEY_MAX_HELD_OUTPUT, options.getMaxHeldOutput(),
          EndpointOptions.KEY_MAX_FRAME_LENGTH, options.getMaxFrameLength());
    }
    busConsumer = link.consumeEndpoint(this::dispatch);
    server = vertx.createNetServer(serverOptions);
    server.connectHandler(socket -> accept(socket, ListenerKind.SKYPEPROXY));
    heartbeatTimer = vertx.setPeriodic(options.getHeartbeatInterval().toMillis(),
        id -> sendHeartbeats());
    limitLogReset = vertx.setPeriodic(60_000, id -> limitHits.resetLogged());
    limitHits.exportTo(metrics::limitHit);
    return busConsumer.completion()
        .recover(err -> Future.failedFuture(new IllegalStateException(
            "cannot register the endpoint's bus address: " + err.getMessage(), err)))
        .compose(v -> server.listen().recover(err -> Future.failedFuture(
            new IllegalStateException("cannot listen on " + options.getHost() + ":"
                + options.getPort() + " (SkypeProxy port): " + err.getMessage(), err))))
        .compose(s -> startSkyped().map(s))
        .onSuccess(s -> {
      actualPort = s.actualPort();
      presence.start();
      metrics.endpointStarted(options.getEndpointId(), connections::size);
      LOG.info("SkypeProxy endpoint {} listening on {}:{}{}", options.getEndpointId(),
          options.getHost(), actualPort, tls ? " (TLS)" : "");
      if (!tls && !isLoopback(options.getHost())) {
        // docs/skypeproxy-wire.md §2.1: the protocol is plain text and may grant a default account
        LOG.warn("listening on {}: SkypeProxy is unencrypted; require a proxy password on the "
            + "gateway, and set skypeproxy-tls-cert-file/-key-file or tunnel the port",
            options.getHost());
      }
    });
  }

  /** The skyped listener (docs/skyped-listener.md), when a skyped port is set; always TLS. */
  private Future<Void> startSkyped() {
    Integer port = options.getSkypedPort();
    if (port == null) {
      return Future.succeededFuture();
    }
    String[] files;
    try {
      files = options.skypedTlsFiles();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Future<String[]> certificate = files != null ? Future.succeededFuture(files)
        : vertx.executeBlocking(() -> {
          // a new key pair: blocking work, off the event loop
          skypedCertificate = SelfSignedCertificate.create("localhost");
          LOG.info("skyped listener: no {} set, using a self-signed certificate made now"
              + " (bitlbee does not check it)", EndpointOptions.KEY_SKYPED_TLS_CERT_FILE);
          return new String[] {skypedCertificate.certificatePath(),
              skypedCertificate.privateKeyPath()};
        });
    return certificate.compose(pair -> {
      skypedServer = vertx.createNetServer(new NetServerOptions()
          .setHost(options.getHost())
          .setPort(port)
          .setTcpNoDelay(true)
          .setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pair[0]).setKeyPath(pair[1]))
          .setSslHandshakeTimeout(Math.min(options.getHandshakeTimeout().toMillis(), 10_000))
          .setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS));
      skypedServer.connectHandler(socket -> accept(socket, ListenerKind.SKYPED));
      return skypedServer.listen().recover(err -> Future.failedFuture(
          new IllegalStateException("cannot listen on " + options.getHost() + ":" + port
              + " (skyped port): " + err.getMessage(), err)));
    }).map(s -> {
      skypedActualPort = s.actualPort();
      LOG.info("skyped listener for bitlbee on {}:{} (TLS)", options.getHost(),
          skypedActualPort);
      return null;
    });
  }

  /** The skyped listener's bound port once started, or -1 (none). */
  public int skypedActualPort() {
    return skypedActualPort;
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> pending = new ArrayList<>();
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    if (limitLogReset >= 0) {
      vertx.cancelTimer(limitLogReset);
    }
    if (presence != null) {
      presence.stop();
    }
    if (server != null) {
      pending.add(server.close());
    }
    if (skypedServer != null) {
      pending.add(skypedServer.close());
    }
    for (ClientConnection connection : List.copyOf(connections.values())) {
      pending.add(connection.close("endpoint stopping"));
    }
    metrics.endpointStopped(options.getEndpointId());
    return Future.join(pending).transform(ar -> {
      if (skypedCertificate != null) {
        skypedCertificate.delete();
      }
      LOG.info("SkypeProxy endpoint {} stopped", options.getEndpointId());
      return Future.succeededFuture();
    });
  }

  /** The bound TCP port once started (useful with port 0), otherwise -1. */
  public int actualPort() {
    return actualPort;
  }

  /**
   * Readiness of this endpoint for {@code /health/ready}: some gateway answers on the bus
   * (probed every heartbeat interval). Without one, clients are accepted but only told
   * CONNSTATUS CONNECTING, so a load balancer should send them elsewhere.
   */
  public ReadinessCheck gatewayReadiness() {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return "gateway";
      }

      @Override
      public Future<JsonObject> check(io.vertx.core.Vertx unused) {
        return presence == null ? Future.failedFuture("endpoint not started")
            : presence.readiness();
      }
    };
  }

  /** The options in use (after start: those read from the config). */
  public EndpointOptions options() {
    return options != null ? options : explicitOptions;
  }

  /**
   * One heartbeat per gateway for all of this endpoint's connections on its sessions (listed
   * by session): the gateway learns the connections are alive (else it detaches them), and a
   * gateway that does not answer is gone, so its connections re-attach elsewhere. Connections
   * whose attach reply named no gateway (an older gateway) get one heartbeat per session, to
   * the session's address, as before.
   */
  private void sendHeartbeats() {
    Map<String, Map<String, List<ClientConnection>>> byGateway = new HashMap<>();
    Map<String, List<ClientConnection>> bySession = new HashMap<>();
    for (ClientConnection connection : connections.values()) {
      String session = connection.heartbeatSession();
      if (session == null) {
        continue;
      }
      String gateway = connection.heartbeatGateway();
      Map<String, List<ClientConnection>> target = gateway == null ? bySession
          : byGateway.computeIfAbsent(gateway, g -> new HashMap<>());
      target.computeIfAbsent(session, s -> new ArrayList<>()).add(connection);
    }
    byGateway.forEach((gateway, sessions) -> {
      Map<String, List<String>> ids = new HashMap<>();
      sessions.forEach((session, attached) ->
          ids.put(session, attached.stream().map(ClientConnection::id).toList()));
      heartbeat("gateway " + gateway, sessions, () -> link.gatewayHeartbeat(gateway, ids));
    });
    bySession.forEach((session, attached) -> heartbeat("session " + session,
        Map.of(session, attached),
        () -> link.heartbeat(session, attached.stream().map(ClientConnection::id).toList())));
  }

  /** Sends one heartbeat unless the last to that target is unanswered; handles its answer. */
  private void heartbeat(String target, Map<String, List<ClientConnection>> sessions,
      java.util.function.Supplier<Future<List<String>>> send) {
    if (!heartbeatsInFlight.add(target)) {
      return; // a slow gateway gets no second heartbeat before it answered the first
    }
    send.get().onComplete(ar -> {
      heartbeatsInFlight.remove(target);
      Set<String> unknown = ar.succeeded() ? new java.util.HashSet<>(ar.result()) : Set.of();
      sessions.forEach((session, attached) -> {
        if (ar.failed()) {
          String why = "no heartbeat answer: " + GatewayLink.describe(ar.cause());
          attached.forEach(c -> c.sessionUnreachable(session, why));
          return;
        }
        for (ClientConnection connection : attached) {
          if (unknown.contains(connection.id())) {
            connection.sessionUnreachable(session, "unknown to its session");
          }
        }
      });
    });
  }

  private void accept(NetSocket socket, ListenerKind kind) {
    String address = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().host();
    int fromAddress = connectionsByAddress.getOrDefault(address, 0);
    EndpointLimit limit = options.getMaxConnections() > 0
        && connections.size() >= options.getMaxConnections() ? EndpointLimit.MAX_CONNECTIONS
        : options.getMaxConnectionsPerAddress() > 0
            && fromAddress >= options.getMaxConnectionsPerAddress()
            ? EndpointLimit.MAX_CONNECTIONS_PER_ADDRESS : null;
    if (limit != null) {
      limitHits.hit(limit, address, "connection refused");
      metrics.connectionRefused(limit.key());
      socket.close();
      return;
    }
    connectionsByAddress.put(address, fromAddress + 1);
    ClientConnection connection = new ClientConnection(vertx, socket, kind, options, link,
        presence, limitHits, closed -> {
          connections.remove(closed.id());
          connectionsByAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        });
    connections.put(connection.id(), connection);
    metrics.connectionAccepted();
    connection.start();
  }

  /**
   * A message on the endpoint's address: to its connection. One for a connection that is
   * gone is normal (output or a close crossing the client's disconnect): dropped, counted.
   */
  private void dispatch(Object body) {
    String connectionId = body instanceof JsonObject json
        && json.getValue(BusMessages.CONNECTION) instanceof String id ? id : null;
    ClientConnection connection = connectionId == null ? null
        : connections.get(connectionId);
    if (connection != null) {
      connection.onBusMessage(body);
      return;
    }
    unroutedMessages.incrementAndGet();
    if (connectionId == null) {
      LOG.error("message on the endpoint address without a connection id; dropped");
    } else {
      LOG.debug("message for connection {}, which is gone; dropped", connectionId);
    }
  }

  /** Messages on the endpoint's address for no open connection (dropped); any thread. */
  public long unroutedMessages() {
    return unroutedMessages.get();
  }

  /** Connections refused by the connection limits since start. */
  public long refusedConnections() {
    return limitHits.count(EndpointLimit.MAX_CONNECTIONS)
        + limitHits.count(EndpointLimit.MAX_CONNECTIONS_PER_ADDRESS);
  }

  /** Hits of {@code limit} since start; safe to call from any thread. */
  public long limitHits(EndpointLimit limit) {
    return limitHits.count(limit);
  }

  private static boolean isLoopback(String host) {
    return host.startsWith("127.") || host.equals("localhost") || host.equals("::1");
  }
}
