package net.imo2sproxy.bench.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;

/**
 * One SkypeProxy connection of the load generator, as a Skype plugin in socket mode: raw
 * command-mode replies, then length-prefixed UTF-8 frames. Confined to the context it was
 * connected on; every method must be called there.
 */
public final class ProxyClient {

  private final Vertx vertx;
  private final NetSocket socket;
  private final Deque<Promise<Integer>> rawByteWaiters = new ArrayDeque<>();
  private Buffer pending = Buffer.buffer();
  private int readOffset;
  private Consumer<String> lineHandler = line -> { };
  private Runnable closeHandler = () -> { };
  private boolean closed;

  private ProxyClient(Vertx vertx, NetSocket socket) {
    this.vertx = vertx;
    this.socket = socket;
    socket.handler(this::onData);
    socket.closeHandler(v -> {
      closed = true;
      while (!rawByteWaiters.isEmpty()) {
        rawByteWaiters.poll().tryFail("connection closed");
      }
      closeHandler.run();
    });
  }

  /** Connects on the caller's context. */
  public static Future<ProxyClient> connect(Vertx vertx, NetClient client, String host, int port) {
    return client.connect(port, host).map(socket -> new ProxyClient(vertx, socket));
  }

  /** Every received Skype API line goes here (replaces the previous handler). */
  public void lineHandler(Consumer<String> handler) {
    this.lineHandler = handler;
  }

  public void closeHandler(Runnable handler) {
    this.closeHandler = handler;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Sends one Skype API line as one frame. */
  public void send(String line) {
    socket.write(SkypeProxyFrames.encodeFrame(line));
  }

  /** A command-mode input; the future is its raw reply byte. */
  public Future<Integer> command(int code) {
    Promise<Integer> reply = Promise.promise();
    rawByteWaiters.add(reply);
    socket.write(SkypeProxyFrames.encodeCommand(code));
    return reply.future();
  }

  /**
   * The Miranda plugin's log-in: AUTHENTICATE with {@code user:password}, CAPABILITIES,
   * {@code PROTOCOL 7}, then the first {@code CONNSTATUS ONLINE}. Fails on refusal, on
   * {@code CONNSTATUS OFFLINE}, on close and after {@code timeoutMs}.
   */
  public Future<Void> login(String password, long timeoutMs) {
    Promise<Void> online = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, t -> online.tryFail("login timed out"));
    lineHandler = line -> {
      if (line.equals("CONNSTATUS ONLINE")) {
        online.tryComplete();
      } else if (line.equals("CONNSTATUS OFFLINE") || line.startsWith("ERROR")) {
        online.tryFail("login failed: " + line);
      }
    };
    closeHandler = () -> online.tryFail("connection closed during login");
    Promise<Integer> authReady = Promise.promise();
    rawByteWaiters.add(authReady);
    socket.write(SkypeProxyFrames.encodeCommand(SkypeProxyCommand.AUTHENTICATE));
    authReady.future()
        .compose(ready -> {
          Promise<Integer> verdict = Promise.promise();
          rawByteWaiters.add(verdict);
          socket.write(SkypeProxyFrames.encodeFrame(password));
          return verdict.future();
        })
        .compose(ok -> ok == SkypeProxyFrames.REPLY_YES
            ? command(SkypeProxyCommand.CAPABILITIES)
            : Future.failedFuture("password refused"))
        .onSuccess(caps -> send("PROTOCOL 7"))
        .onFailure(online::tryFail);
    return online.future().andThen(done -> {
      vertx.cancelTimer(timer);
      closeHandler = () -> { };
      lineHandler = line -> { };
    });
  }

  public Future<Void> close() {
    return closed ? Future.succeededFuture() : socket.close();
  }

  private void onData(Buffer data) {
    if (readOffset == pending.length()) {
      pending = data;
      readOffset = 0;
    } else {
      pending = pending.getBuffer(readOffset, pending.length()).appendBuffer(data);
      readOffset = 0;
    }
    int end = pending.length();
    while (readOffset < end) {
      if (!rawByteWaiters.isEmpty()) {
        int value = pending.getUnsignedByte(readOffset++);
        rawByteWaiters.poll().tryComplete(value);
        continue;
      }
      if (end - readOffset < SkypeProxyFrames.HEADER_LENGTH) {
        break;
      }
      long length = pending.getUnsignedIntLE(readOffset);
      if (end - readOffset - SkypeProxyFrames.HEADER_LENGTH < length) {
        break;
      }
      int start = readOffset + SkypeProxyFrames.HEADER_LENGTH;
      readOffset = start + (int) length;
      lineHandler.accept(pending.getString(start, readOffset, StandardCharsets.UTF_8.name()));
    }
  }
}
