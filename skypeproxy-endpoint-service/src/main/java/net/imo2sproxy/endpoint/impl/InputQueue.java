package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A connection's inputs (frames and command-mode bytes), processed strictly in order, one at a
 * time: a step that waits for the bus holds back the following inputs, and the socket is
 * paused while {@link #PAUSE_THRESHOLD} or more pile up.
 */
final class InputQueue {

  /** Queued inputs above which the socket stops reading until the queue is empty. */
  static final int PAUSE_THRESHOLD = 32;

  private final NetSocket socket;
  private final Function<Object, Future<Void>> step;
  private final BooleanSupplier ending;
  private final BooleanSupplier outputHeld;
  private final BooleanSupplier slotNumberOwed;
  private final Consumer<Throwable> failure;
  private final ArrayDeque<Object> inputs = new ArrayDeque<>();
  // the step waiting for the bus (null while none)
  private Future<Void> running;
  // the socket is paused because inputs piled up
  private boolean paused;

  /**
   * @param step processes one input; its future completes when the next may be processed
   * @param ending the connection ends: nothing more is processed
   * @param outputHeld output is held: no input is processed (its answers could not be
   *     written either)
   * @param slotNumberOwed the socket must stay readable: never paused
   * @param failure a step failed
   */
  InputQueue(NetSocket socket, Function<Object, Future<Void>> step, BooleanSupplier ending,
      BooleanSupplier outputHeld, BooleanSupplier slotNumberOwed, Consumer<Throwable> failure) {
    this.socket = socket;
    this.step = step;
    this.ending = ending;
    this.outputHeld = outputHeld;
    this.slotNumberOwed = slotNumberOwed;
    this.failure = failure;
  }

  void add(Object input) {
    if (ending.getAsBoolean()) {
      return;
    }
    inputs.add(input);
    if (!paused && !slotNumberOwed.getAsBoolean() && inputs.size() >= PAUSE_THRESHOLD) {
      paused = true;
      socket.pause();
    }
    drain();
  }

  /** Processes what may be processed now; call again whenever a blocking condition ends. */
  void drain() {
    while (running == null && !ending.getAsBoolean() && !outputHeld.getAsBoolean()
        && !inputs.isEmpty()) {
      Future<Void> next;
      try {
        next = step.apply(inputs.poll());
      } catch (RuntimeException e) {
        next = Future.failedFuture(e);
      }
      if (next.isComplete()) {
        if (next.failed()) {
          failure.accept(next.cause());
        }
        continue;
      }
      running = next;
      next.onComplete(ar -> {
        running = null;
        if (ar.failed()) {
          failure.accept(ar.cause());
        }
        drain();
      });
      return;
    }
    if (paused && inputs.isEmpty() && !ending.getAsBoolean()) {
      resume();
    }
  }

  /** Reads again at once (the client owes a byte that comes behind the inputs read). */
  void resume() {
    if (paused) {
      paused = false;
      socket.resume();
    }
  }

  /** Drops what is queued (the connection ends). */
  void clear() {
    inputs.clear();
  }
}
