package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Waiting for a future with a bound, without failing when the bound is reached. */
final class Waits {

  private Waits() {
  }

  /** Completes when {@code awaited} does (either way) or after {@code millis}. */
  static Future<Void> within(Vertx vertx, Future<?> awaited, long millis) {
    if (awaited.isComplete()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, millis), id -> done.tryComplete());
    awaited.onComplete(ar -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }
}
