package net.imo2sproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  private static ScenarioResult commands() {
    LatencyRecorder latency = new LatencyRecorder();
    for (int i = 1; i <= 100; i++) {
      latency.record(0, i * 10_000L); // 10 us .. 1 ms
    }
    return new ScenarioResult("commands@5000/s", "single")
        .operations(50_000, 2, 10.0)
        .offeredRate(5000)
        .latency(latency, "intended send to reply")
        .cpu("loadgen", 1_000_000_000L)
        .cpu("bridge", 2_500_000_000L);
  }

  @Test
  void tableShowsThroughputPercentilesInMillisecondsAndCpuPerOperation() {
    String table = Report.table(List.of(commands()));
    String row = table.lines().filter(l -> l.startsWith("commands@5000/s")).findFirst()
        .orElseThrow();
    assertThat(row).contains(" 50000 ").contains(" 2 ").contains("5000.0")
        .contains("0.500").contains("0.990").contains("1.000")
        .contains("loadgen=20.0").contains("bridge=50.0");
    assertThat(table.lines().findFirst().orElseThrow()).contains("p99.9 ms");
  }

  @Test
  void memoryIsReportedPerItem() {
    ScenarioResult idle = new ScenarioResult("idle-scale", "cluster").operations(1000, 0, 2)
        .memory("gateway", new ScenarioResult.Memory(10 << 20, 30 << 20, 100 << 20, 150 << 20,
            1000));
    assertThat(idle.memory().get("gateway").heapPerItem()).isEqualTo((20 << 20) / 1000.0);
    assertThat(Report.table(List.of(idle))).contains("gateway").contains("20.5 KiB/item")
        .contains("51.2 KiB/item");
    JsonObject mem = idle.toJson().getJsonObject("memory").getJsonObject("gateway");
    assertThat(mem.getLong("heapBytesPerItem")).isEqualTo(20972L);
    assertThat(mem.getInteger("items")).isEqualTo(1000);
  }

  @Test
  void jsonFileHoldsSettingsMachineAndResults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out").resolve("r.json");
    Report.write(file, Report.json(new JsonObject().put("rate", 5000), List.of(commands())));
    JsonObject json = new JsonObject(Files.readString(file));
    assertThat(json.getJsonObject("settings").getInteger("rate")).isEqualTo(5000);
    assertThat(json.getJsonObject("machine").getInteger("cpus")).isPositive();
    JsonObject r = json.getJsonArray("results").getJsonObject(0);
    assertThat(r.getString("scenario")).isEqualTo("commands@5000/s");
    assertThat(r.getDouble("throughput")).isEqualTo(5000.0);
    assertThat(r.getJsonObject("latencyMicros").getLong("p99")).isEqualTo(990);
    assertThat(r.getJsonObject("cpuMicrosPerOp").getDouble("bridge")).isEqualTo(50.0);
    assertThat(r.getLong("errors")).isEqualTo(2);
  }

  @Test
  void chatRowsCarryLostAndDuplicated() {
    ScenarioResult chat = new ScenarioResult("chat@1000/s", "single").operations(14, 3, 10)
        .messages(new MessageCounts(15, 13, 1, 1, 1, 2, 0, 0, 0, 0, 0))
        .warmupMessages(new MessageCounts(5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    String table = Report.table(List.of(chat));
    String row = table.lines().filter(l -> l.startsWith("chat@1000/s")).findFirst()
        .orElseThrow();
    assertThat(row).endsWith("lost=1 duplicated=1");
    assertThat(table).contains("messages: sent 15, delivered once 13, lost 1, duplicated 1");
    assertThat(chat.messagesLostOrDuplicated()).isTrue();
    JsonObject json = chat.toJson();
    assertThat(json.getJsonObject("messages").getLong("lost")).isEqualTo(1);
    assertThat(json.getJsonObject("messages").getLong("duplicated")).isEqualTo(1);
    assertThat(json.getJsonObject("messages").getLong("outOfOrder")).isEqualTo(2);
    assertThat(json.getJsonObject("warmupMessages").getLong("sent")).isEqualTo(5);
    chat.jitMillis("gateway", 812).jitMillis("endpoint", 3);
    assertThat(Report.table(List.of(chat)))
        .contains("    JIT compiling during the phase, ms: gateway=812 endpoint=3\n");
    assertThat(chat.toJson().getJsonObject("jitMillis").getLong("gateway")).isEqualTo(812);
    assertThat(commands().messagesLostOrDuplicated()).isFalse();
    assertThat(commands().toJson().containsKey("messages")).isFalse();
  }
}
