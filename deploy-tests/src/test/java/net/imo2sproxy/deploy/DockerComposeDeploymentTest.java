package net.imo2sproxy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
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
 * The real deploy/docker-compose.yml, built from the real Dockerfiles with the local
 * {@code docker compose}: simulator, two gateways, an EU and a US endpoint. The tests speak
 * SkypeProxy from this JVM to the endpoints' published ports, as Skype plugins in two regions
 * would. One deployment serves all tests (starting it takes minutes); the destructive ones
 * run last.
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

  private static ComposeContainer compose;
  private static String host;
  private static int euPort;
  private static int usPort;

  @BeforeAll
  static void startDeployment() {
    Path root = Path.of(System.getProperty("imo2sproxy.root", "..")).toAbsolutePath().normalize();
    for (String jar : JARS) {
      // a missing jar is a broken build, not a reason to skip
      assertThat(root.resolve(jar)).as("%s (run `mvn -B -ntp -DskipTests package` first)", jar)
          .isRegularFile();
    }
    File composeFile = root.resolve("deploy/docker-compose.yml").toFile();
    compose = new ComposeContainer("imo2sproxy-test-" + UUID.randomUUID().toString().substring(0, 8),
        composeFile)
        .withBuild(true)
        // the images are built here from the Dockerfiles; their bases must be local already
        .withPull(false)
        // 0: any free host port, so that runs never collide with each other or a real deployment
        .withEnv("IMO2SPROXY_EU_PORT", "0")
        .withEnv("IMO2SPROXY_US_PORT", "0")
        .withEnv("IMO2SPROXY_CLUSTER_NAME", "deploy-test-" + UUID.randomUUID())
        .withEnv("IMO2SPROXY_SIMULATOR_HOLD", "5")
        .withStartupTimeout(START_UP);
    for (String service : List.of("simulator", "gateway-1", "gateway-2", "endpoint-eu-1", "endpoint-us-1")) {
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
    euPort = publishedPort("endpoint-eu");
    usPort = publishedPort("endpoint-us");
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
    SkypeProxyTestClient.login(vertx, host, euPort, "alice:alice-pw").compose(alice ->
        SkypeProxyTestClient.login(vertx, host, usPort, "bob:bob-pw").compose(bob ->
            deliver(alice, bob, "hi bob, greetings from the EU endpoint")
                .compose(v -> deliver(bob, alice, "hi alice, the US endpoint answers"))
                .eventually(() -> Future.join(alice.closeAsync(), bob.closeAsync()))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Order(2)
  @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
  void chatGoesOnWhenAGatewayIsKilled(Vertx vertx, VertxTestContext ctx) {
    SkypeProxyTestClient.login(vertx, host, euPort, "alice:alice-pw").compose(alice ->
        SkypeProxyTestClient.login(vertx, host, usPort, "bob:bob-pw").compose(bob ->
            deliver(alice, bob, "before the gateway dies")
                .compose(v -> vertx.executeBlocking(() -> {
                  // the gateway that holds alice's session, so that it must move
                  String gateway = gatewayOfLatestAttach("alice");
                  docker().killContainerCmd(container(gateway).getContainerId()).exec();
                  LOG.info("killed {}, which held alice's session", gateway);
                  return null;
                }))
                // a command in flight while its session moves is answered ERROR 9903 (not
                // confirmed); the user sends it again, as a retrying client does here
                .compose(v -> deliverRetrying(vertx, alice, bob, "after the gateway died", 1))
                .compose(v -> deliverRetrying(vertx, bob, alice, "still here", 1))
                .eventually(() -> Future.join(alice.closeAsync(), bob.closeAsync()))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Order(3)
  @Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
  void clientOfAnEndpointCutOffTheClusterReconnectsToTheOtherEndpoint(Vertx vertx,
      VertxTestContext ctx) {
    SkypeProxyTestClient.login(vertx, host, euPort, "alice:alice-pw").compose(alice ->
        SkypeProxyTestClient.login(vertx, host, usPort, "bob:bob-pw").compose(bob ->
            deliver(alice, bob, "before the EU endpoint is cut off")
                .compose(v -> vertx.executeBlocking(() -> {
                  cutOffClusterNetwork("endpoint-eu");
                  return null;
                }))
                // the plugin's keep-alive: PING until the EU endpoint closes or stops answering
                .compose(v -> untilUnreachable(vertx, alice))
                .compose(v -> SkypeProxyTestClient.login(vertx, host, usPort, "alice:alice-pw"))
                .compose(aliceAgain -> deliver(bob, aliceAgain, "alice, are you back?")
                    .compose(v -> deliver(aliceAgain, bob, "yes, through the US endpoint"))
                    .eventually(aliceAgain::closeAsync))
                .eventually(() -> Future.join(alice.closeAsync(), bob.closeAsync()))))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * {@code from} sends {@code text} to {@code to}: the sender sees SENDING, the recipient
   * CHATMESSAGE n STATUS RECEIVED, and n's BODY and FROM_HANDLE are right.
   */
  private static Future<Void> deliver(SkypeProxyTestClient from, SkypeProxyTestClient to,
      String text) {
    return from.ask("MESSAGE " + to.name() + " " + text,
            l -> l.matches("CHATMESSAGE \\d+ STATUS SENDING"))
        .compose(sending -> receive(from, to, text));
  }

  /** {@code to} gets CHATMESSAGE n STATUS RECEIVED, and n's BODY and FROM_HANDLE are right. */
  private static Future<Void> receive(SkypeProxyTestClient from, SkypeProxyTestClient to, String text) {
    return to.take(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED"), "STATUS RECEIVED")
        .compose(received -> {
          String id = received.split(" ")[1];
          return to.ask("GET CHATMESSAGE " + id + " BODY",
                  l -> l.startsWith("CHATMESSAGE " + id + " BODY "))
              .compose(body -> {
                assertThat(body).isEqualTo("CHATMESSAGE " + id + " BODY " + text);
                return to.ask("GET CHATMESSAGE " + id + " FROM_HANDLE",
                    l -> l.startsWith("CHATMESSAGE " + id + " FROM_HANDLE "));
              })
              .map(handle -> {
                assertThat(handle).isEqualTo("CHATMESSAGE " + id + " FROM_HANDLE " + from.name());
                return null;
              });
        });
  }

  /**
   * {@link #deliver}, but a MESSAGE answered {@code ERROR 9903} (not confirmed: its gateway
   * failed over) is sent again after two seconds, up to five times.
   */
  private static Future<Void> deliverRetrying(Vertx vertx, SkypeProxyTestClient from,
      SkypeProxyTestClient to, String text, int attempt) {
    return from.ask("MESSAGE " + to.name() + " " + text,
            l -> l.matches("CHATMESSAGE \\d+ STATUS SENDING") || l.startsWith("ERROR 9903"))
        .compose(answer -> {
          if (!answer.startsWith("ERROR")) {
            return receive(from, to, text);
          }
          assertThat(attempt).as("attempts at sending '%s' (last answer: %s)", text, answer)
              .isLessThan(5);
          LOG.info("{}: '{}' not confirmed ({}); sending it again", from.name(), text, answer);
          Promise<Void> pause = Promise.promise();
          vertx.setTimer(2_000, t -> pause.complete());
          return pause.future().compose(v -> deliverRetrying(vertx, from, to, text, attempt + 1));
        });
  }

  /** Completes once the client's endpoint has closed the connection or left a PING unanswered. */
  private static Future<Void> untilUnreachable(Vertx vertx, SkypeProxyTestClient client) {
    Promise<Void> gone = Promise.promise();
    client.closed().onComplete(v -> gone.tryComplete());
    ping(vertx, client, gone);
    return gone.future().onComplete(v -> LOG.info("{}'s endpoint is unreachable", client.name()));
  }

  private static void ping(Vertx vertx, SkypeProxyTestClient client, Promise<Void> gone) {
    if (gone.future().isComplete()) {
      return;
    }
    Future<String> pong = client.ask("PING", "PONG"::equals);
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

  private static void cutOffClusterNetwork(String service) {
    ContainerState container = container(service + "-1");
    InspectContainerResponse info = docker().inspectContainerCmd(container.getContainerId()).exec();
    String network = info.getNetworkSettings().getNetworks().keySet().stream()
        .filter(name -> name.endsWith("_cluster")).findFirst()
        .orElseThrow(() -> new AssertionError(service + " is not on a *_cluster network: "
            + info.getNetworkSettings().getNetworks().keySet()));
    docker().disconnectFromNetworkCmd().withNetworkId(network)
        .withContainerId(container.getContainerId()).withForce(true).exec();
    LOG.info("disconnected {} from {}", service, network);
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
