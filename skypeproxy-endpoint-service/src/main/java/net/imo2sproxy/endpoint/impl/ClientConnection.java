package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.UUID;
import java.util.function.Function;
import net.imo2sproxy.endpoint.EndpointLimit;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrameDecoder;
import net.imo2sproxy.protocol.wire.SkypedLineDecoder;
import net.imo2sproxy.protocol.wire.SkypeProxyProtocolException;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of either {@link ListenerKind}, put together from its parts: the
 * {@link InputQueue} (inputs in order, one at a time), the protocol's reader and handshake
 * (SkypeProxy: {@link SkypeProxyFrameDecoder} and {@link Handshake}, docs/skypeproxy-wire.md
 * §5.1, §5.2; skyped: {@link SkypedLineDecoder} and {@link SkypedHandshake},
 * docs/skyped-listener.md), the {@link OutputWriter} (socket write side, in the protocol's
 * {@link OutputWriter.LineFormat}), the {@link SessionLink} (attach, commands, failover;
 * EVENT-BUS.md) and the {@link AvatarDelivery}, and the {@link GatewayMessages} for it. This
 * class owns the socket and the way the connection ends.
 *
 * <p>All methods run on the context that accepted the socket (the verticle's event loop); the
 * socket, the bus, the replies and the timers all call back on it, so there is no locking.
 *
 * <p>Per-connection resources (timers, held output, the session's attachment, a re-attach in
 * progress) are released in one place, {@link #cleanup}, which the socket's close handler
 * runs whatever ended the connection: the client, a limit, an error or the endpoint.
 */
public final class ClientConnection {

  /** The -v transcript ({@code session <id> > line} / {@code <}), parsed by tools and tests. */
  static final Logger TRANSCRIPT = LoggerFactory.getLogger(ClientConnection.class);
  private static final Logger LOG = TRANSCRIPT;

  static final String CONNSTATUS_OFFLINE = "CONNSTATUS OFFLINE";
  /** Commands of one connection sent to its session and not yet acknowledged, at most. */
  public static final int MAX_UNACKNOWLEDGED_COMMANDS = SessionLink.MAX_UNACKNOWLEDGED_COMMANDS;

  private final Vertx vertx;
  private final NetSocket socket;
  private final long handshakeTimeoutMs;
  private final long loginIdleTimeoutMs;
  private final LimitHits limitHits;
  private final Handler<ClientConnection> onClosed;
  private final String id = UUID.randomUUID().toString();
  private final String remote;
  private final String remoteHost;
  private final ConnectionLifecycle lifecycle = new ConnectionLifecycle(id);
  private final ListenerKind kind;
  private final Handler<Buffer> reader;
  private final OutputWriter writer;
  private final SessionLink session;
  private final AvatarDelivery avatars;
  private final InputQueue inputs;
  private final GatewayMessages gatewayMessages;
  private final Promise<Void> closedPromise = Promise.promise();
  private long handshakeTimer = -1;
  private long loginIdleTimer = -1;
  private String closeReason;

  public ClientConnection(Vertx vertx, NetSocket socket, ListenerKind kind,
      EndpointOptions options, GatewayLink link, GatewayPresence presence, LimitHits limitHits,
      Handler<ClientConnection> onClosed) {
    this.vertx = vertx;
    this.kind = kind;
    this.socket = socket;
    this.handshakeTimeoutMs = options.getHandshakeTimeout().toMillis();
    this.loginIdleTimeoutMs = options.getLoginIdleTimeout().toMillis();
    this.limitHits = limitHits;
    this.onClosed = onClosed;
    SocketAddress address = socket.remoteAddress();
    this.remoteHost = address == null ? "unknown" : address.host();
    this.remote = address == null ? "unknown" : remoteHost + ":" + address.port();
    boolean skyped = kind == ListenerKind.SKYPED;
    Parts parts = new Parts();
    this.writer = new OutputWriter(vertx, socket, lifecycle, id, remoteHost,
        options.getMaxFrameLength(), options.getMaxHeldOutput(), limitHits,
        this::sessionId, skyped ? OutputWriter.LineFormat.LINES : OutputWriter.LineFormat.FRAMES,
        parts);
    this.session = new SessionLink(vertx, link, lifecycle, writer, id, remote,
        options.getFailoverTimeout().toMillis(), parts);
    GatewayWait gatewayWait = new GatewayWait(vertx, id, lifecycle, writer, session, presence,
        options.getFailoverTimeout().toMillis(), parts);
    Function<Object, Future<Void>> step;
    if (skyped) {
      // no data slots on a line protocol: avatars only through the avatar directory
      this.reader = new SkypedLineDecoder(options.getMaxFrameLength(), new LineInput());
      this.avatars = new AvatarDelivery(vertx, id, false, options.getAvatarDir(), writer, null,
          parts);
      step = new SkypedHandshake(id, lifecycle, writer, session, gatewayWait, parts)::handle;
    } else {
      SkypeProxyFrameDecoder decoder =
          new SkypeProxyFrameDecoder(options.getMaxFrameLength(), new FrameInput());
      this.reader = decoder;
      this.avatars = new AvatarDelivery(vertx, id, options.isDataSlots(),
          options.getAvatarDir(), writer, decoder, parts);
      step = new Handshake(id, lifecycle, link, writer, session, avatars, gatewayWait,
          options.isDataSlots(), parts)::handle;
    }
    this.gatewayMessages = new GatewayMessages(id, lifecycle, writer, session, avatars, parts);
    this.inputs = new InputQueue(socket, step, lifecycle::ending,
        () -> writer.holdingFrames() || writer.backlogged(), writer::holdingFrames,
        this::internalError);
  }

  public String id() {
    return id;
  }

  /** The session to send heartbeats to, or null (not attached, re-attaching or closing). */
  public String heartbeatSession() {
    return session.heartbeatSession();
  }

  /** The gateway of {@link #heartbeatSession()}, or null (heartbeat the session's address). */
  public String heartbeatGateway() {
    return session.heartbeatGateway();
  }

  /**
   * The session {@code lostSessionId} did not answer (its gateway died) or no longer knows
   * this connection: attach again. Ignored when the connection has moved on already.
   */
  public void sessionUnreachable(String lostSessionId, String why) {
    session.recover(lostSessionId, why);
  }

  /** Completes once the socket is closed and the connection cleaned up. */
  public Future<Void> closed() {
    return closedPromise.future();
  }

  /** Starts reading; call once, on the accepting context. */
  public void start() {
    LOG.info("[{}] accepted from {} ({})", id, remote, kind.label());
    if (kind == ListenerKind.SKYPED) {
      TlsRecords.onePerWrite(socket, id);
    }
    socket.closeHandler(v -> cleanup());
    socket.exceptionHandler(err -> {
      LOG.info("[{}] socket error: {}", id, err.toString());
      closeNow("socket error");
    });
    handshakeTimer = vertx.setTimer(handshakeTimeoutMs, t -> {
      handshakeTimer = -1;
      limitHits.hit(EndpointLimit.HANDSHAKE_TIMEOUT, remoteHost,
          kind == ListenerKind.SKYPED ? "no password in time" : "no first frame in time");
      LOG.info("[{}] handshake timeout; closing", id);
      closeNow("handshake timeout");
    });
    if (loginIdleTimeoutMs > 0) {
      // cancelled once a command reached a session
      loginIdleTimer = vertx.setTimer(loginIdleTimeoutMs, t -> {
        loginIdleTimer = -1;
        if (!lifecycle.ending()) {
          limitHits.hit(EndpointLimit.LOGIN_IDLE_TIMEOUT, remoteHost, "no command in time");
          LOG.info("[{}] no command reached a session in time; closing", id);
          closeNow("login idle timeout");
        }
      });
    }
    socket.handler(reader);
  }

  /** Closes the connection (endpoint stopping); completes when cleanup ran. */
  public Future<Void> close(String reason) {
    closeNow(reason);
    return closed();
  }

  private String sessionId() {
    return session == null ? null : session.sessionId();
  }

  // ---------------------------------------------------------------- input queue

  private final class LineInput implements SkypedLineDecoder.Listener {
    @Override
    public void onLine(String line) {
      inputs.add(line);
    }

    @Override
    public void onLineTooLong(String message) {
      limitHits.hit(EndpointLimit.MAX_FRAME_LENGTH, remoteHost, "line too long");
      LOG.info("[{}] {} from {}; closing", id, message, remote);
      // the rest of the stream cannot be read: say why, then close
      String error = "ERROR 1 General syntax error: " + message;
      if (!lifecycle.ending()) {
        writer.transcript(error);
      }
      closeAfter(writer.encode(error), "protocol error");
    }
  }

  private final class FrameInput implements SkypeProxyFrameDecoder.Listener {
    @Override
    public void onFrame(Buffer payload) {
      inputs.add(payload);
    }

    @Override
    public void onCommand(SkypeProxyCommand command) {
      inputs.add(command);
    }

    @Override
    public void onProtocolError(SkypeProxyProtocolException error) {
      limitHits.hit(EndpointLimit.MAX_FRAME_LENGTH, remoteHost, "framing broken");
      LOG.info("[{}] protocol error from {}: {}; closing", id, remote, error.getMessage());
      closeNow("protocol error");
    }
  }

  private void internalError(Throwable err) {
    LOG.error("[{}] internal error; closing", id, err);
    closeNow("internal error");
  }

  /**
   * A message the gateway sent this connection (output, close, reattach, avatar), handed over
   * by the endpoint's consumer, on this connection's context.
   */
  public void onBusMessage(Object body) {
    gatewayMessages.receive(body);
  }

  /** The parts' callbacks into the connection. */
  private final class Parts implements OutputWriter.Events, SessionLink.Host,
      AvatarDelivery.Host, Handshake.Host, GatewayMessages.Closer, GatewayWait.Host {
    @Override
    public void drained() {
      inputs.drain();
    }

    @Override
    public void writeFailed(Throwable cause) {
      LOG.info("[{}] write failed: {}; closing", id, cause.toString());
      closeNow("write failed");
    }

    @Override
    public void droppedSlowReader() {
      stopProcessing("client not reading");
    }

    @Override
    public void inlineReply(JsonArray lines, JsonArray sends) {
      gatewayMessages.inlineReply(lines, sends);
    }

    @Override
    public void loggedIn() {
      cancelLoginIdleTimer();
    }

    @Override
    public void closeOffline(String reason) {
      ClientConnection.this.closeOffline(reason);
    }

    @Override
    public void internalError(Throwable cause) {
      ClientConnection.this.internalError(cause);
    }

    @Override
    public void slotNumberOwed() {
      inputs.resume(); // the slot number comes behind the inputs already read
    }

    @Override
    public void slotNumberReceived() {
      inputs.drain();
    }

    @Override
    public void deliverQueued(JsonObject message) {
      gatewayMessages.handle(message);
    }

    @Override
    public void closeNow(String reason) {
      ClientConnection.this.closeNow(reason);
    }

    @Override
    public void closeAfter(Buffer last, String reason) {
      ClientConnection.this.closeAfter(last, reason);
    }

    @Override
    public void firstFrame() {
      cancelHandshakeTimer();
    }
  }

  // ---------------------------------------------------------------- closing

  /** Tells the client CONNSTATUS OFFLINE (in the -v transcript too), then closes. */
  private void closeOffline(String reason) {
    if (!lifecycle.ending()) {
      writer.transcript(CONNSTATUS_OFFLINE);
    }
    closeAfter(writer.encode(CONNSTATUS_OFFLINE), reason);
  }

  /**
   * Writes a last frame (if any), then closes once everything written is flushed, bounded by a
   * grace period so that a client that does not read cannot keep the socket open.
   */
  private void closeAfter(Buffer last, String reason) {
    if (lifecycle.ending()) {
      return;
    }
    writer.releaseFrames(); // closing anyway: the client gets what was said before
    if (last != null) {
      writer.frame(last);
    }
    Future<Void> flushed = writer.flushed();
    stopProcessing(reason);
    writer.closeWhenFlushed(flushed);
  }

  private void closeNow(String reason) {
    stopProcessing(reason);
    writer.closeNow();
  }

  private void stopProcessing(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    lifecycle.moveTo(ConnectionState.CLOSING, reason);
    inputs.clear();
  }

  /** The single place where a connection's resources are released (the socket closed). */
  private void cleanup() {
    if (lifecycle.is(ConnectionState.CLOSED)) {
      return;
    }
    String reason = closeReason != null ? closeReason : "client closed";
    stopProcessing(reason);
    lifecycle.moveTo(ConnectionState.CLOSED, "socket closed");
    cancelHandshakeTimer();
    cancelLoginIdleTimer();
    writer.release();
    avatars.release();
    session.release(reason);
    LOG.info("[{}] closed ({})", id, reason);
    BridgeMetrics.of(vertx).connectionClosed(reason);
    closedPromise.tryComplete();
    onClosed.handle(this);
  }

  private void cancelLoginIdleTimer() {
    if (loginIdleTimer >= 0) {
      vertx.cancelTimer(loginIdleTimer);
      loginIdleTimer = -1;
    }
  }

  private void cancelHandshakeTimer() {
    if (handshakeTimer >= 0) {
      vertx.cancelTimer(handshakeTimer);
      handshakeTimer = -1;
    }
  }
}
