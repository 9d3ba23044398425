package net.imo2sproxy.bench.impl;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.imo2sproxy.bench.MessageCounts;
import net.imo2sproxy.bench.impl.ChatLedger.Message;
import net.imo2sproxy.bench.impl.ChatLedger.Pending;

/**
 * What a {@link ChatLedger} tells a person on stderr: its notes during the run and, at the end,
 * the lost, duplicated, out-of-order and unanswered items by name, with the times that let
 * someone find them in the services' logs (UTC clock time and offset into the run).
 */
final class ChatRunLog {

  /** How many lost, duplicated, out-of-order and unanswered items are named. */
  static final int NAMED = 20;

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final String label;
  private final String tokenPrefix;
  private final String[] names;
  private final long startNanos;
  private final long startEpochMillis;
  private final PrintStream log;

  ChatRunLog(String label, String tokenPrefix, String[] names, long startNanos, PrintStream log) {
    this.label = label;
    this.tokenPrefix = tokenPrefix;
    this.names = names;
    this.startNanos = startNanos;
    this.startEpochMillis = System.currentTimeMillis() - (System.nanoTime() - startNanos)
        / 1_000_000;
    this.log = log;
  }

  /** One line about the run while it goes on. */
  void note(String what) {
    log.println("bench: " + label + ": " + what);
  }

  /**
   * The end of a run: its counts when anything went wrong, then each lost, duplicated,
   * out-of-order and unanswered item (at most {@link #NAMED} of each).
   */
  void summary(MessageCounts counts, List<Message> lost, List<Message> dups,
      List<String> outOfOrderNamed, Map<Integer, Pending> pending) {
    if (counts.broken() || counts.problems() > 0 || counts.outOfOrder() > 0) {
      log.println("bench: " + label + " (run started " + clock(startNanos) + " UTC): "
          + counts.describe());
    }
    if (!lost.isEmpty()) {
      Map<String, Integer> perDirection = new TreeMap<>();
      lost.forEach(m -> perDirection.merge(route(m), 1, Integer::sum));
      log.println("bench:   lost per direction: " + perDirection);
      if (counts.unresolved() > 0) {
        log.println("bench:   " + counts.unresolved() + " RECEIVED announcement(s) never had "
            + "their body answered: up to that many of the lost may have been announced");
      }
      lost.stream().limit(NAMED).forEach(m -> log.println("bench:   lost " + token(m) + " "
          + route(m) + " (seq " + m.seq + "), intended "
          + clock(m.intended) + " (" + offset(m.intended) + "), sent as #" + m.sendId
          + "; sender's " + (m.senderNumber < 0 ? "" : "CHATMESSAGE " + m.senderNumber + " ")
          + m.sendStatus));
    }
    dups.stream().limit(NAMED).forEach(m -> {
      StringBuilder sb = new StringBuilder("bench:   duplicated " + token(m) + " "
          + route(m) + " (seq " + m.seq + "), intended " + clock(m.intended) + ":");
      for (long[] an : m.announcements) {
        sb.append(" CHATMESSAGE ").append(an[0]).append(" at ").append(clock(an[1]));
      }
      log.println(sb);
    });
    outOfOrderNamed.forEach(s -> log.println("bench:   out of order " + s));
    pending.entrySet().stream().limit(NAMED).forEach(e -> {
      Pending p = e.getValue();
      log.println("bench:   no answer to #" + e.getKey() + " of " + names[p.client()] + ": "
          + (p.message() != null ? "MESSAGE " + token(p.message())
          : "GET CHATMESSAGE " + p.number() + " BODY (RECEIVED at " + clock(p.receivedAt())
          + ")") + ", sent " + offset(p.sentAt()));
    });
  }

  /** The message's token in quotes, as it appears in its body. */
  String token(Message m) {
    return "\"" + tokenPrefix + m.k + "\"";
  }

  /** Sender and receiver: {@code a -> b}. */
  String route(Message m) {
    return names[m.from] + " -> " + names[m.to];
  }

  String offset(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms into the run", (nanos - startNanos) / 1e6);
  }

  private String clock(long nanos) {
    return CLOCK.format(Instant.ofEpochMilli(startEpochMillis + (nanos - startNanos) / 1_000_000));
  }
}
