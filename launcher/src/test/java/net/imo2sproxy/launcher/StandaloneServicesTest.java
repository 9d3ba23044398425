package net.imo2sproxy.launcher;

import static net.imo2sproxy.launcher.OperatorTestSupport.await;
import static net.imo2sproxy.launcher.OperatorTestSupport.eventually;
import static net.imo2sproxy.launcher.OperatorTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.endpoint.EndpointMain;
import net.imo2sproxy.gateway.GatewayMain;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway and endpoint services as operators run them: each through its own main in a JVM
 * of its own, clustered over 127.0.0.1 with a cluster name of their own, with the management
 * port on; the test JVM runs only the simulator and the clients. (The launcher's single
 * process is covered by {@link BridgeMetricsTest}.)
 *
 * <p>First, {@code /metrics}, {@code /health/ready} and {@code /status.json} of both after a
 * chat: the figures moved with the traffic. Then the gateway is killed under a connected
 * endpoint and a new one started the way a redeployment does (its member list names only
 * gateways, so it forms a cluster of its own that the endpoint must find): meanwhile the
 * endpoint is not ready and answers a valid password {@code 01} and {@code CONNSTATUS
 * CONNECTING}, never {@code 00}; once the new gateway is up, it is ready again within
 * seconds and both clients go on chatting.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 150, timeUnit = TimeUnit.SECONDS)
class StandaloneServicesTest {

  private static final String CLUSTER = "imo2sproxy-standalone-" + UUID.randomUUID();

  private static Vertx vertx;
  private static WebClient web;
  private static ImoSimulator simulator;
  private static int gatewaySeedPort;
  private static int endpointPort;
  private static int endpointManagement;
  private static int gatewayManagement;
  private static ServiceProcess gateway;
  private static ServiceProcess endpoint;
  private static final List<SkypeProxyTestClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    JsonObject world = new JsonObject().put("accounts", new JsonArray()
        .add(account("alice", "bob")).add(account("bob", "alice"))
        .add(account("carol", "alice")));
    simulator = await(ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
        .setHoldTime(Duration.ofSeconds(5)).setWorld(SimulatorWorld.load(world))));
    gatewaySeedPort = freePort();
    gatewayManagement = freePort();
    gateway = startGateway("standalone-g1");
    endpointPort = freePort();
    endpointManagement = freePort();
    endpoint = ServiceProcess.start("standalone-e1", EndpointMain.class, List.of(
        "--host", "127.0.0.1", "--port", String.valueOf(endpointPort),
        "--heartbeat-interval-seconds", "1", "--failover-timeout-seconds", "40",
        "--management-port", String.valueOf(endpointManagement), "--region", "eu",
        "--cluster", "true", "--cluster-name", CLUSTER, "--cluster-host", "127.0.0.1",
        "--cluster-port", "0", "--cluster-members", "127.0.0.1:" + gatewaySeedPort), Map.of());
    eventually(() -> readiness(endpointManagement), status -> status == 200);
  }

  private static JsonObject account(String uid, String buddy) {
    return new JsonObject().put("uid", uid).put("password", uid + "-pw")
        .put("buddies", new JsonArray().add(buddy));
  }

  /** A gateway on the seed port whose member list is the seed port only: gateways alone. */
  private static ServiceProcess startGateway(String name) throws Exception {
    return ServiceProcess.start(name, GatewayMain.class, List.of(
        "--imo-url", simulator.baseUrl(),
        "--management-port", String.valueOf(gatewayManagement),
        "--cluster", "true", "--cluster-name", CLUSTER, "--cluster-host", "127.0.0.1",
        "--cluster-port", String.valueOf(gatewaySeedPort),
        "--cluster-members", "127.0.0.1:" + gatewaySeedPort), Map.of());
  }

  @AfterAll
  static void stop() {
    for (SkypeProxyTestClient client : clients) {
      client.close();
    }
    for (ServiceProcess process : new ServiceProcess[] {gateway, endpoint}) {
      if (process != null) {
        process.kill();
      }
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  @Order(1)
  void metricsAndStatusOfTheServiceJarsMoveWithTheTraffic() throws Exception {
    SkypeProxyTestClient alice = login("alice:alice-pw");
    SkypeProxyTestClient bob = login("bob:bob-pw");
    await(alice.await("USER bob ONLINESTATUS ONLINE"));
    String sending = await(alice.ask("MESSAGE bob figures please", "CHATMESSAGE"));
    await(alice.await("CHATMESSAGE " + sending.split(" ")[1] + " STATUS SENT"));
    await(bob.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED")));

    String atEndpoint = OperatorTestSupport.get(web, endpointManagement, "/metrics");
    assertThat(sample(atEndpoint, "imo2sproxy_connections_accepted_total")).isEqualTo(2);
    assertThat(sample(atEndpoint, "imo2sproxy_connections_open")).isEqualTo(2);
    assertThat(atEndpoint).contains("vertx_eventbus_", "jvm_memory_used_bytes");
    String atGateway = OperatorTestSupport.get(web, gatewayManagement, "/metrics");
    assertThat(sample(atGateway, "imo2sproxy_logins_total")).isEqualTo(2);
    assertThat(sample(atGateway, "imo2sproxy_sessions")).isEqualTo(2);
    assertThat(sample(atGateway, "imo2sproxy_messages_out_total")).isEqualTo(1);
    assertThat(sample(atGateway, "imo2sproxy_messages_in_total")).isEqualTo(1);
    assertThat(sample(atGateway, "imo2sproxy_commands_total", "verb=\"MESSAGE\""))
        .isEqualTo(1);
    assertThat(atEndpoint + atGateway).doesNotContain("alice", "bob-pw");

    // the status page's data, from either node: both nodes and their figures. Each node
    // publishes its record periodically, so a record may predate the second login: wait for
    // every figure checked, not only for the totals
    JsonObject status = eventually(() -> OperatorTestSupport.status(web, endpointManagement),
        s -> s.getJsonObject("totals").getInteger("nodes") == 2
            && s.getJsonObject("totals").getInteger("connections") == 2
            && s.getJsonObject("totals").getInteger("sessions") == 2
            && nodeSum(s, "logins") == 2 && nodeSum(s, "connectionsAccepted") == 2);
    assertThat(nodeSum(status, "logins")).isEqualTo(2);
    assertThat(nodeSum(status, "connectionsAccepted")).isEqualTo(2);
    assertThat(OperatorTestSupport.status(web, gatewayManagement).getJsonObject("totals")
        .getInteger("nodes")).isEqualTo(2);
    assertThat(readiness(gatewayManagement)).isEqualTo(200);
  }

  @Test
  @Order(2)
  void gatewaysStoppedAndStartedUnderAConnectedEndpoint() throws Exception {
    SkypeProxyTestClient alice = clients.get(0);
    SkypeProxyTestClient bob = clients.get(1);
    gateway.kill();
    assertThat(gateway.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    await(alice.await("CONNSTATUS CONNECTING"));
    eventually(() -> readiness(endpointManagement), status -> status == 503);

    // a plugin connecting now is not told its password is wrong
    SkypeProxyTestClient carol = await(SkypeProxyTestClient.connect(vertx, endpointPort));
    clients.add(carol);
    // carol has no session yet (a new connection of bob, racing the take-over of bob's lost
    // session, once got no answer to its first command: a gateway matter, not tested here)
    assertThat(await(carol.authenticate("carol:carol-pw"))).isEqualTo(1);
    await(carol.await("CONNSTATUS CONNECTING"));
    carol.send("PROTOCOL 7");

    long restartedAt = System.nanoTime();
    gateway = startGateway("standalone-g2");
    eventually(() -> readiness(endpointManagement), status -> status == 200);
    Duration noticed = Duration.ofNanos(System.nanoTime() - restartedAt);
    System.out.println("endpoint ready " + noticed.toMillis() + " ms after the new gateway"
        + " was started (JVM start and cluster merge included)");
    assertThat(noticed).isLessThan(Duration.ofSeconds(60));

    await(carol.await(l -> l.startsWith("PROTOCOL ")));
    await(carol.await("CONNSTATUS ONLINE"));
    assertThat(await(carol.ask("PING", "PONG"))).isEqualTo("PONG");
    await(alice.await(l -> l.equals("CONNSTATUS ONLINE")
        && alice.lines().lastIndexOf(l) > alice.lines().indexOf("CONNSTATUS CONNECTING")));
    assertThat(alice.lines()).doesNotContain("CONNSTATUS OFFLINE");
    String sending = await(bob.ask("#after MESSAGE alice back again", "#after "));
    String id = sending.split(" ")[2];
    await(bob.await("CHATMESSAGE " + id + " STATUS SENT"));
    String received = await(alice.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED")
        && alice.lines().lastIndexOf(l) > alice.lines().indexOf("CONNSTATUS CONNECTING")));
    String number = received.split(" ")[1];
    assertThat(await(alice.ask("GET CHATMESSAGE " + number + " BODY",
        "CHATMESSAGE " + number + " BODY"))).endsWith("BODY back again");
  }

  private static SkypeProxyTestClient login(String password) {
    SkypeProxyTestClient client = await(ChatScenarios.login(vertx, endpointPort, password));
    clients.add(client);
    return client;
  }

  private static int readiness(int port) {
    return await(web.get(port, "127.0.0.1", "/health/ready").send()
        .map(response -> response.statusCode()).otherwise(-1));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A figure summed over the status record's nodes. */
  private static long nodeSum(JsonObject status, String figure) {
    long sum = 0;
    for (Object node : status.getJsonArray("nodes")) {
      sum += ((JsonObject) node).getLong(figure, 0L);
    }
    return sum;
  }
}
