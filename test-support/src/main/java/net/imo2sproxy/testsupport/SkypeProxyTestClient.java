package net.imo2sproxy.testsupport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.protocol.wire.SkypeProxyProtocolException;
import net.imo2sproxy.protocol.wire.SkypeProxyServerStreamDecoder;

/**
 * The SkypeProxy client of the tests, over a real TCP (or TLS) socket, as a Skype plugin in
 * socket mode is one (docs/skypeproxy-wire.md): command-mode inputs with their raw one-byte
 * answers, frames of Skype API lines, data slots. The byte stream is decoded by shared-protocol's
 * {@link SkypeProxyServerStreamDecoder}; frames are encoded by {@link SkypeProxyFrames}.
 *
 * <p>Confined to the context it was connected on; every method may be called from any thread
 * (it hops there), and every future it returns is bounded by the client's {@link #patience}:
 * a wait fails after it, or at once when the connection is closed and the line can no longer
 * come, naming what it waited for and the last lines received.
 *
 * <p>Reading, four ways:
 * <ul>
 *   <li>{@link #next()} / {@link #nextLine()}: the stream in order, each input once (golden
 *       transcripts, ordering);</li>
 *   <li>{@link #await}: a matching line received at any time since the connect (state);</li>
 *   <li>{@link #take}: the oldest matching line no earlier {@code take} returned (counting
 *       repeated notifications);</li>
 *   <li>{@link #ask}: the first matching line after sending one (a command and its reply).</li>
 * </ul>
 */
public final class SkypeProxyTestClient implements AutoCloseable {

  /** How long a wait of a new client lasts. */
  public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(60);

  // held: Vert.x 5 closes a NetClient nobody references, with its sockets, when GC runs
  private final NetClient netClient;
  private final NetSocket socket;
  private final Vertx vertx;
  private final ClientContext confined;
  private final SkypeProxyServerStreamDecoder decoder;
  private volatile String name;

  // touched only on the context
  private final ReceivedInputs received = new ReceivedInputs();
  private final Promise<Void> closed = Promise.promise();
  // read from other threads (quiet windows)
  private volatile long bytesReceived;
  private int nextRequestId = 1;

  private SkypeProxyTestClient(Vertx vertx, Context context, NetClient netClient,
      NetSocket socket, String name) {
    this.vertx = vertx;
    this.netClient = netClient;
    this.socket = socket;
    this.name = name;
    this.confined =
        new ClientContext(vertx, context, () -> this.name, received, DEFAULT_PATIENCE);
    this.decoder = new SkypeProxyServerStreamDecoder(received);
    socket.handler(data -> {
      bytesReceived += data.length();
      decoder.handle(data);
    });
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(err -> socket.close());
  }

  // ------------------------------------------------------------------ connecting

  /** Connects to {@code 127.0.0.1:port}. */
  public static Future<SkypeProxyTestClient> connect(Vertx vertx, int port) {
    return connect(vertx, new NetClientOptions(), "127.0.0.1", port);
  }

  public static Future<SkypeProxyTestClient> connect(Vertx vertx, String host, int port) {
    return connect(vertx, new NetClientOptions(), host, port);
  }

  /**
   * Connects with these socket options (TLS and its trust, a small receive buffer for a client
   * that stops reading); TCP_NODELAY is set.
   */
  public static Future<SkypeProxyTestClient> connect(Vertx vertx, NetClientOptions options,
      String host, int port) {
    Context context = vertx.getOrCreateContext();
    Promise<SkypeProxyTestClient> connected = Promise.promise();
    context.runOnContext(v -> {
      NetClient net = vertx.createNetClient(new NetClientOptions(options).setTcpNoDelay(true));
      net.connect(port, host)
          .map(socket -> new SkypeProxyTestClient(vertx, context, net, socket,
              host + ":" + port + " from " + socket.localAddress()))
          .onComplete(connected);
    });
    return connected.future();
  }

  /**
   * The Miranda plugin's log-in with a proxy password: AUTHENTICATE and {@code credential}
   * ({@code user:password}), {@code PROTOCOL 7}, then {@code GET CONNSTATUS} until
   * {@code CONNSTATUS ONLINE} (a session already online announces nothing, so it asks).
   */
  public static Future<SkypeProxyTestClient> login(Vertx vertx, String host, int port,
      String credential) {
    String user = credential.substring(0, Math.max(0, credential.indexOf(':')));
    return connect(vertx, host, port).compose(client -> client.named(user)
        .authenticate(credential)
        .compose(verdict -> verdict == SkypeProxyFrames.REPLY_YES ? Future.succeededFuture()
            : Future.failedFuture(user + ": password refused"))
        .compose(v -> client.ask("PROTOCOL 7", l -> l.startsWith("PROTOCOL ")))
        .compose(v -> client.ask("GET CONNSTATUS", "CONNSTATUS ONLINE"::equals))
        .map(client)
        .onFailure(err -> client.close()));
  }

  /** Names the client in failure messages (e.g. the account). */
  public SkypeProxyTestClient named(String name) {
    this.name = name;
    return this;
  }

  public String name() {
    return name;
  }

  /** How long each later wait of this client lasts. */
  public SkypeProxyTestClient patience(Duration patience) {
    confined.patience(patience);
    return this;
  }

  // ------------------------------------------------------------------ command mode

  /** Sends a command-mode input ({@code 00 00 00 00 code}); the future is its raw answer. */
  public Future<Integer> command(int code) {
    return rawAnswered(SkypeProxyFrames.encodeCommand(code), "answer to command " + code);
  }

  /** CAPABILITIES; the future is the server's capability mask. */
  public Future<Integer> capabilities() {
    return command(SkypeProxyCommand.CAPABILITIES);
  }

  /** MY_CAPABILITIES with {@code mask} (no answer). */
  public Future<Void> myCapabilities(int mask) {
    return confined.on(() -> socket.write(SkypeProxyFrames.encodeMyCapabilities(mask)));
  }

  /**
   * AUTHENTICATE, then the password frame; the future is the verdict byte (01 accepted). Fails
   * when the server does not take a password.
   */
  public Future<Integer> authenticate(String password) {
    return command(SkypeProxyCommand.AUTHENTICATE).compose(ready -> ready
        == SkypeProxyFrames.REPLY_YES ? password(password)
        : Future.failedFuture(name + ": AUTHENTICATE answered " + ready));
  }

  /** The password frame after an AUTHENTICATE answered 01; the future is the verdict byte. */
  public Future<Integer> password(String password) {
    return rawAnswered(SkypeProxyFrames.encodeFrame(password), "password verdict");
  }

  /**
   * Announces {@code count} raw answers to inputs the test sends itself with
   * {@link #sendBytes}; the future lists them in order.
   */
  public Future<List<Integer>> expectRawAnswers(int count) {
    return confined.bounded(confined.on(() -> {
      List<Future<Integer>> answers = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        answers.add(received.rawAnswer());
      }
      decoder.expectRawBytes(count);
      return Future.all(answers).map(all -> all.<Integer>list());
    }), count + " raw answers");
  }

  private Future<Integer> rawAnswered(Buffer input, String what) {
    return confined.bounded(confined.on(() -> {
      Future<Integer> answer = received.rawAnswer();
      decoder.expectRawBytes(1);
      return socket.write(input).compose(v -> answer);
    }), what);
  }

  // ------------------------------------------------------------------ sending

  /** Sends one Skype API line as one frame. */
  public Future<Void> send(String line) {
    return confined.on(() -> socket.write(SkypeProxyFrames.encodeFrame(line)));
  }

  /** Sends one frame with exactly these payload bytes (e.g. invalid UTF-8, a NUL). */
  public Future<Void> sendPayload(byte[] payload) {
    return confined.on(() -> socket.write(SkypeProxyFrames.encodeFrame(payload)));
  }

  /** Sends raw bytes, framing and all (hostile input, half headers, a slot number). */
  public Future<Void> sendBytes(Buffer bytes) {
    return confined.on(() -> socket.write(bytes));
  }

  /** Sends raw bytes given as ints 0..255. */
  public Future<Void> sendBytes(int... bytes) {
    Buffer buffer = Buffer.buffer(bytes.length);
    for (int b : bytes) {
      buffer.appendUnsignedByte((short) b);
    }
    return sendBytes(buffer);
  }

  /** Sends a line and waits for the first line after it starting with {@code prefix}. */
  public Future<String> ask(String line, String prefix) {
    return ask(line, l -> l.startsWith(prefix));
  }

  /** Sends a line and waits for the first line after it matching {@code match}. */
  public Future<String> ask(String line, Predicate<String> match) {
    return confined.bounded(confined.on(() -> {
      Future<String> reply = received.later(match);
      return socket.write(SkypeProxyFrames.encodeFrame(line)).compose(v -> reply);
    }), "the answer to '" + line + "'");
  }

  /**
   * Sends {@code command} with a fresh {@code #id} of this client and waits for the line
   * answering it (the whole line, {@code #id} included).
   */
  public Future<String> request(String command) {
    return confined.on(() -> {
      String id = "#tc" + nextRequestId++;
      return ask(id + " " + command, l -> l.startsWith(id + " "));
    });
  }

  // ------------------------------------------------------------------ reading

  /** The next input of the stream (each input once, in order). */
  public Future<ServerInput> next() {
    return confined.bounded(confined.on(received::next), "the next input");
  }

  /** The next input, which must be a line. */
  public Future<String> nextLine() {
    return next().compose(input -> input instanceof ServerInput.Line line
        ? Future.succeededFuture(line.text())
        : Future.failedFuture(new AssertionError(name + ": expected a line, got " + input)));
  }

  /** The first line since the connect (received or to come) matching {@code match}. */
  public Future<String> await(Predicate<String> match) {
    return await(match, "a matching line");
  }

  /** {@link #await(Predicate)} for exactly {@code line}. */
  public Future<String> await(String line) {
    return await(line::equals, "'" + line + "'");
  }

  /** {@link #await(Predicate)}, naming what it waits for when it fails. */
  public Future<String> await(Predicate<String> match, String what) {
    return confined.bounded(confined.on(() -> received.seen(match)), what);
  }

  /** The oldest line matching {@code match} that no earlier {@code take} returned. */
  public Future<String> take(Predicate<String> match, String what) {
    return confined.bounded(confined.on(() -> received.take(match)), what);
  }

  /** Every line received so far (a copy; from any thread). */
  public List<String> lines() {
    return received.lines();
  }

  /**
   * Sees every line as it arrives, on the client's context (one listener); set at once, so it
   * misses no line that arrives after the call.
   */
  public void onLine(Consumer<String> listener) {
    received.onLine(listener);
  }

  /**
   * True when nothing arrives for {@code window} and the connection stays open: for claims
   * that something does not happen (there is no event to wait for).
   */
  public Future<Boolean> quietFor(Duration window) {
    return confined.on(() -> {
      long before = bytesReceived;
      Promise<Boolean> quiet = Promise.promise();
      vertx.setTimer(Math.max(1, window.toMillis()),
          t -> quiet.complete(bytesReceived == before && !isClosedNow()));
      return quiet.future();
    });
  }

  /** Stops reading from the socket: the server's writes back up (a client that does not read). */
  public Future<Void> pause() {
    return confined.on(() -> {
      socket.pause();
      return Future.succeededFuture();
    });
  }

  /** Reads again after {@link #pause}. */
  public Future<Void> resume() {
    return confined.on(() -> {
      socket.resume();
      return Future.succeededFuture();
    });
  }

  /** The framing error that broke the stream, or null. */
  public SkypeProxyProtocolException protocolError() {
    return received.protocolError();
  }

  // ------------------------------------------------------------------ closing

  /** Completes when the connection is closed, by either side (unbounded: a state). */
  public Future<Void> closed() {
    return closed.future();
  }

  /** Completes when the server closes the connection; fails after the patience. */
  public Future<Void> awaitClosed() {
    return confined.bounded(closed.future(), "the server to close the connection");
  }

  public boolean isClosed() {
    return closed.future().isComplete();
  }

  /** Closes the connection; the future completes when it is closed. */
  public Future<Void> closeAsync() {
    return confined.on(socket::close).eventually(netClient::close);
  }

  /** Starts closing the connection and returns at once. */
  @Override
  public void close() {
    closeAsync();
  }

  // ------------------------------------------------------------------ internals

  private void onClosed() {
    closed.tryComplete();
    received.end(name + ": connection closed");
  }

  private boolean isClosedNow() {
    return closed.future().isComplete();
  }
}
