package net.imo2sproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GcPausesTest {

  // Java 17 and Java 25 lines (the latter has more fields), a thread dump and a ZGC pause
  private static final String LOG = String.join("\n",
      "[4.397s] Safepoint \"G1CollectForAllocation\", Time since last: 1793228 ns, Reaching"
          + " safepoint: 1231 ns, Cleanup: 902 ns, At safepoint: 636350 ns, Total: 638483 ns",
      "[4.398s] Safepoint \"ThreadDump\", Time since last: 1000 ns, Reaching safepoint: 1 ns,"
          + " Cleanup: 1 ns, At safepoint: 9000000 ns, Total: 9000002 ns",
      "[5.196s] Safepoint \"G1CollectForAllocation\", Time since last: 5274675 ns, Reaching"
          + " safepoint: 88493 ns, At safepoint: 614958 ns, Leaving safepoint: 26109 ns,"
          + " Total: 2729560 ns, Threads: 0 runnable, 11 total",
      "[6.001s] Safepoint \"ZMarkStartYoung\", Time since last: 5 ns, Reaching safepoint: 10 ns,"
          + " At safepoint: 20000 ns, Total: 30000 ns",
      "");

  @Test
  void countsOnlyTheCollectorsSafepointsWithTheirWholeStall() {
    GcPauses pauses = GcPauses.parse(LOG);
    assertThat(pauses.count()).isEqualTo(3);
    assertThat(pauses.totalNanos()).isEqualTo(638_483L + 2_729_560L + 30_000L);
    assertThat(pauses.maxNanos()).isEqualTo(2_729_560L);
    assertThat(pauses.describe()).contains("3 pauses").contains("max 2.730 ms");
  }

  @Test
  void collectorOperationsOfEveryCollectorAreRecognisedAndOthersAreNot() {
    assertThat(List.of("G1CollectForAllocation", "G1Concurrent", "G1PauseRemark", "ZMarkEnd",
        "ZRelocateStart", "ParallelGCFailedAllocation", "CollectForMetadataAllocation"))
        .allMatch(GcPauses::isCollector);
    assertThat(List.of("ThreadDump", "Cleanup", "HandshakeAllThreads", "ICBufferFull",
        "Deoptimize", "FindDeadlocks")).noneMatch(GcPauses::isCollector);
  }

  @Test
  void p99IsTheNearestRankOfTheSortedPauses() {
    // 1..200 ms: the 198th of 200 is the smallest with 99 % at or below it
    GcPauses pauses = GcPauses.of(LongStream.rangeClosed(1, 200).map(i -> i * 1_000_000L)
        .boxed().toList());
    assertThat(pauses.p99Nanos()).isEqualTo(198_000_000L);
    assertThat(pauses.maxNanos()).isEqualTo(200_000_000L);
    assertThat(GcPauses.of(List.of(5L)).p99Nanos()).isEqualTo(5L);
  }

  @Test
  void noLogOrNoPauseIsZeroPauses() {
    assertThat(GcPauses.parse("")).isEqualTo(GcPauses.NONE);
    assertThat(GcPauses.parse("[1.0s] Safepoint \"Cleanup\", Total: 5 ns")).isEqualTo(GcPauses.NONE);
  }

  @Test
  void reportShowsAllocationPerCommandOrMessageAndThePauses() {
    ScenarioResult chat = new ScenarioResult("chat@200/s", "single").operations(1000, 0, 5)
        .allocated("bridge", 2_500_000L).allocated("simulator", 1_000_000L)
        .gcPauses("bridge", GcPauses.parse(LOG));
    String table = Report.table(List.of(chat));
    assertThat(table).contains("allocated per message, bytes: bridge=2500 simulator=1000")
        .contains("GC pauses    bridge       3 pauses, total 3.40 ms, max 2.730 ms");
    ScenarioResult commands = new ScenarioResult("commands-saturation", "single")
        .operations(10, 0, 1).allocated("bridge", 1234);
    assertThat(Report.table(List.of(commands))).contains("allocated per command, bytes:"
        + " bridge=123");
    JsonObject json = chat.toJson();
    assertThat(json.getJsonObject("allocatedBytesPerOp").getLong("bridge")).isEqualTo(2500L);
    assertThat(json.getJsonObject("gcPauses").getJsonObject("bridge").getLong("maxMicros"))
        .isEqualTo(2729L);
  }
}
