package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A flaky imo.im under a whole bridge (./imo2sproxy --demo): about one request in five to the
 * simulator fails in one of the injected ways (seeded), while alice and bob exchange messages
 * through SkypeProxy sockets. No session ends, every connection keeps answering PING, every
 * message arrives exactly once, and every outgoing message ends SENT; FAILED (reason 1) only
 * when the gateway gave up on a send whose fate it cannot know, and such a message is never
 * delivered twice.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class UpstreamFaultsTest extends DemoBridgeTest {

  private static final int MESSAGES_EACH_WAY = 30;
  /** Each rule hits 2.5 % of the requests it sees: about 20 % in all. */
  private static final List<String> FAULTS = List.of("http500", "garbage", "empty", "truncated",
      "reset", "drop_response", "drop_poll", "latency", "lost_ack");
  /** Far more than the test's requests; what is left of it shows how often a rule hit. */
  private static final int RULE_USES = 100_000;
  private static final Pattern STATUS = Pattern.compile("CHATMESSAGE (\\d+) STATUS (\\w+)");

  private Context context;

  @Test
  void aChatThroughAFlakyImoLosesAndDoublesNothing() throws Exception {
    context = bridge.vertx().getOrCreateContext();
    Vertx vertx = bridge.vertx();
    SkypeProxyTestClient alice = on(() -> ChatScenarios.login(vertx, bridge.port(), null));
    SkypeProxyTestClient bob = on(() -> ChatScenarios.login(vertx, bridge.port(), "bob:bob-pw"));
    on(() -> alice.await("USER bob ONLINESTATUS ONLINE"));
    on(() -> bob.await("USER alice ONLINESTATUS ONLINE"));

    ImoSimulator simulator = bridge.simulator();
    // Events put back after a lost answer wait for the next poll: keep the hold short.
    context.runOnContext(v -> simulator.setHoldTime(Duration.ofSeconds(3)));
    int seed = 8;
    for (String mode : FAULTS) {
      JsonObject rule = new JsonObject().put("mode", mode).put("count", RULE_USES)
          .put("probability", 0.025).put("seed", seed++).put("delayMs", 300);
      context.runOnContext(v -> simulator.fail(rule));
    }

    Map<String, String> aliceSent = new HashMap<>(); // id -> body
    Map<String, String> bobSent = new HashMap<>();
    for (int i = 0; i < MESSAGES_EACH_WAY; i++) {
      send(alice, "bob", "a->b #" + i, aliceSent);
      send(bob, "alice", "b->a #" + i, bobSent);
      // Neither connection is wedged while imo.im misbehaves.
      on(() -> alice.ask("PING", "PONG"));
      on(() -> bob.ask("PING", "PONG"));
    }
    Map<String, String> aliceFinal = settle(alice, aliceSent.keySet());
    Map<String, String> bobFinal = settle(bob, bobSent.keySet());
    JsonArray rules = on(() -> Future.succeededFuture(simulator.configure(new JsonObject())))
        .getJsonArray("faults");
    int hits = rules.stream().mapToInt(r -> RULE_USES - ((JsonObject) r).getInteger("remaining"))
        .sum();
    context.runOnContext(v -> simulator.clearFaults());

    // A last message each way, after the faults: once it is in, everything before it is too.
    send(alice, "bob", "a->b last", aliceSent);
    send(bob, "alice", "b->a last", bobSent);
    List<String> toBob = receivedBodies(bob, "a->b last");
    List<String> toAlice = receivedBodies(alice, "b->a last");

    checkDelivery("alice", aliceSent, aliceFinal, toBob);
    checkDelivery("bob", bobSent, bobFinal, toAlice);
    assertThat(alice.lines()).noneMatch(l -> l.startsWith("CONNSTATUS OFFLINE"));
    assertThat(bob.lines()).noneMatch(l -> l.startsWith("CONNSTATUS OFFLINE"));
    // The faults really happened, of most kinds.
    assertThat(hits).as("requests hit by a fault").isGreaterThan(10);
    assertThat(rules.stream().filter(r -> ((JsonObject) r).getInteger("remaining") < RULE_USES))
        .as("kinds of fault that hit").hasSizeGreaterThan(4);
  }

  private void send(SkypeProxyTestClient client, String to, String body, Map<String, String> sent)
      throws Exception {
    // The reply, not a notification: a new id, SENDING (or FAILED at once).
    String reply = on(() -> client.ask("MESSAGE " + to + " " + body, l -> {
      Matcher n = STATUS.matcher(l);
      return n.matches() && !sent.containsKey(n.group(1))
          && (n.group(2).equals("SENDING") || n.group(2).equals("FAILED"));
    }));
    Matcher m = STATUS.matcher(reply);
    assertThat(m.matches()).as(reply).isTrue();
    assertThat(m.group(2)).isIn("SENDING", "FAILED");
    sent.put(m.group(1), body);
  }

  /** Waits until each of the ids is SENT or FAILED; their final statuses. */
  private Map<String, String> settle(SkypeProxyTestClient client, Iterable<String> ids)
      throws Exception {
    Map<String, String> status = new HashMap<>();
    for (String id : ids) {
      String line = on(() -> client.await(l -> l.equals("CHATMESSAGE " + id + " STATUS SENT")
          || l.equals("CHATMESSAGE " + id + " STATUS FAILED")));
      // A late acknowledgement may still turn FAILED into SENT: the current status counts.
      String current = on(() -> client.ask("GET CHATMESSAGE " + id + " STATUS",
          "CHATMESSAGE " + id + " STATUS"));
      assertThat(current).as(line).isIn("CHATMESSAGE " + id + " STATUS SENT",
          "CHATMESSAGE " + id + " STATUS FAILED");
      status.put(id, current.substring(current.lastIndexOf(' ') + 1));
      if (status.get(id).equals("FAILED")) {
        assertThat(on(() -> client.ask("GET CHATMESSAGE " + id + " FAILUREREASON",
            "CHATMESSAGE " + id + " FAILUREREASON"))).endsWith(" 1");
      }
    }
    return status;
  }

  /** The bodies of every message the client received, once {@code last} is among them. */
  private List<String> receivedBodies(SkypeProxyTestClient client, String last) throws Exception {
    Map<String, String> byId = new HashMap<>();
    Await.until("'" + last + "' received", Duration.ofSeconds(60), () -> {
      for (String line : client.lines()) {
        Matcher m = STATUS.matcher(line);
        if (m.matches() && m.group(2).equals("RECEIVED") && !byId.containsKey(m.group(1))) {
          String id = m.group(1);
          String reply = on(() -> client.ask("GET CHATMESSAGE " + id + " BODY",
              "CHATMESSAGE " + id + " BODY"));
          byId.put(id, reply.substring(("CHATMESSAGE " + id + " BODY ").length()));
        }
      }
      return byId.containsValue(last);
    });
    return new ArrayList<>(byId.values());
  }

  private static void checkDelivery(String sender, Map<String, String> sent,
      Map<String, String> finalStatus, List<String> received) {
    long failed = finalStatus.values().stream().filter("FAILED"::equals).count();
    for (Map.Entry<String, String> message : sent.entrySet()) {
      String body = message.getValue();
      long copies = received.stream().filter(body::equals).count();
      String status = finalStatus.getOrDefault(message.getKey(), "SENT");
      if (status.equals("SENT")) {
        assertThat(copies).as("%s's SENT message '%s' delivered", sender, body).isEqualTo(1);
      } else {
        // The gateway gave up on it (every resend failed): never delivered twice.
        assertThat(copies).as("%s's FAILED message '%s' delivered", sender, body).isLessThan(2);
      }
    }
    assertThat(received).as("%s's messages received", sender).doesNotHaveDuplicates();
    // A failed send needs three failed attempts in a row (about 1 % at this rate).
    assertThat(failed).as("%s's messages FAILED", sender).isLessThanOrEqualTo(2);
  }

  private <T> T on(Supplier<Future<T>> action) throws Exception {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
