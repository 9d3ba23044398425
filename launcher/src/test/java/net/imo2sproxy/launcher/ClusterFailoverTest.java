package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.imo2sproxy.endpoint.EndpointMain;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.endpoint.SkypeProxyEndpointVerticle;
import net.imo2sproxy.gateway.GatewayMain;
import net.imo2sproxy.gateway.cluster.SessionDirectory;
import net.imo2sproxy.gateway.cluster.SessionStateStore;
import net.imo2sproxy.runtime.ClusterOptions;
import net.imo2sproxy.runtime.VertxRuntime;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scale-out and failover with real processes: the test JVM is the cluster's seed with the
 * simulator and endpoint E0; gateways G1 and G2 and endpoint E1 run in JVMs of their own
 * (Hazelcast TCP-IP join on 127.0.0.1, a cluster name of their own), so that they can be
 * killed like crashed machines.
 *
 * <p>The tests share the cluster and run in order: placement and sharing, refusals, a gateway
 * killed mid-conversation (a replacement gateway is started afterwards), a gateway shut down on
 * purpose, an endpoint killed. Each one is bounded well below a minute.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ClusterFailoverTest {

  private static final Pattern RECEIVED = Pattern.compile("CHATMESSAGE (\\d+) STATUS RECEIVED");
  private static final String ALICE_TOKEN = "alice-operator-token";

  private static String clusterName;
  private static int seedPort;
  private static Vertx node;
  private static Context context;
  private static ImoSimulator simulator;
  private static int endpointPort0;
  private static int endpointPort1;
  private static Path accountsFile;
  private static final List<ServiceProcess> gateways = new ArrayList<>();
  private static ServiceProcess endpoint1;

  @BeforeAll
  static void startCluster() throws Exception {
    System.setProperty("hazelcast.wait.seconds.before.join", "1");
    clusterName = "imo2sproxy-failover-" + UUID.randomUUID();
    seedPort = freePort();
    node = VertxRuntime.start(cluster(seedPort)).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    context = node.getOrCreateContext();
    JsonObject world = new JsonObject().put("echoBot", true).put("accounts", new io.vertx.core.json.JsonArray()
        .add(account("alice", "bob", "carol"))
        .add(account("bob", "alice", "carol"))
        .add(account("carol", "alice", "bob")));
    simulator = on(() -> ImoSimulator.start(node, new SimulatorOptions().setPort(0)
        .setHoldTime(Duration.ofSeconds(5)).setWorld(SimulatorWorld.load(world))));
    SkypeProxyEndpointVerticle endpoint0 = new SkypeProxyEndpointVerticle(new EndpointOptions()
        .setHost("127.0.0.1").setPort(0).setHeartbeatInterval(Duration.ofSeconds(1)));
    on(() -> node.deployVerticle(endpoint0));
    endpointPort0 = endpoint0.actualPort();

    accountsFile = Files.createTempFile("imo2sproxy-accounts", ".json");
    Files.writeString(accountsFile, new JsonObject().put("tokens", new JsonObject()
        .put(ALICE_TOKEN, new JsonObject().put("username", "alice")
            .put("password-env", "TEST_ALICE_IMO_PASSWORD"))).encode());
    gateways.add(startGateway("g1"));
    gateways.add(startGateway("g2"));
    endpointPort1 = freePort();
    endpoint1 = ServiceProcess.start("e1", EndpointMain.class, clusterArgs(List.of(
        "--host", "127.0.0.1", "--port", String.valueOf(endpointPort1),
        "--heartbeat-interval-seconds", "1")), Map.of());
    eventually(Duration.ofSeconds(45), () -> liveGateways() == 2);
    eventually(Duration.ofSeconds(30), () -> canConnect(endpointPort1));
  }

  private static JsonObject account(String uid, String... buddies) {
    return new JsonObject().put("uid", uid).put("password", uid + "-pw")
        .put("alias", uid.substring(0, 1).toUpperCase() + uid.substring(1))
        .put("buddies", new io.vertx.core.json.JsonArray(List.of((Object[]) buddies)));
  }

  private static ServiceProcess startGateway(String name) throws Exception {
    return ServiceProcess.start(name, GatewayMain.class, clusterArgs(List.of(
        "--imo-url", simulator.baseUrl(),
        "--accounts-file", accountsFile.toString(),
        "--owner-lease-seconds", "4",
        "--login-attempts", "200",
        "--endpoint-timeout-seconds", "3",
        "--session-grace-seconds", "6")),
        Map.of("TEST_ALICE_IMO_PASSWORD", "alice-pw"));
  }

  private static List<String> clusterArgs(List<String> own) {
    List<String> args = new ArrayList<>(own);
    args.addAll(List.of("--cluster", "true", "--cluster-name", clusterName,
        "--cluster-members", "127.0.0.1:" + seedPort, "--cluster-port", "0",
        "--cluster-host", "127.0.0.1", "--management-port", "-1"));
    return args;
  }

  private static ClusterOptions cluster(int port) {
    return new ClusterOptions().setClustered(true).setClusterName(clusterName)
        .setHost("127.0.0.1").setClusterPort(port).setMembers(List.of("127.0.0.1:" + seedPort));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (ServiceProcess process : gateways) {
      process.kill();
    }
    if (endpoint1 != null) {
      endpoint1.kill();
    }
    if (node != null) {
      on(() -> VertxRuntime.stop(node));
    }
    if (accountsFile != null) {
      Files.deleteIfExists(accountsFile);
    }
  }

  // ------------------------------------------------------------------ tests

  @Test
  @Order(1)
  void oneSessionPerAccountOnTheLeastLoadedGatewaySharedAcrossEndpoints() throws Exception {
    SkypeProxyTestClient alice = login(endpointPort0, ALICE_TOKEN);
    SkypeProxyTestClient bob = login(endpointPort1, "bob:bob-pw");
    SessionDirectory.Owner aliceOwner = owner("alice");
    SessionDirectory.Owner bobOwner = owner("bob");
    // least-loaded placement: the second account goes to the gateway without a session
    assertThat(bobOwner.gatewayId()).isNotEqualTo(aliceOwner.gatewayId());

    // a second connection of alice on the other endpoint, with the user:password form
    SkypeProxyTestClient alice2 = connect(endpointPort1, "alice:alice-pw");
    assertThat(on(() -> alice2.ask("PING", "PONG"))).isEqualTo("PONG");
    assertThat(owner("alice").sessionId()).isEqualTo(aliceOwner.sessionId());
    assertThat(on(ClusterFailoverTest::ownerCount)).isEqualTo(2);

    // a notification reaches both connections; a reply only the one that asked
    String id = messageAndAwaitSent(bob, "alice", "hello both");
    String first = on(() -> alice.await(RECEIVED.asPredicate()));
    String second = on(() -> alice2.await(RECEIVED.asPredicate()));
    assertThat(second).isEqualTo(first);
    assertThat(body(alice2, number(first))).isEqualTo("hello both");
    assertThat(id).isNotEmpty();
    closeAll(alice, alice2, bob);
  }

  @Test
  @Order(2)
  void wrongCredentialsAreRefused() throws Exception {
    SkypeProxyTestClient alice = login(endpointPort0, "alice:alice-pw");
    assertThat(verdict(endpointPort1, "not-a-token")).isZero();
    // knowing the username of a running session is not enough
    assertThat(verdict(endpointPort1, "alice:guessed")).isZero();
    assertThat(verdict(endpointPort0, "alice:guessed")).isZero();
    closeAll(alice);
  }

  @Test
  @Order(3)
  void killedGatewayIsTakenOverAndTheChatGoesOnWithoutLoss() throws Exception {
    SkypeProxyTestClient alice = login(endpointPort0, ALICE_TOKEN);
    SkypeProxyTestClient bob = login(endpointPort1, "bob:bob-pw");
    on(() -> alice.await("USER bob ONLINESTATUS ONLINE"));
    // a conversation before the failure
    messageAndAwaitSent(alice, "bob", "before 1");
    String atBob = on(() -> bob.await(RECEIVED.asPredicate()));
    assertThat(body(bob, number(atBob))).isEqualTo("before 1");
    messageAndAwaitSent(bob, "alice", "before 2");
    String atAlice = on(() -> alice.await(RECEIVED.asPredicate()));
    assertThat(body(alice, number(atAlice))).isEqualTo("before 2");

    SessionDirectory.Owner aliceOwner = owner("alice");
    assertThat(owner("bob").gatewayId()).isNotEqualTo(aliceOwner.gatewayId());
    int loginsBefore = logins("alice");

    // a message alice has not read when her gateway dies, and one of hers still in flight
    messageAndAwaitSent(bob, "alice", "unread before the kill");
    String unread = number(on(() -> alice.await(l -> RECEIVED.matcher(l).matches()
        && !l.equals(atAlice))));
    simulator.fail(new JsonObject().put("mode", "latency").put("account", "alice")
        .put("on", "command").put("delayMs", 3000));
    on(() -> alice.send("#inflight MESSAGE bob in flight"));
    // both are in the cluster's shared data before the kill (written within ~50 ms)
    eventually(Duration.ofSeconds(10), () -> savedState(aliceOwner.sessionId())
        .contains("unread before the kill") && savedState(aliceOwner.sessionId())
        .contains("in flight"));
    String inFlight = savedMessageId(aliceOwner.sessionId(), "in flight");

    ServiceProcess victim = gatewayProcess(aliceOwner.gatewayId());
    String deadSsid = owner("alice").upstreamSsid();
    assertThat(deadSsid).isNotNull();
    int linesBefore = lineCount(alice);
    long killedAt = System.nanoTime();
    victim.kill();
    gateways.remove(victim);
    // Once the process is gone its sockets are closed. (A message the server writes into the
    // dying gateway's open long poll is lost: the simulator, like imo.im, delivers each message
    // once; see the report.)
    assertThat(victim.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    // ... once the server noticed: until then it may still write into that poll
    eventually(Duration.ofSeconds(10), () -> !pollHeld(deadSsid));
    // ... and once it answered the dead gateway's delayed send: that answer would carry
    // whatever is queued for the session by then (the same loss; seen once under load)
    eventually(Duration.ofSeconds(10), () -> simulator.requests("send_im").stream()
        .anyMatch(r -> "in flight".equals(r.getJsonObject("data", new JsonObject())
            .getString("msg"))));

    // bob writes while alice's gateway is dead: the message must not be lost
    messageAndAwaitSent(bob, "alice", "during the failover");
    on(() -> alice.await(l -> l.equals("CONNSTATUS CONNECTING")
        && indexOf(alice, l) >= linesBefore));
    on(() -> alice.await(l -> l.equals("CONNSTATUS ONLINE") && indexOf(alice, l) > linesBefore));
    SessionDirectory.Owner newOwner = owner("alice");
    assertThat(newOwner.gatewayId()).isNotEqualTo(aliceOwner.gatewayId());
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(20));

    try {
      eventually(Duration.ofSeconds(20),
          () -> bodiesReceived(alice, linesBefore).contains("during the failover"));
    } catch (AssertionError e) {
      throw new AssertionError("alice saw " + snapshot(alice) + "; simulator: "
          + simulator.requests(), e);
    }
    messageAndAwaitSent(bob, "alice", "after the failover");
    messageAndAwaitSent(alice, "bob", "alice is back");
    on(() -> bob.await(l -> RECEIVED.matcher(l).matches() && !l.equals(atBob)));
    eventually(Duration.ofSeconds(10), () -> bodiesReceived(bob).contains("alice is back"));
    assertThat(bodiesReceived(bob)).containsOnlyOnce("before 1", "alice is back");
    eventually(Duration.ofSeconds(10),
        () -> bodiesReceived(alice, linesBefore).contains("after the failover"));

    // nothing lost, nothing twice (message numbers read before the failure belong to the dead
    // gateway); the client never saw OFFLINE and its socket stayed open
    List<String> atAliceBodies = bodiesReceived(alice, linesBefore);
    assertThat(atAliceBodies).containsOnlyOnce("during the failover", "after the failover");
    assertThat(atAliceBodies).hasSize(2);
    assertThat(snapshot(alice)).doesNotContain("CONNSTATUS OFFLINE");
    assertThat(alice.closed().isComplete()).isFalse();

    // the unread message survived with its number; the send in flight ended SENT or FAILED 1
    assertThat(body(alice, unread)).isEqualTo("unread before the kill");
    assertThat(on(() -> alice.ask("SEARCH MISSEDCHATMESSAGES", "CHATMESSAGES")))
        .contains(unread);
    eventually(Duration.ofSeconds(20), () -> snapshot(alice).stream().anyMatch(l ->
        l.equals("CHATMESSAGE " + inFlight + " STATUS SENT")
            || l.equals("CHATMESSAGE " + inFlight + " STATUS FAILED")));
    // it ended exactly once: never FAILED from the endpoint and then SENT from the survivor
    assertThat(snapshot(alice).stream()
        .filter(l -> l.matches("CHATMESSAGE " + inFlight + " STATUS (SENT|FAILED)")))
        .hasSize(1);
    String status = on(() -> alice.ask("GET CHATMESSAGE " + inFlight + " STATUS",
        "CHATMESSAGE " + inFlight));
    assertThat(status).isIn("CHATMESSAGE " + inFlight + " STATUS SENT",
        "CHATMESSAGE " + inFlight + " STATUS FAILED");
    if (status.endsWith("FAILED")) {
      assertThat(on(() -> alice.ask("GET CHATMESSAGE " + inFlight + " FAILUREREASON",
          "CHATMESSAGE " + inFlight))).endsWith("FAILUREREASON 1");
    }
    assertThat(bodiesReceived(bob).stream().filter("in flight"::equals).count())
        .isLessThanOrEqualTo(1);
    // the survivor continued alice's upstream session: no second login
    assertThat(logins("alice")).isEqualTo(loginsBefore);
    closeAll(alice, bob);

    // a replacement for the dead gateway, for the tests that follow
    eventually(Duration.ofSeconds(20), () -> liveGateways() == 1);
    gateways.add(startGateway("g3"));
    eventually(Duration.ofSeconds(40), () -> liveGateways() == 2);
  }

  @Test
  @Order(4)
  void killedGatewayWhoseUpstreamSessionExpiredLogsInAgainAndKeepsUnreadMessages()
      throws Exception {
    SkypeProxyTestClient alice = login(endpointPort0, ALICE_TOKEN);
    SkypeProxyTestClient bob = login(endpointPort1, "bob:bob-pw");
    SessionDirectory.Owner aliceOwner = owner("alice");
    messageAndAwaitSent(bob, "alice", "unread before the expiry");
    String unread = number(on(() -> alice.await(RECEIVED.asPredicate())));
    eventually(Duration.ofSeconds(10), () -> savedState(aliceOwner.sessionId())
        .contains("unread before the expiry"));
    int loginsBefore = logins("alice");
    ServiceProcess victim = gatewayProcess(aliceOwner.gatewayId());
    int linesBefore = lineCount(alice);
    victim.kill();
    gateways.remove(victim);
    assertThat(victim.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    // imo.im forgets the session while nobody polls it; bob's next message waits as unread
    on(() -> simulator.admin("expire", new JsonObject().put("to", "alice")));
    messageAndAwaitSent(bob, "alice", "while the session was gone");

    on(() -> alice.await(l -> l.equals("CONNSTATUS ONLINE") && indexOf(alice, l) > linesBefore));
    eventually(Duration.ofSeconds(20), () -> bodiesReceived(alice, linesBefore)
        .contains("while the session was gone"));
    assertThat(logins("alice")).isEqualTo(loginsBefore + 1);
    assertThat(body(alice, unread)).isEqualTo("unread before the expiry");
    assertThat(bodiesReceived(alice, linesBefore)).containsOnlyOnce("while the session was gone");
    assertThat(snapshot(alice)).doesNotContain("CONNSTATUS OFFLINE");
    closeAll(alice, bob);

    // the dead gateway's entry expires with its lease before its replacement counts
    eventually(Duration.ofSeconds(20), () -> liveGateways() == 1);
    gateways.add(startGateway("g4"));
    eventually(Duration.ofSeconds(40), () -> liveGateways() == 2);
  }

  @Test
  @Order(5)
  void gatewayShutDownOnPurposeHandsItsSessionsOverWithoutOffline() throws Exception {
    SkypeProxyTestClient alice = login(endpointPort0, ALICE_TOKEN);
    SkypeProxyTestClient bob = login(endpointPort1, "bob:bob-pw");
    SessionDirectory.Owner aliceOwner = owner("alice");
    ServiceProcess leaving = gatewayProcess(aliceOwner.gatewayId());
    int linesBefore = lineCount(alice);
    leaving.terminate();
    gateways.remove(leaving);
    messageAndAwaitSent(bob, "alice", "during the hand-over");
    on(() -> alice.await(l -> l.equals("CONNSTATUS ONLINE") && indexOf(alice, l) > linesBefore));
    assertThat(owner("alice").gatewayId()).isNotEqualTo(aliceOwner.gatewayId());
    messageAndAwaitSent(bob, "alice", "after the hand-over");
    eventually(Duration.ofSeconds(20), () -> receivedIds(alice, linesBefore).size() >= 2);
    // each message announced exactly once, whichever session took it, and both still readable
    // and unread on the new owner (the old one handed its state over)
    List<String> ids = receivedIds(alice, linesBefore);
    assertThat(ids).hasSize(2);
    assertThat(body(alice, ids.get(0))).isEqualTo("during the hand-over");
    assertThat(body(alice, ids.get(1))).isEqualTo("after the hand-over");
    assertThat(on(() -> alice.ask("SEARCH MISSEDCHATMESSAGES", "CHATMESSAGES")))
        .contains(ids.get(0), ids.get(1));
    assertThat(snapshot(alice)).doesNotContain("CONNSTATUS OFFLINE");
    assertThat(alice.closed().isComplete()).isFalse();
    assertThat(leaving.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    closeAll(alice, bob);
  }

  @Test
  @Order(6)
  void killedEndpointDetachesItsConnectionsAndItsClientsComeBackElsewhere() throws Exception {
    SkypeProxyTestClient alice = login(endpointPort0, ALICE_TOKEN);
    SkypeProxyTestClient bob = login(endpointPort1, "bob:bob-pw");
    SkypeProxyTestClient carol = login(endpointPort1, "carol:carol-pw");
    endpoint1.kill();
    on(bob::closed);
    on(carol::closed);
    messageAndAwaitSent(alice, "bob", "while you were away");

    // bob reconnects through the other endpoint and finds what he missed
    SkypeProxyTestClient bobAgain = connect(endpointPort0, "bob:bob-pw");
    String missed = on(() -> bobAgain.ask("SEARCH MISSEDCHATMESSAGES", "CHATMESSAGES"));
    List<String> ids = new ArrayList<>();
    for (String id : missed.substring("CHATMESSAGES".length()).trim().split(",\\s*")) {
      if (!id.isEmpty()) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      // SENT for alice does not mean bob's session has it yet: then it is announced to bob
      // once it arrives (a clustered session announces a message once its state is saved)
      ids.add(number(on(() -> bobAgain.await(l -> RECEIVED.matcher(l).matches()))));
    }
    List<String> bodies = new ArrayList<>();
    for (String id : ids) {
      bodies.add(body(bobAgain, id));
    }
    assertThat(bodies).contains("while you were away");

    // carol never comes back: her connection is detached, her session ends after the grace
    eventually(Duration.ofSeconds(30), () -> owner("carol") == null);
    assertThat(owner("bob")).isNotNull();
    closeAll(alice, bobAgain);
  }

  // ------------------------------------------------------------------ helpers

  private static SkypeProxyTestClient login(int port, String password) throws Exception {
    return opened(on(() -> ChatScenarios.login(node, port, password)));
  }

  private static final List<SkypeProxyTestClient> openClients = new ArrayList<>();

  private static SkypeProxyTestClient opened(SkypeProxyTestClient client) {
    openClients.add(client);
    return client;
  }

  /** Whatever a test left open is closed, and its sessions are gone before the next test. */
  @AfterEach
  void closeClients() throws Exception {
    for (SkypeProxyTestClient client : openClients) {
      on(client::close);
    }
    openClients.clear();
    eventually(Duration.ofSeconds(20), () -> on(ClusterFailoverTest::ownerCount) == 0);
  }

  /** Authenticates and negotiates PROTOCOL without waiting for CONNSTATUS (joins a session). */
  private static SkypeProxyTestClient connect(int port, String password) throws Exception {
    return opened(on(() -> SkypeProxyTestClient.connect(node, port).compose(client ->
        client.authenticate(password).compose(ok -> ok == 1
                ? client.ask("PROTOCOL 7", "PROTOCOL") : Future.failedFuture("refused"))
            .map(client))));
  }

  private static int verdict(int port, String password) throws Exception {
    return on(() -> SkypeProxyTestClient.connect(node, port)
        .compose(client -> client.authenticate(password)
            .compose(v -> client.closed().map(v))));
  }

  private static String messageAndAwaitSent(SkypeProxyTestClient from, String to, String text)
      throws Exception {
    // An #id ties the reply to this command: notifications may arrive in between.
    String tag = "#m" + System.nanoTime();
    String reply = on(() -> from.ask(tag + " MESSAGE " + to + " " + text, tag + " "));
    String sending = reply.substring(tag.length() + 1);
    assertThat(sending).matches("CHATMESSAGE \\d+ STATUS SENDING");
    String id = sending.split(" ")[1];
    on(() -> from.await("CHATMESSAGE " + id + " STATUS SENT"));
    return id;
  }

  private static String number(String receivedLine) {
    Matcher m = RECEIVED.matcher(receivedLine);
    assertThat(m.matches()).isTrue();
    return m.group(1);
  }

  private static String body(SkypeProxyTestClient client, String id) throws Exception {
    // tagged: a RECEIVED notification of the same message may come before the reply
    String tag = "#b" + id + " ";
    String prefix = tag + "CHATMESSAGE " + id + " BODY ";
    String line = on(() -> client.ask(tag + "GET CHATMESSAGE " + id + " BODY", tag));
    assertThat(line).startsWith(prefix);
    return line.substring(prefix.length());
  }

  /** The bodies of every distinct message this client was told it received. */
  private static List<String> bodiesReceived(SkypeProxyTestClient client) throws Exception {
    return bodiesReceived(client, 0);
  }

  /** Distinct numbers of RECEIVED notifications from line {@code from} on, in order. */
  private static List<String> receivedIds(SkypeProxyTestClient client, int from)
      throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> lines = snapshot(client);
    for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
      Matcher m = RECEIVED.matcher(line);
      if (m.matches() && !ids.contains(m.group(1))) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }

  /** Same, counting only lines from index {@code from} on. */
  private static List<String> bodiesReceived(SkypeProxyTestClient client, int from)
      throws Exception {
    List<String> ids = receivedIds(client, from);
    List<String> bodies = new ArrayList<>();
    for (String id : ids) {
      bodies.add(body(client, id));
    }
    return bodies;
  }

  private static List<String> snapshot(SkypeProxyTestClient client) throws Exception {
    return on(() -> Future.succeededFuture(List.copyOf(client.lines)));
  }

  private static int lineCount(SkypeProxyTestClient client) throws Exception {
    return snapshot(client).size();
  }

  /** Index of the last occurrence (called on the client's context from an await predicate). */
  private static int indexOf(SkypeProxyTestClient client, String line) {
    return client.lines.lastIndexOf(line);
  }

  private static void closeAll(SkypeProxyTestClient... clients) throws Exception {
    for (SkypeProxyTestClient client : clients) {
      on(client::close);
    }
  }

  private static SessionDirectory.Owner owner(String account) throws Exception {
    String text = on(() -> owners().compose(map -> map.get(account)));
    if (text == null) {
      return null;
    }
    JsonObject json = new JsonObject(text);
    return new SessionDirectory.Owner(json.getString("session"), json.getString("gateway"),
        json.getString("ssid"));
  }

  /** The saved state of a session in the cluster's shared data ("" when none). */
  private static String savedState(String sessionId) throws Exception {
    String text = on(() -> node.sharedData().<String, String>getAsyncMap(
        SessionStateStore.STATE_MAP).compose(map -> map.get("state:" + sessionId)));
    return text == null ? "" : text;
  }

  private static String savedMessageId(String sessionId, String body) throws Exception {
    for (Object raw : new JsonObject(savedState(sessionId)).getJsonArray("messages")) {
      JsonObject message = (JsonObject) raw;
      if (body.equals(message.getString("b"))) {
        return String.valueOf(message.getLong("id"));
      }
    }
    throw new AssertionError("no saved message " + body);
  }

  /** How many times the simulator saw {@code account_login} for {@code uid}. */
  private static int logins(String uid) {
    int count = 0;
    for (JsonObject request : simulator.requests("account_login")) {
      JsonObject data = request.getJsonObject("data");
      if (data != null && uid.equals(data.getString("uid"))) {
        count++;
      }
    }
    return count;
  }

  private static Future<Integer> ownerCount() {
    return owners().compose(AsyncMap::size);
  }

  private static Future<AsyncMap<String, String>> owners() {
    return node.sharedData().getAsyncMap(SessionDirectory.OWNERS_MAP);
  }

  private static int liveGateways() throws Exception {
    return on(() -> node.sharedData().<String, String>getAsyncMap(SessionDirectory.GATEWAYS_MAP)
        .compose(AsyncMap::size));
  }

  private static ServiceProcess gatewayProcess(String gatewayId) {
    for (ServiceProcess process : gateways) {
      if (process.logText().contains("gateway " + gatewayId + " ready")) {
        return process;
      }
    }
    throw new AssertionError("no gateway process logged id " + gatewayId);
  }

  /** Runs an asynchronous step on the test's context and waits for its outcome. */
  private static <T> T on(Supplier<Future<T>> step) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        step.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future().toCompletionStage().toCompletableFuture().get(45, TimeUnit.SECONDS);
  }

  /** Polls a condition of the cluster's state (shared maps, logs) until it holds. */
  /** True while the simulator holds a long poll of {@code ssid}. */
  private static boolean pollHeld(String ssid) throws Exception {
    return on(simulator::sessions).stream().anyMatch(session -> session instanceof JsonObject j
        && ssid.equals(j.getString("ssid")) && j.getBoolean("polling", false));
  }

  private static void eventually(Duration limit, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!Boolean.TRUE.equals(condition.call())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + limit);
      }
      Thread.sleep(200);
    }
  }

  private static boolean canConnect(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
