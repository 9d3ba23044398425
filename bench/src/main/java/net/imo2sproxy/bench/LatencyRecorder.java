package net.imo2sproxy.bench;

import org.HdrHistogram.Histogram;

/**
 * Latencies in microseconds in an HdrHistogram. At a fixed offered rate every operation is
 * measured from the time the schedule <em>intended</em> to send it, not from when it was
 * actually sent: a stall then counts against every operation that should have gone out during
 * it (coordinated-omission correction by construction). Not thread-safe: one per event loop,
 * merged with {@link #add(LatencyRecorder)}.
 */
public final class LatencyRecorder {

  /** Longest latency tracked; longer ones are clamped (and are errors in practice). */
  public static final long MAX_MICROS = 120_000_000L;

  private final Histogram histogram = new Histogram(MAX_MICROS, 3);

  /** Records {@code doneNanos - startNanos} (both from {@link System#nanoTime()}). */
  public void record(long startNanos, long doneNanos) {
    long micros = Math.max(0, (doneNanos - startNanos) / 1_000);
    histogram.recordValue(Math.min(micros, MAX_MICROS));
  }

  public void add(LatencyRecorder other) {
    histogram.add(other.histogram);
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** The value at {@code percentile} (0..100) in microseconds; 0 when empty. */
  public long percentileMicros(double percentile) {
    return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
  }

  public long maxMicros() {
    return count() == 0 ? 0 : histogram.getMaxValue();
  }

  public double meanMicros() {
    return count() == 0 ? 0 : histogram.getMean();
  }
}
