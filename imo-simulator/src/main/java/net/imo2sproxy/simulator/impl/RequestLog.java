package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What clients sent, for test assertions and the admin API. Thread-safe because tests read it
 * from their own thread. Secrets are masked on the way in, so they can never leak out.
 */
public final class RequestLog {

  static final String MASK = "***";
  private static final int CAPACITY = 10_000;

  private final Deque<JsonObject> entries = new ArrayDeque<>();

  public synchronized void add(JsonObject entry) {
    if (entries.size() == CAPACITY) {
      entries.removeFirst();
    }
    entries.addLast(entry);
  }

  /** Deep copies, oldest first. */
  public synchronized List<JsonObject> snapshot() {
    List<JsonObject> out = new ArrayList<>(entries.size());
    entries.forEach(e -> out.add(e.copy()));
    return out;
  }

  public synchronized void clear() {
    entries.clear();
  }

  /** A copy of {@code value} with every {@code passwd}/{@code password} value replaced by "***". */
  public static Object mask(Object value) {
    if (value instanceof JsonObject o) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, Object> e : o) {
        String k = e.getKey().toLowerCase(Locale.ROOT);
        boolean secret = k.equals("passwd") || k.equals("password");
        out.put(e.getKey(), secret && e.getValue() != null ? MASK : mask(e.getValue()));
      }
      return out;
    }
    if (value instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(v -> out.add(mask(v)));
      return out;
    }
    return value;
  }
}
