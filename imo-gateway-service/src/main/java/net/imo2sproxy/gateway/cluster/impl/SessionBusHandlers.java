package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.emulator.AccountSession;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages to a session's own address (command, detach, join, heartbeat) and to this
 * gateway's address (open), turned into calls on the session and the {@link SessionHost}.
 */
final class SessionBusHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(SessionBusHandlers.class);

  private final LocalSessions sessions;
  private final SessionHost host;

  SessionBusHandlers(LocalSessions sessions, SessionHost host) {
    this.sessions = sessions;
    this.host = host;
  }

  /** An {@code open} from the gateway that placed an attach here. */
  void onGatewayRequest(Message<Object> request) {
    AttachRequest attach;
    Takeover previous;
    try {
      JsonObject body = BusMessages.checkVersion(request.body());
      if (!BusMessages.TYPE_OPEN.equals(body.getString(BusMessages.TYPE))) {
        throw new IllegalArgumentException("unknown type " + body.getValue(BusMessages.TYPE));
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

  private void onHeartbeat(SessionEntry entry, JsonObject body, Message<Object> message) {
    JsonArray listed = body.getValue(BusMessages.CONNECTIONS) instanceof JsonArray a
        ? a : new JsonArray();
    long now = System.currentTimeMillis();
    List<String> unknown = new ArrayList<>();
    for (Object value : listed) {
      if (!(value instanceof String connectionId)) {
        continue;
      }
      if (entry.session().hasConnection(connectionId)) {
        entry.connections().beat(connectionId, now);
      } else {
        unknown.add(connectionId);
      }
    }
    message.reply(BusMessages.heartbeatReply(unknown));
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
