package net.imo2sproxy.endpoint;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.imo2sproxy.endpoint.impl.GatewayLink;
import net.imo2sproxy.endpoint.impl.SkypeProxyConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Terminates SkypeProxy TCP connections (skypeproxy-wire.md) and relays them to the gateway
 * service over the event bus (EVENT-BUS.md in shared-protocol).
 *
 * <p>Options come from the constructor or, with the no-argument constructor, from the
 * deployment config ({@link EndpointOptions#EndpointOptions(io.vertx.core.json.JsonObject)}).
 * Nothing here blocks: every connection lives on this verticle's event loop.
 */
public class SkypeProxyEndpointVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SkypeProxyEndpointVerticle.class);

  private final EndpointOptions explicitOptions;
  private EndpointOptions options;
  private GatewayLink link;
  private NetServer server;
  private final Set<SkypeProxyConnection> connections = new LinkedHashSet<>();
  private final Map<String, Integer> connectionsByAddress = new HashMap<>();
  /** Addresses whose refusal was logged; cleared each minute so a flood logs once a minute. */
  private final Set<String> refusalLogged = new java.util.HashSet<>();
  private long refusals;
  private long refusalLogReset = -1;
  private volatile int actualPort = -1;
  private long heartbeatTimer = -1;
  /** Sessions whose last heartbeat is unanswered: not sent another meanwhile. */
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
    server = vertx.createNetServer(new NetServerOptions()
        .setHost(options.getHost())
        .setPort(options.getPort())
        .setTcpNoDelay(true));
    server.connectHandler(this::accept);
    heartbeatTimer = vertx.setPeriodic(options.getHeartbeatInterval().toMillis(),
        id -> sendHeartbeats());
    refusalLogReset = vertx.setPeriodic(60_000, id -> refusalLogged.clear());
    return server.listen().onSuccess(s -> {
      actualPort = s.actualPort();
      LOG.info("SkypeProxy endpoint {} listening on {}:{}", options.getEndpointId(),
          options.getHost(), actualPort);
      if (!isLoopback(options.getHost())) {
        // defect D13: the protocol is plain text and may grant a default account
        LOG.warn("listening on {}: SkypeProxy is unencrypted; require a proxy password on the "
            + "gateway or tunnel the port", options.getHost());
      }
    });
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> pending = new ArrayList<>();
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    if (refusalLogReset >= 0) {
      vertx.cancelTimer(refusalLogReset);
    }
    if (server != null) {
      pending.add(server.close());
    }
    for (SkypeProxyConnection connection : List.copyOf(connections)) {
      pending.add(connection.close("endpoint stopping"));
    }
    return Future.join(pending).transform(ar -> {
      LOG.info("SkypeProxy endpoint {} stopped", options.getEndpointId());
      return Future.succeededFuture();
    });
  }

  /** The bound TCP port once started (useful with port 0), otherwise -1. */
  public int actualPort() {
    return actualPort;
  }

  /** The options in use (after start: those read from the config). */
  public EndpointOptions options() {
    return options != null ? options : explicitOptions;
  }

  /**
   * One heartbeat per session for all of this endpoint's connections attached to it: the
   * gateway learns the connections are alive (else it detaches them), and a session that does
   * not answer has lost its gateway, so its connections re-attach elsewhere.
   */
  private void sendHeartbeats() {
    Map<String, List<SkypeProxyConnection>> bySession = new HashMap<>();
    for (SkypeProxyConnection connection : connections) {
      String session = connection.heartbeatSession();
      if (session != null) {
        bySession.computeIfAbsent(session, s -> new ArrayList<>()).add(connection);
      }
    }
    bySession.forEach((session, attached) -> {
      if (!heartbeatsInFlight.add(session)) {
        return; // a slow gateway gets no second heartbeat before it answered the first
      }
      List<String> ids = attached.stream().map(SkypeProxyConnection::id).toList();
      link.heartbeat(session, ids).onComplete(ar -> {
        heartbeatsInFlight.remove(session);
        if (ar.failed()) {
          String why = "no heartbeat answer: " + GatewayLink.describe(ar.cause());
          attached.forEach(c -> c.sessionUnreachable(session, why));
          return;
        }
        for (SkypeProxyConnection connection : attached) {
          if (ar.result().contains(connection.id())) {
            connection.sessionUnreachable(session, "unknown to its session");
          }
        }
      });
    });
  }

  private void accept(NetSocket socket) {
    String address = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().host();
    int fromAddress = connectionsByAddress.getOrDefault(address, 0);
    String limit = options.getMaxConnections() > 0
        && connections.size() >= options.getMaxConnections() ? "max-connections"
        : options.getMaxConnectionsPerAddress() > 0
            && fromAddress >= options.getMaxConnectionsPerAddress()
            ? "max-connections-per-address" : null;
    if (limit != null) {
      refusals++;
      if (refusalLogged.add(address)) {
        LOG.warn("refusing connections from {}: {} reached ({} refused so far)", address, limit,
            refusals);
      }
      socket.close();
      return;
    }
    connectionsByAddress.put(address, fromAddress + 1);
    SkypeProxyConnection connection = new SkypeProxyConnection(vertx, socket, options, link,
        closed -> {
          connections.remove(closed);
          connectionsByAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        });
    connections.add(connection);
    connection.start();
  }

  /** Connections refused by the connection limits since start. */
  public long refusedConnections() {
    return refusals;
  }

  private static boolean isLoopback(String host) {
    return host.startsWith("127.") || host.equals("localhost") || host.equals("::1");
  }
}
