package net.imo2sproxy.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.protocol.wire.SkypeProxyProtocolException;
import net.imo2sproxy.protocol.wire.SkypeProxyServerStreamDecoder;
import net.imo2sproxy.testsupport.ServerInput.CloseSlot;
import net.imo2sproxy.testsupport.ServerInput.DataSlot;
import net.imo2sproxy.testsupport.ServerInput.Line;
import net.imo2sproxy.testsupport.ServerInput.OpenSlot;

/**
 * What a {@link SkypeProxyTestClient} received and who waits for it, fed by the stream decoder:
 * the inputs in stream order with the sequential reader's position, every line, the lines no
 * {@code take} returned yet, the waiting predicates and the raw answers due. No I/O and no timer
 * (the client bounds the waits). Confined to the client's context, except {@link #lines()},
 * {@link #lastLines()} and {@link #onLine}.
 */
final class ReceivedInputs implements SkypeProxyServerStreamDecoder.Listener {

  /** How a waiting predicate sees lines: all since the connect, untaken ones, or later ones. */
  enum Mode { SEEN, TAKE, NEW }

  private record Waiter(Mode mode, Predicate<String> match, Promise<String> promise) {
  }

  /** How many of the last lines {@link #lastLines()} names. */
  private static final int NAMED_LINES = 10;

  // also read under its lock by lines() and lastLines()
  private final List<String> lines = new ArrayList<>();
  private final List<String> untaken = new ArrayList<>();
  private final List<ServerInput> inputs = new ArrayList<>();
  private int cursor;
  private Promise<ServerInput> nextReader;
  private final List<Waiter> waiters = new ArrayList<>();
  private final Deque<Promise<Integer>> rawAnswers = new ArrayDeque<>();
  private volatile Consumer<String> lineListener = line -> { };
  private volatile SkypeProxyProtocolException protocolError;
  /** Why no more input can come (the connection closed), or null. */
  private String ended;

  // ------------------------------------------------------------------ from the decoder

  @Override
  public void onFrame(Buffer payload) {
    String line = SkypeProxyFrames.payloadText(payload);
    line(line);
    lineListener.accept(line);
  }

  @Override
  public void onRawByte(int value) {
    Promise<Integer> answer = rawAnswers.poll();
    if (answer == null) {
      protocolError = new SkypeProxyProtocolException("unexpected raw byte " + value, -1);
      return;
    }
    answer.complete(value);
  }

  @Override
  public void onOpenSlot(Buffer name) {
    input(new OpenSlot(name));
  }

  @Override
  public void onDataSlot(int slot, Buffer data) {
    input(new DataSlot(slot, data));
  }

  @Override
  public void onCloseSlot(int slot) {
    input(new CloseSlot(slot));
  }

  @Override
  public void onProtocolError(SkypeProxyProtocolException error) {
    protocolError = error;
    failRawAnswers("stream broken: " + error.getMessage());
  }

  // ------------------------------------------------------------------ for the client

  /** A line arrived: recorded, and handed to the waiters it matches (to one TAKE at most). */
  private void line(String line) {
    synchronized (lines) {
      lines.add(line);
    }
    untaken.add(line);
    input(new Line(line));
    List<Waiter> matched = new ArrayList<>();
    boolean taken = false;
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.mode == Mode.TAKE && taken) {
        continue;
      }
      if (waiter.match.test(line)) {
        it.remove();
        matched.add(waiter);
        if (waiter.mode == Mode.TAKE) {
          taken = true;
          untaken.remove(untaken.size() - 1);
        }
      }
    }
    matched.forEach(waiter -> waiter.promise.tryComplete(line));
  }

  /** An input arrived; slot frames are seen by the sequential reader only. */
  private void input(ServerInput input) {
    inputs.add(input);
    Promise<ServerInput> reader = nextReader;
    if (reader != null && cursor < inputs.size()) {
      nextReader = null;
      reader.tryComplete(inputs.get(cursor++));
    }
  }

  /** The next input in stream order (each once). */
  Future<ServerInput> next() {
    if (cursor < inputs.size()) {
      return Future.succeededFuture(inputs.get(cursor++));
    }
    if (ended != null) {
      return Future.failedFuture(ended + ", no input left" + lastLines());
    }
    if (nextReader != null) {
      return Future.failedFuture("next() is already waiting");
    }
    nextReader = Promise.promise();
    return nextReader.future();
  }

  /** A line since the connect matching {@code match} (received or to come). */
  Future<String> seen(Predicate<String> match) {
    for (String line : lines) {
      if (match.test(line)) {
        return Future.succeededFuture(line);
      }
    }
    return waitFor(Mode.SEEN, match);
  }

  /** The oldest matching line that no earlier {@code take} returned (received or to come). */
  Future<String> take(Predicate<String> match) {
    for (Iterator<String> it = untaken.iterator(); it.hasNext(); ) {
      String line = it.next();
      if (match.test(line)) {
        it.remove();
        return Future.succeededFuture(line);
      }
    }
    return waitFor(Mode.TAKE, match);
  }

  /** The first matching line that arrives from now on. */
  Future<String> later(Predicate<String> match) {
    return waitFor(Mode.NEW, match);
  }

  /** The raw answer to the next command-mode input (announce it to the decoder too). */
  Future<Integer> rawAnswer() {
    Promise<Integer> answer = Promise.promise();
    if (ended != null) {
      answer.fail(ended + lastLines());
    } else {
      rawAnswers.add(answer);
    }
    return answer.future();
  }

  /** Sees every line as it arrives (one listener; set at once, from any thread). */
  void onLine(Consumer<String> listener) {
    lineListener = listener;
  }

  SkypeProxyProtocolException protocolError() {
    return protocolError;
  }

  /** No input can come any more: every wait fails with {@code why}. */
  void end(String why) {
    ended = why;
    String message = why + lastLines();
    failRawAnswers(message);
    List<Waiter> waiting = List.copyOf(waiters);
    waiters.clear();
    waiting.forEach(w -> w.promise.tryFail(message));
    Promise<ServerInput> reader = nextReader;
    nextReader = null;
    if (reader != null) {
      reader.tryFail(message);
    }
  }

  private void failRawAnswers(String why) {
    while (!rawAnswers.isEmpty()) {
      rawAnswers.poll().tryFail(why);
    }
  }

  /** Every line so far (a copy; from any thread). */
  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The last lines, for failure messages (from any thread). */
  String lastLines() {
    synchronized (lines) {
      return "; last lines " + List.copyOf(
          lines.subList(Math.max(0, lines.size() - NAMED_LINES), lines.size()));
    }
  }

  private Future<String> waitFor(Mode mode, Predicate<String> match) {
    if (ended != null) {
      return Future.failedFuture(ended + lastLines());
    }
    Promise<String> promise = Promise.promise();
    Waiter waiter = new Waiter(mode, match, promise);
    waiters.add(waiter);
    return promise.future().andThen(ar -> waiters.remove(waiter));
  }
}
