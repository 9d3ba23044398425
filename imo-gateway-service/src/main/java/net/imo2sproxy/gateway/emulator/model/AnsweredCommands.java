package net.imo2sproxy.gateway.emulator.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of commands whose repetition would do something twice ({@code CHAT CREATE}, a
 * second group; {@code CALL}, a second call), by command key, the last {@link
 * MessageStore#KEYED_PER_CONNECTION} of each connection. Kept in the saved state, so that such
 * a command resent after a failover is answered from here instead of run again (EVENT-BUS.md).
 */
public final class AnsweredCommands {

  private record Answer(CommandKey key, List<String> lines) {
  }

  private final Map<String, ArrayDeque<Answer>> byConnection = new HashMap<>();

  /** Records the reply lines (without the {@code #id} prefix) command {@code key} got. */
  public void record(CommandKey key, List<String> lines) {
    ArrayDeque<Answer> recent = byConnection.computeIfAbsent(key.connection(),
        c -> new ArrayDeque<>());
    recent.addLast(new Answer(key, List.copyOf(lines)));
    if (recent.size() > MessageStore.KEYED_PER_CONNECTION) {
      recent.removeFirst();
    }
  }

  /** The reply lines command {@code key} got, or null when it was not answered here. */
  public List<String> get(CommandKey key) {
    ArrayDeque<Answer> recent = byConnection.get(key.connection());
    if (recent != null) {
      for (Answer answer : recent) {
        if (answer.key().equals(key)) {
          return answer.lines();
        }
      }
    }
    return null;
  }

  /** The connection left for good: its commands are never resent. */
  public void forgetConnection(String connectionId) {
    byConnection.remove(connectionId);
  }

  public boolean isEmpty() {
    return byConnection.isEmpty();
  }

  /** The saved-state form: {@code [{"c":<connection>,"i":<id>,"l":[<line>...]}...]}. */
  public JsonArray encode() {
    JsonArray all = new JsonArray();
    byConnection.values().forEach(recent -> recent.forEach(answer -> all.add(new JsonObject()
        .put("c", answer.key().connection()).put("i", answer.key().id())
        .put("l", new JsonArray(answer.lines())))));
    return all;
  }

  /** Adds the entries of {@link #encode} (unreadable ones skipped). */
  public void restore(JsonArray saved) {
    if (saved == null) {
      return;
    }
    for (Object raw : saved) {
      if (raw instanceof JsonObject json && json.getValue("c") instanceof String connection
          && json.getValue("i") instanceof Number id
          && json.getValue("l") instanceof JsonArray lines) {
        record(new CommandKey(connection, id.longValue()),
            lines.stream().map(String::valueOf).toList());
      }
    }
  }
}
