package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's link to its session (EVENT-BUS.md): attach, commands, failover.
 *
 * <p>Every command gets the connection's next number. Commands are pipelined: up to {@link
 * #MAX_UNACKNOWLEDGED_COMMANDS} go out before the oldest is acknowledged, and the session
 * acknowledges each once answered, with its answer. Each command stays here until that
 * acknowledgement arrives. A failover (a heartbeat missed, a {@code reattach} message, a
 * command's failure) fails every pending command's wait at once instead of letting each wait
 * out the bus timeout.
 *
 * <p>A failover writes {@code CONNSTATUS CONNECTING} and re-attaches ({@link ReattachRun})
 * for up to {@code failover-timeout-seconds}; new commands wait meanwhile. Every command the
 * lost session did not acknowledge is then resent to the new session, in order, with its
 * number and {@code resent}: the session answers a message send it already made from its
 * record and runs anything else (EVENT-BUS.md explains why that is safe). A command failing
 * over more than {@link #MAX_FAILOVERS_PER_COMMAND} times, or a re-attach that fails, ends the
 * connection with {@code CONNSTATUS OFFLINE}. The re-attach names the connection's PROTOCOL
 * level and its own messages still SENDING, both known from the structured fields of the
 * acknowledgements and output ({@code protocol}, {@code sends}); its reply says how those
 * messages ended.
 */
final class SessionLink {

  /** What the link needs from its connection. */
  interface Host {
    /**
     * Lines that came with a command's acknowledgement or a re-attach reply, with the
     * {@code sends} that describe them (may be null): written like output lines.
     */
    void inlineReply(JsonArray lines, JsonArray sends);

    /** A command reached a session: the login idle limit no longer applies. */
    void loggedIn();

    /** Writes CONNSTATUS OFFLINE and closes. */
    void closeOffline(String reason);

    void internalError(Throwable cause);
  }

  /**
   * Commands of one connection sent to its session and not yet acknowledged. The session runs
   * them one at a time in order anyway; sending the next before the previous acknowledgement
   * saves a bus round trip per command for a client that pipelines.
   */
  static final int MAX_UNACKNOWLEDGED_COMMANDS = 16;
  /** Failovers one command may go through before the connection gives up. */
  private static final int MAX_FAILOVERS_PER_COMMAND = 3;
  static final String CONNSTATUS_CONNECTING = "CONNSTATUS CONNECTING";

  private static final Logger LOG = LoggerFactory.getLogger(SessionLink.class);

  /** A command sent to the session and not acknowledged yet. */
  private static final class Pending {
    final long id;
    final String line;
    // sent by the listener on the client's behalf: its answer is not the client's to see
    boolean silent;
    boolean resent;
    int failovers;
    /** The current attempt's outcome; failed (and not replaced yet) means: to resend. */
    Promise<JsonObject> outcome;

    Pending(long id, String line) {
      this.id = id;
      this.line = line;
    }
  }

  private final Vertx vertx;
  private final GatewayLink link;
  private final ConnectionLifecycle lifecycle;
  private final OutputWriter writer;
  private final String id;
  private final String remote;
  private final long failoverTimeoutMs;
  private final Host host;
  private String sessionId;
  // the gateway holding the session (its address takes the heartbeats), or null: an older
  // gateway that does not name itself gets per-session heartbeats
  private String gatewayId;
  // where commands and the detach go: the session's gateway when it takes them, else null
  private String routeGatewayId;
  private final ReattachRecord record = new ReattachRecord();
  // commands sent to the session, oldest first, until acknowledged
  private final ArrayDeque<Pending> unacknowledged = new ArrayDeque<>();
  private long nextCommandId;
  // the input waiting for room in the window of unacknowledged commands, or null
  private Promise<Void> room;
  // the failover in progress (non-null exactly while the connection is REATTACHING)
  private ReattachRun reattachRun;
  private Future<Void> reattached;

  SessionLink(Vertx vertx, GatewayLink link, ConnectionLifecycle lifecycle,
      OutputWriter writer, String id, String remote, long failoverTimeoutMs, Host host) {
    this.vertx = vertx;
    this.link = link;
    this.lifecycle = lifecycle;
    this.writer = writer;
    this.id = id;
    this.remote = remote;
    this.failoverTimeoutMs = failoverTimeoutMs;
    this.host = host;
  }

  /** The attached session, or null. */
  String sessionId() {
    return sessionId;
  }

  /** The session to send heartbeats to, or null (not attached, re-attaching or closing). */
  String heartbeatSession() {
    return lifecycle.is(ConnectionState.OPEN) ? sessionId : null;
  }

  /** The gateway of {@link #heartbeatSession()}, or null (heartbeat the session's address). */
  String heartbeatGateway() {
    return gatewayId;
  }

  /** The username a skyped client gave; sent with every attach of this connection. */
  void username(String username) {
    record.username = username;
  }

  /**
   * Attaches to the account's session; true once OPEN, false when the client left meanwhile
   * (the session is told at once).
   *
   * @param credential the password frame, or null for a client that never authenticated
   */
  Future<Boolean> attach(String credential, String how) {
    return link.attach(id, remote, credential, record.username).map(attachment -> {
      if (lifecycle.ending()) {
        link.detach(attachment, id, "client closed") // cleanup ran without it
            .onFailure(err -> LOG.debug("[{}] late detach failed: {}", id, err.toString()));
        return false;
      }
      attachedTo(attachment);
      record.credential = credential;
      lifecycle.moveTo(ConnectionState.OPEN, how);
      LOG.info("[{}] {}: session {} account {}", id, how, sessionId, attachment.account());
      return true;
    });
  }

  /**
   * Sends one command; the future completes when the next command may go out (at once while
   * the window has room, else when a pending one is acknowledged).
   */
  Future<Void> forward(String line) {
    return forward(line, false);
  }

  /**
   * Sends a command the listener makes for its client (skyped's own NAME and PROTOCOL, which
   * Skype4Py sent and consumed): the answer lines of its acknowledgement are dropped.
   */
  Future<Void> forwardSilently(String line) {
    return forward(line, true);
  }

  private Future<Void> forward(String line, boolean silent) {
    if (line.isEmpty()) {
      // e.g. a frame starting with NUL; the contract has no empty commands
      LOG.debug("[{}] empty command ignored", id);
      return Future.succeededFuture();
    }
    if (ClientConnection.TRANSCRIPT.isDebugEnabled()) {
      ClientConnection.TRANSCRIPT.debug("[{}] session {} > {}", id, sessionId, line);
    }
    if (reattached != null) {
      return reattached.transform(ar -> ar.succeeded() && !lifecycle.ending()
          ? forward(line, silent) : Future.succeededFuture());
    }
    Pending command = new Pending(nextCommandId++, line);
    command.silent = silent;
    unacknowledged.add(command);
    transmit(command);
    if (unacknowledged.size() < MAX_UNACKNOWLEDGED_COMMANDS) {
      return Future.succeededFuture(); // the next input may go out at once
    }
    if (room == null) {
      room = Promise.promise();
    }
    return room.future();
  }

  /** Sends one attempt of a command to the current session. */
  private void transmit(Pending command) {
    String target = sessionId;
    Promise<JsonObject> outcome = Promise.promise();
    command.outcome = outcome;
    // the failover may have failed the outcome already: the bus answer must not complete it again
    Future<JsonObject> answer = link.command(target, routeGatewayId, id, command.id,
        command.line, command.resent);
    answer.onComplete(ar -> {
      if (ar.succeeded()) {
        outcome.tryComplete(ar.result());
      } else {
        outcome.tryFail(ar.cause());
      }
    });
    outcome.future().onComplete(ar -> {
      if (command.outcome != outcome) {
        return; // an earlier attempt's late answer
      }
      if (ar.succeeded()) {
        settled(command);
        acknowledged(ar.result(), command.silent);
      } else if (lifecycle.ending()) {
        settled(command);
      } else if (GatewayLink.failureCode(ar.cause()) == BusMessages.FAILURE_BAD_REQUEST) {
        LOG.warn("[{}] command rejected as malformed ({})", id,
            GatewayLink.describe(ar.cause()));
        settled(command);
      } else {
        // the session is gone or moved: attach again, then resend (see recover)
        recover(target, GatewayLink.describe(ar.cause())).onFailure(err -> { });
      }
    });
  }

  private void settled(Pending command) {
    unacknowledged.remove(command);
    if (room != null && unacknowledged.size() < MAX_UNACKNOWLEDGED_COMMANDS) {
      Promise<Void> waiting = room;
      room = null;
      waiting.complete();
    }
  }

  /** A command's answer: its lines, the statuses and level they report. */
  private void acknowledged(JsonObject ack, boolean silent) {
    host.loggedIn();
    record.noteProtocol(ack);
    if (!lifecycle.ending()) {
      record.noteSends(ack);
      JsonArray lines = BusMessages.lines(ack);
      if (!lines.isEmpty() && !silent) {
        host.inlineReply(lines, sendsOf(ack)); // same path, and order, as output
      }
    }
  }

  /** See {@link ReattachRecord#noteSends}. */
  void noteSends(JsonObject message) {
    record.noteSends(message);
  }

  /**
   * Resends, in order, every command whose last attempt failed, to the current session, as
   * {@code resent}; a command past its failovers ends the connection instead.
   */
  private void resendFailed() {
    long toResend = unacknowledged.stream()
        .filter(command -> command.outcome.future().failed()).count();
    if (toResend > 0) {
      LOG.info("[{}] resending {} command(s) the lost session did not answer", id, toResend);
    }
    for (Pending command : List.copyOf(unacknowledged)) {
      if (lifecycle.ending()) {
        return;
      }
      if (!command.outcome.future().failed()) {
        continue; // acknowledged meanwhile or sent again already
      }
      if (++command.failovers > MAX_FAILOVERS_PER_COMMAND) {
        LOG.info("[{}] command {} unanswered after {} failovers; sending OFFLINE and closing",
            id, command.id, MAX_FAILOVERS_PER_COMMAND);
        host.closeOffline("session unavailable");
        return;
      }
      command.resent = true;
      transmit(command);
    }
  }

  private static JsonArray sendsOf(JsonObject message) {
    return message.getValue(BusMessages.SENDS) instanceof JsonArray sends ? sends : null;
  }

  /** The {@code #id } prefix of a command (with its space), or "". */
  static String commandPrefix(String line) {
    return line.startsWith("#") && line.indexOf(' ') > 0
        ? line.substring(0, line.indexOf(' ') + 1) : "";
  }

  // ---------------------------------------------------------------- failover

  /**
   * The session {@code lostSessionId} did not answer (its gateway died), no longer knows this
   * connection, or moved: attach to whatever session now owns the account while the client's
   * TCP connection stays open. Ignored when the connection has moved on already.
   */
  Future<Void> recover(String lostSessionId, String why) {
    if (lifecycle.ending()) {
      return Future.failedFuture("connection closing");
    }
    if (reattached != null) {
      return reattached;
    }
    if (!lifecycle.is(ConnectionState.OPEN) || lostSessionId == null
        || !lostSessionId.equals(sessionId)) {
      if (lifecycle.is(ConnectionState.OPEN)) {
        resendFailed(); // a late failure from a session left behind
      }
      return Future.succeededFuture(); // moved on already
    }
    LOG.info("[{}] session {} lost ({}); re-attaching", id, lostSessionId, why);
    writer.line(CONNSTATUS_CONNECTING);
    lifecycle.moveTo(ConnectionState.REATTACHING, why);
    ReattachRun run = new ReattachRun(vertx, link, id, lostSessionId, failoverTimeoutMs,
        () -> link.reattach(id, remote, record.credential, record.username, lostSessionId,
            record.protocolLevel(), record.sending()),
        lifecycle::ending);
    Promise<Void> settled = Promise.promise();
    reattachRun = run;
    reattached = settled.future();
    // Pending commands fail now, not after the bus timeout (their gateway is gone); each then
    // waits for this re-attach, in order, through the future just set.
    for (Pending command : List.copyOf(unacknowledged)) {
      command.outcome.tryFail("session lost");
    }
    run.start().onComplete(ar -> {
      reattachRun = null;
      reattached = null;
      if (ar.succeeded() && !lifecycle.ending()) {
        GatewayLink.Attachment attachment = ar.result();
        if (!attachment.sessionId().equals(sessionId)) {
          LOG.info("[{}] re-attached to session {}", id, attachment.sessionId());
        }
        // a session taken over elsewhere: its new gateway gets the commands and heartbeats
        attachedTo(attachment);
        restored(attachment.reply());
        lifecycle.moveTo(ConnectionState.OPEN, "re-attached");
        resendFailed(); // before any command that waited for the re-attach
        settled.complete();
        return;
      }
      if (!lifecycle.ending()) {
        LOG.info("[{}] re-attach failed ({}); sending OFFLINE and closing", id,
            ar.failed() ? ar.cause().getMessage() : "closing");
        host.closeOffline("session unavailable");
      }
      settled.fail("re-attach failed");
    });
    return settled.future();
  }

  /**
   * What the re-attach reply says the session restored: the PROTOCOL level, and the status
   * lines of own messages that ended meanwhile, written before anything later.
   */
  private void restored(JsonObject reply) {
    record.noteProtocol(reply);
    record.noteSends(reply);
    JsonArray lines = BusMessages.lines(reply);
    if (!lines.isEmpty()) {
      host.inlineReply(lines, sendsOf(reply));
    }
  }

  /** The connection ended: stop re-attaching and tell the session. */
  void release(String reason) {
    if (reattachRun != null) {
      reattachRun.cancel();
    }
    if (sessionId != null) {
      link.detach(sessionId, routeGatewayId, id, reason)
          .onFailure(err -> LOG.debug("[{}] detach not acknowledged: {}", id,
              GatewayLink.describe(err)));
    }
  }

  /** The session, its gateway and the route of commands, from an attach's reply. */
  private void attachedTo(GatewayLink.Attachment attachment) {
    sessionId = attachment.sessionId();
    gatewayId = attachment.gatewayId();
    routeGatewayId = attachment.routeGatewayId();
  }
}
