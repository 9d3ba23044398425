package net.imo2sproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  /**
   * 1,000 requests intended at 1 ms intervals; the server answers each in 100 us except for a
   * 100 ms stall at request 500, during which 100 requests queue up. Measured from the intended
   * send time (as the harness does at a fixed rate), the stall shows in p99; measured from the
   * late actual sends it would hide behind one slow sample.
   */
  @Test
  void measuringFromTheIntendedSendTimeShowsAStallInThePercentiles() {
    LatencyRecorder corrected = new LatencyRecorder();
    LatencyRecorder naive = new LatencyRecorder();
    long ms = 1_000_000L;
    long serverFreeAt = 0;
    for (int i = 0; i < 1_000; i++) {
      long intended = i * ms;
      long actualSend = Math.max(intended, serverFreeAt);
      long service = i == 500 ? 100 * ms : 100_000L;
      long done = actualSend + service;
      serverFreeAt = done;
      corrected.record(intended, done);
      naive.record(actualSend, done);
    }
    assertThat(naive.percentileMicros(99)).isLessThan(1_000);
    assertThat(corrected.percentileMicros(99)).isGreaterThan(50_000);
    assertThat(corrected.maxMicros()).isBetween(99_000L, 101_000L);
    assertThat(corrected.count()).isEqualTo(1_000);
  }

  @Test
  void mergesAndClampsAndReportsZeroWhenEmpty() {
    LatencyRecorder a = new LatencyRecorder();
    assertThat(a.percentileMicros(50)).isZero();
    assertThat(a.maxMicros()).isZero();
    a.record(0, 2_000_000L);
    LatencyRecorder b = new LatencyRecorder();
    b.record(0, Long.MAX_VALUE / 2);
    b.record(10, 0); // clock went backwards: counted as 0, never negative
    a.add(b);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.percentileMicros(0)).isZero();
    assertThat(a.maxMicros()).isGreaterThanOrEqualTo(LatencyRecorder.MAX_MICROS);
  }
}
