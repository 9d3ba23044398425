package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;

/** Where a command's output goes: replies to the asker, notifications to any connection. */
public interface CommandOutput {

  void reply(ApiConnection asker, List<String> lines);

  /**
   * Reply lines that report the status of own messages, with the structured form of those
   * statuses ({@code sends}, EVENT-BUS.md), so the endpoint knows which are still SENDING.
   */
  void reply(ApiConnection asker, List<String> lines, JsonArray sends);

  /** A reply that is not lines (an avatar), sent after the lines written before it. */
  void answer(ApiConnection asker, JsonObject message);

  void notify(ApiConnection connection, String line);

  /** The status of own message {@code number} to one connection (with its {@code sends}). */
  void notifySendStatus(ApiConnection connection, long number, String status);

  /** One notification rendered for each connection (null = nothing for that one). */
  void notifyAll(Function<ApiConnection, String> render);
}
