package net.imo2sproxy.gateway.upstream.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-to-client sequence space of one upstream session (docs/imo-protocol.md §4): which
 * server messages were taken, and the {@code ack} that tells the server what it may forget.
 *
 * <p>The server keeps a message until an {@code ack} covers it, so the {@code ack} sent is the
 * lowest sequence number not yet taken, never "highest seen + 1": a message overtaken by a later
 * one (a poll answer lost while a command answer got through) stays uncovered and comes again.
 * A number that never comes (a server that delivers once, or skips numbers) would hold the
 * {@code ack} back forever; it is given up after {@link #GAP_PATIENCE} answers to requests that
 * already showed the gap and still did not fill it.
 */
final class ServerSequence {

  private static final Logger LOG = LoggerFactory.getLogger(ServerSequence.class);

  /** Answers that may leave a known gap unfilled before it is given up. */
  static final int GAP_PATIENCE = 2;
  /** Most numbers taken ahead of a gap; past it the gap is given up at once. */
  static final int WINDOW = 1024;

  private int ack;
  private final TreeSet<Integer> ahead = new TreeSet<>();
  private int unfilledAnswers;

  /** The {@code ack} to send: every number below it was taken or given up. */
  int ack() {
    return ack;
  }

  /** Whether a number above {@link #ack} was taken, so a lower one is missing. */
  boolean hasGap() {
    return !ahead.isEmpty();
  }

  /**
   * §4.4 applied to an answer: keeps the messages whose {@code seq} is new (in order),
   * advances the {@code ack}, drops duplicates, and gives up gaps the server did not fill.
   */
  List<JsonObject> take(JsonObject response, boolean gapAtSend, int ackSent, String logId) {
    List<JsonObject> taken = new ArrayList<>();
    if (!ImoEnvelope.FORWARD_TO_CLIENT.equals(response.getValue("method"))) {
      LOG.debug("[{}] ignoring a response with method {}", logId, response.getValue("method"));
      return taken;
    }
    JsonObject data = response.getValue("data") instanceof JsonObject d ? d : null;
    if (data != null && data.getValue("messages") instanceof JsonArray messages) {
      for (Object element : messages) {
        if (!(element instanceof JsonObject message)) {
          LOG.warn("[{}] skipping a malformed server message", logId);
          continue;
        }
        if (message.getValue("seq") instanceof Number n && !take(n.intValue())) {
          LOG.debug("[{}] dropping duplicate server message seq {}", logId, n);
          continue;
        }
        taken.add(message);
      }
    }
    int[] givenUp = answerTaken(gapAtSend, ackSent);
    if (givenUp != null) {
      LOG.warn("[{}] server messages {}..{} never arrived; acknowledged without them", logId,
          givenUp[0], givenUp[1]);
    }
    return taken;
  }

  /** Takes {@code seq}; false when it was taken before (a duplicate to drop). */
  boolean take(int seq) {
    if (seq < ack || ahead.contains(seq)) {
      return false;
    }
    if (seq == ack) {
      ack++;
      advance();
    } else {
      ahead.add(seq);
      if (ahead.size() > WINDOW) {
        giveUpGap();
      }
    }
    return true;
  }

  /**
   * One answer was fully taken. {@code sentWithGap}: the request that got it already carried
   * an {@code ack} at or below the gap with the gap open, so the server had its chance to
   * fill it.
   *
   * @return the numbers given up now, as {@code [first, last]}, or null
   */
  int[] answerTaken(boolean sentWithGap, int ackSent) {
    if (ahead.isEmpty()) {
      unfilledAnswers = 0;
      return null;
    }
    if (sentWithGap && ackSent <= ack && ++unfilledAnswers >= GAP_PATIENCE) {
      int first = ack;
      int last = ahead.first() - 1;
      giveUpGap();
      return new int[] {first, last};
    }
    return null;
  }

  private void giveUpGap() {
    ack = ahead.first();
    advance();
    unfilledAnswers = 0;
  }

  private void advance() {
    while (!ahead.isEmpty() && ahead.first() <= ack) {
      if (ahead.pollFirst() == ack) {
        ack++;
      }
    }
    if (ahead.isEmpty()) {
      unfilledAnswers = 0;
    }
  }

  void reset() {
    ack = 0;
    ahead.clear();
    unfilledAnswers = 0;
  }

  /**
   * For a take-over: {@code server-ack} and the numbers taken above it, leaving out
   * {@code pending}, numbers taken but not yet handed on (a survivor must get those again).
   */
  void exportTo(JsonObject state, Set<Integer> pending) {
    int low = ack;
    for (int seq : pending) {
      low = Math.min(low, seq);
    }
    JsonArray seen = new JsonArray();
    for (int seq = low; seq < ack; seq++) {
      if (!pending.contains(seq)) {
        seen.add(seq);
      }
    }
    for (int seq : ahead) {
      if (!pending.contains(seq)) {
        seen.add(seq);
      }
    }
    state.put("server-ack", low).put("seen", seen);
  }

  void restore(JsonObject state) {
    reset();
    ack = state.getInteger("server-ack", 0);
    for (Object seq : state.getJsonArray("seen", new JsonArray())) {
      if (seq instanceof Number n && n.intValue() > ack) {
        ahead.add(n.intValue());
      }
    }
    advance();
  }
}
