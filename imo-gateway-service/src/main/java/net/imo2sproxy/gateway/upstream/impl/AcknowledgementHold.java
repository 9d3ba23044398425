package net.imo2sproxy.gateway.upstream.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * The acknowledgement rule of a clustered session (docs/imo-protocol.md §14.1): the {@code ack}
 * sent to imo.im covers only server messages that a saved state holds, so that imo.im keeps
 * every other one for a survivor. A poll that would acknowledge nothing new waits for the save
 * (bounded: a stuck store slows delivery to one poll per wait, it never stops it).
 *
 * <p>Off until {@link #hold}: a single gateway acknowledges what it took. A clustered session
 * holds from before its first request, so that nothing it takes while logging in or resuming
 * is acknowledged unsaved. Confined to the transport's context.
 */
final class AcknowledgementHold {

  /** Longest wait of a poll for a save before it goes out anyway. */
  static final long SAVE_WAIT_MS = 1000;

  private final Vertx vertx;
  private boolean holding;
  /**
   * Server seqs below it are in a saved state: where the sequence space began (0, or the ack
   * of the state a resumed session continues), then what {@link #saved} confirms.
   */
  private int savedAck;
  /** The poll to send once saved (or once the wait is over); null when none waits. */
  private Runnable waitingPoll;
  private long waitTimer = -1;
  private Runnable requestSave = () -> { };

  AcknowledgementHold(Vertx vertx) {
    this.vertx = vertx;
  }

  /** From now on only what {@link #saved} confirms is acknowledged. */
  void hold(Runnable requestSave) {
    if (!holding) {
      holding = true;
      this.requestSave = requestSave;
    }
  }

  /**
   * A sequence space begins at {@code ack}: a fresh one at 0, a resumed one at the ack of the
   * saved state it continues. Nothing taken above it is saved yet.
   */
  void begin(int ack) {
    savedAck = ack;
  }

  /** The {@code ack} to send when {@code takenAck} is the lowest server seq not taken. */
  int advertised(int takenAck) {
    return holding ? Math.min(savedAck, takenAck) : takenAck;
  }

  /**
   * True when the next poll must wait for a save ({@code poll} then runs once it is saved or
   * the wait is over): the server would answer at once with what was taken but not saved.
   */
  boolean pollWaits(int takenAck, Supplier<Future<Void>> handedOn, Runnable poll) {
    if (waitingPoll != null) {
      return true; // one poll at a time
    }
    if (!holding || takenAck <= savedAck) {
      return false;
    }
    waitingPoll = poll;
    // after the hand-off of what was just taken, so that the save holds it
    handedOn.get().onComplete(v -> requestSave.run());
    waitTimer = vertx.setTimer(SAVE_WAIT_MS, id -> {
      waitTimer = -1;
      release();
    });
    return true;
  }

  /** A state holding everything below {@code serverAck} is saved. */
  void saved(int serverAck) {
    if (serverAck > savedAck) {
      savedAck = serverAck;
      release();
    }
  }

  /** Polling stopped: a waiting poll is dropped. */
  void stop() {
    cancelTimer();
    waitingPoll = null;
  }

  private void release() {
    cancelTimer();
    Runnable poll = waitingPoll;
    waitingPoll = null;
    if (poll != null) {
      poll.run();
    }
  }

  private void cancelTimer() {
    if (waitTimer >= 0) {
      vertx.cancelTimer(waitTimer);
      waitTimer = -1;
    }
  }
}
