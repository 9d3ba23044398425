package net.imo2sproxy.desktop.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrameDecoder;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.protocol.wire.SkypeProxyProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one SkypeProxy connection (docs/skypeproxy-wire.md §5): the handshake with
 * or without the proxy password, then one frame per Skype API line both ways. Lines sent before
 * the handshake is over wait in order and go out right after it. Runs on the agent's context.
 */
public final class BridgeConnection {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeConnection.class);

  /** Lines that may wait for the handshake; a client that sends more gets them refused. */
  static final int MAX_WAITING_LINES = 256;

  private enum State { CONNECTING, AWAIT_CAPABILITIES, AWAIT_AUTH, AWAIT_PASSWORD_ANSWER, OPEN,
    CLOSED }

  private final Vertx vertx;
  private final BridgeTarget target;
  private final String label;
  private final Handler<String> lines;
  private final Promise<Void> opened = Promise.promise();
  private final Promise<Void> closed = Promise.promise();
  private final Deque<String> waiting = new ArrayDeque<>();
  private State state = State.CONNECTING;
  private NetSocket socket;
  private SkypeProxyFrameDecoder decoder;
  private long handshakeTimer = -1;

  /**
   * @param label names the desktop client in logs (never a password)
   * @param lines receives every line the bridge sends, in order
   */
  public BridgeConnection(Vertx vertx, BridgeTarget target, String label, Handler<String> lines) {
    this.vertx = vertx;
    this.target = target;
    this.label = label;
    this.lines = lines;
  }

  /** Connects and completes the handshake; fails with a message fit for the user. */
  public Future<Void> open(NetClient client) {
    handshakeTimer = vertx.setTimer(target.handshakeTimeout().toMillis(), id -> fail(
        "the bridge at " + target.address() + " did not finish the handshake in time"));
    client.connect(target.port(), target.host()).onComplete(ar -> {
      if (ar.failed()) {
        fail("cannot reach the bridge at " + target.address() + ": " + ar.cause().getMessage());
        return;
      }
      if (state == State.CLOSED) {
        ar.result().close();
        return;
      }
      socket = ar.result();
      decoder = new SkypeProxyFrameDecoder(new SkypeProxyFrameDecoder.Listener() {
        @Override
        public void onFrame(Buffer payload) {
          BridgeConnection.this.onFrame(payload);
        }

        @Override
        public void onCommand(SkypeProxyCommand command) {
          // The agent never announces data slots: no command mode is expected from a bridge.
          LOG.warn("{}: unexpected command-mode input {} from the bridge; ignored", label,
              command);
        }

        @Override
        public void onProtocolError(SkypeProxyProtocolException error) {
          fail("the bridge at " + target.address() + " sent a broken stream: "
              + error.getMessage());
        }
      });
      socket.handler(decoder);
      socket.closeHandler(v -> onClosed());
      socket.exceptionHandler(err -> LOG.debug("{}: bridge socket: {}", label, err.toString()));
      if (target.password() != null) {
        state = State.AWAIT_AUTH;
        decoder.expectRawByte(this::onAuthAnswer);
        socket.write(SkypeProxyFrames.encodeCommand(SkypeProxyCommand.AUTHENTICATE));
      } else {
        state = State.AWAIT_CAPABILITIES;
        decoder.expectRawByte(this::onCapabilities);
        socket.write(SkypeProxyFrames.encodeCommand(SkypeProxyCommand.CAPABILITIES));
      }
    });
    return opened.future();
  }

  /** Sends one line: at once when open, after the handshake while it runs. */
  public boolean send(String line) {
    switch (state) {
      case OPEN -> {
        socket.write(SkypeProxyFrames.encodeFrame(line));
        return true;
      }
      case CLOSED -> {
        return false;
      }
      default -> {
        if (waiting.size() >= MAX_WAITING_LINES) {
          return false;
        }
        waiting.add(line);
        return true;
      }
    }
  }

  /** Completes once the connection is closed, by either side or by a failed handshake. */
  public Future<Void> closed() {
    return closed.future();
  }

  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** Closes the connection (the bridge detaches it from its session). */
  public Future<Void> close() {
    if (state == State.CLOSED) {
      return closed.future();
    }
    if (socket == null) {
      fail("closed before it was open");
      return closed.future();
    }
    socket.close();
    return closed.future();
  }

  private void onCapabilities(int mask) {
    if ((mask & SkypeProxyCommand.CAP_USE_AUTHENTICATION) != 0) {
      fail("the bridge at " + target.address() + " requires a password (set the agent's "
          + "password or password-file)");
      return;
    }
    becomeOpen();
  }

  private void onAuthAnswer(int answer) {
    if (answer == SkypeProxyFrames.REPLY_NO) {
      becomeOpen(); // already attached: nothing to send
      return;
    }
    state = State.AWAIT_PASSWORD_ANSWER;
    decoder.expectRawByte(this::onPasswordAnswer);
    socket.write(SkypeProxyFrames.encodeFrame(target.password()));
  }

  private void onPasswordAnswer(int answer) {
    if (answer != SkypeProxyFrames.REPLY_YES) {
      fail("the bridge at " + target.address() + " refused the password");
      return;
    }
    becomeOpen();
  }

  private void becomeOpen() {
    vertx.cancelTimer(handshakeTimer);
    state = State.OPEN;
    Buffer batch = Buffer.buffer();
    for (int i = 0, n = waiting.size(); i < n; i++) {
      batch.appendBuffer(SkypeProxyFrames.encodeFrame(waiting.poll()));
    }
    if (batch.length() > 0) {
      socket.write(batch);
    }
    opened.tryComplete();
  }

  private void onFrame(Buffer payload) {
    if (state == State.OPEN) {
      lines.handle(SkypeProxyFrames.payloadText(payload));
    } else {
      LOG.warn("{}: a line from the bridge before the handshake ended; closing", label);
      fail("the bridge at " + target.address() + " broke the handshake");
    }
  }

  private void fail(String message) {
    if (state == State.CLOSED) {
      return;
    }
    boolean wasOpen = state == State.OPEN;
    state = State.CLOSED;
    vertx.cancelTimer(handshakeTimer);
    waiting.clear();
    if (socket != null) {
      socket.close();
    }
    if (!wasOpen) {
      opened.tryFail(new BridgeUnavailableException(message));
    } else {
      LOG.warn("{}: {}", label, message);
    }
    closed.tryComplete();
  }

  private void onClosed() {
    if (state != State.CLOSED) {
      if (state != State.OPEN) {
        fail("the bridge at " + target.address() + " closed the connection during the "
            + "handshake (wrong password, or no account for a client without one)");
        return;
      }
      state = State.CLOSED;
    }
    vertx.cancelTimer(handshakeTimer);
    closed.tryComplete();
  }
}
