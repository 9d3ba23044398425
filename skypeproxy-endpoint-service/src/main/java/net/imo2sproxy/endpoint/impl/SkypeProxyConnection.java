package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrameDecoder;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.protocol.wire.SkypeProxyProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SkypeProxy client connection: handshake state machine (skypeproxy-wire.md §3.3, §3.5),
 * framing, and the link to the gateway (EVENT-BUS.md).
 *
 * <p>All methods run on the context that accepted the socket (the verticle's event loop); the
 * socket, the bus consumer, the replies and the timers all call back on it, so there is no
 * locking. Inputs are processed strictly in order, one at a time: a step that waits for the
 * bus holds back the following inputs, and the socket is paused if they pile up.
 */
public final class SkypeProxyConnection {

  private static final Logger LOG = LoggerFactory.getLogger(SkypeProxyConnection.class);

  /** Queued inputs above which the socket stops reading until the queue is empty. */
  private static final int PAUSE_THRESHOLD = 32;
  /** How long a closing connection may spend flushing its last bytes. */
  private static final long CLOSE_GRACE_MS = 2000;

  static final String CONNSTATUS_OFFLINE = "CONNSTATUS OFFLINE";

  private enum State { HANDSHAKE, AWAIT_PASSWORD, OPEN }

  private final Vertx vertx;
  private final NetSocket socket;
  private final GatewayLink link;
  private final int maxFrameLength;
  private final long handshakeTimeoutMs;
  private final Handler<SkypeProxyConnection> onClosed;
  private final String id = UUID.randomUUID().toString();
  private final String remote;
  private final SkypeProxyFrameDecoder decoder;
  private final ArrayDeque<Object> inputs = new ArrayDeque<>();
  private final Promise<Void> closedPromise = Promise.promise();

  private State state = State.HANDSHAKE;
  private String sessionId;
  private MessageConsumer<Object> consumer;
  private Future<Void> registered;
  private long handshakeTimer = -1;
  private boolean stepRunning;
  private boolean paused;
  // output received while the reply byte to a password is still owed: frames must follow it
  private List<String> heldOutput;
  private Future<Void> lastWrite = Future.succeededFuture();
  // no more input processed and no more output written
  private boolean ending;
  // the socket is closed and cleanup ran
  private boolean closed;
  private String closeReason;

  public SkypeProxyConnection(Vertx vertx, NetSocket socket, EndpointOptions options,
      GatewayLink link, Handler<SkypeProxyConnection> onClosed) {
    this.vertx = vertx;
    this.socket = socket;
    this.link = link;
    this.maxFrameLength = options.getMaxFrameLength();
    this.handshakeTimeoutMs = options.getHandshakeTimeout().toMillis();
    this.onClosed = onClosed;
    SocketAddress address = socket.remoteAddress();
    this.remote = address == null ? "unknown" : address.host() + ":" + address.port();
    this.decoder = new SkypeProxyFrameDecoder(maxFrameLength, new DecoderListener());
  }

  public String id() {
    return id;
  }

  /** Completes once the socket is closed and the connection cleaned up. */
  public Future<Void> closed() {
    return closedPromise.future();
  }

  /** Starts reading; call once, on the accepting context. */
  public void start() {
    LOG.info("[{}] accepted from {}", id, remote);
    socket.closeHandler(v -> cleanup());
    socket.exceptionHandler(err -> {
      LOG.info("[{}] socket error: {}", id, err.toString());
      closeNow("socket error");
    });
    // Registered before anything is attached: the gateway may send output right after attach.
    consumer = link.consume(id, this::onBusMessage);
    registered = consumer.completion();
    registered.onFailure(err -> {
      LOG.error("[{}] cannot register the connection address: {}", id, err.toString());
      closeNow("bus registration failed");
    });
    handshakeTimer = vertx.setTimer(handshakeTimeoutMs, t -> {
      handshakeTimer = -1;
      LOG.info("[{}] handshake timeout; closing", id);
      closeNow("handshake timeout");
    });
    socket.handler(decoder);
  }

  /** Closes the connection (endpoint stopping); completes when cleanup ran. */
  public Future<Void> close(String reason) {
    closeNow(reason);
    return closed();
  }

  // ---------------------------------------------------------------- input queue

  private final class DecoderListener implements SkypeProxyFrameDecoder.Listener {
    @Override
    public void onFrame(Buffer payload) {
      enqueue(payload);
    }

    @Override
    public void onCommand(SkypeProxyCommand command) {
      enqueue(command);
    }

    @Override
    public void onProtocolError(SkypeProxyProtocolException error) {
      LOG.warn("[{}] protocol error from {}: {}; closing", id, remote, error.getMessage());
      closeNow("protocol error");
    }
  }

  private void enqueue(Object input) {
    if (ending) {
      return;
    }
    inputs.add(input);
    if (!paused && inputs.size() >= PAUSE_THRESHOLD) {
      paused = true;
      socket.pause();
    }
    drain();
  }

  private void drain() {
    while (!stepRunning && !ending && !inputs.isEmpty()) {
      Object input = inputs.poll();
      Future<Void> step;
      try {
        step = input instanceof SkypeProxyCommand command ? onCommand(command) : onFrame((Buffer) input);
      } catch (RuntimeException e) {
        step = Future.failedFuture(e);
      }
      if (step.isComplete()) {
        if (step.failed()) {
          internalError(step.cause());
        }
        continue;
      }
      stepRunning = true;
      step.onComplete(ar -> {
        stepRunning = false;
        if (ar.failed()) {
          internalError(ar.cause());
        }
        drain();
      });
      return;
    }
    if (paused && inputs.isEmpty() && !ending) {
      paused = false;
      socket.resume();
    }
  }

  private void internalError(Throwable err) {
    LOG.error("[{}] internal error; closing", id, err);
    closeNow("internal error");
  }

  // ---------------------------------------------------------------- command mode

  private Future<Void> onCommand(SkypeProxyCommand command) {
    if (state == State.AWAIT_PASSWORD) {
      // spec §3.3: any command byte instead of the password is a protocol error
      LOG.info("[{}] {} while awaiting the password; closing", id, command);
      closeNow("protocol error");
      return Future.succeededFuture();
    }
    if (command.isMyCapabilities()) {
      LOG.debug("[{}] client capabilities {}", id, command.argument());
      return Future.succeededFuture();
    }
    if (command.isCapabilities()) {
      return link.passwordless().transform(ar -> {
        boolean required;
        if (ar.succeeded()) {
          required = !ar.result();
        } else {
          // Safer to demand a password than to let a client in that then gets refused.
          LOG.warn("[{}] no auth policy from the gateway ({}); answering CAPABILITIES with 01",
              id, GatewayLink.describe(ar.cause()));
          required = true;
        }
        writeRaw(required ? SkypeProxyCommand.CAP_USE_AUTHENTICATION : 0);
        return Future.succeededFuture();
      });
    }
    if (command.isAuthenticate()) {
      if (state == State.OPEN) {
        // Already attached: "not needed", and no password frame is expected (defect D6).
        LOG.info("[{}] AUTHENTICATE after attach; answering 00", id);
        writeRaw(SkypeProxyFrames.REPLY_NO);
      } else {
        writeRaw(SkypeProxyFrames.REPLY_YES);
        state = State.AWAIT_PASSWORD;
      }
      return Future.succeededFuture();
    }
    LOG.info("[{}] unknown {}; answering 00", id, command);
    writeRaw(SkypeProxyFrames.REPLY_NO);
    return Future.succeededFuture();
  }

  // ---------------------------------------------------------------- normal frames

  private Future<Void> onFrame(Buffer payload) {
    switch (state) {
      case AWAIT_PASSWORD:
        return authenticate(SkypeProxyFrames.payloadText(payload));
      case HANDSHAKE:
        return attachWithoutCredential(SkypeProxyFrames.payloadText(payload));
      case OPEN:
        return forward(SkypeProxyFrames.payloadText(payload));
      default:
        throw new IllegalStateException(String.valueOf(state));
    }
  }

  /** The password frame: never logged, never forwarded as a command. */
  private Future<Void> authenticate(String credential) {
    cancelHandshakeTimer();
    heldOutput = new ArrayList<>();
    return registered
        .compose(v -> link.attach(id, remote, credential))
        .transform(ar -> {
          List<String> held = heldOutput;
          heldOutput = null;
          if (ar.succeeded()) {
            if (!attached(ar.result(), "authenticated")) {
              return Future.succeededFuture();
            }
            writeRaw(SkypeProxyFrames.REPLY_YES);
            held.forEach(this::writeLine);
          } else if (!ending) {
            Throwable cause = ar.cause();
            if (GatewayLink.failureCode(cause) == BusMessages.FAILURE_REFUSED) {
              LOG.info("[{}] password refused; closing", id);
            } else {
              LOG.warn("[{}] attach failed ({}); closing", id, GatewayLink.describe(cause));
            }
            closeAfter(SkypeProxyFrames.rawByte(SkypeProxyFrames.REPLY_NO), "authentication failed");
          }
          return Future.succeededFuture();
        });
  }

  /** First frame of a connection that never authenticated: attach, then forward the frame. */
  private Future<Void> attachWithoutCredential(String firstLine) {
    cancelHandshakeTimer();
    return registered
        .compose(v -> link.attach(id, remote, null))
        .transform(ar -> {
          if (ar.failed()) {
            if (!ending) {
              LOG.info("[{}] connection without password refused ({}); closing", id,
                  GatewayLink.describe(ar.cause()));
              closeNow("refused");
            }
            return Future.succeededFuture();
          }
          if (!attached(ar.result(), "attached without password")) {
            return Future.succeededFuture();
          }
          return forward(firstLine);
        });
  }

  /** Records a successful attach; false (after detaching) when the client left meanwhile. */
  private boolean attached(GatewayLink.Attachment attachment, String how) {
    if (closed || ending) {
      // cleanup already ran without a session to detach from
      link.detach(attachment.sessionId(), id, "client closed")
          .onFailure(err -> LOG.debug("[{}] late detach failed: {}", id, err.toString()));
      return false;
    }
    sessionId = attachment.sessionId();
    state = State.OPEN;
    LOG.info("[{}] {}: session {} account {}", id, how, sessionId, attachment.account());
    return true;
  }

  private Future<Void> forward(String line) {
    if (line.isEmpty()) {
      // e.g. a frame starting with NUL; the contract has no empty commands
      LOG.debug("[{}] empty command ignored", id);
      return Future.succeededFuture();
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] > {}", id, line);
    }
    return link.command(sessionId, id, line).transform(ar -> {
      if (ar.failed() && !ending) {
        LOG.info("[{}] session {} unavailable ({}); sending {} and closing", id, sessionId,
            GatewayLink.describe(ar.cause()), CONNSTATUS_OFFLINE);
        closeAfter(SkypeProxyFrames.encodeFrame(CONNSTATUS_OFFLINE), "session unavailable");
      }
      return Future.succeededFuture();
    });
  }

  // ---------------------------------------------------------------- output

  private void onBusMessage(Object body) {
    if (ending) {
      return;
    }
    JsonObject json;
    try {
      json = BusMessages.checkVersion(body);
    } catch (IllegalArgumentException e) {
      LOG.error("[{}] bad message on the connection address: {}", id, e.getMessage());
      return;
    }
    String type = json.getString(BusMessages.TYPE);
    if (BusMessages.TYPE_OUTPUT.equals(type)) {
      JsonArray lines = json.getJsonArray(BusMessages.LINES);
      if (lines == null) {
        LOG.error("[{}] output message without lines", id);
        return;
      }
      for (Object line : lines) {
        if (line instanceof String text) {
          writeLine(text);
        } else {
          LOG.error("[{}] output line is not a string; skipped", id);
        }
      }
    } else if (BusMessages.TYPE_CLOSE.equals(type)) {
      LOG.info("[{}] closed by the gateway: {}", id, json.getString(BusMessages.REASON));
      // lines already received are still delivered
      closeAfter(null, "closed by the gateway");
    } else {
      LOG.error("[{}] unknown message type on the connection address: {}", id, type);
    }
  }

  private void writeLine(String line) {
    if (heldOutput != null) {
      heldOutput.add(line);
      return;
    }
    Buffer frame = SkypeProxyFrames.encodeFrame(line);
    if (frame.length() - SkypeProxyFrames.HEADER_LENGTH > maxFrameLength) {
      LOG.error("[{}] output line of {} bytes exceeds the maximum frame length; dropped", id,
          frame.length() - SkypeProxyFrames.HEADER_LENGTH);
      return;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] < {}", id, line);
    }
    write(frame);
  }

  private void writeRaw(int value) {
    write(SkypeProxyFrames.rawByte(value));
  }

  // Each frame is one buffer and one write: frames never interleave on the wire.
  private void write(Buffer data) {
    if (ending || closed) {
      return;
    }
    Future<Void> written = socket.write(data);
    lastWrite = written;
    written.onFailure(err -> {
      if (!ending) {
        LOG.info("[{}] write failed: {}; closing", id, err.toString());
        closeNow("write failed");
      }
    });
  }

  // ---------------------------------------------------------------- closing

  /**
   * Writes a last buffer (if any), then closes once everything written is flushed, bounded by a
   * grace period so that a client that does not read cannot keep the socket open.
   */
  private void closeAfter(Buffer last, String reason) {
    if (ending) {
      return;
    }
    if (last != null) {
      write(last);
    }
    Future<Void> flushed = lastWrite;
    stopProcessing(reason);
    long timer = vertx.setTimer(CLOSE_GRACE_MS, t -> socket.close());
    flushed.onComplete(ar -> {
      vertx.cancelTimer(timer);
      socket.close();
    });
  }

  private void closeNow(String reason) {
    stopProcessing(reason);
    if (!closed) {
      socket.close();
    }
  }

  private void stopProcessing(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    ending = true;
    inputs.clear();
  }

  /** The single place where a connection's resources are released. */
  private void cleanup() {
    if (closed) {
      return;
    }
    String reason = closeReason != null ? closeReason : "client closed";
    stopProcessing(reason);
    closed = true;
    cancelHandshakeTimer();
    heldOutput = null;
    if (consumer != null) {
      consumer.unregister()
          .onFailure(err -> LOG.debug("[{}] unregister failed: {}", id, err.toString()));
    }
    if (sessionId != null) {
      link.detach(sessionId, id, reason)
          .onFailure(err -> LOG.debug("[{}] detach not acknowledged: {}", id,
              GatewayLink.describe(err)));
    }
    LOG.info("[{}] closed ({})", id, reason);
    closedPromise.tryComplete();
    onClosed.handle(this);
  }

  private void cancelHandshakeTimer() {
    if (handshakeTimer >= 0) {
      vertx.cancelTimer(handshakeTimer);
      handshakeTimer = -1;
    }
  }
}
