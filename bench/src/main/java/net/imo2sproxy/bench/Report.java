package net.imo2sproxy.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The printed table and the JSON results file. */
public final class Report {

  private Report() {
  }

  /** One row per scenario, then one line per measured process for memory. */
  public static String table(List<ScenarioResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-22s %9s %6s %10s %9s %9s %9s %9s  %s%n",
        "scenario", "ops", "errors", "ops/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
        "CPU us/op by process"));
    // rows of several deployments (a limit run) say which is which
    boolean several = results.stream().map(ScenarioResult::deployment).distinct().count() > 1;
    for (ScenarioResult r : results) {
      LatencyRecorder l = r.latency();
      sb.append(String.format(Locale.ROOT, "%-22s %9d %6d %10.1f %9s %9s %9s %9s  %s%n",
          several ? r.name() + " [" + r.deployment() + "]" : r.name(), r.operations(),
          r.errors(), r.throughput(),
          ms(l, l.percentileMicros(50)), ms(l, l.percentileMicros(99)),
          ms(l, l.percentileMicros(99.9)), ms(l, l.maxMicros()), cpu(r.cpuMicrosPerOp())
              + (r.messages() != null ? "  " + r.messages().brief() : "")));
      if (r.messages() != null) {
        sb.append("    messages: ").append(r.messages().describe()).append('\n');
        if (r.extra().getValue("messageReplyMicros") instanceof JsonObject reply
            && r.extra().getValue("bodyAnswerMicros") instanceof JsonObject body) {
          sb.append(String.format(Locale.ROOT, "    commands: MESSAGE to its reply p50 %.3f ms,"
                  + " p99 %.3f ms; GET CHATMESSAGE n BODY to its answer p50 %.3f ms, p99 %.3f ms%n",
              reply.getLong("p50", 0L) / 1e3, reply.getLong("p99", 0L) / 1e3,
              body.getLong("p50", 0L) / 1e3, body.getLong("p99", 0L) / 1e3));
        }
      }
      if (!r.allocatedBytesPerOp().isEmpty()) {
        StringBuilder alloc = new StringBuilder();
        r.allocatedBytesPerOp().forEach((k, v) -> alloc.append(' ').append(k).append('=')
            .append(String.format(Locale.ROOT, "%.0f", v)));
        sb.append("    allocated per ").append(unit(r)).append(", bytes:").append(alloc)
            .append('\n');
      }
      r.gcPauses().forEach((k, v) -> sb.append(String.format(Locale.ROOT,
          "    GC pauses    %-12s %s%n", k, v.describe())));
      if (!r.jitMillis().isEmpty()) {
        StringBuilder jit = new StringBuilder();
        r.jitMillis().forEach((k, v) -> jit.append(' ').append(k).append('=').append(v));
        sb.append("    JIT compiling during the phase, ms:").append(jit).append('\n');
      }
      if (r.warmupMessages() != null) {
        sb.append("    warm-up:  ").append(r.warmupMessages().describe()).append('\n');
      }
      for (Map.Entry<String, ScenarioResult.Memory> m : r.memory().entrySet()) {
        ScenarioResult.Memory mem = m.getValue();
        sb.append(String.format(Locale.ROOT,
            "    %-12s heap after GC %7.1f MiB -> %7.1f MiB = %8.1f KiB/item;"
                + " RSS %7.1f MiB -> %7.1f MiB = %8.1f KiB/item (%d items)%n",
            m.getKey(), mib(mem.heapBefore()), mib(mem.heapAfter()), mem.heapPerItem() / 1024,
            mib(mem.rssBefore()), mib(mem.rssAfter()), mem.rssPerItem() / 1024, mem.items()));
      }
    }
    return sb.toString();
  }

  /** What one operation of the row is. */
  private static String unit(ScenarioResult r) {
    if (r.name().startsWith("commands")) {
      return "command";
    }
    if (r.name().startsWith("chat")) {
      return "message";
    }
    return "operation";
  }

  private static String ms(LatencyRecorder l, long micros) {
    return l.count() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", micros / 1000.0);
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static String cpu(Map<String, Double> cpu) {
    StringBuilder sb = new StringBuilder();
    cpu.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ")
        .append(k).append('=').append(String.format(Locale.ROOT, "%.1f", v)));
    return sb.toString();
  }

  /** The whole run as JSON: settings, machine, and every scenario's result. */
  public static JsonObject json(JsonObject settings, List<ScenarioResult> results) {
    JsonArray scenarios = new JsonArray();
    results.forEach(r -> scenarios.add(r.toJson()));
    return new JsonObject()
        .put("settings", settings)
        .put("machine", new JsonObject()
            .put("cpus", Runtime.getRuntime().availableProcessors())
            .put("java", System.getProperty("java.version"))
            .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
            .put("loadAverageAtEnd", java.lang.management.ManagementFactory
                .getOperatingSystemMXBean().getSystemLoadAverage()))
        .put("results", scenarios);
  }

  public static void write(Path file, JsonObject json) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, json.encodePrettily() + "\n");
  }
}
