package net.imo2sproxy.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-hop latencies of chat messages ({@code --trace-hops}) from the {@code
 * imo2sproxy.DeliveryHop} events of every process: the sender's side (the plugin's MESSAGE, the
 * sender gateway's send_im queued and posted, imo.im queuing it for the partner), then the
 * receiver's. Each message's hops are chained by their keys: the body's hash from the plugin's
 * send to the receiving gateway's store, which links it to the
 * session and message number; the gateway's notification links that to the connection; the
 * endpoint's socket write closes the chain. Only chains that start with a {@code plugin-sent}
 * inside the measured window count.
 */
public final class HopTrace {

  /** The hops in path order. */
  public static final List<String> HOPS = List.of("plugin-sent", "upstream-queued",
      "upstream-send", "imo-queued", "imo-answered", "gateway-in", "stored", "notified",
      "socket-write");

  /** One recorded hop: its name, keys and wall-clock time in nanoseconds since the epoch. */
  public record Hop(String hop, String key, String link, long epochNanos) {
  }

  private final Map<String, LatencyRecorder> segments = new LinkedHashMap<>();
  private final LatencyRecorder total = new LatencyRecorder();
  private long messages;
  private long complete;

  private HopTrace() {
    for (int i = 1; i < HOPS.size(); i++) {
      segments.put(HOPS.get(i - 1) + " -> " + HOPS.get(i), new LatencyRecorder());
    }
  }

  /** Chains the hops of messages sent in [{@code fromNanos}, {@code toNanos}] (epoch). */
  public static HopTrace of(List<Hop> hops, long fromNanos, long toNanos) {
    // hop -> key -> first time seen (a key seen twice, e.g. a redelivery, keeps its first)
    Map<String, Map<String, Hop>> byKey = new HashMap<>();
    for (Hop h : hops) {
      String key = h.hop().equals("notified") ? sessionAndNumber(h.key()) : h.key();
      byKey.computeIfAbsent(h.hop(), k -> new HashMap<>()).merge(key, h,
          (a, b) -> a.epochNanos() <= b.epochNanos() ? a : b);
    }
    HopTrace trace = new HopTrace();
    for (Hop sent : byKey.getOrDefault("plugin-sent", Map.of()).values()) {
      if (sent.epochNanos() < fromNanos || sent.epochNanos() > toNanos) {
        continue;
      }
      trace.messages++;
      long[] at = new long[HOPS.size()];
      at[0] = sent.epochNanos();
      String key = sent.key();
      for (int i = 1; i < HOPS.size(); i++) {
        Hop h = key == null ? null : byKey.getOrDefault(HOPS.get(i), Map.of()).get(key);
        if (h == null) {
          break;
        }
        at[i] = h.epochNanos();
        // stored and notified name what the next hops know the message by
        if (h.link() != null) {
          key = h.link();
        }
        trace.segments.get(HOPS.get(i - 1) + " -> " + HOPS.get(i)).record(at[i - 1], at[i]);
        if (i == HOPS.size() - 1) {
          trace.complete++;
          trace.total.record(at[0], at[i]);
        }
      }
    }
    return trace;
  }

  /** {@code <session> CHATMESSAGE <n> STATUS RECEIVED} to {@code <session> <n>}. */
  static String sessionAndNumber(String notifiedKey) {
    String[] parts = notifiedKey.split(" ");
    return parts.length == 5 ? parts[0] + " " + parts[2] : notifiedKey;
  }

  /** Messages sent in the window, and how many of them have every hop. */
  public long messages() {
    return messages;
  }

  public long complete() {
    return complete;
  }

  public Map<String, LatencyRecorder> segments() {
    return segments;
  }

  public LatencyRecorder total() {
    return total;
  }

  /** One line per segment and the total: count, p50, p90, p99, max in milliseconds. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "delivery hops: %d messages sent in the measured phase,"
        + " %d traced to the socket%n", messages, complete));
    sb.append(String.format(Locale.ROOT, "%-32s %7s %9s %9s %9s %9s%n", "hop", "count",
        "p50 ms", "p90 ms", "p99 ms", "max ms"));
    segments.forEach((name, l) -> line(sb, name, l));
    line(sb, "total (plugin-sent -> socket-write)", total);
    return sb.toString();
  }

  private static void line(StringBuilder sb, String name, LatencyRecorder l) {
    sb.append(String.format(Locale.ROOT, "%-32s %7d %9s %9s %9s %9s%n", name, l.count(),
        ms(l, l.percentileMicros(50)), ms(l, l.percentileMicros(90)),
        ms(l, l.percentileMicros(99)), ms(l, l.maxMicros())));
  }

  private static String ms(LatencyRecorder l, long micros) {
    return l.count() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", micros / 1000.0);
  }

  public JsonObject toJson() {
    JsonArray rows = new JsonArray();
    segments.forEach((name, l) -> rows.add(json(name, l)));
    rows.add(json("total", total));
    return new JsonObject().put("messages", messages).put("complete", complete)
        .put("segmentsMicros", rows);
  }

  private static JsonObject json(String name, LatencyRecorder l) {
    return new JsonObject().put("segment", name).put("count", l.count())
        .put("p50", l.percentileMicros(50)).put("p90", l.percentileMicros(90))
        .put("p99", l.percentileMicros(99)).put("max", l.maxMicros());
  }
}
