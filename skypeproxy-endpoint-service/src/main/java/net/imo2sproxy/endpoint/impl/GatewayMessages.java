package net.imo2sproxy.endpoint.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages a gateway sends one connection (EVENT-BUS.md): {@code output} lines to frame,
 * {@code close}, {@code reattach} and {@code avatar}, in the order they come; those arriving
 * while an avatar is delivered wait behind it.
 */
final class GatewayMessages {

  /** How the connection ends on a {@code close}. */
  interface Closer {
    /** Writes CONNSTATUS OFFLINE, then closes. */
    void closeOffline(String reason);

    /** Writes {@code last} (if any), then closes. */
    void closeAfter(Buffer last, String reason);
  }

  private static final Logger LOG = LoggerFactory.getLogger(GatewayMessages.class);
  private static final String RECEIVED = "RECEIVED";

  private final String id;
  private final ConnectionLifecycle lifecycle;
  private final OutputWriter writer;
  private final SessionLink session;
  private final AvatarDelivery avatars;
  private final Closer closer;
  private final ReceivedAnnouncements announced = new ReceivedAnnouncements();

  GatewayMessages(String id, ConnectionLifecycle lifecycle, OutputWriter writer,
      SessionLink session, AvatarDelivery avatars, Closer closer) {
    this.id = id;
    this.lifecycle = lifecycle;
    this.writer = writer;
    this.session = session;
    this.avatars = avatars;
    this.closer = closer;
  }

  /** A message body from the bus; nothing once the connection ends. */
  void receive(Object body) {
    if (lifecycle.ending()) {
      return;
    }
    JsonObject json;
    try {
      json = BusMessages.checkVersion(body);
    } catch (IllegalArgumentException e) {
      LOG.error("[{}] bad message for the connection: {}", id, e.getMessage());
      return;
    }
    if (!avatars.queueIfBusy(json)) { // order is kept: nothing overtakes an avatar's reply
      handle(json);
    }
  }

  /**
   * Lines (and the {@code sends} that describe them, may be null) that came with a command's
   * acknowledgement or a re-attach reply: the same path, and order, as output.
   */
  void inlineReply(JsonArray lines, JsonArray sends) {
    JsonObject output = BusMessages.output(BusMessages.KIND_REPLY, List.of())
        .put(BusMessages.LINES, lines);
    receive(sends == null ? output : output.put(BusMessages.SENDS, sends));
  }

  /**
   * The announcement lines of received messages this connection was told of before (a
   * survivor repeats its predecessor's), as both PROTOCOL forms; null when there are none.
   */
  private Set<String> repeatedAnnouncements(JsonObject output) {
    Set<String> repeats = null;
    for (Map.Entry<Long, String> status : BusMessages.sends(output).entrySet()) {
      if (RECEIVED.equals(status.getValue()) && !announced.firstTime(status.getKey())) {
        if (repeats == null) {
          repeats = new HashSet<>();
        }
        repeats.add("CHATMESSAGE " + status.getKey() + " STATUS RECEIVED");
        repeats.add("MESSAGE " + status.getKey() + " STATUS RECEIVED");
      }
    }
    return repeats;
  }

  /** One message, now (an avatar's waiting messages come here once it is delivered). */
  void handle(JsonObject json) {
    String type = json.getString(BusMessages.TYPE);
    if (BusMessages.TYPE_OUTPUT.equals(type)) {
      JsonArray lines = json.getJsonArray(BusMessages.LINES);
      if (lines == null) {
        LOG.error("[{}] output message without lines", id);
        return;
      }
      session.noteSends(json);
      Set<String> repeats = repeatedAnnouncements(json);
      for (Object line : lines) {
        if (line instanceof String text) {
          if (repeats != null && repeats.contains(text)) {
            LOG.debug("[{}] repeated announcement dropped: {}", id, text);
            continue;
          }
          writer.line(text);
        } else {
          LOG.error("[{}] output line is not a string; skipped", id);
        }
      }
    } else if (BusMessages.TYPE_CLOSE.equals(type)) {
      LOG.info("[{}] closed by the gateway: {}", id, json.getString(BusMessages.REASON));
      // lines already received are still delivered; the client learns it is offline
      if (lifecycle.state().attached()) {
        closer.closeOffline("closed by the gateway");
      } else {
        closer.closeAfter(null, "closed by the gateway");
      }
    } else if (BusMessages.TYPE_REATTACH.equals(type)) {
      session.recover(session.sessionId(),
          "session moved: " + json.getString(BusMessages.REASON));
    } else if (BusMessages.TYPE_AVATAR.equals(type)) {
      avatars.deliver(json);
    } else {
      LOG.error("[{}] unknown message type for the connection: {}", id, type);
    }
  }
}
