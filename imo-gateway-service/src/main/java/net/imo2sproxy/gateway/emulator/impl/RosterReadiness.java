package net.imo2sproxy.gateway.emulator.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the first roster of the current upstream session has arrived, and who waits for it
 * (SEARCH FRIENDS).
 */
public final class RosterReadiness {

  private final Vertx vertx;
  private boolean known;
  private final List<Promise<Void>> waiters = new ArrayList<>();

  public RosterReadiness(Vertx vertx) {
    this.vertx = vertx;
  }

  public boolean known() {
    return known;
  }

  /** Completes once the roster is known, or after {@code timeout}; at once when offline. */
  public Future<Void> ready(boolean online, Duration timeout) {
    if (known || !online) {
      return Future.succeededFuture();
    }
    Promise<Void> waiter = Promise.promise();
    waiters.add(waiter);
    vertx.setTimer(timeout.toMillis(), id -> waiter.tryComplete());
    return waiter.future();
  }

  public void markKnown() {
    known = true;
    release();
  }

  /** A new upstream session will bring its own roster. */
  public void reset() {
    known = false;
    release();
  }

  private void release() {
    List<Promise<Void>> released = new ArrayList<>(waiters);
    waiters.clear();
    released.forEach(Promise::tryComplete);
  }
}
