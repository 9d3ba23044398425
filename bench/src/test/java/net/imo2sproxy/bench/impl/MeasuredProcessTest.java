package net.imo2sproxy.bench.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasuredProcessTest {

  @Test
  void allocatedBytesGrowByWhatThisThreadAllocates() {
    MeasuredProcess self = MeasuredProcess.self("loadgen");
    long before = self.allocatedBytes();
    byte[][] kept = new byte[64][];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = new byte[16 * 1024];
    }
    long after = self.allocatedBytes();
    assertThat(kept[63]).hasSize(16 * 1024);
    assertThat(before).isPositive();
    assertThat(after - before).isGreaterThanOrEqualTo(64L * 16 * 1024);
  }

  @Test
  void jitTimeIsReadAndNeverGoesBack() {
    MeasuredProcess self = MeasuredProcess.self("loadgen");
    long before = self.compilationMillis();
    long sum = 0;
    for (int i = 0; i < 200_000; i++) {
      sum += Integer.toString(i).hashCode(); // work the JIT compiles
    }
    long after = self.compilationMillis();
    assertThat(sum).isNotZero();
    assertThat(before).isNotNegative();
    assertThat(after).isGreaterThanOrEqualTo(before);
  }

  @Test
  void withoutASafepointLogThereAreNoPauseFigures() {
    MeasuredProcess self = MeasuredProcess.self("loadgen");
    assertThat(self.safepointLogMark()).isEqualTo(-1);
    assertThat(self.gcPauses(0, 100)).isNull();
  }
}
