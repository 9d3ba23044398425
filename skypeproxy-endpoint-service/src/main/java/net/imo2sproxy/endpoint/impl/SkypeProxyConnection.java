package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayDeque;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.imo2sproxy.endpoint.EndpointLimit;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrameDecoder;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.protocol.wire.SkypeProxyProtocolException;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
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
 *
 * <p>Output is never queued without bound: while the socket's write queue is full (the client
 * does not read) output is held, in order, up to {@code max-held-output-bytes}, and no input
 * is processed; the connection is dropped past that bound.
 */
public final class SkypeProxyConnection {

  private static final Logger LOG = LoggerFactory.getLogger(SkypeProxyConnection.class);

  /** Queued inputs above which the socket stops reading until the queue is empty. */
  private static final int PAUSE_THRESHOLD = 32;
  /**
   * Commands of one connection sent to its session and not yet acknowledged. The session runs
   * them one at a time in order anyway; sending the next before the previous acknowledgement
   * saves a bus round trip per command for a client that pipelines.
   */
  public static final int MAX_UNACKNOWLEDGED_COMMANDS = 16;
  /** How long a closing connection may spend flushing its last bytes. */
  private static final long CLOSE_GRACE_MS = 2000;
  /**
   * Bytes the socket queues (above the kernel's buffer) before it counts as full and output is
   * held instead; Netty's usual high-water mark, set explicitly so the bound is known.
   */
  static final int SOCKET_WRITE_QUEUE_BYTES = 64 * 1024;

  static final String CONNSTATUS_OFFLINE = "CONNSTATUS OFFLINE";
  static final String CONNSTATUS_CONNECTING = "CONNSTATUS CONNECTING";
  /** Pause between re-attach attempts while the cluster settles after a gateway died. */
  private static final long REATTACH_RETRY_MS = 500;
  private static final Pattern PROTOCOL_REPLY = Pattern.compile("^(?:#\\S+ )?PROTOCOL (\\d+)$");
  /** Largest DATA_SLOT chunk, as SkypeProxy 1.1 sent them (skypeproxy-wire.md §3.4). */
  static final int SLOT_CHUNK = 32768;
  /** How long a client may take to answer OPEN_SLOT with its slot number. */
  private static final long SLOT_TIMEOUT_MS = 30_000;
  private static final Pattern MESSAGE_STATUS =
      Pattern.compile("^(CHATMESSAGE|MESSAGE) (\\d+) STATUS (\\w+)$");

  private enum State { HANDSHAKE, AWAIT_PASSWORD, OPEN }

  private final Vertx vertx;
  private final NetSocket socket;
  private final GatewayLink link;
  private final int maxFrameLength;
  private final long handshakeTimeoutMs;
  private final long failoverTimeoutMs;
  private final long loginIdleTimeoutMs;
  private final long maxHeldOutput;
  private final LimitHits limitHits;
  private final Handler<SkypeProxyConnection> onClosed;
  private final String id = UUID.randomUUID().toString();
  private final String remote;
  private final String remoteHost;
  private final SkypeProxyFrameDecoder decoder;
  private final ArrayDeque<Object> inputs = new ArrayDeque<>();
  private final Promise<Void> closedPromise = Promise.promise();

  private State state = State.HANDSHAKE;
  private String sessionId;
  private long handshakeTimer = -1;
  private long loginIdleTimer = -1;
  private long graceTimer = -1;
  // a command of this connection was accepted by a session: no idle limit any more
  private boolean loggedIn;
  // output waiting for the socket's write queue to drain, in order (null while none waits)
  private ArrayDeque<Buffer> backlog;
  private long backlogBytes;
  // completed once the backlog is written (a closing connection waits for it)
  private Promise<Void> backlogWritten;
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
  // kept for re-attaching after a gateway loss: the password frame (null without one), the
  // negotiated PROTOCOL level and numbers of own messages still SENDING
  private String credential;
  private int protocolLevel;
  private final Set<Long> sending = new LinkedHashSet<>();
  private Future<Void> reattaching;
  // commands sent to the session, oldest first, until acknowledged or failed
  private final ArrayDeque<Promise<JsonObject>> unacknowledged = new ArrayDeque<>();
  // avatar delivery (EVENT-BUS.md "Avatar"): options, whether the client accepts data slots,
  // bus messages waiting behind an avatar being delivered (non-null while one is), and writes
  // held while the client owes the slot number (non-null then; no input is processed either)
  private final boolean dataSlots;
  private final Path avatarDir;
  private boolean clientDataSlots;
  private ArrayDeque<JsonObject> behindAvatar;
  private List<Buffer> heldForSlot;
  private long slotTimer = -1;

  public SkypeProxyConnection(Vertx vertx, NetSocket socket, EndpointOptions options,
      GatewayLink link, LimitHits limitHits, Handler<SkypeProxyConnection> onClosed) {
    this.vertx = vertx;
    this.socket = socket;
    this.link = link;
    this.maxFrameLength = options.getMaxFrameLength();
    this.handshakeTimeoutMs = options.getHandshakeTimeout().toMillis();
    this.failoverTimeoutMs = options.getFailoverTimeout().toMillis();
    this.loginIdleTimeoutMs = options.getLoginIdleTimeout().toMillis();
    this.maxHeldOutput = options.getMaxHeldOutput();
    this.limitHits = limitHits;
    this.onClosed = onClosed;
    this.dataSlots = options.isDataSlots();
    this.avatarDir = options.getAvatarDir() == null ? null
        : Paths.get(options.getAvatarDir()).toAbsolutePath().normalize();
    SocketAddress address = socket.remoteAddress();
    this.remoteHost = address == null ? "unknown" : address.host();
    this.remote = address == null ? "unknown" : remoteHost + ":" + address.port();
    this.decoder = new SkypeProxyFrameDecoder(maxFrameLength, new DecoderListener());
  }

  public String id() {
    return id;
  }

  /** The session to send heartbeats to, or null (not attached, re-attaching or closing). */
  public String heartbeatSession() {
    return state == State.OPEN && reattaching == null && !ending ? sessionId : null;
  }

  /**
   * The session {@code lostSessionId} did not answer (its gateway died) or no longer knows
   * this connection: attach again. Ignored when the connection has moved on already.
   */
  public void sessionUnreachable(String lostSessionId, String why) {
    recover(lostSessionId, why);
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
    handshakeTimer = vertx.setTimer(handshakeTimeoutMs, t -> {
      handshakeTimer = -1;
      limitHits.hit(EndpointLimit.HANDSHAKE_TIMEOUT, remoteHost, "no first frame in time");
      LOG.info("[{}] handshake timeout; closing", id);
      closeNow("handshake timeout");
    });
    if (loginIdleTimeoutMs > 0) {
      loginIdleTimer = vertx.setTimer(loginIdleTimeoutMs, t -> {
        loginIdleTimer = -1;
        if (!loggedIn && !ending) {
          limitHits.hit(EndpointLimit.LOGIN_IDLE_TIMEOUT, remoteHost, "no command in time");
          LOG.info("[{}] no command reached a session in time; closing", id);
          closeNow("login idle timeout");
        }
      });
    }
    socket.setWriteQueueMaxSize(SOCKET_WRITE_QUEUE_BYTES);
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
      limitHits.hit(EndpointLimit.MAX_FRAME_LENGTH, remoteHost, "framing broken");
      LOG.info("[{}] protocol error from {}: {}; closing", id, remote, error.getMessage());
      closeNow("protocol error");
    }
  }

  private void enqueue(Object input) {
    if (ending) {
      return;
    }
    inputs.add(input);
    // never paused while the slot number is owed: the socket must stay readable for it
    if (!paused && heldForSlot == null && inputs.size() >= PAUSE_THRESHOLD) {
      paused = true;
      socket.pause();
    }
    drain();
  }

  private void drain() {
    // no input is processed while output is held: its answers could not be written either
    while (!stepRunning && !ending && heldForSlot == null && backlog == null
        && !inputs.isEmpty()) {
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
      clientDataSlots = (command.argument() & SkypeProxyCommand.CAP_USE_DATASLOTS) != 0;
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
        writeRaw((required ? SkypeProxyCommand.CAP_USE_AUTHENTICATION : 0)
            | (dataSlots ? SkypeProxyCommand.CAP_USE_DATASLOTS : 0));
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
        return forward(SkypeProxyFrames.payloadText(payload), 0);
      default:
        throw new IllegalStateException(String.valueOf(state));
    }
  }

  /** The password frame: never logged, never forwarded as a command. */
  private Future<Void> authenticate(String credential) {
    cancelHandshakeTimer();
    heldOutput = new ArrayList<>();
    return link.attach(id, remote, credential)
        .transform(ar -> {
          List<String> held = heldOutput;
          heldOutput = null;
          if (ar.succeeded()) {
            if (!attached(ar.result(), "authenticated")) {
              return Future.succeededFuture();
            }
            this.credential = credential;
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
    return link.attach(id, remote, null)
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
          return forward(firstLine, 0);
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

  /** Failovers one command may go through before the connection gives up. */
  private static final int MAX_FAILOVERS_PER_COMMAND = 3;

  private Future<Void> forward(String line, int failovers) {
    if (line.isEmpty()) {
      // e.g. a frame starting with NUL; the contract has no empty commands
      LOG.debug("[{}] empty command ignored", id);
      return Future.succeededFuture();
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] session {} > {}", id, sessionId, line); // the -v transcript
    }
    if (reattaching != null) {
      return reattaching.transform(ar -> ar.succeeded() && !ending ? forward(line, failovers)
          : Future.succeededFuture());
    }
    String target = sessionId;
    Promise<JsonObject> outcome = Promise.promise();
    unacknowledged.add(outcome);
    link.command(target, id, line).onComplete(outcome);
    Future<Void> handled = outcome.future().transform(ar -> {
      unacknowledged.remove(outcome);
      if (ar.succeeded()) {
        loggedIn();
        JsonArray lines = ar.result().getJsonArray(BusMessages.LINES);
        if (lines != null && !ending) {
          // the reply came with the acknowledgement: same path, and order, as output
          onBusMessage(BusMessages.output(BusMessages.KIND_REPLY, List.of())
              .put(BusMessages.LINES, lines));
        }
      }
      if (ar.succeeded() || ending) {
        return Future.succeededFuture();
      }
      Throwable cause = ar.cause();
      int code = GatewayLink.failureCode(cause);
      if (code == BusMessages.FAILURE_BAD_REQUEST) {
        LOG.warn("[{}] command rejected as malformed ({})", id, GatewayLink.describe(cause));
        return Future.succeededFuture();
      }
      // The session is gone or moved: attach again, then hand the command over. A command the
      // old session may have taken (no answer in time) is repeated only when that is harmless.
      boolean notTaken = code == BusMessages.FAILURE_UNKNOWN || GatewayLink.noHandlers(cause);
      if (failovers >= MAX_FAILOVERS_PER_COMMAND) {
        LOG.info("[{}] session {} unavailable after {} failovers ({}); sending {} and closing",
            id, target, failovers, GatewayLink.describe(cause), CONNSTATUS_OFFLINE);
        closeOffline("session unavailable");
        return Future.succeededFuture();
      }
      return recover(target, GatewayLink.describe(cause)).transform(re -> {
        if (re.failed() || ending) {
          return Future.succeededFuture();
        }
        if (notTaken || repeatable(line)) {
          return forward(line, failovers + 1);
        }
        LOG.info("[{}] command not confirmed before the failover; answering with an error", id);
        writeLine(commandPrefix(line) + "ERROR 9903 Command not confirmed, gateway failed over");
        return Future.succeededFuture();
      });
    });
    handled.onFailure(this::internalError);
    Promise<JsonObject> oldest = unacknowledged.peek();
    if (oldest == null || unacknowledged.size() < MAX_UNACKNOWLEDGED_COMMANDS) {
      return Future.succeededFuture(); // the next input may go out at once
    }
    return oldest.future().transform(ar -> Future.succeededFuture());
  }

  /** Commands whose repetition can have no visible effect beyond their answer. */
  static boolean repeatable(String line) {
    String command = line.startsWith("#") && line.indexOf(' ') > 0
        ? line.substring(line.indexOf(' ') + 1) : line;
    String upper = command.toUpperCase(Locale.ROOT);
    return upper.startsWith("GET ") || upper.startsWith("SEARCH ") || upper.startsWith("PING")
        || upper.startsWith("PROTOCOL ") || upper.startsWith("NAME ");
  }

  private static String commandPrefix(String line) {
    return line.startsWith("#") && line.indexOf(' ') > 0
        ? line.substring(0, line.indexOf(' ') + 1) : "";
  }

  // ---------------------------------------------------------------- failover

  /**
   * Attaches again to whatever session now owns the account: the client sees CONNSTATUS
   * CONNECTING (and ONLINE from the new session) while its TCP connection stays open. Own
   * messages still SENDING are listed in the re-attach: the new session reports how each
   * ended (FAILED when it cannot know); none is ever resent.
   */
  private Future<Void> recover(String lostSessionId, String why) {
    if (ending) {
      return Future.failedFuture("connection closing");
    }
    if (reattaching != null) {
      return reattaching;
    }
    if (state != State.OPEN || lostSessionId == null || !lostSessionId.equals(sessionId)) {
      return Future.succeededFuture(); // moved on already
    }
    LOG.info("[{}] session {} lost ({}); re-attaching", id, lostSessionId, why);
    writeLine(CONNSTATUS_CONNECTING);
    Promise<Void> done = Promise.promise();
    reattaching = done.future();
    for (Promise<JsonObject> command : List.copyOf(unacknowledged)) {
      command.tryFail("session lost");
    }
    attemptReattach(lostSessionId, System.currentTimeMillis() + failoverTimeoutMs, done);
    return reattaching;
  }

  private void attemptReattach(String lostSessionId, long deadline, Promise<Void> done) {
    link.reattach(id, remote, credential, lostSessionId, protocolLevel, List.copyOf(sending))
        .onComplete(ar -> {
      if (ending || closed) {
        if (ar.succeeded()) {
          link.detach(ar.result().sessionId(), id, "client closed")
              .onFailure(err -> LOG.debug("[{}] late detach failed: {}", id, err.toString()));
        }
        reattaching = null;
        done.tryFail("connection closed");
        return;
      }
      if (ar.succeeded() && ar.result().sessionId().equals(lostSessionId)
          && System.currentTimeMillis() < deadline) {
        // Either the cluster has not noticed the loss yet, or the session is alive and only
        // its heartbeat was late (a loaded gateway): ask the session itself. Retrying without
        // asking closed every connection of a gateway that answered heartbeats late.
        link.heartbeat(lostSessionId, List.of(id)).onComplete(hb -> {
          if (ending || closed) {
            reattaching = null;
            done.tryFail("connection closed");
          } else if (hb.succeeded() && !hb.result().contains(id)) {
            reattaching = null;
            LOG.info("[{}] session {} answers again; staying attached", id, sessionId);
            done.complete();
          } else {
            vertx.setTimer(REATTACH_RETRY_MS, t -> attemptReattach(lostSessionId, deadline, done));
          }
        });
        return;
      }
      if (ar.succeeded() && !ar.result().sessionId().equals(lostSessionId)) {
        sessionId = ar.result().sessionId();
        reattaching = null;
        LOG.info("[{}] re-attached to session {}", id, sessionId);
        done.complete();
        return;
      }
      int code = ar.failed() ? GatewayLink.failureCode(ar.cause()) : -1;
      boolean refused = code == BusMessages.FAILURE_REFUSED
          || code == BusMessages.FAILURE_THROTTLED;
      if (!refused && System.currentTimeMillis() < deadline) {
        vertx.setTimer(REATTACH_RETRY_MS, t -> attemptReattach(lostSessionId, deadline, done));
        return;
      }
      LOG.info("[{}] re-attach failed ({}); sending {} and closing", id,
          ar.failed() ? GatewayLink.describe(ar.cause()) : "the lost session is still named",
          CONNSTATUS_OFFLINE);
      reattaching = null;
      closeOffline("session unavailable");
      done.tryFail("re-attach failed");
    });
  }

  // ---------------------------------------------------------------- output

  /**
   * A message the gateway sent this connection (output, close, reattach, avatar), handed over
   * by the endpoint's consumer, on this connection's context.
   */
  public void onBusMessage(Object body) {
    if (ending) {
      return;
    }
    JsonObject json;
    try {
      json = BusMessages.checkVersion(body);
    } catch (IllegalArgumentException e) {
      LOG.error("[{}] bad message for the connection: {}", id, e.getMessage());
      return;
    }
    if (behindAvatar != null) {
      behindAvatar.add(json); // order is kept: nothing overtakes the avatar's reply
      return;
    }
    onOutputMessage(json);
  }

  private void onOutputMessage(JsonObject json) {
    String type = json.getString(BusMessages.TYPE);
    if (BusMessages.TYPE_OUTPUT.equals(type)) {
      JsonArray lines = json.getJsonArray(BusMessages.LINES);
      if (lines == null) {
        LOG.error("[{}] output message without lines", id);
        return;
      }
      for (Object line : lines) {
        if (line instanceof String text) {
          observe(text);
          writeLine(text);
        } else {
          LOG.error("[{}] output line is not a string; skipped", id);
        }
      }
    } else if (BusMessages.TYPE_CLOSE.equals(type)) {
      LOG.info("[{}] closed by the gateway: {}", id, json.getString(BusMessages.REASON));
      // lines already received are still delivered; the client learns it is offline
      if (state == State.OPEN) {
        closeOffline("closed by the gateway");
      } else {
        closeAfter(null, "closed by the gateway");
      }
    } else if (BusMessages.TYPE_REATTACH.equals(type)) {
      recover(sessionId, "session moved: " + json.getString(BusMessages.REASON));
    } else if (BusMessages.TYPE_AVATAR.equals(type)) {
      deliverAvatar(json);
    } else {
      LOG.error("[{}] unknown message type for the connection: {}", id, type);
    }
  }

  // ---------------------------------------------------------------- avatars

  /**
   * The answer to {@code GET USER <h> AVATAR 1 <path>}: pushed over data slots when the client
   * accepts them, else written into the avatar directory when the path lies inside it, else
   * the error line. Later bus messages wait until the reply or error line is written.
   */
  private void deliverAvatar(JsonObject json) {
    String path;
    String reply;
    String error;
    byte[] data;
    try {
      path = BusMessages.requireString(json, BusMessages.PATH);
      reply = BusMessages.requireString(json, BusMessages.REPLY);
      error = BusMessages.requireString(json, BusMessages.ERROR);
      data = Base64.getDecoder().decode(BusMessages.requireString(json, BusMessages.DATA));
    } catch (IllegalArgumentException e) {
      LOG.error("[{}] bad avatar message: {}", id, e.getMessage());
      if (json.getValue(BusMessages.ERROR) instanceof String line) {
        writeLine(line); // the client still gets its one answer
      }
      return;
    }
    behindAvatar = new ArrayDeque<>();
    Future<String> answer;
    if (dataSlots && clientDataSlots) {
      answer = pushOverSlots(path, data, reply, error);
    } else if (avatarDir != null) {
      answer = writeIntoAvatarDir(path, data, reply, error);
    } else {
      answer = Future.succeededFuture(error);
    }
    answer.onComplete(ar -> {
      if (ar.failed()) {
        LOG.info("[{}] avatar not delivered: {}", id, ar.cause().toString());
      }
      writeLine(ar.succeeded() ? ar.result() : error);
      ArrayDeque<JsonObject> waiting = behindAvatar;
      behindAvatar = null;
      while (!waiting.isEmpty() && behindAvatar == null) {
        onOutputMessage(waiting.poll());
      }
      if (behindAvatar != null) {
        behindAvatar.addAll(waiting); // another avatar started; the rest waits behind it
      }
    });
  }

  /** OPEN_SLOT, the client's slot number, DATA_SLOT chunks, CLOSE_SLOT (§3.4); yields the line. */
  private Future<String> pushOverSlots(String path, byte[] data, String reply, String error) {
    byte[] name = (path + '\0').getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (name.length > 0xFFFF) {
      return Future.succeededFuture(error);
    }
    write(Buffer.buffer(7 + name.length).appendIntLE(0).appendByte((byte) 0x04)
        .appendUnsignedShortLE(name.length).appendBytes(name));
    // nothing else may reach the client until it has answered with the slot number
    heldForSlot = new ArrayList<>();
    if (paused) {
      paused = false;
      socket.resume(); // the slot number comes behind the inputs already read
    }
    Promise<Integer> slot = Promise.promise();
    decoder.expectRawByte(slot::tryComplete);
    slotTimer = vertx.setTimer(SLOT_TIMEOUT_MS, t -> {
      slotTimer = -1;
      LOG.info("[{}] no slot number for an avatar; closing", id);
      closeNow("no slot number");
      slot.tryFail("no slot number");
    });
    return slot.future().map(number -> {
      cancelSlotTimer();
      if (number != 0) {
        for (int offset = 0; offset < data.length; offset += SLOT_CHUNK) {
          int length = Math.min(SLOT_CHUNK, data.length - offset);
          writeThrough(Buffer.buffer(10 + length).appendIntLE(0).appendByte((byte) 0x05)
              .appendUnsignedByte(number.shortValue()).appendIntLE(length)
              .appendBytes(data, offset, length));
        }
        writeThrough(Buffer.buffer(6).appendIntLE(0).appendByte((byte) 0x06)
            .appendUnsignedByte(number.shortValue()));
      } else {
        LOG.info("[{}] client refused a data slot for an avatar", id);
      }
      releaseHeldForSlot();
      drain();
      return number != 0 ? reply : error;
    });
  }

  /** Writes the file when the absolute, normalized path lies inside the avatar directory. */
  private Future<String> writeIntoAvatarDir(String path, byte[] data, String reply,
      String error) {
    Path target;
    try {
      target = Paths.get(path);
    } catch (InvalidPathException e) {
      return Future.succeededFuture(error);
    }
    // relative names are refused: they would be resolved against this process's directory
    target = target.isAbsolute() ? target.normalize() : null;
    if (target == null || !target.startsWith(avatarDir) || target.equals(avatarDir)
        || target.toString().contains("..")) {
      LOG.info("[{}] avatar path outside the avatar directory; not written", id);
      return Future.succeededFuture(error);
    }
    String prefix = commandPrefix(reply);
    String file = target.toString();
    io.vertx.core.file.FileSystem fs = vertx.fileSystem();
    return fs.exists(file)
        .compose(exists -> exists ? fs.props(file).map(props -> props.size() > 0)
            : Future.succeededFuture(false))
        .transform(nonEmpty -> {
          if (nonEmpty.succeeded() && nonEmpty.result()) {
            return Future.succeededFuture(prefix + "ERROR 124 GET Destination file is not empty");
          }
          return fs.writeFile(file, Buffer.buffer(data)).transform(written -> {
            if (written.failed()) {
              LOG.info("[{}] avatar file not written: {}", id, written.cause().toString());
            }
            return Future.succeededFuture(written.succeeded() ? reply
                : prefix + "ERROR 121 GET File path doesn't exist");
          });
        });
  }

  private void releaseHeldForSlot() {
    List<Buffer> held = heldForSlot;
    heldForSlot = null;
    if (held != null) {
      held.forEach(this::write);
    }
  }

  private void cancelSlotTimer() {
    if (slotTimer >= 0) {
      vertx.cancelTimer(slotTimer);
      slotTimer = -1;
    }
  }

  /** Remembers what a re-attach needs: the PROTOCOL level and own messages still SENDING. */
  private void observe(String line) {
    // cheap pre-checks: most lines (every PONG, every property reply) match neither pattern
    if (!line.contains("PROTOCOL ") && !line.contains(" STATUS ")) {
      return;
    }
    Matcher protocol = PROTOCOL_REPLY.matcher(line);
    if (protocol.matches()) {
      protocolLevel = Integer.parseInt(protocol.group(1));
      return;
    }
    Matcher status = MESSAGE_STATUS.matcher(line);
    if (status.matches()) {
      if ("SENDING".equals(status.group(3))) {
        sending.add(Long.parseLong(status.group(2)));
      } else {
        sending.remove(Long.parseLong(status.group(2)));
      }
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
      LOG.debug("[{}] session {} < {}", id, sessionId, line);
    }
    write(frame);
  }

  private void writeRaw(int value) {
    write(SkypeProxyFrames.rawByte(value));
  }

  // Each frame is one buffer and one write: frames never interleave on the wire.
  private void write(Buffer data) {
    if (heldForSlot != null && !ending) {
      heldForSlot.add(data);
      return;
    }
    writeThrough(data);
  }

  private void writeThrough(Buffer data) {
    if (ending || closed) {
      return;
    }
    if (backlog == null && socket.writeQueueFull()) {
      backlog = new ArrayDeque<>();
      limitHits.hit(EndpointLimit.WRITE_QUEUE_FULL, remoteHost, "output held");
      socket.drainHandler(v -> writeBacklog());
    }
    if (backlog != null) {
      backlog.add(data);
      backlogBytes += data.length();
      if (backlogBytes > maxHeldOutput) {
        limitHits.hit(EndpointLimit.MAX_HELD_OUTPUT, remoteHost, "client not reading, dropped");
        LOG.info("[{}] client does not read ({} bytes held); dropping it", id, backlogBytes);
        backlog = null;
        backlogBytes = 0;
        stopProcessing("client not reading");
        abort();
      }
      return;
    }
    send(data);
  }

  /** Writes held output while the socket takes it; once all is written, input resumes. */
  private void writeBacklog() {
    if (backlog == null || closed) {
      return;
    }
    while (!backlog.isEmpty() && !socket.writeQueueFull()) {
      Buffer next = backlog.poll();
      backlogBytes -= next.length();
      send(next);
    }
    if (!backlog.isEmpty()) {
      return; // the drain handler calls again
    }
    backlog = null;
    socket.drainHandler(null);
    if (backlogWritten != null) {
      lastWrite.onComplete(backlogWritten);
      backlogWritten = null;
    }
    drain();
  }

  private void send(Buffer data) {
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
  /** Tells the client CONNSTATUS OFFLINE (in the -v transcript too), then closes. */
  private void closeOffline(String reason) {
    if (!ending && LOG.isDebugEnabled()) {
      LOG.debug("[{}] session {} < {}", id, sessionId, CONNSTATUS_OFFLINE);
    }
    closeAfter(SkypeProxyFrames.encodeFrame(CONNSTATUS_OFFLINE), reason);
  }

  private void closeAfter(Buffer last, String reason) {
    if (ending) {
      return;
    }
    releaseHeldForSlot(); // closing anyway: the client gets what was said before
    if (last != null) {
      write(last);
    }
    Future<Void> flushed = lastWrite;
    if (backlog != null) {
      backlogWritten = Promise.promise();
      flushed = backlogWritten.future();
    }
    stopProcessing(reason);
    abortAfterGrace();
    flushed.onComplete(ar -> socket.close());
  }

  private void closeNow(String reason) {
    stopProcessing(reason);
    if (!closed) {
      socket.close();
      abortAfterGrace();
    }
  }

  private void abortAfterGrace() {
    if (graceTimer < 0 && !closed) {
      graceTimer = vertx.setTimer(CLOSE_GRACE_MS, t -> {
        graceTimer = -1;
        abort();
      });
    }
  }

  /**
   * Closes the TCP connection at once, dropping output not yet sent. {@link NetSocket#close()}
   * is graceful: it closes only once everything queued is written, which a client that does
   * not read never allows, so it is followed by this after a grace period.
   */
  private void abort() {
    if (closed) {
      return;
    }
    if (socket instanceof NetSocketInternal internal) {
      // from Vert.x's own handler's context: past its graceful close, straight to the channel
      internal.channelHandlerContext().close();
    } else {
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
    cancelLoginIdleTimer();
    cancelSlotTimer();
    if (graceTimer >= 0) {
      vertx.cancelTimer(graceTimer);
      graceTimer = -1;
    }
    heldOutput = null;
    backlog = null;
    if (sessionId != null) {
      link.detach(sessionId, id, reason)
          .onFailure(err -> LOG.debug("[{}] detach not acknowledged: {}", id,
              GatewayLink.describe(err)));
    }
    LOG.info("[{}] closed ({})", id, reason);
    BridgeMetrics.of(vertx).connectionClosed(reason);
    closedPromise.tryComplete();
    onClosed.handle(this);
  }

  private void loggedIn() {
    loggedIn = true;
    cancelLoginIdleTimer();
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
