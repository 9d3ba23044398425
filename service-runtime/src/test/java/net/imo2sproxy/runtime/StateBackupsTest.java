package net.imo2sproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.junit5.Timeout;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cluster-state-backups}: the session maps ({@code imo2sproxy.*}) and the counters keep
 * that many synchronous backups, so what a surviving gateway continues from outlives two data
 * members crashing at once (both gateways of a cluster whose endpoint is a data member).
 */
class StateBackupsTest {

  private static final int ENTRIES = 200;

  @RegisterExtension
  final ClusterNodes nodes = ClusterNodes.tolerant();

  @Test
  void optionAndConfig() {
    assertThat(new ClusterOptions().getStateBackups()).isEqualTo(2);
    assertThat(ClusterOptions.fromConfig(new JsonObject().put(
        ClusterOptions.CLUSTER_STATE_BACKUPS, 3)).getStateBackups()).isEqualTo(3);
    var config = VertxRuntime.hazelcastConfig(new ClusterOptions().setClustered(true));
    assertThat(config.getMapConfig("imo2sproxy.session-state").getBackupCount()).isEqualTo(2);
    assertThat(config.getMapConfig("__vertx.map.counter").getBackupCount()).isEqualTo(2);
    assertThat(config.getMapConfig("__vertx.subs").getBackupCount()).isEqualTo(1);
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void sessionMapsAndCountersOutliveTwoMembersCrashingAtOnce() throws Exception {
    int port = ClusterNodes.freePort();
    String name = "state-backups-" + UUID.randomUUID();
    ClusterOptions seed = new ClusterOptions().setClustered(true).setClusterName(name)
        .setHost("127.0.0.1").setClusterPort(port).setMembers(List.of("127.0.0.1:" + port));
    Vertx survivor = nodes.start(seed);
    ClusterOptions others = new ClusterOptions().setClustered(true).setClusterName(name)
        .setHost("127.0.0.1").setClusterPort(0).setMembers(List.of("127.0.0.1:" + port));
    Vertx first = nodes.start(others);
    Vertx second = nodes.start(others);

    AsyncMap<String, String> written = ClusterNodes.await(
        first.sharedData().getAsyncMap("imo2sproxy.session-state"));
    List<Future<Void>> puts = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      puts.add(written.put("session-" + i, "state " + i));
    }
    ClusterNodes.await(Future.all(puts));
    ClusterNodes.await(first.sharedData().getCounter("imo2sproxy.message-numbers")
        .compose(counter -> counter.addAndGet(1000)));

    // both crash: no goodbye, no migration of what they held
    hazelcast(first).getLifecycleService().terminate();
    hazelcast(second).getLifecycleService().terminate();

    AsyncMap<String, String> kept = ClusterNodes.await(
        survivor.sharedData().getAsyncMap("imo2sproxy.session-state"));
    List<String> lost = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      if (!("state " + i).equals(ClusterNodes.await(kept.get("session-" + i)))) {
        lost.add("session-" + i);
      }
    }
    assertThat(lost).as("entries lost with the two members").isEmpty();
    long numbers = ClusterNodes.await(survivor.sharedData()
        .getCounter("imo2sproxy.message-numbers").compose(counter -> counter.get()));
    assertThat(numbers).as("the counter").isEqualTo(1000L);
  }

  private static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager())
        .getHazelcastInstance();
  }
}
