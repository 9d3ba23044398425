package net.imo2sproxy.gateway.emulator;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.MessageStore;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * What a re-attach restored for its connection (EVENT-BUS.md, the re-attach reply): the
 * PROTOCOL level it has here and the status lines of its own messages last seen SENDING that
 * ended meanwhile, with their structured form ({@code sends}).
 */
public record Resumed(int protocol, List<String> lines, JsonArray sends) {

  /**
   * For {@code connection}, whose endpoint last saw the messages {@code sending} SENDING: the
   * current status of each one that is no longer SENDING, FAILED for one {@code messages} does
   * not know (its fate is unknown), nothing for one still SENDING or whose new status is about
   * to be announced (its status follows as a notification).
   */
  static Resumed of(ApiConnection connection, List<Long> sending, MessageStore messages) {
    List<String> lines = new ArrayList<>();
    JsonArray sends = new JsonArray();
    for (long number : sending) {
      ChatMessage message = messages.get(number);
      if (message == null || message.status != ChatMessage.Status.SENDING
          && message.announcementsPending == 0) { // else its announcement tells the connection
        String status = (message == null ? ChatMessage.Status.FAILED : message.status).name();
        lines.add(connection.messageKeyword() + " " + number + " STATUS " + status);
        sends.add(BusMessages.sendStatus(number, status));
      }
    }
    return new Resumed(connection.protocol, lines, sends);
  }
}
