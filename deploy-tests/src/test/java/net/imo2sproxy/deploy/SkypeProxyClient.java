package net.imo2sproxy.deploy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A SkypeProxy client as a Skype plugin in socket mode is one: command mode
 * ({@code 00 00 00 00 <cmd>}, one raw byte back), then frames of a 4-byte little-endian length
 * and UTF-8 text. Written here rather than taken from shared-protocol so that this module
 * tests the wire as a foreign client sees it and builds on its own.
 */
final class SkypeProxyClient {

  private static final long AWAIT_MILLIS = 60_000;

  private final Vertx vertx;
  private final NetSocket socket;
  private final String name;
  private final List<String> unread = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();
  private boolean answeringPassword;
  /** Whether any byte came from the endpoint yet. */
  private boolean anyInput;
  private Promise<Integer> commandAnswer;

  private record Waiter(Predicate<String> match, Promise<String> promise, String what) {
  }

  private SkypeProxyClient(Vertx vertx, NetSocket socket, String name) {
    this.vertx = vertx;
    this.socket = socket;
    this.name = name;
  }

  static Future<SkypeProxyClient> connect(Vertx vertx, String host, int port, String name) {
    return vertx.createNetClient().connect(port, host).map(socket -> {
      SkypeProxyClient client = new SkypeProxyClient(vertx, socket, name);
      client.start();
      return client;
    });
  }

  /**
   * Logs in as the Miranda plugin does with a proxy password: AUTHENTICATE, the password
   * frame, PROTOCOL 7, GET CONNSTATUS, then waits for CONNSTATUS ONLINE.
   */
  /** The connection closed before the endpoint answered anything at all. */
  static final class ClosedBeforeAnyAnswer extends IllegalStateException {
    ClosedBeforeAnyAnswer(String name) {
      super(name + ": connection closed before the command's answer");
    }
  }

  /**
   * Logs in; a connection closed before any byte came back is tried once more, as a plugin
   * reconnects (seen once in CI on the first connection through a freshly published port: the
   * balancer logged its client side closing after 15 ms, nothing sent either way).
   */
  static Future<SkypeProxyClient> login(Vertx vertx, String host, int port, String credential) {
    return loginOnce(vertx, host, port, credential).recover(err ->
        err instanceof ClosedBeforeAnyAnswer ? loginOnce(vertx, host, port, credential)
            : Future.failedFuture(err));
  }

  private static Future<SkypeProxyClient> loginOnce(Vertx vertx, String host, int port,
      String credential) {
    String name = credential.substring(0, credential.indexOf(':'));
    return connect(vertx, host, port, name).compose(client -> client.authenticate(credential)
        .compose(answer -> answer == 1 ? Future.succeededFuture()
            : Future.failedFuture(name + ": password refused"))
        .compose(v -> {
          client.send("PROTOCOL 7");
          return client.await(l -> l.startsWith("PROTOCOL "), "PROTOCOL");
        })
        .compose(v -> {
          // A session that is already online (the account's other connection, or one that
          // outlived its client's move to another endpoint) announces nothing: ask.
          client.send("GET CONNSTATUS");
          return client.await(l -> l.equals("CONNSTATUS ONLINE"), "CONNSTATUS ONLINE");
        })
        .map(online -> client));
  }

  private void start() {
    // before the first frame the endpoint answers command-mode bytes raw
    socket.handler(buffer -> {
      anyInput = true;
      if (commandAnswer != null) {
        Promise<Integer> answer = commandAnswer;
        boolean password = answeringPassword;
        commandAnswer = null;
        answeringPassword = false;
        int verdict = buffer.getByte(0);
        if (password && verdict == 1) {
          // frames may follow the password's 01 at once (CONNSTATUS CONNECTING without a gateway)
          framesFromNowOn().handle(buffer.slice(1, buffer.length()));
          answer.tryComplete(verdict);
          return;
        }
        answer.tryComplete(verdict);
        if (buffer.length() > 1) {
          throw new IllegalStateException(name + ": bytes after a command answer");
        }
      }
    });
    socket.closeHandler(v -> {
      closed.tryComplete();
      if (commandAnswer != null) {
        commandAnswer.tryFail(anyInput ? new IllegalStateException(name
            + ": connection closed before the command's answer") : new ClosedBeforeAnyAnswer(name));
        commandAnswer = null;
      }
      for (Waiter waiter : List.copyOf(waiters)) {
        waiter.promise().tryFail(name + ": connection closed while waiting for " + waiter.what()
            + "; unread " + unread);
      }
      waiters.clear();
    });
    socket.exceptionHandler(err -> socket.close());
  }

  private Future<Integer> command(int code) {
    commandAnswer = Promise.promise();
    Future<Integer> answer = commandAnswer.future();
    socket.write(Buffer.buffer(new byte[] {0, 0, 0, 0, (byte) code}));
    return answer;
  }

  private Future<Integer> password(String credential) {
    commandAnswer = Promise.promise();
    answeringPassword = true; // after the password's answer 01, everything is frames
    Future<Integer> answer = commandAnswer.future();
    socket.write(frame(credential));
    return answer;
  }

  /**
   * AUTHENTICATE and the password; the future carries the password's answer byte (the
   * connection then reads frames).
   */
  Future<Integer> authenticate(String credential) {
    return command(1).compose(answer -> answer == 1 ? password(credential)
        : Future.failedFuture(name + ": AUTHENTICATE answered " + answer));
  }

  private RecordParser framesFromNowOn() {
    RecordParser parser = RecordParser.newFixed(4);
    boolean[] header = {true};
    parser.handler(record -> {
      if (header[0]) {
        int length = record.getIntLE(0);
        if (length == 0) {
          return; // an empty frame carries no line
        }
        header[0] = false;
        parser.fixedSizeMode(length);
      } else {
        header[0] = true;
        parser.fixedSizeMode(4);
        received(record.toString(StandardCharsets.UTF_8));
      }
    });
    socket.handler(parser);
    return parser;
  }

  private static Buffer frame(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(4 + bytes.length).appendIntLE(bytes.length).appendBytes(bytes);
  }

  private void received(String line) {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.match().test(line)) {
        it.remove();
        waiter.promise().tryComplete(line);
        return;
      }
    }
    unread.add(line);
  }

  void send(String line) {
    socket.write(frame(line));
  }

  /**
   * The first line not yet taken by an earlier await that matches; lines that arrived before
   * the call count. Fails after a minute or when the connection closes.
   */
  Future<String> await(Predicate<String> match, String what) {
    for (Iterator<String> it = unread.iterator(); it.hasNext(); ) {
      String line = it.next();
      if (match.test(line)) {
        it.remove();
        return Future.succeededFuture(line);
      }
    }
    if (closed.future().isComplete()) {
      return Future.failedFuture(name + ": connection closed; no " + what + " in " + unread);
    }
    Promise<String> promise = Promise.promise();
    Waiter waiter = new Waiter(match, promise, what);
    waiters.add(waiter);
    long timer = vertx.setTimer(AWAIT_MILLIS, t -> {
      waiters.remove(waiter);
      promise.tryFail(new TimeoutException(name + ": no " + what + " within " + AWAIT_MILLIS
          + " ms; unread " + unread));
    });
    return promise.future().onComplete(x -> vertx.cancelTimer(timer));
  }

  /** Completes when the endpoint (or this side) closes the connection. */
  Future<Void> closed() {
    return closed.future();
  }

  Future<Void> close() {
    return socket.close();
  }

  String name() {
    return name;
  }
}
