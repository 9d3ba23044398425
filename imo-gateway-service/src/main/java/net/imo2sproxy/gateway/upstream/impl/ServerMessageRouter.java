package net.imo2sproxy.gateway.upstream.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;
import net.imo2sproxy.gateway.upstream.ImoEventListener;
import net.imo2sproxy.gateway.upstream.ImoSessionEnd;
import net.imo2sproxy.protocol.trace.DeliveryHop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates each server message (docs/imo-protocol.md §10) and routes it: the session-level ones
 * ({@code disconnect}, {@code expired}, system {@code reset}, the auto-away preference push) are
 * handled for the session, the rest goes to the listener. One bad message never stops the ones
 * after it.
 */
final class ServerMessageRouter implements ImoTransport.Receiver {

  /** What the router needs of its session. */
  interface SessionControl {
    void end(ImoSessionEnd.Cause cause, String detail);

    /** Ended by the server or the network (not by a sign-off). */
    boolean endedByServer();

    boolean isSignedOn();

    void signedOn();

    /** Answers an {@code auto_away} = true push (docs/imo-protocol.md §10.8). */
    void answerAutoAway();
  }

  private static final Logger LOG = LoggerFactory.getLogger(ServerMessageRouter.class);

  private final ImoEventListener listener;
  private final SessionControl session;
  private final String logId;

  ServerMessageRouter(ImoEventListener listener, SessionControl session, String logId) {
    this.listener = listener;
    this.session = session;
    this.logId = logId;
  }

  @Override
  public void onEnded(ImoSessionEnd end) {
    listener.onSessionEnded(end);
  }

  @Override
  public void onMessages(List<JsonObject> messages) {
    for (JsonObject message : messages) {
      if (session.endedByServer()) {
        return;
      }
      JsonObject to = message.getValue("to") instanceof JsonObject t ? t : null;
      JsonObject from = message.getValue("from") instanceof JsonObject f ? f : null;
      if (to == null || from == null || !(to.getValue("system") instanceof String toSystem)
          || !(from.getValue("system") instanceof String fromSystem)
          || !(message.getValue("data") instanceof JsonObject data)) {
        LOG.warn("[{}] skipping a server message without to/from system or data", logId);
        continue;
      }
      if (!"client".equals(toSystem)) {
        continue;
      }
      try {
        route(fromSystem, data);
      } catch (RuntimeException e) {
        LOG.error("[{}] failed to handle a {} message", logId, fromSystem, e);
      }
    }
  }

  private void route(String fromSystem, JsonObject data) {
    switch (fromSystem) {
      case "reset" -> session.end(ImoSessionEnd.Cause.RESET, "server reset the session");
      case "preference" -> onPreferences(data);
      case "im", "av" -> onEvent(fromSystem, data);
      default -> listener.onServerMessage(fromSystem, data);
    }
  }

  private void onEvent(String fromSystem, JsonObject event) {
    if (!(event.getValue("name") instanceof String name)) {
      LOG.warn("[{}] skipping a {} event without name", logId, fromSystem);
      return;
    }
    if (event.getValue("proto") instanceof String proto
        && !ImoEnvelope.PROTO.equalsIgnoreCase(proto)) {
      LOG.debug("[{}] ignoring a {} event of protocol {}", logId, name, proto);
      return;
    }
    switch (name) {
      case "disconnect" -> {
        Object reason = event.getValue("edata") instanceof JsonObject e ? e.getValue("msg") : null;
        boolean rejected = "uidpassword".equals(reason) || !session.isSignedOn();
        session.end(rejected ? ImoSessionEnd.Cause.CREDENTIALS_REJECTED
            : ImoSessionEnd.Cause.DISCONNECTED,
            "disconnect" + (reason == null ? "" : " (" + reason + ")"));
      }
      case "expired" -> session.end(ImoSessionEnd.Cause.EXPIRED, "session expired");
      case "signed_on" -> {
        session.signedOn();
        listener.onServerMessage(fromSystem, event);
      }
      default -> {
        if (DeliveryHop.enabled() && name.equals("recv_im")) {
          traceReceived(event);
        }
        listener.onServerMessage(fromSystem, event);
      }
    }
  }

  /** The bench's delivery trace: a received message reached the gateway. */
  private static void traceReceived(JsonObject event) {
    if (event.getValue("edata") instanceof JsonObject e && e.getValue("msg") instanceof String m) {
      DeliveryHop.record("gateway-in", DeliveryHop.messageKey(m), null);
    }
  }

  private void onPreferences(JsonObject data) {
    if (!(data.getValue("preferences") instanceof JsonArray preferences)) {
      LOG.debug("[{}] preference message without preferences ignored", logId);
      return;
    }
    for (Object element : preferences) {
      if (element instanceof JsonObject pref && "impref".equals(pref.getValue("kind"))
          && "auto_away".equals(pref.getValue("pref"))
          && Boolean.TRUE.equals(pref.getValue("value"))) {
        session.answerAutoAway();
      } else {
        LOG.debug("[{}] ignoring preference {}", logId, element);
      }
    }
  }
}
