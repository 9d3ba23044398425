package net.imo2sproxy.bench.limit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.net.URI;

/**
 * The SkypeProxy side of the limit deployments: the handshake the load generator expects
 * (AUTHENTICATE, any {@code uid:password}, CAPABILITIES, {@code PROTOCOL 7} answered with
 * {@code CONNSTATUS ONLINE}), then either every frame echoed back ({@code echo}) or, with a
 * {@link RelayHub}, chat messages relayed through it ({@code relay}, see {@link
 * LimitConnection}). No Skype API parsing, no session model, no event bus: what is left is
 * sockets, framing and (relay) HTTP, which is what the machine and the generator cost at all.
 */
public final class LimitProxy {

  private final Vertx vertx;
  private final URI hub;
  private final HttpClient http;
  private NetServer server;

  /** {@code hub} null: echo mode. */
  public LimitProxy(Vertx vertx, URI hub) {
    this.vertx = vertx;
    this.hub = hub;
    // keep-alive connections, as many as sessions poll and post at once (like the gateway's)
    this.http = hub == null ? null : vertx.createHttpClient(new HttpClientOptions()
        .setKeepAlive(true).setTcpNoDelay(true).setDefaultHost(hub.getHost())
        .setDefaultPort(hub.getPort()), new PoolOptions().setHttp1MaxSize(100_000));
  }

  /** Listens on 127.0.0.1:{@code port}; the future is the actual port. */
  public Future<Integer> listen(int port) {
    return vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true))
        .connectHandler(socket -> new LimitConnection(vertx, socket, http))
        .listen(port, "127.0.0.1").map(s -> {
          server = s;
          return s.actualPort();
        });
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
