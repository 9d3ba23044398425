package net.imo2sproxy.gateway.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Numbering across a take-over: the survivor never reuses the dead owner's numbers. */
class MessageNumbersTest {

  /** A cluster counter handing out consecutive blocks from {@code first}. */
  private static MessageNumbers.BlockSource counter(long first) {
    long[] next = {first};
    return size -> {
      long block = next[0];
      next[0] += size;
      return Future.succeededFuture(block);
    };
  }

  @Test
  void aTakenOverSessionNeverContinuesInThePreviousOwnersBlock() {
    MessageNumbers.BlockSource cluster = counter(5000);
    MessageNumbers dead = new MessageNumbers(cluster, 100);
    dead.start();
    List<Long> handedOut = new ArrayList<>(List.of(dead.next(), dead.next(), dead.next()));
    JsonObject lastWrite = dead.export();
    // numbers the owner handed out after its last state write, then it died
    handedOut.add(dead.next());
    handedOut.add(dead.next());

    MessageNumbers survivor = new MessageNumbers(cluster, 100);
    survivor.start();
    survivor.restore(lastWrite);
    List<Long> fresh = new ArrayList<>();
    for (int i = 0; i < 250; i++) { // over several blocks
      fresh.add(survivor.next());
    }
    assertThat(fresh).doesNotContainAnyElementsOf(handedOut);
    assertThat(fresh).allMatch(n -> n >= lastWrite.getLong("limit"));
    assertThat(fresh).doesNotHaveDuplicates();
  }

  @Test
  void withoutAClusterBlockTheLocalNumbersStartAboveThePreviousOwnersBlock() {
    long limit = MessageStore.nextId() + 1_000_000;
    MessageNumbers survivor = new MessageNumbers(size -> Future.failedFuture("unreachable"),
        100);
    survivor.start();
    survivor.restore(new JsonObject().put("next", limit - 50).put("limit", limit));
    assertThat(survivor.next()).isGreaterThan(limit);
  }

  /**
   * The cluster counter lost writes (more members died at once than it had backups) and hands
   * the survivor a block below the previous owner's: the survivor drops it, raises the counter,
   * and numbers above the previous owner's block, locally until the new block comes.
   */
  @Test
  void aBlockBelowThePreviousOwnersFromACounterThatLostWritesIsNotUsed() {
    long[] counter = {5000};
    MessageNumbers.BlockSource cluster = new MessageNumbers.BlockSource() {
      @Override
      public Future<Long> allocate(int size) {
        long block = counter[0];
        counter[0] += size;
        return Future.succeededFuture(block);
      }

      @Override
      public Future<Void> raiseTo(long floor) {
        counter[0] = Math.max(counter[0], floor);
        return Future.succeededFuture();
      }
    };
    MessageNumbers dead = new MessageNumbers(cluster, 100);
    dead.start();
    List<Long> handedOut = new ArrayList<>();
    for (int i = 0; i < 150; i++) { // into its second block
      handedOut.add(dead.next());
    }
    JsonObject lastWrite = dead.export();
    counter[0] = 1000; // the counter's partition was lost: it starts again lower

    MessageNumbers survivor = new MessageNumbers(cluster, 100);
    survivor.start();
    survivor.restore(lastWrite);
    List<Long> fresh = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      fresh.add(survivor.next());
    }
    assertThat(fresh).doesNotContainAnyElementsOf(handedOut).doesNotHaveDuplicates()
        .allMatch(n -> n >= lastWrite.getLong("limit"));
    assertThat(counter[0]).as("the counter, raised").isGreaterThan(lastWrite.getLong("limit"));
  }
}
