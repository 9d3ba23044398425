package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.imo2sproxy.gateway.emulator.AccountSession;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages to a session's own address (command, detach, join, heartbeat) and to this
 * gateway's address (open, heartbeat, and a session's command or detach naming the session),
 * turned into calls on the session and the {@link SessionHost}.
 */
final class SessionBusHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(SessionBusHandlers.class);

  private final LocalSessions sessions;
  private final SessionHost host;

  SessionBusHandlers(LocalSessions sessions, SessionHost host) {
    this.sessions = sessions;
    this.host = host;
  }

  /**
   * An {@code open} from the gateway that placed an attach here, an endpoint's heartbeat for
   * its connections on this gateway's sessions, or a command or detach for one of them.
   */
  void onGatewayRequest(Message<Object> request) {
    AttachRequest attach;
    Takeover previous;
    try {
      JsonObject body = BusMessages.checkVersion(request.body());
      String type = body.getString(BusMessages.TYPE);
      if (BusMessages.TYPE_HEARTBEAT.equals(type)) {
        onGatewayHeartbeat(body, request);
        return;
      }
      if (BusMessages.TYPE_COMMAND.equals(type) || BusMessages.TYPE_DETACH.equals(type)) {
        onSessionMessage(BusMessages.requireString(body, BusMessages.SESSION), request);
        return;
      }
      if (!BusMessages.TYPE_OPEN.equals(type)) {
        throw new IllegalArgumentException("unknown type " + type);
      }
      attach = AttachRequest.fromJson(body);
      String staleSsid = body.getValue("stale-ssid") instanceof String s ? s : null;
      String staleSession = body.getValue("stale-session") instanceof String s ? s : null;
      previous = staleSsid == null && staleSession == null ? null
          : new Takeover(staleSession, staleSsid);
    } catch (IllegalArgumentException e) {
      request.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      return;
    }
    answer(request, host.open(attach, previous));
  }

  /**
   * A command or detach sent to this gateway's address: the session's own handler takes it,
   * or 404 when the session is not held here (ended, or moved: the endpoint attaches again and
   * resends, as after a {@code NO_HANDLERS} on the session's address). Never queued for a
   * session that left.
   */
  private void onSessionMessage(String sessionId, Message<Object> message) {
    SessionEntry entry = sessions.bySessionId(sessionId);
    if (entry == null) {
      message.fail(BusMessages.FAILURE_UNKNOWN, "session not held here");
      return;
    }
    onSessionMessage(entry, message);
  }

  void onSessionMessage(SessionEntry entry, Message<Object> message) {
    JsonObject body;
    String type;
    String connectionId;
    try {
      body = BusMessages.checkVersion(message.body());
      type = BusMessages.requireString(body, BusMessages.TYPE);
      if (BusMessages.TYPE_HEARTBEAT.equals(type)) {
        onHeartbeat(entry, body, message);
        return;
      }
      connectionId = BusMessages.requireString(body, BusMessages.CONNECTION);
    } catch (IllegalArgumentException e) {
      message.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      return;
    }
    switch (type) {
      case BusMessages.TYPE_COMMAND -> onCommand(entry.session(), connectionId, body, message);
      case BusMessages.TYPE_DETACH -> {
        host.detach(entry, connectionId);
        message.reply(BusMessages.accepted());
        LOG.info("connection {} detached from session {} ({})", connectionId,
            entry.sessionId(), body.getString(BusMessages.REASON, "no reason"));
        if (entry.session().connectionCount() == 0) {
          host.end(entry, "last connection left");
        }
      }
      case BusMessages.TYPE_JOIN -> {
        AttachRequest attach;
        try {
          attach = AttachRequest.fromJson(body);
        } catch (IllegalArgumentException e) {
          message.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
          return;
        }
        if (!sessions.holds(entry)) {
          message.fail(BusMessages.FAILURE_UNKNOWN, "session ended");
          return;
        }
        answer(message, host.join(entry, attach));
      }
      default -> message.fail(BusMessages.FAILURE_BAD_REQUEST, "unknown type " + type);
    }
  }

  private void onCommand(AccountSession session, String connectionId, JsonObject body,
      Message<Object> message) {
    long id;
    try {
      id = BusMessages.requireId(body);
    } catch (IllegalArgumentException e) {
      message.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      return;
    }
    if (!session.hasConnection(connectionId)) {
      message.fail(BusMessages.FAILURE_UNKNOWN, "connection not attached");
      return;
    }
    String line = body.getValue(BusMessages.LINE) instanceof String l ? l : "";
    boolean resent = Boolean.TRUE.equals(body.getValue(BusMessages.RESENT));
    // acknowledged with the answer: until then the endpoint keeps the command
    session.run(connectionId, id, resent, line).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(BusMessages.accepted(ar.result().lines(), ar.result().sends(),
            ar.result().protocol()));
      } else {
        message.fail(BusMessages.FAILURE_UNKNOWN, "connection not attached");
      }
    });
  }

  /** The per-session form: one session's connections (older endpoints, TCP bridge clients). */
  private void onHeartbeat(SessionEntry entry, JsonObject body, Message<Object> message) {
    List<String> unknown = new ArrayList<>();
    beat(entry, body.getValue(BusMessages.CONNECTIONS), System.currentTimeMillis(), unknown);
    message.reply(BusMessages.heartbeatReply(unknown));
  }

  /**
   * The per-gateway form: every connection of one endpoint on this gateway's sessions, by
   * session. The connections of a session not held here (ended, moved) are all unknown.
   */
  private void onGatewayHeartbeat(JsonObject body, Message<Object> message) {
    if (!(body.getValue(BusMessages.SESSIONS) instanceof JsonObject bySession)) {
      message.fail(BusMessages.FAILURE_BAD_REQUEST, "a heartbeat needs 'sessions'");
      return;
    }
    long now = System.currentTimeMillis();
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, Object> listed : bySession) {
      beat(sessions.bySessionId(listed.getKey()), listed.getValue(), now, unknown);
    }
    message.reply(BusMessages.heartbeatReply(unknown));
  }

  /** Marks the listed connections alive on {@code entry} (null: not here); adds the others. */
  private static void beat(SessionEntry entry, Object listed, long now, List<String> unknown) {
    if (!(listed instanceof JsonArray connections)) {
      return;
    }
    for (Object value : connections) {
      if (!(value instanceof String connectionId)) {
        continue;
      }
      if (entry != null && entry.session().hasConnection(connectionId)) {
        entry.connections().beat(connectionId, now);
      } else {
        unknown.add(connectionId);
      }
    }
  }

  private static void answer(Message<Object> request, Future<JsonObject> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        request.reply(ar.result());
      } else {
        int code = ar.cause() instanceof ReplyException re ? re.failureCode() : 500;
        request.fail(code, String.valueOf(ar.cause().getMessage()));
      }
    });
  }
}
