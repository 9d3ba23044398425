package net.imo2sproxy.testsupport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one bounded wait of the tests, for conditions no event announces (cluster membership, a
 * counter, a log file): the condition is asked every {@link #INTERVAL}, at most
 * {@code limit / INTERVAL + 1} times, and the wait fails with an {@link AssertionError} naming
 * what it waited for. Where an event exists (a line from {@link SkypeProxyTestClient}, a
 * future, a closed connection), wait for that instead.
 */
public final class Await {

  /** How long a wait lasts unless the test says otherwise. */
  public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(20);
  /** Between two questions. */
  public static final Duration INTERVAL = Duration.ofMillis(50);

  private Await() {
  }

  /** Blocks until {@code condition} holds; on the test's thread, never on an event loop. */
  public static void until(String what, Duration limit, Callable<Boolean> condition) {
    value(what, limit, condition, Boolean.TRUE::equals);
  }

  /**
   * Blocks until {@code probe} gives a value that is {@code done}, and returns that value; on the
   * test's thread, never on an event loop.
   */
  public static <T> T value(String what, Duration limit, Callable<T> probe, Predicate<T> done) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("a blocking wait on an event loop: " + what);
    }
    long attempts = attempts(limit);
    T last = null;
    for (long i = 0; i < attempts; i++) {
      last = call(probe);
      if (done.test(last)) {
        return last;
      }
      if (i + 1 < attempts) {
        try {
          Thread.sleep(INTERVAL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for " + what, e);
        }
      }
    }
    throw new AssertionError("waited " + limit.toMillis() + " ms for " + what
        + (last == null || last instanceof Boolean ? "" : "; last seen: " + last));
  }

  /**
   * Completes once {@code probe}'s future gives true, asking on Vert.x timers (for tests written
   * as future chains); a failed probe counts as false. Fails after {@code limit}.
   */
  public static Future<Void> until(Vertx vertx, String what, Duration limit,
      Supplier<Future<Boolean>> probe) {
    Promise<Void> done = Promise.promise();
    ask(vertx, what, probe, attempts(limit), limit, done);
    return done.future();
  }

  private static void ask(Vertx vertx, String what, Supplier<Future<Boolean>> probe, long left,
      Duration limit, Promise<Void> done) {
    probe.get().otherwise(false).onComplete(ar -> {
      if (Boolean.TRUE.equals(ar.result())) {
        done.tryComplete();
      } else if (left <= 1) {
        done.tryFail(new AssertionError("waited " + limit.toMillis() + " ms for " + what));
      } else {
        vertx.setTimer(INTERVAL.toMillis(), t -> ask(vertx, what, probe, left - 1, limit, done));
      }
    });
  }

  /**
   * Blocks for the future's result, at most {@link #DEFAULT_LIMIT}; its failure is thrown (a
   * checked one inside an {@link AssertionError}).
   */
  public static <T> T result(Future<T> future) {
    return result(future, DEFAULT_LIMIT);
  }

  /** Blocks for the future's result, at most {@code limit}; its failure is thrown. */
  public static <T> T result(Future<T> future, Duration limit) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("a blocking wait on an event loop");
    }
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + limit.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw unchecked(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static <T> T call(Callable<T> probe) {
    try {
      return probe.call();
    } catch (Exception e) {
      throw unchecked(e);
    }
  }

  private static RuntimeException unchecked(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    throw new AssertionError(String.valueOf(failure.getMessage()), failure);
  }

  private static long attempts(Duration limit) {
    return Math.max(1, limit.toMillis() / INTERVAL.toMillis() + 1);
  }
}
