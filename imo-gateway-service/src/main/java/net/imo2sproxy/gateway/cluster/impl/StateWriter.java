package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.imo2sproxy.gateway.cluster.SessionStateStore;
import net.imo2sproxy.gateway.emulator.AccountSession;
import net.imo2sproxy.gateway.emulator.SavedState;
import net.imo2sproxy.gateway.emulator.StateSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one session's saved state ({@link SessionStateStore}) for a survivor: changes are
 * written after a short delay, coalesced, one write at a time, and the last write of a
 * hand-over wins.
 *
 * <pre>
 *   NOT_STARTED --start--> IDLE --change--> SCHEDULED --delay over / writeNow--> WRITING
 *   IDLE --writeNow--> WRITING --change / writeNow / failed--> WRITING_MORE
 *   WRITING --done--> IDLE;   WRITING_MORE --done--> SCHEDULED
 *   started --handOver--> HANDING_OVER --writeLast--> KEPT;   not handed over --stop--> STOPPED
 * </pre>
 *
 * <p>A failed write counts as a change. Confined to the gateway's context.
 */
final class StateWriter implements SavedState {

  private static final Logger LOG = LoggerFactory.getLogger(StateWriter.class);

  enum State {
    /** Until the previous owner's state was looked up (forever where nothing is kept). */
    NOT_STARTED,
    IDLE,
    SCHEDULED,
    WRITING,
    /** Writing, and changed since the write's snapshot: another write follows. */
    WRITING_MORE,
    /** Signing off for a hand-over: only the last write is still to come. */
    HANDING_OVER,
    /** Handed over: the state stays for the next owner. */
    KEPT,
    STOPPED
  }

  /** Where the writes go: {@link SessionStateStore#save}. */
  @FunctionalInterface
  interface Store {
    Future<Void> save(String sessionId, String accountKey, String state, String roster,
        boolean pointer);
  }

  /** What is written: the session's state and roster as JSON text. */
  interface Snapshots {
    /** {@code withUpstream}: false once the upstream session was signed off. */
    StateSnapshot state(boolean withUpstream);

    String roster();

    static Snapshots of(AccountSession session) {
      return new Snapshots() {
        @Override
        public StateSnapshot state(boolean withUpstream) {
          return session.stateSnapshot(withUpstream);
        }

        @Override
        public String roster() {
          return session.rosterSnapshot().encode();
        }
      };
    }
  }

  /** Gateway-wide totals of the writes (count, bytes, CPU of snapshot and encoding). */
  static final class Totals {
    private long writes;
    private long bytes;
    private long nanos;

    void add(long written, long spent) {
      writes++;
      bytes += written;
      nanos += spent;
    }

    long[] toArray() {
      return new long[] {writes, bytes, nanos};
    }

    @Override
    public String toString() {
      return writes == 0 ? "no state writes" : "state writes so far: " + writes + ", "
          + bytes / writes + " bytes on average, " + nanos / writes / 1000 + " us CPU on average";
    }
  }

  private final Vertx vertx;
  private final Store store;
  private final String sessionId;
  private final Snapshots snapshots;
  private final String accountKey;
  private final long delayMillis;
  private final Totals totals;
  private State state = State.NOT_STARTED;
  private long timer = -1;
  /** The write in flight (WRITING, WRITING_MORE), else a completed future. */
  private Future<Void> inFlight = Future.succeededFuture();
  private boolean rosterChanged = true;
  /**
   * Digests of the last written state and roster (SHA-256 of their text): enough to skip an
   * unchanged write, at 48 bytes where the texts cost an idle session about a kilobyte.
   */
  private byte[] lastState;
  private byte[] lastRoster;
  /** Last write of everything (state, roster, account pointer): their time-to-live. */
  private long lastFullWriteAt;
  /** A write asked for by {@link #saved} starts on the next turn. */
  private boolean writeAhead;
  /** Waiting for a save that has not begun yet ({@link #saved}). */
  private final List<Promise<Void>> waitingForSave = new ArrayList<>();

  StateWriter(Vertx vertx, Store store, String sessionId, Snapshots snapshots,
      String accountKey, long delayMillis, Totals totals) {
    this.vertx = vertx;
    this.store = store;
    this.sessionId = sessionId;
    this.snapshots = snapshots;
    this.accountKey = accountKey;
    this.delayMillis = Math.max(1, delayMillis);
    this.totals = totals;
  }

  State state() {
    return state;
  }

  /** The predecessor's state was looked up: this session's own writes may begin. */
  void start() {
    if (state == State.NOT_STARTED) {
      state = State.IDLE;
      if (!waitingForSave.isEmpty()) {
        writeNow(false);
      }
    }
  }

  /**
   * Completes once a write that began after this call succeeded; starts one on the next turn
   * of the context (no delay). Not in this turn: the server messages of one imo.im answer are
   * handed on in one turn, and a save begun while the first of them is handled would record
   * the acknowledgement of all of them before the later ones took effect (a survivor would
   * then neither find their effect nor get them again). At once when nothing more will be
   * written (stopped, handed over).
   */
  @Override
  public Future<Void> saved() {
    switch (state) {
      case STOPPED, KEPT, HANDING_OVER -> {
        return Future.succeededFuture();
      }
      default -> {
      }
    }
    Promise<Void> saved = Promise.promise();
    waitingForSave.add(saved);
    if ((state == State.IDLE || state == State.SCHEDULED) && !writeAhead) {
      writeAhead = true;
      vertx.getOrCreateContext().runOnContext(v -> {
        writeAhead = false;
        if (state == State.IDLE || state == State.SCHEDULED) {
          writeNow(false);
        }
      });
    } else if (state == State.WRITING) {
      state = State.WRITING_MORE;
    }
    return saved.future();
  }

  /** The session changed (its roster too when {@code roster}). */
  void changed(boolean roster) {
    rosterChanged |= roster;
    switch (state) {
      case IDLE -> schedule();
      case WRITING -> state = State.WRITING_MORE;
      default -> {
      }
    }
  }

  /**
   * Writes now: when changed, or everything when {@code full} (the time-to-live needs a
   * refresh). During a write, only notes that another one follows.
   */
  Future<Void> writeNow(boolean full) {
    switch (state) {
      case WRITING, WRITING_MORE -> {
        state = State.WRITING_MORE;
        return Future.succeededFuture();
      }
      case SCHEDULED -> cancelTimer();
      case IDLE -> {
      }
      default -> {
        return Future.succeededFuture();
      }
    }
    List<Promise<Void>> waiting = List.copyOf(waitingForSave);
    waitingForSave.clear();
    Future<Void> written = write(full, true);
    if (written == null) {
      state = State.IDLE; // the state as it is was saved already
      waiting.forEach(Promise::tryComplete);
      return Future.succeededFuture();
    }
    state = State.WRITING;
    inFlight = written.otherwiseEmpty();
    written.onComplete(ar -> {
      if (ar.succeeded()) {
        waiting.forEach(Promise::tryComplete);
      } else {
        waitingForSave.addAll(0, waiting); // the next write carries them
      }
      if (ar.failed() && state == State.WRITING) {
        state = State.WRITING_MORE;
      }
      if (state == State.WRITING) {
        state = State.IDLE;
      } else if (state == State.WRITING_MORE) {
        if (waitingForSave.isEmpty() || ar.failed()) {
          schedule();
        } else {
          state = State.IDLE;
          writeNow(false); // someone waits for it: no delay
        }
      } else if (!waitingForSave.isEmpty()) {
        // handed over or stopped meanwhile: nothing more is written for them
        List.copyOf(waitingForSave).forEach(Promise::tryComplete);
        waitingForSave.clear();
      }
    });
    return inFlight;
  }

  /** True when the last full write is older than {@code millis}. */
  boolean fullWriteOlderThan(long millis) {
    return System.currentTimeMillis() - lastFullWriteAt > millis;
  }

  /** A hand-over begins: no more writes until {@link #writeLast}. */
  void handOver() {
    cancelTimer();
    if (state != State.NOT_STARTED) {
      state = State.HANDING_OVER;
    }
    List.copyOf(waitingForSave).forEach(Promise::tryComplete);
    waitingForSave.clear();
  }

  /**
   * The hand-over's write, after the one in flight (or once {@code deadlineMillis} passed),
   * so that it is the last; without the upstream session, which was signed off.
   */
  Future<Void> writeLast(long deadlineMillis) {
    if (state != State.HANDING_OVER) {
      state = State.KEPT;
      return Future.succeededFuture();
    }
    return Waits.within(vertx, inFlight, deadlineMillis).compose(v -> {
      Future<Void> written = write(true, false);
      return written == null ? Future.<Void>succeededFuture() : written.otherwiseEmpty();
    }).onComplete(ar -> state = State.KEPT);
  }

  /** True when the saved state is for the next owner and must not be deleted. */
  boolean keptForNextOwner() {
    return state == State.HANDING_OVER || state == State.KEPT;
  }

  /** The session ended: nothing more is written (a hand-over still writes its last). */
  void stop() {
    cancelTimer();
    if (!keptForNextOwner()) {
      state = State.STOPPED;
    }
    List.copyOf(waitingForSave).forEach(Promise::tryComplete);
    waitingForSave.clear();
  }

  private void schedule() {
    state = State.SCHEDULED;
    timer = vertx.setTimer(delayMillis, id -> {
      timer = -1;
      state = State.IDLE;
      writeNow(false);
    });
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (state == State.SCHEDULED) {
      state = State.IDLE;
    }
  }

  /** Starts a write of what changed (everything when {@code full}); null if nothing did. */
  private Future<Void> write(boolean full, boolean withUpstream) {
    long started = System.nanoTime();
    StateSnapshot snapshot = snapshots.state(withUpstream);
    String text = snapshot.text();
    String roster = null;
    byte[] rosterDigest = null;
    if (rosterChanged || lastRoster == null || full) {
      roster = snapshots.roster();
      rosterDigest = digest(roster);
      if (Arrays.equals(rosterDigest, lastRoster) && !full) {
        roster = null;
      }
    }
    rosterChanged = false;
    byte[] stateDigest = digest(text);
    if (!full && roster == null && Arrays.equals(stateDigest, lastState)) {
      snapshot.saved().run();
      return null;
    }
    totals.add(text.length() + (roster == null ? 0 : roster.length()),
        System.nanoTime() - started);
    if (full) {
      lastFullWriteAt = System.currentTimeMillis();
    }
    byte[] writtenRoster = roster == null ? null : rosterDigest;
    return store.save(sessionId, accountKey, text, roster, full)
        .onSuccess(v -> {
          lastState = stateDigest;
          snapshot.saved().run();
          if (writtenRoster != null) {
            lastRoster = writtenRoster;
          }
        })
        .onFailure(err -> LOG.warn("cannot save the state of session {}: {}",
            sessionId, err.getMessage()));
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
