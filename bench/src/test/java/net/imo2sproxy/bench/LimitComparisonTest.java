package net.imo2sproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitComparisonTest {

  /** {@code ops} operations in 10 s, every latency {@code latencyMicros}, CPU in us/op. */
  private static ScenarioResult row(String name, String deployment, long ops, long latencyMicros,
      double loadgenUs, double simulatorUs, double bridgeUs) {
    LatencyRecorder latency = new LatencyRecorder();
    for (int i = 0; i < 100; i++) {
      latency.record(0, latencyMicros * 1000);
    }
    return new ScenarioResult(name, deployment).operations(ops, 0, 10.0)
        .latency(latency, "test")
        .cpu("loadgen", (long) (loadgenUs * 1000 * ops))
        .cpu("simulator", (long) (simulatorUs * 1000 * ops))
        .cpu("bridge", (long) (bridgeUs * 1000 * ops));
  }

  @Test
  void ratiosAreTheDeploymentsFigureOverTheLimits() {
    ScenarioResult relay = row("chat@200/s", "relay", 2000, 1000, 50, 20, 30);
    ScenarioResult single = row("chat@200/s", "single", 1000, 8000, 100, 400, 600);
    LimitComparison.Ratio r = LimitComparison.of(single, relay);
    assertThat(r.throughput()).isEqualTo(0.5);
    assertThat(r.p50()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.05));
    assertThat(r.p99()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.05));
    // services = every process but the load generator: (400 + 600) / (20 + 30)
    assertThat(r.serviceCpu()).isCloseTo(20.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.loadgenCpu()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aZeroOrMissingLimitFigureGivesNoRatio() {
    assertThat(LimitComparison.ratio(5, 0)).isNaN();
    assertThat(LimitComparison.ratio(-1, 3)).isNaN();
    assertThat(LimitComparison.times(Double.NaN)).isEqualTo("-");
    assertThat(LimitComparison.times(12.345)).isEqualTo("12.35x");
    ScenarioResult empty = new ScenarioResult("chat@200/s", "relay").operations(0, 0, 10);
    LimitComparison.Ratio r = LimitComparison.of(row("chat@200/s", "single", 10, 1, 1, 1, 1),
        empty);
    assertThat(r.throughput()).isNaN();
    assertThat(r.p50()).isNaN();
    assertThat(LimitComparison.json(List.of(r)).getJsonObject(0).getValue("p50")).isNull();
  }

  @Test
  void scenariosArePairedByNameAndLimitsChosenByKind() {
    ScenarioResult cmdEcho = row("commands@1000/s", "echo", 10000, 100, 10, 0, 5);
    ScenarioResult chatRelay = row("chat@200/s", "relay", 2000, 1000, 50, 20, 30);
    ScenarioResult cmd = row("commands@1000/s", "single", 10000, 300, 12, 0, 60);
    ScenarioResult chat = row("chat@200/s", "single", 2000, 5000, 60, 300, 500);
    ScenarioResult idle = row("idle-scale", "single", 100, 5000, 60, 300, 500);
    List<LimitComparison.Ratio> ratios = LimitComparison.compare(List.of(cmd, chat, idle),
        List.of(chatRelay, cmdEcho));
    assertThat(ratios).extracting(r -> r.limit().deployment()).containsExactly("echo", "relay");
    assertThat(LimitComparison.limitOf("commands")).isEqualTo("echo");
    assertThat(LimitComparison.limitOf("login")).isEqualTo("echo");
    assertThat(LimitComparison.limitOf("chat")).isEqualTo("relay");
    assertThat(LimitComparison.limitOf("idle")).isEqualTo("relay");
  }

  @Test
  void tablePrintsLimitRowRealRowAndRatioRow() {
    ScenarioResult relay = row("chat@200/s", "relay", 2000, 1000, 50, 20, 30);
    ScenarioResult single = row("chat@200/s", "single", 2000, 4000, 100, 400, 600);
    List<String> lines = LimitComparison.table(List.of(LimitComparison.of(single, relay)))
        .lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(2)).startsWith("chat@200/s").contains("relay").contains("200.0")
        .contains("50.0");
    assertThat(lines.get(3)).contains("single").contains("1000.0").contains("100.0");
    assertThat(lines.get(4)).contains("ratio").contains("1.00x").contains("20.00x")
        .contains("2.00x");
    JsonObject json = LimitComparison.json(List.of(LimitComparison.of(single, relay)))
        .getJsonObject(0);
    assertThat(json.getString("limit")).isEqualTo("relay");
    assertThat(json.getDouble("serviceCpuPerOp")).isEqualTo(20.0);
  }

  @Test
  void reportRowsNameTheirDeploymentWhenSeveralAreShown() {
    String table = Report.table(List.of(row("chat@200/s", "relay", 2000, 1000, 50, 20, 30),
        row("chat@200/s", "single", 2000, 4000, 100, 400, 600)));
    assertThat(table).contains("chat@200/s [relay]").contains("chat@200/s [single]");
    assertThat(Report.table(List.of(row("chat@200/s", "single", 1, 1, 1, 1, 1))))
        .doesNotContain("[single]");
  }
}
