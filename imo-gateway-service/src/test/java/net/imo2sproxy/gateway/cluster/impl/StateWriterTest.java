package net.imo2sproxy.gateway.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.gateway.cluster.impl.StateWriter.State;
import net.imo2sproxy.gateway.emulator.StateSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The state writer's states: coalescing, one write at a time, and the hand-over's last. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class StateWriterTest {

  private static final long DELAY_MS = 30;

  /** Writes the test completes by hand. */
  private static final class Writes implements StateWriter.Store {
    final List<String> states = new ArrayList<>();
    final List<Promise<Void>> pending = new ArrayList<>();

    @Override
    public Future<Void> save(String sessionId, String accountKey, String state, String roster,
        boolean pointer) {
      states.add(state);
      Promise<Void> written = Promise.promise();
      pending.add(written);
      return written.future();
    }

    void completeLast() {
      pending.get(pending.size() - 1).complete();
    }
  }

  /** A session's state as a list of changes; also counts which snapshots kept the upstream. */
  private static final class Session implements StateWriter.Snapshots {
    final List<String> changes = new ArrayList<>();
    StateWriter writer;

    StateWriter writer(Vertx vertx, Writes writes) {
      writer = new StateWriter(vertx, writes, "s1", this, "alice", DELAY_MS,
          new StateWriter.Totals());
      return writer;
    }

    void change(String what) {
      changes.add(what);
      writer.changed(false);
    }

    @Override
    public StateSnapshot state(boolean withUpstream) {
      return new StateSnapshot(
          String.join(",", changes) + (withUpstream ? " +upstream" : " signed off"),
          () -> savedCalls++);
    }

    @Override
    public String roster() {
      return "[]";
    }

    int savedCalls;
  }

  @Test
  void savedWritesOnTheNextTurnAndCompletesOnceTheWriteIsDone(Vertx vertx,
      VertxTestContext ctx) {
    Writes writes = new Writes();
    vertx.runOnContext(v -> {
      Session session = new Session();
      StateWriter writer = session.writer(vertx, writes);
      writer.start();
      session.changes.add("message 1");
      Future<Void> first = writer.saved();
      // later in the same turn (the next message of one imo.im answer): in the same write
      session.changes.add("message 1b");
      ctx.verify(() -> assertThat(writes.states).as("nothing written within the turn").isEmpty());
      vertx.runOnContext(next -> afterTheFirstWrite(vertx, ctx, writes, session, writer, first));
    });
  }

  private void afterTheFirstWrite(Vertx vertx, VertxTestContext ctx, Writes writes,
      Session session, StateWriter writer, Future<Void> first) {
    ctx.verify(() -> {
      // no write delay: someone waits for it
      assertThat(writer.state()).isEqualTo(State.WRITING);
      assertThat(writes.states).containsExactly("message 1,message 1b +upstream");
      assertThat(first.isComplete()).isFalse();
    });
    session.changes.add("message 2");
    Future<Void> second = writer.saved(); // began after the first write: needs the next one
    writes.completeLast();
    ctx.verify(() -> {
      assertThat(first.succeeded()).isTrue();
      assertThat(second.isComplete()).isFalse();
      assertThat(session.savedCalls).isEqualTo(1);
      // the next write follows at once, not after the delay
      assertThat(writes.states).hasSize(2);
      assertThat(writes.states.get(1)).isEqualTo("message 1,message 1b,message 2 +upstream");
    });
    writes.pending.get(1).fail("map unavailable");
    ctx.verify(() -> assertThat(second.isComplete()).as("a failed write saves nothing")
        .isFalse());
    vertx.setTimer(DELAY_MS * 4, t -> ctx.verify(() -> {
      assertThat(writes.states).hasSize(3);
      writes.completeLast();
      assertThat(second.succeeded()).isTrue();
      assertThat(session.savedCalls).isEqualTo(2);
      // unchanged since: saved already, confirmed on the next turn without a write
      writer.saved().onComplete(ctx.succeeding(unchanged -> ctx.verify(() -> {
        assertThat(writes.states).hasSize(3);
        ctx.completeNow();
      })));
    }));
  }

  @Test
  void changesAreCoalescedAndWrittenOneAtATime(Vertx vertx, VertxTestContext ctx) {
    Writes writes = new Writes();
    vertx.runOnContext(v -> {
      Session session = new Session();
      StateWriter writer = session.writer(vertx, writes);
      session.change("before the start");
      assertThat(writer.state()).isEqualTo(State.NOT_STARTED);
      writer.start();
      session.change("one");
      session.change("two");
      assertThat(writer.state()).isEqualTo(State.SCHEDULED);
      vertx.setTimer(DELAY_MS * 4, t1 -> ctx.verify(() -> {
        assertThat(writes.states).hasSize(1);
        assertThat(writes.states.get(0)).isEqualTo("before the start,one,two +upstream");
        assertThat(writer.state()).isEqualTo(State.WRITING);
        session.change("three");
        assertThat(writer.state()).isEqualTo(State.WRITING_MORE);
        writes.completeLast();
        assertThat(writer.state()).isEqualTo(State.SCHEDULED);
        vertx.setTimer(DELAY_MS * 4, t2 -> ctx.verify(() -> {
          assertThat(writes.states).hasSize(2);
          assertThat(writes.states.get(1)).contains("three");
          writes.completeLast();
          assertThat(writer.state()).isEqualTo(State.IDLE);
          writer.stop();
          session.change("after the end");
          assertThat(writer.state()).isEqualTo(State.STOPPED);
          assertThat(writes.states).hasSize(2);
          ctx.completeNow();
        }));
      }));
    });
  }

  @Test
  void aFailedWriteIsWrittenAgain(Vertx vertx, VertxTestContext ctx) {
    Writes writes = new Writes();
    vertx.runOnContext(v -> {
      Session session = new Session();
      StateWriter writer = session.writer(vertx, writes);
      writer.start();
      writer.writeNow(true);
      writes.pending.get(0).fail("map unavailable");
      ctx.verify(() -> assertThat(writer.state()).isEqualTo(State.SCHEDULED));
      vertx.setTimer(DELAY_MS * 4, t -> ctx.verify(() -> {
        assertThat(writes.states).hasSize(2);
        ctx.completeNow();
      }));
    });
  }

  /** The last write follows the one in flight as soon as it is done: no polling in between. */
  @Test
  void theHandOversLastWriteFollowsTheWriteInFlight(Vertx vertx, VertxTestContext ctx) {
    Writes writes = new Writes();
    vertx.runOnContext(v -> {
      Session session = new Session();
      StateWriter writer = session.writer(vertx, writes);
      writer.start();
      session.change("first");
      writer.writeNow(true);
      session.change("taken during the write");
      writer.handOver();
      Future<Void> last = writer.writeLast(HandOver.WAIT_MS);
      ctx.verify(() -> {
        assertThat(writer.state()).isEqualTo(State.HANDING_OVER);
        assertThat(writes.states).hasSize(1);
        writes.completeLast();
        // started in the same turn of the event loop as the write in flight completed
        assertThat(writes.states).hasSize(2);
        assertThat(writes.states.get(1)).isEqualTo("first,taken during the write signed off");
        assertThat(last.isComplete()).isFalse();
        writes.completeLast();
        assertThat(last.succeeded()).isTrue();
        assertThat(writer.state()).isEqualTo(State.KEPT);
        assertThat(writer.keptForNextOwner()).isTrue();
        writer.stop();
        assertThat(writer.state()).isEqualTo(State.KEPT);
      });
      ctx.completeNow();
    });
  }

  @Test
  void theLastWriteGivesUpWaitingAtTheDeadline(Vertx vertx, VertxTestContext ctx) {
    Writes writes = new Writes();
    vertx.runOnContext(v -> {
      Session session = new Session();
      StateWriter writer = session.writer(vertx, writes);
      writer.start();
      writer.writeNow(true); // never completes
      writer.handOver();
      long started = System.currentTimeMillis();
      writer.writeLast(100).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
        assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(90);
        assertThat(writer.state()).isEqualTo(State.KEPT);
        ctx.completeNow();
      })));
      vertx.setTimer(200, t -> writes.completeLast());
    });
  }
}
