package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.endpoint.SkypeProxyEndpointVerticle;
import net.imo2sproxy.gateway.GatewayMain;
import net.imo2sproxy.gateway.cluster.SessionDirectory;
import net.imo2sproxy.runtime.ClusterOptions;
import net.imo2sproxy.runtime.VertxRuntime;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The owning gateway killed (kill -9) in the middle of a two-way conversation, twice: alice and
 * bob each send a numbered message every 100 ms through one endpoint while two gateways run in
 * JVMs of their own; the gateway that owns alice's session is killed, a replacement starts, and
 * the owner is killed again; then both gateways are killed at once and a new one starts. Then:
 * nothing lost, nothing twice, no message number reused, every
 * command answered once, every send ending SENT or FAILED once and FAILED only when it was in
 * fact not delivered, and delivery going on a few seconds after each kill.
 */
@Tag("failover")
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, timeUnit = TimeUnit.SECONDS)
class KilledGatewayConversationTest {

  private static final int KILLS = 2;
  private static final long INTERVAL_MS = 100;

  private static String clusterName;
  private static int seedPort;
  private static Vertx node;
  private static Context context;
  private static ImoSimulator simulator;
  private static int endpointPort;
  private static final List<ServiceProcess> gateways = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    System.setProperty("hazelcast.wait.seconds.before.join", "1");
    clusterName = "imo2sproxy-kill9-" + UUID.randomUUID();
    seedPort = freePort();
    node = VertxRuntime.start(new ClusterOptions().setClustered(true).setClusterName(clusterName)
        .setHost("127.0.0.1").setClusterPort(seedPort)
        .setMembers(List.of("127.0.0.1:" + seedPort)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    context = node.getOrCreateContext();
    JsonObject world = new JsonObject().put("accounts", new JsonArray()
        .add(new JsonObject().put("uid", "alice").put("password", "alice-pw")
            .put("buddies", new JsonArray().add("bob")))
        .add(new JsonObject().put("uid", "bob").put("password", "bob-pw")
            .put("buddies", new JsonArray().add("alice"))));
    simulator = on(() -> ImoSimulator.start(node, new SimulatorOptions().setPort(0)
        .setHoldTime(Duration.ofSeconds(5)).setWorld(SimulatorWorld.load(world))));
    SkypeProxyEndpointVerticle endpoint = new SkypeProxyEndpointVerticle(new EndpointOptions()
        .setHost("127.0.0.1").setPort(0).setHeartbeatInterval(Duration.ofSeconds(1)));
    on(() -> node.deployVerticle(endpoint));
    endpointPort = endpoint.actualPort();
    gateways.add(startGateway("k1"));
    gateways.add(startGateway("k2"));
    eventually(Duration.ofSeconds(45), KilledGatewayConversationTest::twoGatewaysReady);
  }

  /**
   * Both running gateway processes are ready. The directory's count alone is not enough: the
   * entry of a gateway killed a moment ago stays until the cluster drops it, and the next kill
   * would then leave no gateway at all (a replacement still joining the cluster when its only
   * peer dies can take a minute to form one).
   */
  private static boolean twoGatewaysReady() throws Exception {
    return gateways.size() == 2
        && gateways.stream().allMatch(g -> g.logText().contains(" ready: "))
        && liveGateways() == 2;
  }

  private static ServiceProcess startGateway(String name) throws Exception {
    return ServiceProcess.start(name, GatewayMain.class, List.of(
        "--imo-url", simulator.baseUrl(), "--owner-lease-seconds", "4",
        "--login-attempts", "200", "--endpoint-timeout-seconds", "3",
        "--cluster", "true", "--cluster-name", clusterName,
        "--cluster-members", "127.0.0.1:" + seedPort, "--cluster-port", "0",
        "--cluster-host", "127.0.0.1", "--management-port", "-1"), Map.of());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (ServiceProcess process : gateways) {
      process.kill();
    }
    if (node != null) {
      on(() -> VertxRuntime.stop(node));
    }
  }

  @Test
  void nothingLostNothingTwiceEveryCommandAnswered() throws Exception {
    SkypeProxyTestClient aliceClient = on(() -> ChatScenarios.login(node, endpointPort,
        "alice:alice-pw"));
    SkypeProxyTestClient bobClient = on(() -> ChatScenarios.login(node, endpointPort,
        "bob:bob-pw"));
    ConversationParty alice = on(() -> Future.succeededFuture(
        new ConversationParty(node, "alice", "bob", aliceClient)));
    ConversationParty bob = on(() -> Future.succeededFuture(
        new ConversationParty(node, "bob", "alice", bobClient)));
    on(() -> {
      alice.start(INTERVAL_MS);
      bob.start(INTERVAL_MS);
      return Future.succeededFuture();
    });
    List<Long> resumedMillis = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      conversationGoesOn(alice, bob, 30);
      String ownerText = on(() -> owners().compose(map -> map.get("alice")));
      String ownerGateway = new JsonObject(ownerText).getString("gateway");
      ServiceProcess victim = gatewayWithId(ownerGateway);
      long killedAt = System.nanoTime();
      String lastBefore = on(() -> Future.succeededFuture("alice-" + (alice.sentByTag.size())));
      victim.kill();
      gateways.remove(victim);
      // delivery goes on: a message alice sends after the kill reaches bob
      eventually(Duration.ofSeconds(20), () -> on(() -> Future.succeededFuture(
          bob.receivedAt.keySet().stream().anyMatch(b -> later(b, lastBefore)))));
      resumedMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
      gateways.add(startGateway("k" + (3 + kill)));
      eventually(Duration.ofSeconds(45), KilledGatewayConversationTest::twoGatewaysReady);
    }
    // then every gateway dies at once, and a new one starts only after: the sessions wait at
    // the endpoint with no gateway at all, and continue from their saved states
    conversationGoesOn(alice, bob, 20);
    long allKilledAt = System.nanoTime();
    String lastBeforeAll = on(() -> Future.succeededFuture("alice-" + alice.sentByTag.size()));
    for (ServiceProcess gateway : List.copyOf(gateways)) {
      gateway.kill();
      gateways.remove(gateway);
    }
    gateways.add(startGateway("k" + (3 + KILLS)));
    eventually(Duration.ofSeconds(60), () -> on(() -> Future.succeededFuture(
        bob.receivedAt.keySet().stream().anyMatch(b -> later(b, lastBeforeAll)))));
    resumedMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - allKilledAt));
    conversationGoesOn(alice, bob, 20);
    on(() -> {
      alice.stop();
      bob.stop();
      return Future.succeededFuture();
    });
    boolean settled = true;
    try {
      eventually(Duration.ofSeconds(40), () -> on(() -> Future.succeededFuture(
          alice.settled() && bob.settled() && delivered(alice, bob) && delivered(bob, alice))));
    } catch (AssertionError e) {
      settled = false; // the checks below say what is missing
      System.out.println(on(() -> Future.succeededFuture(alice.describe() + "\n" + bob.describe())));
    }
    System.out.printf("kill -9 conversation: alice sent %d, bob sent %d, delivery resumed "
        + "%s ms after each kill%n", alice.sentByTag.size(), bob.sentByTag.size(), resumedMillis);
    SoftAssertions checks = new SoftAssertions();
    on(() -> {
      check(checks, alice, bob);
      check(checks, bob, alice);
      return Future.succeededFuture();
    });
    checks.assertThat(settled).as("conversation settled").isTrue();
    if (!checks.errorsCollected().isEmpty()) {
      dump(alice, bob);
    }
    checks.assertAll(); // every broken rule at once: one alone rarely tells the cause
    on(aliceClient::closeAsync);
    on(bobClient::closeAsync);
  }

  /** Whether every message {@code from} saw SENT has reached {@code to}. */
  private static boolean delivered(ConversationParty from, ConversationParty to) {
    return from.outcomes().entrySet().stream().filter(e -> e.getValue().equals("SENT"))
        .allMatch(e -> to.receivedBodies.containsKey(e.getKey()));
  }

  private static void check(SoftAssertions checks, ConversationParty from,
      ConversationParty to) {
    String who = from.name + " -> " + to.name;
    checks.assertThat(from.replies).as(who + ": every command answered exactly once")
        .allSatisfy((tag, count) -> assertThat(count).as(tag).isEqualTo(1));
    checks.assertThat(from.replies.keySet()).as(who + ": every command answered")
        .containsExactlyInAnyOrderElementsOf(from.sentByTag.keySet());
    from.finals.forEach((number, statuses) -> checks.assertThat(statuses)
        .as(who + ": message " + number + " ends SENT or FAILED once").hasSize(1));
    Map<String, String> outcomes = from.outcomes();
    for (String body : from.sentByTag.values()) {
      List<String> arrivals = to.receivedBodies.get(body);
      checks.assertThat(arrivals == null ? 0 : arrivals.size()).as(who + ": " + body + " received")
          .isLessThanOrEqualTo(1);
      String outcome = outcomes.get(body);
      if ("SENT".equals(outcome)) {
        checks.assertThat(arrivals).as(who + ": " + body + " SENT but lost").isNotNull();
      } else {
        checks.assertThat(arrivals).as(who + ": " + body + " " + outcome + " but delivered").isNull();
      }
    }
    // a number names one message, own or received, on each client
    List<String> numbers = new ArrayList<>(from.numberOfBody.values());
    numbers.addAll(from.bodyOfNumber.keySet());
    checks.assertThat(numbers).as(from.name + ": message numbers are never reused").doesNotHaveDuplicates();
    checks.assertThat(from.bodyOfNumber).as(from.name + ": every received number has a body")
        .doesNotContainValue(null);
    checks.assertThat(from.receivedAgain).as(from.name
        + ": RECEIVED for a number already known (announced twice, or the number reused)")
        .isEmpty();
  }

  /**
   * Writes what the simulator logged and what each client saw to target/kill9-*.txt, for the
   * failure's cause: which server seq carried a lost message, which acks covered it.
   */
  private static void dump(ConversationParty alice, ConversationParty bob) throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of("target");
    java.nio.file.Files.createDirectories(dir);
    StringBuilder log = new StringBuilder();
    for (JsonObject entry : simulator.requests()) {
      log.append(entry.encode()).append('\n');
    }
    java.nio.file.Files.writeString(dir.resolve("kill9-imo-requests.txt"), log);
    String parties = on(() -> Future.succeededFuture(alice.dump() + "\n" + bob.dump()));
    java.nio.file.Files.writeString(dir.resolve("kill9-clients.txt"), parties);
  }

  /** Whether {@code body} (alice-17) was sent after {@code reference} (alice-12). */
  private static boolean later(String body, String reference) {
    int dash = body.lastIndexOf('-');
    return body.startsWith("alice-") && Integer.parseInt(body.substring(dash + 1))
        >= Integer.parseInt(reference.substring(reference.lastIndexOf('-') + 1));
  }

  private static ServiceProcess gatewayWithId(String gatewayId) {
    for (ServiceProcess process : gateways) {
      if (process.logText().contains("gateway " + gatewayId + " ready")) {
        return process;
      }
    }
    throw new AssertionError("no gateway process logged id " + gatewayId);
  }

  private static Future<AsyncMap<String, String>> owners() {
    return node.sharedData().getAsyncMap(SessionDirectory.OWNERS_MAP);
  }

  private static int liveGateways() throws Exception {
    return on(() -> node.sharedData().<String, String>getAsyncMap(SessionDirectory.GATEWAYS_MAP)
        .compose(AsyncMap::size));
  }

  /** Waits until each party has sent {@code messages} more (a checkpoint, not a timer). */
  private static void conversationGoesOn(ConversationParty alice, ConversationParty bob,
      int messages) throws Exception {
    int aliceFrom = on(() -> Future.succeededFuture(alice.sentByTag.size()));
    int bobFrom = on(() -> Future.succeededFuture(bob.sentByTag.size()));
    eventually(Duration.ofMillis(messages * INTERVAL_MS * 5),
        () -> on(() -> Future.succeededFuture(alice.sentByTag.size() >= aliceFrom + messages
            && bob.sentByTag.size() >= bobFrom + messages)));
  }

  private static <T> T on(Supplier<Future<T>> step) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        step.get().onComplete(result);
      } catch (RuntimeException | AssertionError e) {
        result.fail(e);
      }
    });
    try {
      return result.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof AssertionError assertion) {
        throw assertion;
      }
      throw e;
    }
  }

  private static void eventually(Duration limit, Callable<Boolean> condition) throws Exception {
    Await.until("a state of the cluster", limit, condition);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
