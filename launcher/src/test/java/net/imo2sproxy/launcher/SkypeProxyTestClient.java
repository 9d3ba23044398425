package net.imo2sproxy.launcher;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;

/**
 * A SkypeProxy client over a real TCP socket, as a Skype plugin in socket mode would be: raw
 * command-mode bytes and length-prefixed frames, decoded incrementally.
 */
final class SkypeProxyTestClient {

  // held: Vert.x 5 closes a NetClient nobody references, with its sockets, when GC runs
  private final NetClient netClient;
  private final NetSocket socket;
  final List<String> lines = new ArrayList<>();
  private final Deque<Promise<Integer>> rawByteWaiters = new ArrayDeque<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();
  private Buffer pending = Buffer.buffer();
  private java.util.function.Consumer<String> lineListener = line -> { };

  private record Waiter(Predicate<String> match, Promise<String> promise) {
  }

  /** The socket's context: the lines and the waiters are only touched there. */
  private final Context context = Vertx.currentContext();

  private SkypeProxyTestClient(NetClient netClient, NetSocket socket) {
    this.netClient = netClient;
    this.socket = socket;
    socket.handler(this::onData);
    socket.closeHandler(v -> closed.tryComplete());
  }

  static Future<SkypeProxyTestClient> connect(Vertx vertx, int port) {
    NetClient netClient = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
    return netClient.connect(port, "127.0.0.1")
        .map(socket -> new SkypeProxyTestClient(netClient, socket));
  }

  private void onData(Buffer data) {
    pending.appendBuffer(data);
    while (true) {
      if (!rawByteWaiters.isEmpty()) {
        if (pending.length() < 1) {
          return;
        }
        int value = pending.getUnsignedByte(0);
        pending = pending.getBuffer(1, pending.length());
        rawByteWaiters.poll().complete(value);
        continue;
      }
      if (pending.length() < 4) {
        return;
      }
      long length = pending.getUnsignedIntLE(0);
      if (pending.length() < 4 + length) {
        return;
      }
      String line = pending.getString(4, 4 + (int) length, StandardCharsets.UTF_8.name());
      pending = pending.getBuffer(4 + (int) length, pending.length());
      received(line);
    }
  }

  /** Sees every line as it arrives (one listener; on the client's context). */
  void onLine(java.util.function.Consumer<String> listener) {
    this.lineListener = listener;
  }

  private void received(String line) {
    lines.add(line);
    lineListener.accept(line);
    List<Waiter> matched = new ArrayList<>();
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.match.test(line)) {
        it.remove();
        matched.add(waiter);
      }
    }
    matched.forEach(waiter -> waiter.promise.complete(line));
  }

  /** Sends a command-mode code and returns its one-byte reply. */
  Future<Integer> command(int code) {
    Promise<Integer> reply = Promise.promise();
    rawByteWaiters.add(reply);
    return socket.write(SkypeProxyFrames.encodeCommand(code)).compose(v -> reply.future());
  }

  /** AUTHENTICATE, then the password frame; the future carries the verdict byte. */
  Future<Integer> authenticate(String password) {
    return command(SkypeProxyCommand.AUTHENTICATE).compose(ready -> {
      if (ready != 1) {
        return Future.failedFuture("server does not take a password: " + ready);
      }
      Promise<Integer> verdict = Promise.promise();
      rawByteWaiters.add(verdict);
      return socket.write(SkypeProxyFrames.encodeFrame(password)).compose(v -> verdict.future());
    });
  }

  /** MY_CAPABILITIES with {@code mask}: command mode, no reply. */
  Future<Void> myCapabilities(int mask) {
    return socket.write(SkypeProxyFrames.encodeMyCapabilities(mask));
  }

  /** Sends one frame with exactly these payload bytes (e.g. invalid UTF-8). */
  Future<Void> sendBytes(byte[] payload) {
    return socket.write(Buffer.buffer().appendIntLE(payload.length).appendBytes(payload));
  }

  Future<Void> send(String line) {
    return socket.write(SkypeProxyFrames.encodeFrame(line));
  }

  /** Sends a command and waits for the first new line starting with {@code prefix}. */
  Future<String> ask(String line, String prefix) {
    return ask(line, l -> l.startsWith(prefix));
  }

  /** Sends a command and waits for the first new line matching {@code match}. */
  Future<String> ask(String line, Predicate<String> match) {
    if (context != null && Vertx.currentContext() != context) {
      Promise<String> answered = Promise.promise();
      context.runOnContext(v -> ask(line, match).onComplete(answered));
      return answered.future();
    }
    Future<String> reply = next(match);
    return send(line).compose(v -> reply);
  }

  /** The first line, already received or to come, matching the predicate. */
  Future<String> await(Predicate<String> match) {
    if (context != null && Vertx.currentContext() != context) {
      // called from a test thread: look at the lines where they are written
      Promise<String> found = Promise.promise();
      context.runOnContext(v -> await(match).onComplete(found));
      return found.future();
    }
    for (String line : lines) {
      if (match.test(line)) {
        return Future.succeededFuture(line);
      }
    }
    return next(match);
  }

  Future<String> await(String exactLine) {
    return await(exactLine::equals);
  }

  private Future<String> next(Predicate<String> match) {
    Promise<String> promise = Promise.promise();
    waiters.add(new Waiter(match, promise));
    return promise.future();
  }

  Future<Void> closed() {
    return closed.future();
  }

  Future<Void> close() {
    return socket.close();
  }
}
