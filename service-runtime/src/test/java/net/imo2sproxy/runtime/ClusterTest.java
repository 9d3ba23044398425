package net.imo2sproxy.runtime;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.runtime.impl.HazelcastCallbackExecutor;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ClusterTest {

  private Vertx nodeA;
  private Vertx nodeB;

  @BeforeAll
  static void fastJoin() {
    // Hazelcast waits 5 s before joining by default; tests run on loopback only.
    System.setProperty("hazelcast.wait.seconds.before.join", "1");
  }

  @AfterEach
  void close() throws Exception {
    // Close B first so A does not wait for a dead member's heartbeat.
    VertxRuntime.stop(nodeB).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    VertxRuntime.stop(nodeA).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void twoNodesShareTheEventBusAndLeaveCleanly(VertxTestContext ctx) throws Exception {
    String name = "test-" + UUID.randomUUID();
    int portA = freePort();
    ClusterOptions a = new ClusterOptions().setClustered(true).setClusterName(name)
      .setHost("127.0.0.1").setClusterPort(portA).setMembers(List.of("127.0.0.1:" + portA));
    // B takes any free port and finds A through the member list.
    ClusterOptions b = new ClusterOptions().setClustered(true).setClusterName(name)
      .setHost("127.0.0.1").setClusterPort(0).setMembers(List.of("127.0.0.1:" + portA));

    // Started from the test thread, not from a Vert.x context of the other node.
    nodeA = await(VertxRuntime.start(a));
    assertThat(nodeA.isClustered()).isTrue();
    await(nodeA.eventBus().<String>consumer("runtime.test.echo", msg -> msg.reply("A got " + msg.body())).completion());
    nodeB = await(VertxRuntime.start(b));

    String reply = await(nodeB.eventBus().<String>request("runtime.test.echo", "hello",
      new DeliveryOptions().setSendTimeout(10_000))).body();
    assertThat(reply).isEqualTo("A got hello");
    assertThat(nodes(nodeA)).hasSize(2);
    assertThat(nodes(nodeB)).hasSize(2);
    // Hazelcast callbacks run on a pool, not on a new thread each (the default with <= 2 cores)
    assertThat(HazelcastCallbackExecutor.current()).isInstanceOf(ForkJoinPool.class);
    assertThat(((ForkJoinPool) HazelcastCallbackExecutor.current()).getParallelism())
      .isGreaterThanOrEqualTo(2);

    // Awaited from the test thread: callbacks chained on B's own context would never run once B is closed.
    await(VertxRuntime.stop(nodeB));
    nodeB = null;
    // A graceful leave removes the member at once, without waiting for missed heartbeats.
    Await.until("B gone from A's member list", Duration.ofSeconds(5),
        () -> nodes(nodeA).size() == 1);
    ctx.completeNow();
  }

  private static List<String> nodes(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager().getNodes();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void localModeIsNotClustered(VertxTestContext ctx) {
    VertxRuntime.start(new ClusterOptions()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      nodeA = v;
      assertThat(v.isClustered()).isFalse();
      ctx.completeNow();
    })));
  }

  @Test
  void hazelcastConfigMatchesOptions() {
    Config c = VertxRuntime.hazelcastConfig(new ClusterOptions().setClustered(true).setClusterName("n")
      .setMembers(List.of("10.1.1.1:5701", "10.1.1.2")).setHost("127.0.0.1").setPublicHost("203.0.113.5"));
    assertThat(c.getClusterName()).isEqualTo("n");
    assertThat(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.1.1.1:5701", "10.1.1.2");
    assertThat(c.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(c.getNetworkConfig().getPublicAddress()).isEqualTo("203.0.113.5");
    assertThat(c.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(c.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(c.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    assertThat(c.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(c.getMultiMapConfig("__vertx.subs").getValueCollectionType().name()).isEqualTo("SET");
    assertThat(c.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
  }

  @Test
  void memberHostNamesSurviveASpecificClusterHost() {
    // Hazelcast would drop "localhost" (resolved names must match an interface pattern) once
    // cluster-host enables interfaces; resolved here, every address of the name stays a member.
    Config c = VertxRuntime.hazelcastConfig(new ClusterOptions().setClustered(true).setHost("127.0.0.1")
      .setMembers(List.of("localhost:5703", "10.1.1.2", "10.1.1.*")));
    assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
      .contains("127.0.0.1:5703", "10.1.1.2", "10.1.1.*").doesNotContain("localhost:5703");
  }

  @Test
  void interfacePatternsRestrictBinding() {
    Config c = VertxRuntime.hazelcastConfig(new ClusterOptions().setClustered(true).setHost("0.0.0.0")
      .setInterfaces(List.of("10.0.1.*")).setMembers(List.of("10.0.1.5")));
    assertThat(c.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(c.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.1.*");
    assertThat(c.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    Config wildcard = VertxRuntime.hazelcastConfig(new ClusterOptions().setClustered(true).setHost("0.0.0.0")
      .setMembers(List.of("localhost")));
    assertThat(wildcard.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
    // Without interfaces Hazelcast resolves names itself, at every join attempt.
    assertThat(wildcard.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("localhost");
  }

  @Test
  void badMemberIsAConfigError(VertxTestContext ctx) {
    VertxRuntime.start(new ClusterOptions().setClustered(true).setMembers(List.of("host:notaport")))
      .onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertThat(err).isInstanceOf(ConfigException.class).hasMessageContaining("host:notaport");
        ctx.completeNow();
      })));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

}
