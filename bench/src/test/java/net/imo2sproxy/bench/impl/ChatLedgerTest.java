package net.imo2sproxy.bench.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.bench.MessageCounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat accounting against a fake stream of Skype API lines, no bridge: duplicates under a
 * new number, losses and reorderings are each counted as such and do not cancel out.
 */
class ChatLedgerTest {

  private static final long MS = 1_000_000L;
  private static final String[] NAMES = {"chat-0", "chat-1", "chat-2", "chat-3"};

  /** A line the ledger put on a client's connection. */
  private record Sent(int client, String line) {
  }

  private final List<Sent> wire = new ArrayList<>();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private int nextId;
  private ChatLedger ledger;
  /** Message numbers per client, as the bridge would hand them out. */
  private final long[] numbers = new long[NAMES.length];

  @BeforeEach
  void newRun() {
    ledger = new ChatLedger("test", "7", NAMES, (c, l) -> wire.add(new Sent(c, l)),
        () -> nextId++, 0, new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  /** Sends a message at {@code intendedMs}; returns its MESSAGE line's #id and body. */
  private Sent send(int from, int to, long intendedMs) {
    ledger.send(from, to, intendedMs * MS, intendedMs * MS);
    Sent sent = wire.get(wire.size() - 1);
    assertThat(sent.client()).isEqualTo(from);
    assertThat(sent.line()).contains(" MESSAGE " + NAMES[to] + " bench message 7.");
    return sent;
  }

  /** The bridge's reply to a MESSAGE: SENDING under the sender's next number. */
  private long accept(Sent message) {
    long n = ++numbers[message.client()];
    ledger.onLine(message.client(), id(message) + " CHATMESSAGE " + n + " STATUS SENDING",
        0);
    return n;
  }

  /**
   * The receiver is told {@code CHATMESSAGE n STATUS RECEIVED} at {@code atMs} (a new number
   * unless given), asks for the body, and the bridge answers with the message's body.
   */
  private long deliver(Sent message, int to, long atMs, long number) {
    ledger.onLine(to, "CHATMESSAGE " + number + " STATUS RECEIVED", atMs * MS);
    Sent get = wire.get(wire.size() - 1);
    assertThat(get.client()).isEqualTo(to);
    assertThat(get.line()).endsWith(" GET CHATMESSAGE " + number + " BODY");
    // the answer comes later than the notification: the latency must not include it
    ledger.onLine(to, id(get) + " CHATMESSAGE " + number + " BODY " + body(message),
        (atMs + 50) * MS);
    markedSeen(to, number);
    return number;
  }

  /** The receiver marked message {@code number} read, as a plugin does; the bridge agrees. */
  private void markedSeen(int client, long number) {
    Sent seen = wire.get(wire.size() - 1);
    assertThat(seen.client()).isEqualTo(client);
    assertThat(seen.line()).endsWith(" SET CHATMESSAGE " + number + " SEEN");
    ledger.onLine(client, id(seen) + " CHATMESSAGE " + number + " STATUS READ", 0);
  }

  private long deliver(Sent message, int to, long atMs) {
    return deliver(message, to, atMs, ++numbers[to]);
  }

  private static String id(Sent s) {
    return s.line().substring(0, s.line().indexOf(' '));
  }

  private static String body(Sent s) {
    return s.line().substring(s.line().indexOf("bench message "));
  }

  @Test
  void everyMessageOnceInOrder() {
    for (int i = 0; i < 10; i++) {
      Sent m = send(i % 2, 1 - i % 2, i);
      accept(m);
      deliver(m, 1 - i % 2, i + 2);
    }
    assertThat(ledger.settled()).isTrue();
    MessageCounts c = ledger.close();
    assertThat(c).isEqualTo(new MessageCounts(10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThat(c.broken()).isFalse();
    assertThat(ledger.latency().count()).isEqualTo(10);
    assertThat(ledger.replyLatency().count()).isEqualTo(10);
    assertThat(ledger.bodyLatency().count()).isEqualTo(10);
    assertThat(ledger.bodyLatency().maxMicros()).isBetween(49_900L, 50_100L);
    // intended send to RECEIVED, not to the body's answer 50 ms later
    assertThat(ledger.latency().maxMicros()).isBetween(1_999L, 2_001L);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void duplicateUnderANewNumberAndALossDoNotCancelOut() {
    Sent a = send(0, 1, 0);
    Sent b = send(0, 1, 1);
    accept(a);
    accept(b);
    // a is delivered twice (as 1 and as 2), b never: a queue per receiver saw "2 delivered"
    long first = deliver(a, 1, 5);
    long second = deliver(a, 1, 9);
    assertThat(second).isNotEqualTo(first);
    assertThat(ledger.settled()).isFalse();
    MessageCounts c = ledger.close();
    assertThat(c.sent()).isEqualTo(2);
    assertThat(c.deliveredOnce()).isZero();
    assertThat(c.duplicated()).isEqualTo(1);
    assertThat(c.extraDeliveries()).isEqualTo(1);
    assertThat(c.lost()).isEqualTo(1);
    assertThat(c.delivered()).isEqualTo(1);
    assertThat(c.broken()).isTrue();
    assertThat(ledger.latency().count()).isEqualTo(1);
    String log = stderr.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("lost \"bench message 7.1\" chat-0 -> chat-1 (seq 1)")
        .contains("lost per direction: {chat-0 -> chat-1=1}")
        .contains("duplicated \"bench message 7.0\" chat-0 -> chat-1 (seq 0)")
        .contains("CHATMESSAGE " + first + " at").contains("CHATMESSAGE " + second + " at");
  }

  @Test
  void theSameNumberAnnouncedTwiceIsADuplicate() {
    Sent a = send(2, 3, 0);
    accept(a);
    long n = deliver(a, 3, 1);
    deliver(a, 3, 2, n);
    MessageCounts c = ledger.close();
    assertThat(c.duplicated()).isEqualTo(1);
    assertThat(c.lost()).isZero();
  }

  @Test
  void reorderingIsCountedPerDirection() {
    Sent a0 = send(0, 1, 0);
    Sent b0 = send(1, 0, 1);
    Sent a1 = send(0, 1, 2);
    Sent b1 = send(1, 0, 3);
    Sent a2 = send(0, 1, 4);
    // 0 -> 1 arrives 2, 0, 1; 1 -> 0 in order, interleaved with the other direction
    deliver(a2, 1, 10);
    deliver(b0, 0, 11);
    deliver(a0, 1, 12);
    deliver(b1, 0, 13);
    deliver(a1, 1, 14);
    MessageCounts c = ledger.close();
    assertThat(c.outOfOrder()).isEqualTo(2);
    assertThat(c.deliveredOnce()).isEqualTo(5);
    assertThat(c.lost()).isZero();
    assertThat(c.duplicated()).isZero();
    assertThat(c.broken()).isFalse();
    // the MESSAGE replies never came
    assertThat(c.unanswered()).isEqualTo(5);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("out of order \"bench message 7.0\" chat-0 -> chat-1 (seq 0) after seq 2")
        .contains("no answer to #");
  }

  @Test
  void failuresErrorsUnansweredAndForeignBodies() {
    Sent failedAtOnce = send(0, 1, 0);
    Sent failedLater = send(0, 1, 1);
    Sent refused = send(0, 1, 2);
    Sent unanswered = send(0, 1, 3);
    ledger.onLine(0, id(failedAtOnce) + " CHATMESSAGE 1 STATUS FAILED", 0);
    ledger.onLine(0, "CHATMESSAGE 1 STATUS FAILED", 0); // the same message: counted once
    ledger.onLine(0, id(failedLater) + " CHATMESSAGE 2 STATUS SENDING", 0);
    ledger.onLine(0, "CHATMESSAGE 2 STATUS FAILED", 0);
    ledger.onLine(0, id(refused) + " ERROR 26 Invalid user handle", 0);
    // a late delivery of another run's message, and a GET the bridge never answers
    ledger.onLine(1, "CHATMESSAGE 40 STATUS RECEIVED", 5 * MS);
    Sent get = wire.get(wire.size() - 1);
    ledger.onLine(1, id(get) + " CHATMESSAGE 40 BODY bench message 6.3", 6 * MS);
    markedSeen(1, 40);
    ledger.onLine(1, "CHATMESSAGE 41 STATUS RECEIVED", 7 * MS);
    // replies to commands that are not the ledger's are ignored
    ledger.onLine(0, "#99999 PONG", 0);
    MessageCounts c = ledger.close();
    assertThat(c.sent()).isEqualTo(4);
    assertThat(c.lost()).isEqualTo(4);
    assertThat(c.sendFailed()).isEqualTo(2);
    assertThat(c.errorReplies()).isEqualTo(1);
    assertThat(c.unanswered()).isEqualTo(2); // the MESSAGE and the GET of 41
    assertThat(c.unresolved()).isEqualTo(1); // 41: announced, but which message?
    assertThat(c.foreign()).isEqualTo(1);
    String log = stderr.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("sender's CHATMESSAGE 2 STATUS SENDING, then STATUS FAILED")
        .contains("answered ERROR 26").contains("not a message of this run")
        .contains("GET CHATMESSAGE 41 BODY").contains(body(unanswered));
  }

  @Test
  void aBodyForTheWrongReceiverIsNotADelivery() {
    Sent a = send(0, 1, 0);
    accept(a);
    deliver(a, 2, 3); // chat-2 is told about chat-1's message
    MessageCounts c = ledger.close();
    assertThat(c.lost()).isEqualTo(1);
    assertThat(c.foreign()).isEqualTo(1);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("meant for chat-1");
  }

  @Test
  void aReadMessageIsMarkedSeenAndARefusalCounts() {
    Sent a = send(0, 1, 0);
    accept(a);
    ledger.onLine(1, "CHATMESSAGE 5 STATUS RECEIVED", MS);
    Sent get = wire.get(wire.size() - 1);
    ledger.onLine(1, id(get) + " CHATMESSAGE 5 BODY " + body(a), 2 * MS);
    Sent seen = wire.get(wire.size() - 1);
    assertThat(seen.line()).endsWith(" SET CHATMESSAGE 5 SEEN");
    assertThat(ledger.settled()).isFalse(); // the SEEN is still in flight
    ledger.onLine(1, id(seen) + " ERROR 18 SET: invalid WHAT", 3 * MS);
    assertThat(ledger.settled()).isTrue();
    MessageCounts c = ledger.close();
    assertThat(c.deliveredOnce()).isEqualTo(1);
    assertThat(c.errorReplies()).isEqualTo(1);
    assertThat(ledger.bodyLatency().count()).isEqualTo(1); // the SEEN is not a body answer
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("SET CHATMESSAGE 5 SEEN of chat-1 answered ERROR 18");
  }

  @Test
  void countsAddUp() {
    MessageCounts a = new MessageCounts(10, 8, 1, 1, 2, 3, 0, 0, 1, 1, 0);
    MessageCounts sum = a.plus(a);
    assertThat(sum.sent()).isEqualTo(20);
    assertThat(sum.deliveredOnce() + sum.duplicated() + sum.lost()).isEqualTo(sum.sent());
    assertThat(sum.toJson().getLong("delivered")).isEqualTo(18);
    assertThat(sum.brief()).isEqualTo("lost=2 duplicated=2");
  }
}
