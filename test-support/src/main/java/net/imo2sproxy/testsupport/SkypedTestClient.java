package net.imo2sproxy.testsupport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.imo2sproxy.protocol.wire.SkypedLineDecoder;
import net.imo2sproxy.protocol.wire.SkypedLines;

/**
 * The skyped client of the tests (docs/skyped-listener.md), as bitlbee's Skype plugin is one:
 * TLS trusting any certificate (bitlbee does not check skyped's), {@code USERNAME} and
 * {@code PASSWORD}, then one Skype API line per {@code \n}. Lines are decoded by
 * shared-protocol's {@link SkypedLineDecoder}.
 *
 * <p>Confined to the context it was connected on; every method may be called from any thread,
 * and every wait is bounded by the client's patience, failing with the last lines received.
 */
public final class SkypedTestClient implements AutoCloseable {

  /** How long a wait lasts. */
  public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(60);
  /** Longest line the client reads; longer ones break its stream (as they would bitlbee's). */
  public static final int MAX_LINE = 1 << 20;

  // held: Vert.x 5 closes a NetClient nobody references, with its sockets, when GC runs
  private final NetClient netClient;
  private final NetSocket socket;
  private final Vertx vertx;
  private final ClientContext confined;
  private final ReceivedInputs received = new ReceivedInputs();
  private final Promise<Void> closed = Promise.promise();
  private volatile String name;
  private volatile long bytesReceived;

  private SkypedTestClient(Vertx vertx, Context context, NetClient netClient, NetSocket socket,
      String name) {
    this.vertx = vertx;
    this.netClient = netClient;
    this.socket = socket;
    this.name = name;
    this.confined =
        new ClientContext(vertx, context, () -> this.name, received, DEFAULT_PATIENCE);
    SkypedLineDecoder decoder = new SkypedLineDecoder(MAX_LINE, new SkypedLineDecoder.Listener() {
      @Override
      public void onLine(String line) {
        received.onFrame(Buffer.buffer(line.getBytes(StandardCharsets.UTF_8)));
      }

      @Override
      public void onLineTooLong(String message) {
        socket.close();
      }
    });
    socket.handler(data -> {
      bytesReceived += data.length();
      decoder.handle(data);
    });
    socket.closeHandler(v -> {
      closed.tryComplete();
      received.end(this.name + ": connection closed");
    });
    socket.exceptionHandler(err -> socket.close());
  }

  /** Connects over TLS to {@code 127.0.0.1:port}, trusting any certificate, as bitlbee does. */
  public static Future<SkypedTestClient> connect(Vertx vertx, int port) {
    return connect(vertx, new NetClientOptions().setSsl(true).setTrustAll(true)
        .setHostnameVerificationAlgorithm(""), "127.0.0.1", port);
  }

  /** Connects with these options (plain TCP for a client that does not speak TLS). */
  public static Future<SkypedTestClient> connect(Vertx vertx, NetClientOptions options,
      String host, int port) {
    Context context = vertx.getOrCreateContext();
    Promise<SkypedTestClient> connected = Promise.promise();
    context.runOnContext(v -> {
      NetClient net = vertx.createNetClient(new NetClientOptions(options).setTcpNoDelay(true));
      net.connect(port, host)
          .map(socket -> new SkypedTestClient(vertx, context, net, socket,
              host + ":" + port + " from " + socket.localAddress()))
          .onComplete(connected);
    });
    return connected.future();
  }

  /**
   * bitlbee's log-in: connects, sends {@code USERNAME} and {@code PASSWORD} and, right behind
   * them as bitlbee does, {@code then} lines; fails unless {@code PASSWORD OK} comes.
   */
  public static Future<SkypedTestClient> login(Vertx vertx, int port, String username,
      String password, String... then) {
    return connect(vertx, port).compose(client -> client.named(username)
        .logIn(username, password, then)
        .compose(verdict -> "PASSWORD OK".equals(verdict) ? Future.succeededFuture(client)
            : Future.failedFuture(username + ": " + verdict))
        .onFailure(err -> client.close()));
  }

  /** Sends USERNAME, PASSWORD and {@code then}; the future is the PASSWORD verdict line. */
  public Future<String> logIn(String username, String password, String... then) {
    return confined.bounded(confined.on(() -> {
      Future<String> verdict = received.later(l -> l.startsWith("PASSWORD "));
      StringBuilder lines = new StringBuilder()
          .append("USERNAME ").append(username).append('\n')
          .append("PASSWORD ").append(password).append('\n');
      for (String line : then) {
        lines.append(line).append('\n');
      }
      return socket.write(Buffer.buffer(lines.toString().getBytes(StandardCharsets.UTF_8)))
          .compose(v -> verdict);
    }), "the PASSWORD verdict");
  }

  public SkypedTestClient named(String name) {
    this.name = name;
    return this;
  }

  public SkypedTestClient patience(Duration patience) {
    confined.patience(patience);
    return this;
  }

  /** Sends one line ({@code \n} added). */
  public Future<Void> send(String line) {
    return sendBytes(SkypedLines.encode(line));
  }

  /** Sends raw bytes (split lines, oversize lines, CRLF). */
  public Future<Void> sendBytes(Buffer bytes) {
    return confined.on(() -> socket.write(bytes));
  }

  /** Sends a line and waits for the first line after it starting with {@code prefix}. */
  public Future<String> ask(String line, String prefix) {
    return ask(line, l -> l.startsWith(prefix));
  }

  /** Sends a line and waits for the first line after it matching {@code match}. */
  public Future<String> ask(String line, Predicate<String> match) {
    return confined.bounded(confined.on(() -> {
      Future<String> reply = received.later(match);
      return socket.write(SkypedLines.encode(line)).compose(v -> reply);
    }), "the answer to '" + line + "'");
  }

  /** The first line since the connect (received or to come) matching {@code match}. */
  public Future<String> await(Predicate<String> match, String what) {
    return confined.bounded(confined.on(() -> received.seen(match)), what);
  }

  /** The oldest line matching {@code match} that no earlier {@code take} returned. */
  public Future<String> take(Predicate<String> match, String what) {
    return confined.bounded(confined.on(() -> received.take(match)), what);
  }

  /** The next line of the stream (each line once, in order). */
  public Future<String> nextLine() {
    return confined.bounded(confined.on(received::next), "the next line")
        .map(input -> ((ServerInput.Line) input).text());
  }

  /** Every line received so far (a copy; from any thread). */
  public List<String> lines() {
    return received.lines();
  }

  /** True when nothing arrives for {@code window} and the connection stays open. */
  public Future<Boolean> quietFor(Duration window) {
    return confined.on(() -> {
      long before = bytesReceived;
      Promise<Boolean> quiet = Promise.promise();
      vertx.setTimer(Math.max(1, window.toMillis()),
          t -> quiet.complete(bytesReceived == before && !closed.future().isComplete()));
      return quiet.future();
    });
  }

  /** Completes when the server closes the connection; fails after the patience. */
  public Future<Void> awaitClosed() {
    return confined.bounded(closed.future(), "the server to close the connection");
  }

  public boolean isClosed() {
    return closed.future().isComplete();
  }

  public Future<Void> closeAsync() {
    return confined.on(socket::close).eventually(netClient::close);
  }

  @Override
  public void close() {
    closeAsync();
  }
}
