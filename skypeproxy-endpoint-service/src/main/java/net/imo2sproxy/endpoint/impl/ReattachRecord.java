package net.imo2sproxy.endpoint.impl;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * What the endpoint keeps of one connection to attach it again after a failover
 * (EVENT-BUS.md, the re-attach): its password frame, a skyped client's username, its PROTOCOL
 * level and its own messages still SENDING, the last two learnt from the structured fields of
 * acknowledgements, output and re-attach replies ({@code protocol}, {@code sends}).
 *
 * <p>Confined to the connection's context.
 */
final class ReattachRecord {

  /** The password frame, or null without one. */
  String credential;
  /**
   * A skyped client's USERNAME (null for SkypeProxy): the account's name when the password
   * alone names no account (docs/skyped-listener.md).
   */
  String username;
  /** 0: the session's initial level. */
  private int protocolLevel;
  private final Set<Long> sending = new LinkedHashSet<>();

  int protocolLevel() {
    return protocolLevel;
  }

  /** Own messages last seen SENDING, in order. */
  List<Long> sending() {
    return List.copyOf(sending);
  }

  /** The {@code protocol} of an acknowledgement or re-attach reply, when it has one. */
  void noteProtocol(JsonObject message) {
    if (message.getValue(BusMessages.PROTOCOL) instanceof Number level) {
      protocolLevel = level.intValue();
    }
  }

  /**
   * Which own messages are still SENDING, from the {@code sends} of an acknowledgement, output
   * message or re-attach reply (a RECEIVED entry names a received message: never SENDING).
   */
  void noteSends(JsonObject message) {
    for (Map.Entry<Long, String> status : BusMessages.sends(message).entrySet()) {
      if ("SENDING".equals(status.getValue())) {
        sending.add(status.getKey());
      } else {
        sending.remove(status.getKey());
      }
    }
  }
}
