package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.multimap.MultiMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.endpoint.SkypeProxyEndpointVerticle;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.ImoGatewayVerticle;
import net.imo2sproxy.runtime.ClusterOptions;
import net.imo2sproxy.runtime.VertxRuntime;
import net.imo2sproxy.runtime.management.ManagementOptions;
import net.imo2sproxy.runtime.management.ManagementVerticle;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The services apart: one gateway node (with the simulator) and two endpoint nodes, joined by
 * a Hazelcast cluster on 127.0.0.1 under a cluster name of their own. alice and bob connect to
 * different endpoints.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ClusteredBridgeTest {

  private static Vertx gatewayNode;
  private static Vertx endpointNodeA;
  private static Vertx endpointNodeB;
  private static int portA;
  private static int portB;
  private static int managementB;

  @BeforeAll
  static void startCluster(VertxTestContext ctx) throws Exception {
    System.setProperty("hazelcast.wait.seconds.before.join", "1");
    String name = "imo2sproxy-test-" + UUID.randomUUID();
    int seedPort = freePort();
    ClusterOptions seed = cluster(name, seedPort, seedPort);
    VertxRuntime.start(seed)
        .compose(node -> {
          gatewayNode = node;
          return ImoSimulator.start(node, new SimulatorOptions().setPort(0)
              .setHoldTime(Duration.ofSeconds(5)).setWorld(SimulatorWorld.demo()));
        })
        .compose(simulator -> gatewayNode.deployVerticle(new ImoGatewayVerticle(
            new JsonObject().put(GatewayOptions.IMO_URL, simulator.baseUrl()))))
        .compose(v -> gatewayNode.deployVerticle(management("core")))
        .compose(v -> startEndpoint(cluster(name, 0, seedPort), "eu"))
        .compose(node -> {
          endpointNodeA = node.vertx;
          portA = node.port;
          return startEndpoint(cluster(name, 0, seedPort), "us");
        })
        .onComplete(ctx.succeeding(node -> {
          endpointNodeB = node.vertx;
          portB = node.port;
          managementB = node.managementPort;
          ctx.completeNow();
        }));
  }

  private record EndpointNode(Vertx vertx, int port, int managementPort) {
  }

  private static Future<EndpointNode> startEndpoint(ClusterOptions options, String region) {
    return VertxRuntime.start(options).compose(node -> {
      SkypeProxyEndpointVerticle endpoint = new SkypeProxyEndpointVerticle(
          new EndpointOptions().setHost("127.0.0.1").setPort(0));
      ManagementVerticle management = management(region);
      return node.deployVerticle(endpoint)
          .compose(id -> node.deployVerticle(management))
          .map(id -> new EndpointNode(node, endpoint.actualPort(), management.actualPort()));
    });
  }

  /** The management port with the status page, on any free port. */
  private static ManagementVerticle management(String region) {
    return new ManagementVerticle(new ManagementOptions(0, "127.0.0.1", region), List.of());
  }

  private static ClusterOptions cluster(String name, int port, int seedPort) {
    return new ClusterOptions().setClustered(true).setClusterName(name).setHost("127.0.0.1")
        .setClusterPort(port).setMembers(List.of("127.0.0.1:" + seedPort));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @AfterAll
  static void stopCluster(VertxTestContext ctx) {
    Future.join(VertxRuntime.stop(endpointNodeA), VertxRuntime.stop(endpointNodeB))
        .compose(v -> VertxRuntime.stop(gatewayNode))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aliceAndBobChatThroughTwoEndpointsAndOneGateway(Vertx vertx, VertxTestContext ctx) {
    ChatScenarios.aliceTellsBob(vertx, ctx, portA, "alice:alice-pw", portB, "bob:bob-pw");
  }

  /** Any node's status page shows every node of the cluster with its role and region. */
  @Test
  void statusPageShowsTheWholeCluster(Vertx vertx, VertxTestContext ctx) {
    WebClient web = WebClient.create(vertx);
    AtomicReference<JsonObject> seen = new AtomicReference<>();
    // the other nodes' first records are on their way
    Await.until(vertx, "three nodes on the status page", Duration.ofSeconds(60),
        () -> web.get(managementB, "127.0.0.1", "/status.json").send().map(response -> {
          seen.set(response.bodyAsJsonObject());
          return seen.get().getJsonObject("totals").getInteger("nodes") >= 3;
        }))
        .onComplete(ctx.succeeding(v -> {
          JsonObject status = seen.get();
          ctx.verify(() -> {
            List<String> nodes = status.getJsonArray("nodes").stream()
                .map(n -> ((JsonObject) n).getJsonArray("roles").encode() + " "
                    + ((JsonObject) n).getString("region"))
                .sorted().toList();
            assertThat(nodes).containsExactly("[\"endpoint\"] eu", "[\"endpoint\"] us",
                "[\"gateway\"] core");
          });
          ctx.completeNow();
        }));
  }

  /**
   * No password in the cluster's shared data: after clustered logins, every entry of every
   * Hazelcast map and multimap (the session directory, Vert.x's subscriptions) is scanned.
   */
  @Test
  void noPasswordInTheClustersSharedData(Vertx vertx, VertxTestContext ctx) {
    ChatScenarios.login(vertx, portA, "alice:alice-pw")
        .compose(alice -> ChatScenarios.login(vertx, portB, "bob:bob-pw")
            .compose(bob -> gatewayNode.executeBlocking(() -> {
              HazelcastInstance hazelcast = ((HazelcastClusterManager) ((VertxInternal) gatewayNode)
                  .clusterManager()).getHazelcastInstance();
              StringBuilder dump = new StringBuilder();
              int entries = 0;
              for (DistributedObject object : hazelcast.getDistributedObjects()) {
                if (object instanceof IMap<?, ?> map) {
                  for (Map.Entry<?, ?> e : map.entrySet()) {
                    dump.append(map.getName()).append(' ').append(e.getKey()).append('=')
                        .append(e.getValue()).append('\n');
                    entries++;
                  }
                } else if (object instanceof MultiMap<?, ?> multi) {
                  for (Map.Entry<?, ?> e : multi.entrySet()) {
                    dump.append(multi.getName()).append(' ').append(e.getKey()).append('=')
                        .append(e.getValue()).append('\n');
                    entries++;
                  }
                }
              }
              int scanned = entries;
              ctx.verify(() -> {
                assertThat(scanned).isGreaterThan(2);
                assertThat(dump.toString()).contains("alice").doesNotContain("alice-pw", "bob-pw");
              });
              return null;
            }).compose(v -> Future.all(alice.closeAsync(), bob.closeAsync()))))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A second client of alice, on the other endpoint, joins her session already online: it is
   * told the state once after its first answer; the first client is told nothing of it
   * (docs/skype-api-emulation.md §2.4).
   */
  @Test
  void aSecondClientOnAnotherEndpointIsToldTheStateOnce(Vertx vertx, VertxTestContext ctx) {
    MockTranscript second = new MockTranscript("#j").lines(
        ">> NAME second",
        "<< OK",
        "<< CONNSTATUS ONLINE",
        "<< CURRENTUSERHANDLE alice",
        "<< USERSTATUS ONLINE",
        ">> PING",
        "<< PONG");
    ChatScenarios.login(vertx, portA, "alice:alice-pw").compose(first -> first.request("PING")
        .compose(synced -> {
          int seen = first.lines().size();
          return SkypeProxyTestClient.connect(vertx, portB)
              .compose(client -> client.authenticate("alice:alice-pw")
                  .compose(ok -> client.command(2)).map(client))
              .compose(client -> second.run(client).compose(v -> first.request("PING"))
                  .map(pong -> {
                    ctx.verify(() -> assertThat(first.lines().subList(seen,
                        first.lines().size())).containsExactly(pong));
                    return client;
                  }))
              .compose(client -> Future.all(first.closeAsync(), client.closeAsync()));
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void echoThroughTheCluster(Vertx vertx, VertxTestContext ctx) {
    ChatScenarios.echoRoundTrip(vertx, ctx, portB, "alice:alice-pw");
  }
}
