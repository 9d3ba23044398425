package net.imo2sproxy.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.shareddata.Counter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Raising the cluster's message-number counter: compare-and-set, bounded in attempts. */
class SessionStateStoreTest {

  @Test
  void aCounterAboveTheFloorIsLeftAlone() {
    RivalledCounter counter = new RivalledCounter(10, 0);
    assertThat(SessionStateStore.raise(counter, 7, SessionStateStore.MAX_CAS_ATTEMPTS)
        .succeeded()).isTrue();
    assertThat(counter.casCalls.get()).isZero();
    assertThat(counter.value.get()).isEqualTo(10);
  }

  @Test
  void aCounterMovedByAnotherGatewayIsRaisedOnTheNextAttempt() {
    RivalledCounter counter = new RivalledCounter(1, 1); // one rival allocation in between
    assertThat(SessionStateStore.raise(counter, 100, SessionStateStore.MAX_CAS_ATTEMPTS)
        .succeeded()).isTrue();
    assertThat(counter.casCalls.get()).isEqualTo(2);
    assertThat(counter.value.get()).isEqualTo(100);
  }

  @Test
  void aCounterThatKeepsMovingFailsAfterTheLastAttemptInsteadOfLoopingOn() {
    RivalledCounter counter = new RivalledCounter(1, Integer.MAX_VALUE);
    Future<Void> raised = SessionStateStore.raise(counter, 1_000_000,
        SessionStateStore.MAX_CAS_ATTEMPTS);
    assertThat(raised.failed()).isTrue();
    assertThat(raised.cause()).hasMessageContaining("1000000");
    assertThat(counter.casCalls.get()).isEqualTo(SessionStateStore.MAX_CAS_ATTEMPTS);
  }

  /** A counter another gateway allocates from just before each of the first n CAS calls. */
  private static final class RivalledCounter implements Counter {
    final AtomicLong value;
    final AtomicInteger casCalls = new AtomicInteger();
    private int rivalMoves;

    RivalledCounter(long start, int rivalMoves) {
      this.value = new AtomicLong(start);
      this.rivalMoves = rivalMoves;
    }

    @Override
    public Future<Long> get() {
      return Future.succeededFuture(value.get());
    }

    @Override
    public Future<Boolean> compareAndSet(long expected, long next) {
      casCalls.incrementAndGet();
      if (rivalMoves > 0) {
        rivalMoves--;
        value.addAndGet(10); // a block taken meanwhile
      }
      return Future.succeededFuture(value.compareAndSet(expected, next));
    }

    @Override
    public Future<Long> incrementAndGet() {
      return Future.succeededFuture(value.incrementAndGet());
    }

    @Override
    public Future<Long> getAndIncrement() {
      return Future.succeededFuture(value.getAndIncrement());
    }

    @Override
    public Future<Long> decrementAndGet() {
      return Future.succeededFuture(value.decrementAndGet());
    }

    @Override
    public Future<Long> addAndGet(long delta) {
      return Future.succeededFuture(value.addAndGet(delta));
    }

    @Override
    public Future<Long> getAndAdd(long delta) {
      return Future.succeededFuture(value.getAndAdd(delta));
    }
  }
}
