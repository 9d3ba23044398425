package net.imo2sproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import net.imo2sproxy.bench.impl.BenchWorld;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.junit.jupiter.api.Test;

class BenchWorldTest {

  @Test
  void generatedWorldLoadsInTheSimulatorWithDisjointGroupsAndPartners() {
    JsonObject json = BenchWorld.generate(3, 4, 2, 5, 2);
    SimulatorWorld world = SimulatorWorld.load(json);
    assertThat(world.accounts()).hasSize(1 + 3 + 4 + 4 + 5);
    assertThat(world.account("cmd-0").orElseThrow().buddies())
        .extracting(SimulatorWorld.Buddy::buid).containsExactly("cmd-1", "cmd-2");
    assertThat(world.account("chat-3").orElseThrow().buddies())
        .extracting(SimulatorWorld.Buddy::buid).containsExactly("chat-2");
    assertThat(world.account("idle-4").orElseThrow().password()).isEqualTo("pw-idle-4");
    assertThat(BenchWorld.proxyPassword("idle-4")).isEqualTo("idle-4:pw-idle-4");
    assertThat(BenchWorld.firstBuddy("cmd-3", 4)).isEqualTo("cmd-0");
  }
}
