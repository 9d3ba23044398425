package net.imo2sproxy.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The garbage collector's pauses of one process in one measured phase, read from its safepoint
 * log ({@code -Xlog:safepoint}): every collector stops the application in a safepoint whose VM
 * operation names it (G1..., Z..., Parallel...), and the log's {@code Total} is the whole stall
 * the application sees, time to reach the safepoint included. One format for G1, Parallel and
 * ZGC, and for Java 17 and later.
 */
public record GcPauses(int count, long totalNanos, long maxNanos, long p99Nanos) {

  private static final Pattern SAFEPOINT =
      Pattern.compile("Safepoint \"([^\"]+)\",.*?Total: (\\d+) ns");

  /** No pause (or no log). */
  public static final GcPauses NONE = new GcPauses(0, 0, 0, 0);

  /** The pauses of the collector in a stretch of safepoint log; other safepoints are left out. */
  public static GcPauses parse(String safepointLog) {
    List<Long> pauses = new ArrayList<>();
    Matcher m = SAFEPOINT.matcher(safepointLog);
    while (m.find()) {
      if (isCollector(m.group(1))) {
        pauses.add(Long.parseLong(m.group(2)));
      }
    }
    return of(pauses);
  }

  /** Summary of pause durations in nanoseconds. */
  public static GcPauses of(List<Long> pauseNanos) {
    if (pauseNanos.isEmpty()) {
      return NONE;
    }
    long[] sorted = pauseNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    long total = Arrays.stream(sorted).sum();
    // nearest rank: the smallest pause with at least 99 % of the pauses at or below it
    int rank = (int) Math.ceil(0.99 * sorted.length) - 1;
    return new GcPauses(sorted.length, total, sorted[sorted.length - 1], sorted[rank]);
  }

  /**
   * A VM operation of a collector: G1 (G1CollectForAllocation, G1Concurrent, G1PauseRemark,
   * ...), ZGC (ZMarkStart, ZRelocateStartYoung, ...), Parallel, Serial, Shenandoah, and the
   * metadata-triggered collection. Thread dumps, deoptimization, cleanups are not.
   */
  static boolean isCollector(String operation) {
    return operation.startsWith("G1") || operation.startsWith("Z")
        || operation.startsWith("Parallel") || operation.startsWith("Serial")
        || operation.startsWith("Shenandoah") || operation.startsWith("GenCollect")
        || operation.equals("CollectForMetadataAllocation");
  }

  public String describe() {
    return String.format(Locale.ROOT, "%d pauses, total %.2f ms, max %.3f ms, p99 %.3f ms",
        count, totalNanos / 1e6, maxNanos / 1e6, p99Nanos / 1e6);
  }

  public JsonObject toJson() {
    return new JsonObject().put("count", count).put("totalMicros", totalNanos / 1000)
        .put("maxMicros", maxNanos / 1000).put("p99Micros", p99Nanos / 1000);
  }
}
