package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's link to its session (EVENT-BUS.md): attach, commands, failover.
 *
 * <p>Commands are pipelined: up to {@link #MAX_UNACKNOWLEDGED_COMMANDS} go out before the
 * oldest is acknowledged. Each pending command's outcome is completed exactly once, by
 * whichever comes first: the session's acknowledgement, the bus failure, or the failover
 * (a heartbeat missed, a {@code reattach} message, another command's failure), which fails
 * every pending command at once instead of letting each wait out the bus timeout.
 *
 * <p>A failover writes {@code CONNSTATUS CONNECTING} and re-attaches ({@link ReattachRun})
 * for up to {@code failover-timeout-seconds}; commands wait meanwhile. Each command that was
 * pending at the lost session is then, in its original order, either sent to the new session
 * (when it surely did not arrive, a {@code 404} or no handler, or is harmless to repeat:
 * {@code GET}, {@code SEARCH}, {@code PING}, {@code PROTOCOL}, {@code NAME}) or answered
 * {@code <#id> ERROR 9903 Command not confirmed, gateway failed over}; none is dropped
 * silently. A command failing over more than {@link #MAX_FAILOVERS_PER_COMMAND} times, or a
 * re-attach that fails, ends the connection with {@code CONNSTATUS OFFLINE}. Own messages
 * still SENDING are listed in the re-attach (the new session reports how each ended) and are
 * never resent.
 */
final class SessionLink {

  /** What the link needs from its connection. */
  interface Host {
    /** Lines that came with a command's acknowledgement: written like output lines. */
    void inlineReply(JsonArray lines);

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
  private static final Pattern PROTOCOL_REPLY = Pattern.compile("^(?:#\\S+ )?PROTOCOL (\\d+)$");
  private static final Pattern MESSAGE_STATUS =
      Pattern.compile("^(CHATMESSAGE|MESSAGE) (\\d+) STATUS (\\w+)$");

  private final Vertx vertx;
  private final GatewayLink link;
  private final ConnectionLifecycle lifecycle;
  private final OutputWriter writer;
  private final String id;
  private final String remote;
  private final long failoverTimeoutMs;
  private final Host host;
  private String sessionId;
  // kept for re-attaching: the password frame (null without one), the negotiated PROTOCOL
  // level and the numbers of own messages still SENDING
  private String credential;
  private int protocolLevel;
  private final Set<Long> sending = new LinkedHashSet<>();
  // commands sent to the session, oldest first, until acknowledged or failed
  private final ArrayDeque<Promise<JsonObject>> unacknowledged = new ArrayDeque<>();
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

  /**
   * Attaches to the account's session; true once OPEN, false when the client left meanwhile
   * (the session is told at once).
   *
   * @param credential the password frame, or null for a client that never authenticated
   */
  Future<Boolean> attach(String credential, String how) {
    return link.attach(id, remote, credential).map(attachment -> {
      if (lifecycle.ending()) {
        detachQuietly(attachment.sessionId(), "client closed"); // cleanup ran without it
        return false;
      }
      sessionId = attachment.sessionId();
      this.credential = credential;
      lifecycle.moveTo(ConnectionState.OPEN, how);
      LOG.info("[{}] {}: session {} account {}", id, how, sessionId, attachment.account());
      return true;
    });
  }

  /**
   * Sends one command; the future completes when the next command may go out (at once while
   * the window has room, else when the oldest pending one is acknowledged or failed).
   */
  Future<Void> forward(String line) {
    return forward(line, 0);
  }

  private Future<Void> forward(String line, int failovers) {
    if (line.isEmpty()) {
      // e.g. a frame starting with NUL; the contract has no empty commands
      LOG.debug("[{}] empty command ignored", id);
      return Future.succeededFuture();
    }
    if (SkypeProxyConnection.TRANSCRIPT.isDebugEnabled()) {
      SkypeProxyConnection.TRANSCRIPT.debug("[{}] session {} > {}", id, sessionId, line);
    }
    if (reattached != null) {
      return reattached.transform(ar -> ar.succeeded() && !lifecycle.ending()
          ? forward(line, failovers) : Future.succeededFuture());
    }
    String target = sessionId;
    Promise<JsonObject> outcome = Promise.promise();
    unacknowledged.add(outcome);
    // the failover may have failed the outcome already: the bus answer must not complete it again
    link.command(target, id, line).onComplete(ar -> {
      if (ar.succeeded()) {
        outcome.tryComplete(ar.result());
      } else {
        outcome.tryFail(ar.cause());
      }
    });
    outcome.future().transform(ar -> {
      unacknowledged.remove(outcome);
      if (ar.succeeded()) {
        host.loggedIn();
        JsonArray lines = ar.result().getJsonArray(BusMessages.LINES);
        if (lines != null && !lifecycle.ending()) {
          host.inlineReply(lines); // same path, and order, as output
        }
        return Future.<Void>succeededFuture();
      }
      return lifecycle.ending() ? Future.<Void>succeededFuture()
          : failedCommand(line, target, failovers, ar.cause());
    }).onFailure(host::internalError);
    Promise<JsonObject> oldest = unacknowledged.peek();
    if (oldest == null || unacknowledged.size() < MAX_UNACKNOWLEDGED_COMMANDS) {
      return Future.succeededFuture(); // the next input may go out at once
    }
    return oldest.future().transform(ar -> Future.succeededFuture());
  }

  private Future<Void> failedCommand(String line, String target, int failovers,
      Throwable cause) {
    if (GatewayLink.failureCode(cause) == BusMessages.FAILURE_BAD_REQUEST) {
      LOG.warn("[{}] command rejected as malformed ({})", id, GatewayLink.describe(cause));
      return Future.succeededFuture();
    }
    // The session is gone or moved: attach again, then hand the command over. A command the
    // old session may have taken (no answer in time) is repeated only when that is harmless.
    boolean notTaken = GatewayLink.failureCode(cause) == BusMessages.FAILURE_UNKNOWN
        || GatewayLink.noHandlers(cause);
    if (failovers >= MAX_FAILOVERS_PER_COMMAND) {
      LOG.info("[{}] session {} unavailable after {} failovers ({}); sending OFFLINE and "
          + "closing", id, target, failovers, GatewayLink.describe(cause));
      host.closeOffline("session unavailable");
      return Future.succeededFuture();
    }
    return recover(target, GatewayLink.describe(cause)).transform(re -> {
      if (re.failed() || lifecycle.ending()) {
        return Future.succeededFuture(); // the client was told OFFLINE
      }
      if (notTaken || repeatable(line)) {
        return forward(line, failovers + 1);
      }
      LOG.info("[{}] command not confirmed before the failover; answering with an error", id);
      writer.line(commandPrefix(line) + "ERROR 9903 Command not confirmed, gateway failed over");
      return Future.succeededFuture();
    });
  }

  /** Commands whose repetition can have no visible effect beyond their answer. */
  static boolean repeatable(String line) {
    String command = line.startsWith("#") && line.indexOf(' ') > 0
        ? line.substring(line.indexOf(' ') + 1) : line;
    String upper = command.toUpperCase(Locale.ROOT);
    return upper.startsWith("GET ") || upper.startsWith("SEARCH ") || upper.startsWith("PING")
        || upper.startsWith("PROTOCOL ") || upper.startsWith("NAME ");
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
      return Future.succeededFuture(); // moved on already
    }
    LOG.info("[{}] session {} lost ({}); re-attaching", id, lostSessionId, why);
    writer.line(CONNSTATUS_CONNECTING);
    lifecycle.moveTo(ConnectionState.REATTACHING, why);
    ReattachRun run = new ReattachRun(vertx, link, id, lostSessionId, failoverTimeoutMs,
        () -> link.reattach(id, remote, credential, lostSessionId, protocolLevel,
            List.copyOf(sending)),
        lifecycle::ending);
    Promise<Void> settled = Promise.promise();
    reattachRun = run;
    reattached = settled.future();
    // Pending commands fail now, not after the bus timeout (their gateway is gone); each then
    // waits for this re-attach, in order, through the future just set.
    for (Promise<JsonObject> command : List.copyOf(unacknowledged)) {
      command.tryFail("session lost");
    }
    run.start().onComplete(ar -> {
      reattachRun = null;
      reattached = null;
      if (ar.succeeded() && !lifecycle.ending()) {
        if (!ar.result().equals(sessionId)) {
          sessionId = ar.result();
          LOG.info("[{}] re-attached to session {}", id, sessionId);
        }
        lifecycle.moveTo(ConnectionState.OPEN, "re-attached");
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

  /** Remembers what a re-attach needs: the PROTOCOL level and own messages still SENDING. */
  void observe(String line) {
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

  /** The connection ended: stop re-attaching and tell the session. */
  void release(String reason) {
    if (reattachRun != null) {
      reattachRun.cancel();
    }
    if (sessionId != null) {
      link.detach(sessionId, id, reason)
          .onFailure(err -> LOG.debug("[{}] detach not acknowledged: {}", id,
              GatewayLink.describe(err)));
    }
  }

  private void detachQuietly(String session, String reason) {
    link.detach(session, id, reason)
        .onFailure(err -> LOG.debug("[{}] late detach failed: {}", id, err.toString()));
  }
}
