package net.imo2sproxy.launcher;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;

/**
 * One side of a two-way conversation that keeps a full account of what its client saw: every
 * {@code MESSAGE} it sends carries a numbered body and an {@code #id}; the replies, the final
 * statuses of its own messages and the bodies of the messages it receives (asked with
 * {@code GET CHATMESSAGE n BODY} as each arrives) are recorded, so a test can tell lost,
 * duplicated, unanswered, reused numbers and wrong statuses apart. Runs on the client's context.
 */
final class ConversationParty {

  private static final Pattern SENDING = Pattern.compile("#(\\S+) CHATMESSAGE (\\d+) STATUS SENDING");
  private static final Pattern ERROR = Pattern.compile("#(\\S+) ERROR (.*)");
  private static final Pattern FINAL = Pattern.compile("CHATMESSAGE (\\d+) STATUS (SENT|FAILED)");
  private static final Pattern RECEIVED = Pattern.compile("CHATMESSAGE (\\d+) STATUS RECEIVED");
  private static final Pattern BODY = Pattern.compile("#body(\\d+) CHATMESSAGE (\\d+) BODY (.*)");

  final String name;
  private final String partner;
  private final SkypeProxyTestClient client;
  private final Vertx vertx;
  private long timer = -1;
  private int next;

  /** Body of each message sent, by its #id. */
  final Map<String, String> sentByTag = new LinkedHashMap<>();
  /** How many replies each #id got (SENDING or ERROR). */
  final Map<String, Integer> replies = new LinkedHashMap<>();
  /** Own message number of each body, from its SENDING reply. */
  final Map<String, String> numberOfBody = new LinkedHashMap<>();
  /** Final statuses seen per own message number. */
  final Map<String, List<String>> finals = new LinkedHashMap<>();
  /** Bodies received, with every number they arrived under. */
  final Map<String, List<String>> receivedBodies = new LinkedHashMap<>();
  /** Body of each received number (as answered by GET). */
  final Map<String, String> bodyOfNumber = new LinkedHashMap<>();
  /** Receive time of each body, nanoTime. */
  final Map<String, Long> receivedAt = new LinkedHashMap<>();
  /** Send time of each body, nanoTime. */
  final Map<String, Long> sentAt = new LinkedHashMap<>();
  final List<String> errors = new ArrayList<>();
  /** Numbers told RECEIVED again after their first RECEIVED (the client would ignore them). */
  final List<String> receivedAgain = new ArrayList<>();
  /** Every line the client got, with the time since the party was made, for a failure's dump. */
  private final List<String> transcript = new ArrayList<>();
  private final long madeAt = System.nanoTime();

  ConversationParty(Vertx vertx, String name, String partner, SkypeProxyTestClient client) {
    this.vertx = vertx;
    this.name = name;
    this.partner = partner;
    this.client = client;
    client.onLine(this::onLine);
  }

  /** Sends a numbered message every {@code intervalMs}. */
  void start(long intervalMs) {
    timer = vertx.setPeriodic(intervalMs, id -> send());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void send() {
    int k = next++;
    String tag = name + k;
    String body = name + "-" + k;
    sentByTag.put(tag, body);
    sentAt.put(body, System.nanoTime());
    transcript.add((System.nanoTime() - madeAt) / 1_000_000 + " ms > #" + tag);
    client.send("#" + tag + " MESSAGE " + partner + " " + body);
  }

  private void onLine(String line) {
    transcript.add((System.nanoTime() - madeAt) / 1_000_000 + " ms < " + line);
    Matcher m;
    if ((m = SENDING.matcher(line)).matches()) {
      reply(m.group(1));
      String body = sentByTag.get(m.group(1));
      if (body != null) {
        numberOfBody.put(body, m.group(2));
      }
    } else if ((m = BODY.matcher(line)).matches()) {
      bodyOfNumber.put(m.group(2), m.group(3));
      receivedBodies.computeIfAbsent(m.group(3), b -> new ArrayList<>()).add(m.group(2));
      receivedAt.putIfAbsent(m.group(3), System.nanoTime());
    } else if ((m = ERROR.matcher(line)).matches()) {
      if (m.group(1).startsWith("body")) {
        errors.add(line);
      } else {
        reply(m.group(1));
        errors.add(line);
      }
    } else if ((m = FINAL.matcher(line)).matches()) {
      finals.computeIfAbsent(m.group(1), n -> new ArrayList<>()).add(m.group(2));
    } else if ((m = RECEIVED.matcher(line)).matches()) {
      String number = m.group(1);
      if (!bodyOfNumber.containsKey(number)) {
        bodyOfNumber.put(number, null);
        client.send("#body" + number + " GET CHATMESSAGE " + number + " BODY");
      } else {
        receivedAgain.add(number);
      }
    }
  }

  private void reply(String tag) {
    replies.merge(tag, 1, Integer::sum);
  }

  /** Own messages with a final status (SENT or FAILED), by body. */
  Map<String, String> outcomes() {
    Map<String, String> outcomes = new LinkedHashMap<>();
    numberOfBody.forEach((body, number) -> {
      List<String> seen = finals.get(number);
      if (seen != null && !seen.isEmpty()) {
        outcomes.put(body, seen.get(seen.size() - 1));
      }
    });
    return outcomes;
  }

  /** What is still open: unanswered commands, messages without final status, bodies not read. */
  String describe() {
    List<String> unanswered = sentByTag.keySet().stream().filter(t -> !replies.containsKey(t))
        .toList();
    List<String> open = numberOfBody.entrySet().stream()
        .filter(e -> !finals.containsKey(e.getValue())).map(Map.Entry::getKey).toList();
    List<String> unread = bodyOfNumber.entrySet().stream().filter(e -> e.getValue() == null)
        .map(Map.Entry::getKey).toList();
    return name + ": sent " + sentByTag.size() + ", unanswered " + unanswered + ", no final "
        + open + ", bodies not read " + unread + ", errors " + errors;
  }

  /** Everything the client got, line by line with its time, after {@link #describe}. */
  String dump() {
    return describe() + "\n" + String.join("\n", transcript);
  }

  /** Whether every command was answered and every own message has its final status. */
  boolean settled() {
    return replies.size() == sentByTag.size()
        && numberOfBody.keySet().stream().allMatch(b -> finals.containsKey(numberOfBody.get(b)))
        && !bodyOfNumber.containsValue(null);
  }
}
