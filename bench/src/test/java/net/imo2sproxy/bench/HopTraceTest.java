package net.imo2sproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HopTraceTest {

  private static final long MS = 1_000_000L;

  /** The nine hops of one message sent at {@code t0} ms, each {@code step} ms after the last. */
  private static List<HopTrace.Hop> message(String body, String session, int n, String conn,
      long t0, long step) {
    String key = "m:" + Integer.toHexString(body.hashCode());
    String line = "CHATMESSAGE " + n + " STATUS RECEIVED";
    List<HopTrace.Hop> hops = new ArrayList<>();
    long t = t0 * MS;
    hops.add(new HopTrace.Hop("plugin-sent", key, null, t));
    hops.add(new HopTrace.Hop("upstream-queued", key, null, t += step * MS));
    hops.add(new HopTrace.Hop("upstream-send", key, null, t += step * MS));
    hops.add(new HopTrace.Hop("imo-queued", key, null, t += step * MS));
    hops.add(new HopTrace.Hop("imo-answered", key, null, t += step * MS));
    hops.add(new HopTrace.Hop("gateway-in", key, null, t += step * MS));
    hops.add(new HopTrace.Hop("stored", key, session + " " + n, t += step * MS));
    hops.add(new HopTrace.Hop("notified", session + " " + line, conn + " " + line,
        t += step * MS));
    hops.add(new HopTrace.Hop("socket-write", conn + " " + line, null, t += step * MS));
    return hops;
  }

  @Test
  void chainsEachMessageThroughItsKeysAndTimesEverySegment() {
    List<HopTrace.Hop> hops = new ArrayList<>(message("bench message 1.0", "s1", 7, "c1", 1000, 2));
    hops.addAll(message("bench message 1.1", "s2", 7, "c2", 1001, 4));
    HopTrace trace = HopTrace.of(hops, 0, Long.MAX_VALUE);
    assertThat(trace.messages()).isEqualTo(2);
    assertThat(trace.complete()).isEqualTo(2);
    assertThat(trace.segments()).hasSize(8);
    // the same number 7 in two sessions does not mix them up
    LatencyRecorder notifiedToSocket = trace.segments().get("notified -> socket-write");
    assertThat(notifiedToSocket.count()).isEqualTo(2);
    assertThat(notifiedToSocket.percentileMicros(0)).isBetween(1_999L, 2_001L);
    assertThat(notifiedToSocket.maxMicros()).isBetween(3_999L, 4_003L);
    assertThat(trace.total().maxMicros()).isBetween(31_950L, 32_050L);
    assertThat(trace.table()).contains("2 messages sent").contains("2 traced")
        .contains("stored -> notified");
    assertThat(trace.toJson().getJsonArray("segmentsMicros")).hasSize(9);
  }

  @Test
  void onlyMessagesSentInTheWindowCountAndMissingHopsStopTheChain() {
    List<HopTrace.Hop> hops = new ArrayList<>(message("warm-up", "s1", 1, "c1", 10, 1));
    List<HopTrace.Hop> partial = message("bench message 2.0", "s1", 2, "c1", 1000, 1);
    partial.removeIf(h -> h.hop().equals("notified")); // e.g. the session closed meanwhile
    hops.addAll(partial);
    HopTrace trace = HopTrace.of(hops, 500 * MS, 2000 * MS);
    assertThat(trace.messages()).isEqualTo(1);
    assertThat(trace.complete()).isZero();
    assertThat(trace.segments().get("gateway-in -> stored").count()).isEqualTo(1);
    assertThat(trace.segments().get("stored -> notified").count()).isZero();
    assertThat(trace.total().count()).isZero();
  }

  @Test
  void notifiedKeysAreMatchedBySessionAndNumber() {
    assertThat(HopTrace.sessionAndNumber("abc CHATMESSAGE 12 STATUS RECEIVED"))
        .isEqualTo("abc 12");
    assertThat(HopTrace.sessionAndNumber("odd")).isEqualTo("odd");
  }
}
