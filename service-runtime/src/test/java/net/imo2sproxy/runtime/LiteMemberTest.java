package net.imo2sproxy.runtime;

import static net.imo2sproxy.runtime.ClusterNodes.await;
import static net.imo2sproxy.runtime.ClusterNodes.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cluster-lite-member}: a lite member uses the clustered bus like any member while a
 * data member is there, holds no partitions, and cannot live in a cluster without one: why
 * the endpoints do not use it by default (deploy/README.md).
 */
@ExtendWith(VertxExtension.class)
class LiteMemberTest {

  @RegisterExtension
  final ClusterNodes nodes = ClusterNodes.tolerant();

  @Test
  void optionAndConfig() {
    assertThat(new ClusterOptions().isLiteMember()).isFalse();
    assertThat(ClusterOptions.fromConfig(new io.vertx.core.json.JsonObject()).isLiteMember()).isFalse();
    assertThat(ClusterOptions.fromConfig(new io.vertx.core.json.JsonObject()
        .put(ClusterOptions.CLUSTER_LITE_MEMBER, true)).isLiteMember()).isTrue();
    assertThat(VertxRuntime.hazelcastConfig(new ClusterOptions().setClustered(true)
        .setLiteMember(true)).isLiteMember()).isTrue();
    assertThat(VertxRuntime.hazelcastConfig(new ClusterOptions().setClustered(true))
        .isLiteMember()).isFalse();
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void liteMemberWorksBesideADataMemberAndLosesItsAddressesWhenAllDataMembersLeave()
      throws Exception {
    String name = "lite-" + UUID.randomUUID();
    int port = freePort();
    ClusterOptions data = new ClusterOptions().setClustered(true).setClusterName(name)
        .setHost("127.0.0.1").setClusterPort(port).setMembers(List.of("127.0.0.1:" + port));
    ClusterOptions lite = new ClusterOptions().setClustered(true).setClusterName(name)
        .setHost("127.0.0.1").setClusterPort(0).setMembers(List.of("127.0.0.1:" + port))
        .setLiteMember(true);

    Vertx gateway = start(data);
    Vertx endpoint = start(lite);
    assertThat(hazelcast(endpoint).getCluster().getLocalMember().isLiteMember()).isTrue();
    await(endpoint.eventBus().<String>consumer("lite.test.endpoint",
        msg -> msg.reply("endpoint got " + msg.body())).completion());
    await(gateway.eventBus().<String>consumer("lite.test.gateway",
        msg -> msg.reply("gateway got " + msg.body())).completion());
    assertThat(request(gateway, "lite.test.endpoint")).isEqualTo("endpoint got hi");
    assertThat(request(endpoint, "lite.test.gateway")).isEqualTo("gateway got hi");
    // the lite member owns no partition of the subscription multimap
    assertThat(hazelcast(endpoint).getPartitionService().getPartitions().stream()
        .noneMatch(p -> hazelcast(endpoint).getCluster().getLocalMember().equals(p.getOwner())))
        .isTrue();

    // every data member goes: the lite member alone cannot store a registration
    nodes.stop(gateway);
    Future<Void> registered = endpoint.eventBus().consumer("lite.test.later", msg -> { })
        .completion();
    Throwable refused = awaitFailure(registered);
    assertThat(refused).as("a registration in a cluster of lite members only").isNotNull();

    // a new data member joins: the lite member's earlier registration is not there for it
    Vertx second = start(data.setClusterPort(0));
    Throwable unreachable = awaitFailure(second.eventBus().request("lite.test.endpoint", "hi",
        new DeliveryOptions().setSendTimeout(3000)));
    assertThat(unreachable).as("the endpoint's address after the data members came back")
        .isNotNull();
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void liteMemberAloneCannotUseTheBus() throws Exception {
    int port = freePort();
    ClusterOptions lite = new ClusterOptions().setClustered(true)
        .setClusterName("lite-" + UUID.randomUUID()).setHost("127.0.0.1").setClusterPort(port)
        .setMembers(List.of("127.0.0.1:" + port)).setLiteMember(true);
    Throwable failure = awaitFailure(VertxRuntime.start(lite).compose(vertx -> {
      nodes.started(vertx);
      return vertx.eventBus().consumer("lite.test.alone", msg -> { }).completion();
    }));
    assertThat(failure).as("a lite member started before any data member").isNotNull();
  }

  private Vertx start(ClusterOptions options) throws Exception {
    return nodes.start(options);
  }

  private static String request(Vertx from, String address) throws Exception {
    return await(from.eventBus().<String>request(address, "hi",
        new DeliveryOptions().setSendTimeout(10_000))).body();
  }

  private static com.hazelcast.core.HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager())
        .getHazelcastInstance();
  }

  private static Throwable awaitFailure(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      System.out.println("LiteMemberTest: failed as expected: " + e.getCause());
      return e.getCause();
    }
  }
}
