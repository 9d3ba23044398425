package net.imo2sproxy.testsupport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What both test clients do the same way: run their work on the context they are confined to,
 * and bound every wait by their patience, failing with the client's name and last lines.
 */
final class ClientContext {

  private final Vertx vertx;
  private final Context context;
  private final Supplier<String> name;
  private final ReceivedInputs received;
  private volatile Duration patience;

  ClientContext(Vertx vertx, Context context, Supplier<String> name, ReceivedInputs received,
      Duration patience) {
    this.vertx = vertx;
    this.context = context;
    this.name = name;
    this.received = received;
    this.patience = patience;
  }

  void patience(Duration patience) {
    this.patience = patience;
  }

  /** Runs {@code work} on the client's context. */
  <T> Future<T> on(Supplier<Future<T>> work) {
    if (Vertx.currentContext() == context) {
      return work.get();
    }
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future();
  }

  /** {@code future}, failed after the patience with a message naming {@code what}. */
  <T> Future<T> bounded(Future<T> future, String what) {
    if (future.isComplete()) {
      return future;
    }
    Duration limit = patience;
    Promise<T> result = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, limit.toMillis()), t -> result.tryFail(
        new TimeoutException(name.get() + ": no " + what + " within " + limit.toMillis() + " ms"
            + received.lastLines())));
    future.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }
}
