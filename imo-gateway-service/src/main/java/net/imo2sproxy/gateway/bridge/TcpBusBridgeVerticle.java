package net.imo2sproxy.gateway.bridge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the session contract of the event bus (see {@code EVENT-BUS.md}) to programs in other
 * languages through a Vert.x TCP event-bus bridge: 4-byte big-endian length + JSON frames.
 *
 * <p>Only the contract of a SkypeProxy endpoint passes: requests to the auth-policy and attach
 * addresses, and {@code command}, {@code detach} and {@code heartbeat} requests to session
 * addresses (never the gateways' internal {@code join}, which carries passwords). Each client
 * socket is an endpoint whose id the bridge gives it ({@link BusAddresses#BRIDGE_ENDPOINT});
 * it consumes only that endpoint's address and drives only the connections it attached
 * ({@link BridgeAccounts}). A bridge client proves who it is the way a SkypeProxy client
 * does, with the {@code credential} of its attach, checked (and throttled) by the gateway.
 */
public final class TcpBusBridgeVerticle extends VerticleBase {

  /** Settings keys (declared in {@code GatewayOptions.SETTINGS}). */
  public static final String PORT = "tcp-bridge-port";
  public static final String HOST = "tcp-bridge-host";
  public static final String DEFAULT_HOST = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(TcpBusBridgeVerticle.class);

  private static final String SESSION_REGEX =
      Pattern.quote(BusAddresses.session("")) + "[^.]+";
  private static final String ENDPOINT_REGEX =
      Pattern.quote(BusAddresses.endpoint("")) + "[^.]+";
  private static final Pattern SESSION = Pattern.compile(SESSION_REGEX);
  private static final Set<String> SESSION_TYPES = Set.of(BusMessages.TYPE_COMMAND,
      BusMessages.TYPE_DETACH, BusMessages.TYPE_HEARTBEAT);

  private final String host;
  private final int port;
  private TcpEventBusBridge bridge;
  private final BridgeAccounts accounts = new BridgeAccounts();
  /** Open client sockets: closed on stop, else Vert.x waits for them to go away. */
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile int actualPort = -1;

  public TcpBusBridgeVerticle(String host, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(PORT + " must be between 0 and 65535");
    }
    this.host = host == null || host.isBlank() ? DEFAULT_HOST : host;
    this.port = port;
  }

  /** The bridge the configuration asks for, or null when {@value #PORT} is off (negative). */
  public static TcpBusBridgeVerticle fromConfig(JsonObject config) {
    int port = config.getInteger(PORT, -1);
    return port < 0 ? null : new TcpBusBridgeVerticle(config.getString(HOST, DEFAULT_HOST), port);
  }

  /** The session contract and nothing else. */
  static BridgeOptions permitted() {
    return new BridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(BusAddresses.GATEWAY_AUTH_POLICY))
        .addInboundPermitted(new PermittedOptions().setAddress(BusAddresses.GATEWAY_ATTACH))
        .addInboundPermitted(new PermittedOptions().setAddress(BusAddresses.BRIDGE_ENDPOINT))
        .addInboundPermitted(new PermittedOptions().setAddressRegex(SESSION_REGEX))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(ENDPOINT_REGEX));
  }

  @Override
  public Future<?> start() {
    // answers each socket with the endpoint id onEvent stamped into its request
    vertx.eventBus().<Object>localConsumer(BusAddresses.BRIDGE_ENDPOINT, request -> {
      try {
        JsonObject body = BusMessages.checkVersion(request.body());
        request.reply(new JsonObject().put(BusMessages.V, BusMessages.VERSION)
            .put(BusMessages.ENDPOINT, BusMessages.requireString(body, BusMessages.ENDPOINT)));
      } catch (IllegalArgumentException e) {
        request.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      }
    });
    bridge = TcpEventBusBridge.create(vertx, permitted(), new NetServerOptions(), this::onEvent);
    return bridge.listen(port, host).map(listening -> {
      actualPort = port != 0 ? port : boundPort(listening);
      LOG.info("TCP event-bus bridge listening on {}:{}", host, actualPort);
      return listening;
    });
  }

  @Override
  public Future<?> stop() {
    if (bridge == null) {
      return Future.succeededFuture();
    }
    List<Future<Void>> closing = new ArrayList<>();
    for (NetSocket socket : List.copyOf(sockets)) {
      closing.add(socket.close());
    }
    return Future.join(closing).transform(v -> bridge.close());
  }

  /** The port the bridge listens on (the real one when configured with 0), or -1. */
  public int actualPort() {
    return actualPort;
  }

  /**
   * Checks what the address allow-lists cannot: each socket consumes only its own endpoint
   * address and drives only the connections it attached, a session gets only the endpoint's
   * message types, nothing is published, and an attach carries the real peer address (the
   * gateway throttles logins per source address).
   */
  private void onEvent(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    NetSocket socket = event.socket();
    switch (event.type()) {
      case SOCKET_CREATED -> {
        sockets.add(socket);
        accounts.opened(socket);
        socket.closeHandler(v -> {
          sockets.remove(socket);
          accounts.closed(socket);
        });
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        sockets.remove(socket);
        accounts.closed(socket);
        event.complete(true);
      }
      case PUBLISH -> event.complete(false);
      case REGISTER -> decide(event, raw == null ? "no address"
          : accounts.register(socket, raw.getString("address", "")));
      case SEND -> decide(event, raw == null ? "no message" : checkSend(socket, raw));
      default -> event.complete(true);
    }
  }

  /** Null when the client may send {@code raw}, else why not (bodies are stamped in place). */
  private String checkSend(NetSocket socket, JsonObject raw) {
    String address = raw.getString("address", "");
    Object body = raw.getValue("body");
    if (SESSION.matcher(address).matches()) {
      if (!(body instanceof JsonObject json)
          || !SESSION_TYPES.contains(json.getString(BusMessages.TYPE))) {
        return "only command, detach and heartbeat go to a session";
      }
      return accounts.toSession(socket, json);
    }
    if (BusAddresses.BRIDGE_ENDPOINT.equals(address)) {
      return accounts.askEndpoint(socket, body);
    }
    if (BusAddresses.GATEWAY_ATTACH.equals(address)) {
      String refused = accounts.attach(socket, body);
      if (refused == null) {
        // The bridge forwards this same object: overwrite what the client claims.
        SocketAddress peer = socket.remoteAddress();
        ((JsonObject) body).put(BusMessages.REMOTE,
            peer == null ? "unknown" : peer.host() + ":" + peer.port());
      }
      return refused;
    }
    return null; // the allow-list admits nothing else
  }

  private static void decide(BridgeEvent event, String refused) {
    if (refused != null) {
      LOG.info("TCP bridge refused a client's {}: {}", event.type(), refused);
    }
    event.complete(refused == null);
  }

  /**
   * The bridge API does not expose its server's bound port; read it from the implementation,
   * because a configured port 0 (tests, "any free port") must be discoverable.
   */
  private static int boundPort(TcpEventBusBridge listening) {
    try {
      Field server = listening.getClass().getDeclaredField("server");
      server.setAccessible(true);
      return ((NetServer) server.get(listening)).actualPort();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read the TCP bridge's bound port", e);
    }
  }
}
