package net.imo2sproxy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The real deploy/docker-compose.yml with its status-page override, built from the real
 * Dockerfiles with the local {@code docker compose}: simulator, two gateways, the EU region
 * scaled to two endpoints ({@code --scale endpoint-eu=2}) and a US endpoint, each region behind
 * its balancer, and the status balancer. The tests speak SkypeProxy from this JVM to the
 * balancers' published ports, as Skype plugins in two regions would, and read the status page
 * as the README's recipe does. One deployment serves all tests (starting it takes minutes);
 * the destructive ones run last.
 */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerComposeDeploymentTest {

  private static final Logger LOG = LoggerFactory.getLogger(DockerComposeDeploymentTest.class);
  private static final int SKYPEPROXY_PORT = 1401;
  private static final Duration START_UP = Duration.ofMinutes(6);
  private static final List<String> JARS = List.of(
      "imo-gateway-service/target/imo-gateway-service.jar",
      "skypeproxy-endpoint-service/target/skypeproxy-endpoint-service.jar",
      "imo-simulator/target/imo-simulator.jar",
      "deploy/tools/target/imo2sproxy-deploy-tools.jar");

  /** Each service instance's log lines, to see where a session lives. */
  private static final Map<String, List<String>> LOGS = new ConcurrentHashMap<>();

  private static final String TAG = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private static final List<String> COMPOSE_FILES = List.of("docker-compose.yml",
      "docker-compose.status.yml");

  private static ComposeContainer compose;
  private static Path deployDir;
  private static String host;
  private static int euPort;
  private static int usPort;
  private static int statusPort;

  @BeforeAll
  static void startDeployment() {
    Path root = Path.of(System.getProperty("imo2sproxy.root", "..")).toAbsolutePath().normalize();
    for (String jar : JARS) {
      // a missing jar is a broken build, not a reason to skip
      assertThat(root.resolve(jar)).as("%s (run `mvn -B -ntp -DskipTests package` first)", jar)
          .isRegularFile();
    }
    deployDir = root.resolve("deploy");
    compose = new ComposeContainer("imo2sproxy-test-" + UUID.randomUUID().toString().substring(0, 8),
        COMPOSE_FILES.stream().map(name -> deployDir.resolve(name).toFile()).toList())
        .withBuild(true)
        // the images are built here from the Dockerfiles; their bases must be local already
        .withPull(false)
        // images of this run only (others may build theirs meanwhile), removed with it
        .withEnv("IMO2SPROXY_TAG", TAG)
        .withRemoveImages(ComposeContainer.RemoveImages.ALL)
        // 0: any free host port, so that runs never collide with each other or a real deployment
        .withEnv("IMO2SPROXY_EU_PORT", "0")
        .withEnv("IMO2SPROXY_US_PORT", "0")
        .withEnv("IMO2SPROXY_STATUS_PORT", "0")
        .withEnv("IMO2SPROXY_CLUSTER_NAME", "deploy-test-" + UUID.randomUUID())
        .withEnv("IMO2SPROXY_SIMULATOR_HOLD", "5")
        // `up --scale endpoint-eu=2` names the services it starts: all of them
        .withServices("simulator", "gateway", "endpoint-eu", "endpoint-us", "balancer-eu",
            "balancer-us", "status")
        .withScaledService("endpoint-eu", 2)
        .withStartupTimeout(START_UP);
    for (String service : List.of("simulator", "gateway-1", "gateway-2", "endpoint-eu-1",
        "endpoint-eu-2", "endpoint-us-1", "balancer-eu-1", "balancer-us-1", "status-1")) {
      compose.waitingFor(service, Wait.forHealthcheck().withStartupTimeout(START_UP));
      compose.withLogConsumer(service, new Slf4jLogConsumer(LoggerFactory.getLogger("compose." + service)));
      List<String> lines = new CopyOnWriteArrayList<>();
      LOGS.put(service, lines);
      compose.withLogConsumer(service, frame -> lines.add(frame.getUtf8String()));
    }
    long started = System.nanoTime();
    compose.start();
    LOG.info("deployment healthy after {} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    host = DockerClientFactory.instance().dockerHostIpAddress();
    euPort = publishedPort("balancer-eu");
    usPort = publishedPort("balancer-us");
    statusPort = publishedPort("status");
  }

  @AfterAll
  static void stopDeployment() {
    if (compose != null) {
      compose.stop();
    }
  }

  @Test
  @Order(1)
  @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
  void aliceAndBobChatThroughEndpointsInTwoRegions(Vertx vertx, VertxTestContext ctx) {
    SkypeProxyClient.login(vertx, host, euPort, "alice:alice-pw").compose(alice ->
        SkypeProxyClient.login(vertx, host, usPort, "bob:bob-pw").compose(bob ->
            deliver(alice, bob, "hi bob, greetings from the EU endpoint")
                .compose(v -> deliver(bob, alice, "hi alice, the US endpoint answers"))
                .eventually(() -> Future.join(alice.close(), bob.close()))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Order(3)
  @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
  void chatGoesOnWhenAGatewayIsKilled(Vertx vertx, VertxTestContext ctx) {
    SkypeProxyClient.login(vertx, host, euPort, "alice:alice-pw").compose(alice ->
        SkypeProxyClient.login(vertx, host, usPort, "bob:bob-pw").compose(bob ->
            deliver(alice, bob, "before the gateway dies")
                .compose(v -> vertx.executeBlocking(() -> {
                  // the gateway that holds alice's session, so that it must move
                  String gateway = gatewayOfLatestAttach("alice");
                  docker().killContainerCmd(container(gateway).getContainerId()).exec();
                  LOG.info("killed {}, which held alice's session", gateway);
                  return null;
                }))
                // a command in flight while its session moves is resent by the endpoint to the
                // session that takes over, and answered there: the client sends it once
                .compose(v -> deliver(alice, bob, "after the gateway died"))
                .compose(v -> deliver(bob, alice, "still here"))
                .eventually(() -> Future.join(alice.close(), bob.close()))))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * The README's status-page recipe (docker-compose.status.yml): the whole cluster's status
   * and a gateway's Prometheus metrics on the host's loopback, with the figures of the chat
   * above (the service jars' /metrics once answered 500).
   */
  @Test
  @Order(2)
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void statusPageRecipeShowsTheClusterAndItsFigures(Vertx vertx, VertxTestContext ctx) {
    HttpClient http = vertx.createHttpClient();
    untilStatus(vertx, http, status -> status.getJsonObject("totals").getInteger("nodes") == 5
        && sum(status, "logins") >= 2 && sum(status, "connectionsAccepted") >= 2, 60)
        .compose(status -> get(http, "/metrics"))
        .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
          assertThat(metrics).contains("imo2sproxy_logins_total", "jvm_memory_used_bytes");
          ctx.completeNow();
        })));
  }

  /**
   * The EU region scaled to two endpoints behind its balancer: two connections land on
   * different endpoints; one endpoint is killed, and its client reconnects through the same
   * address (now to the other endpoint) and chats on.
   */
  @Test
  @Order(4)
  @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
  void aScaledRegionKeepsItsAddressWhenAnEndpointDies(Vertx vertx, VertxTestContext ctx) {
    List<String> euEndpoints = List.of("endpoint-eu-1", "endpoint-eu-2");
    Map<String, Integer> linesBefore = new ConcurrentHashMap<>();
    euEndpoints.forEach(endpoint -> linesBefore.put(endpoint, LOGS.get(endpoint).size()));
    SkypeProxyClient.login(vertx, host, euPort, "alice:alice-pw").compose(first ->
        SkypeProxyClient.login(vertx, host, euPort, "alice:alice-pw").compose(second ->
            SkypeProxyClient.login(vertx, host, usPort, "bob:bob-pw").compose(bob ->
                vertx.executeBlocking(() -> {
                  // least connections: alice's second connection went to the other endpoint
                  for (String endpoint : euEndpoints) {
                    List<String> log = LOGS.get(endpoint);
                    assertThat(log.subList(linesBefore.get(endpoint), log.size()))
                        .as("%s took one of alice's connections", endpoint)
                        .anyMatch(line -> line.contains("account alice"));
                  }
                  docker().killContainerCmd(container("endpoint-eu-1").getContainerId()).exec();
                  LOG.info("killed endpoint-eu-1");
                  return null;
                })
                .compose(v -> Future.any(first.closed(), second.closed()))
                .compose(v -> SkypeProxyClient.login(vertx, host, euPort, "alice:alice-pw"))
                .compose(again -> deliver(bob, again, "alice, still there?")
                    .compose(v -> deliver(again, bob, "yes, through the same address"))
                    .eventually(again::close))
                .eventually(() -> Future.join(first.close(), second.close(), bob.close())))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Order(5)
  @Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
  void clientOfAnEndpointCutOffTheClusterReconnectsToTheOtherEndpoint(Vertx vertx,
      VertxTestContext ctx) {
    SkypeProxyClient.login(vertx, host, euPort, "alice:alice-pw").compose(alice ->
        SkypeProxyClient.login(vertx, host, usPort, "bob:bob-pw").compose(bob ->
            deliver(alice, bob, "before the EU endpoint is cut off")
                .compose(v -> vertx.executeBlocking(() -> {
                  // every EU endpoint still running (the test above killed one)
                  for (String endpoint : List.of("endpoint-eu-1", "endpoint-eu-2")) {
                    if (running(endpoint)) {
                      cutOffClusterNetwork(endpoint);
                    }
                  }
                  return null;
                }))
                // the plugin's keep-alive: PING until the EU endpoint closes or stops answering
                .compose(v -> untilUnreachable(vertx, alice))
                .compose(v -> connectingWithoutAGateway(vertx))
                .compose(v -> SkypeProxyClient.login(vertx, host, usPort, "alice:alice-pw"))
                .compose(aliceAgain -> deliver(bob, aliceAgain, "alice, are you back?")
                    .compose(v -> deliver(aliceAgain, bob, "yes, through the US endpoint"))
                    .eventually(aliceAgain::close))
                .eventually(() -> Future.join(alice.close(), bob.close()))))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * {@code from} sends {@code text} to {@code to}: the sender sees SENDING, the recipient
   * CHATMESSAGE n STATUS RECEIVED, and n's BODY and FROM_HANDLE are right.
   */
  private static Future<Void> deliver(SkypeProxyClient from, SkypeProxyClient to, String text) {
    from.send("MESSAGE " + to.name() + " " + text);
    return from.await(l -> l.matches("CHATMESSAGE \\d+ STATUS SENDING"), "STATUS SENDING")
        .compose(sending -> receive(from, to, text));
  }

  /** {@code to} gets CHATMESSAGE n STATUS RECEIVED, and n's BODY and FROM_HANDLE are right. */
  private static Future<Void> receive(SkypeProxyClient from, SkypeProxyClient to, String text) {
    return to.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED"), "STATUS RECEIVED")
        .compose(received -> {
          String id = received.split(" ")[1];
          to.send("GET CHATMESSAGE " + id + " BODY");
          return to.await(l -> l.startsWith("CHATMESSAGE " + id + " BODY "), "BODY")
              .compose(body -> {
                assertThat(body).isEqualTo("CHATMESSAGE " + id + " BODY " + text);
                to.send("GET CHATMESSAGE " + id + " FROM_HANDLE");
                return to.await(l -> l.startsWith("CHATMESSAGE " + id + " FROM_HANDLE "),
                    "FROM_HANDLE");
              })
              .map(handle -> {
                assertThat(handle).isEqualTo("CHATMESSAGE " + id + " FROM_HANDLE " + from.name());
                return null;
              });
        });
  }

  /**
   * A plugin that logs in to the EU region now, whose running endpoints reach no gateway (none
   * is ready, so the balancer uses its fallback): the password is answered 01 and the client
   * told CONNSTATUS CONNECTING, never 00 nor a closed connection.
   */
  private static Future<Void> connectingWithoutAGateway(Vertx vertx) {
    return SkypeProxyClient.connect(vertx, host, euPort, "alice").compose(client ->
        client.authenticate("alice:alice-pw")
            .compose(verdict -> {
              assertThat(verdict).as("password answer without a gateway").isEqualTo(1);
              return client.await("CONNSTATUS CONNECTING"::equals, "CONNSTATUS CONNECTING");
            })
            .eventually(client::close))
        .mapEmpty();
  }

  /** Completes once the client's endpoint has closed the connection or left a PING unanswered. */
  private static Future<Void> untilUnreachable(Vertx vertx, SkypeProxyClient client) {
    Promise<Void> gone = Promise.promise();
    client.closed().onComplete(v -> gone.tryComplete());
    ping(vertx, client, gone);
    return gone.future().onComplete(v -> LOG.info("{}'s endpoint is unreachable", client.name()));
  }

  private static void ping(Vertx vertx, SkypeProxyClient client, Promise<Void> gone) {
    if (gone.future().isComplete()) {
      return;
    }
    client.send("PING");
    Future<String> pong = client.await("PONG"::equals, "PONG");
    vertx.setTimer(15_000, t -> {
      if (!pong.isComplete()) {
        gone.tryComplete();
      }
    });
    pong.onSuccess(p -> vertx.setTimer(2_000, t -> ping(vertx, client, gone)))
        .onFailure(err -> gone.tryComplete());
  }

  /** The gateway instance whose log shows the latest connection attached to an account's session. */
  private static String gatewayOfLatestAttach(String account) {
    String latest = null;
    String latestLine = "";
    for (String gateway : List.of("gateway-1", "gateway-2")) {
      for (String line : LOGS.get(gateway)) {
        // lines start with the service's own timestamp, so they compare as text
        if (line.contains("attached to session") && line.contains("(" + account + ")")
            && line.compareTo(latestLine) > 0) {
          latest = gateway;
          latestLine = line;
        }
      }
    }
    if (latest == null) {
      throw new AssertionError("no gateway logged a connection of " + account);
    }
    return latest;
  }

  /**
   * The compose files in every combination the READMEs give are valid, with the services they
   * promise (a cheap check of recipes not started here).
   */
  @Test
  @Order(6)
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void documentedComposeFileCombinationsAreValid() throws Exception {
    assertThat(services(Map.of(), "docker-compose.yml")).containsExactlyInAnyOrder("simulator",
        "gateway", "endpoint-eu", "endpoint-us", "balancer-eu", "balancer-us");
    assertThat(services(Map.of(), "docker-compose.yml", "docker-compose.endpoint-ap.yml"))
        .contains("endpoint-ap", "balancer-ap");
    assertThat(services(Map.of(), "docker-compose.yml", "docker-compose.status.yml"))
        .contains("status");
    assertThat(services(Map.of("IMO2SPROXY_IMO_URL", "https://imo.example.net/"),
        "docker-compose.yml", "docker-compose.imo.yml")).doesNotContain("simulator");
  }

  /** {@code docker compose -f ... config --services} in deploy/. */
  private static List<String> services(Map<String, String> env, String... files)
      throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("docker", "compose"));
    for (String file : files) {
      command.addAll(List.of("-f", file));
    }
    command.addAll(List.of("config", "--services"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(deployDir.toFile())
        .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
    return output.lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
  }

  /** GETs {@code path} from the status balancer; fails on any status but 200. */
  private static Future<String> get(HttpClient http, String path) {
    return http.request(HttpMethod.GET, statusPort, host, path)
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200 ? response.body()
            : Future.failedFuture(path + " answered " + response.statusCode()))
        .map(body -> body.toString());
  }

  /** /status.json until {@code done} holds (every second, at most {@code seconds} times). */
  private static Future<JsonObject> untilStatus(Vertx vertx, HttpClient http,
      java.util.function.Predicate<JsonObject> done, int seconds) {
    return get(http, "/status.json").map(JsonObject::new).recover(err -> {
      LOG.info("status page not there yet: {}", err.getMessage());
      return Future.succeededFuture(null);
    }).compose(status -> {
      if (status != null && done.test(status)) {
        return Future.succeededFuture(status);
      }
      if (seconds <= 0) {
        return Future.failedFuture(new AssertionError("status never as expected: " + status));
      }
      return vertx.timer(1000).compose(t -> untilStatus(vertx, http, done, seconds - 1));
    });
  }

  private static long sum(JsonObject status, String figure) {
    long total = 0;
    for (Object node : status.getJsonArray("nodes")) {
      total += ((JsonObject) node).getLong(figure, 0L);
    }
    return total;
  }

  private static void cutOffClusterNetwork(String instance) {
    ContainerState container = container(instance);
    InspectContainerResponse info = docker().inspectContainerCmd(container.getContainerId()).exec();
    String network = info.getNetworkSettings().getNetworks().keySet().stream()
        .filter(name -> name.endsWith("_cluster")).findFirst()
        .orElseThrow(() -> new AssertionError(instance + " is not on a *_cluster network: "
            + info.getNetworkSettings().getNetworks().keySet()));
    docker().disconnectFromNetworkCmd().withNetworkId(network)
        .withContainerId(container.getContainerId()).withForce(true).exec();
    LOG.info("disconnected {} from {}", instance, network);
  }

  private static boolean running(String instance) {
    Boolean running = docker().inspectContainerCmd(container(instance).getContainerId()).exec()
        .getState().getRunning();
    return Boolean.TRUE.equals(running);
  }

  private static int publishedPort(String service) {
    InspectContainerResponse info = docker().inspectContainerCmd(
        container(service + "-1").getContainerId()).exec();
    Ports.Binding[] bindings = info.getNetworkSettings().getPorts().getBindings()
        .get(ExposedPort.tcp(SKYPEPROXY_PORT));
    assertThat(bindings).as("%s publishes %d", service, SKYPEPROXY_PORT).isNotEmpty();
    return Integer.parseInt(bindings[0].getHostPortSpec());
  }

  private static ContainerState container(String instance) {
    return compose.getContainerByServiceName(instance)
        .orElseThrow(() -> new AssertionError("no compose service instance " + instance));
  }

  private static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }

}
