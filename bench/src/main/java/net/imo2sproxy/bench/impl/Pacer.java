package net.imo2sproxy.bench.impl;

import io.vertx.core.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Open-loop pacing for a {@link LoadGroup}: issues operation k at {@code start + k / rate} on the
 * group's event loop. A pacing thread sleeps until each intended time ({@code parkNanos}) and
 * hands the operations due to the event loop: a 1 ms tick made operations up to a millisecond
 * late (counted against the bridge by the coordinated-omission correction), and
 * sub-millisecond event-loop timers kept an event loop spinning.
 */
final class Pacer {

  /** Operations due this soon are sent with the current ones instead of a wake-up of their own. */
  private static final long PACING_SLACK_NANOS = 20_000;

  /** One paced operation: its sequence number, intended and actual send time (ns). */
  interface PacedOperation {
    void issue(long k, long intended, long now);
  }

  private Pacer() {
  }

  /**
   * Paces {@code op} at {@code rate} per second from {@code start} until {@code end} (ns) or until
   * {@code running}, asked on {@code context}, turns false.
   */
  static void pace(Context context, double rate, long start, long end, BooleanSupplier running,
      PacedOperation op) {
    double intervalNanos = 1e9 / rate;
    AtomicBoolean stop = new AtomicBoolean();
    Thread pacer = new Thread(() -> {
      long k = 0;
      while (!stop.get()) {
        long intended = start + (long) (k * intervalNanos);
        if (intended >= end) {
          return;
        }
        long wait = intended - System.nanoTime();
        if (wait > PACING_SLACK_NANOS) {
          LockSupport.parkNanos(wait);
          continue;
        }
        long now = System.nanoTime();
        long from = k;
        while (start + (long) (k * intervalNanos) <= now + PACING_SLACK_NANOS
            && start + (long) (k * intervalNanos) < end) {
          k++;
        }
        long to = k;
        context.runOnContext(v -> {
          if (!running.getAsBoolean()) {
            stop.set(true);
            return;
          }
          long sentAt = System.nanoTime();
          for (long i = from; i < to; i++) {
            op.issue(i, start + (long) (i * intervalNanos), sentAt);
          }
        });
      }
    }, "bench-pacer");
    pacer.setDaemon(true);
    pacer.start();
  }
}
