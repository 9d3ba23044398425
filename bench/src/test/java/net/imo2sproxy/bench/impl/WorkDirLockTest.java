package net.imo2sproxy.bench.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirLockTest {

  @Test
  void aSecondBenchInTheSameWorkDirIsRefusedUntilTheFirstEnds(@TempDir Path dir)
      throws IOException {
    Path work = dir.resolve("bench-run");
    WorkDirLock first = WorkDirLock.acquire(work);
    assertThat(work.resolve(WorkDirLock.FILE)).exists();
    assertThatThrownBy(() -> WorkDirLock.acquire(work))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("another bench is running in " + work);
    try (WorkDirLock other = WorkDirLock.acquire(dir.resolve("elsewhere"))) {
      assertThat(other).isNotNull();
    }
    first.close();
    try (WorkDirLock again = WorkDirLock.acquire(work)) {
      assertThat(again).isNotNull();
    }
  }
}
