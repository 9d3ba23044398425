package net.imo2sproxy.gateway.emulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for a session's state on its own context, in tests (bounded, never blocking). */
final class ContextWaits {

  private ContextWaits() {
  }

  /** Checks {@code condition} every 20 ms on the calling context, for at most 10 s. */
  static Future<Void> until(Vertx vertx, BooleanSupplier condition) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    vertx.setPeriodic(20, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("condition not met within 10 s");
      }
    });
    return done.future();
  }
}
