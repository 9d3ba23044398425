package net.imo2sproxy.gateway.upstream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The server sequence space without a server: duplicates, the ack over gaps, take-over. */
class ServerSequenceTest {

  @Test
  void theAckCoversOnlyWhatWasTakenWithoutGap() {
    ServerSequence seq = new ServerSequence();
    assertThat(seq.take(0)).isTrue();
    assertThat(seq.take(2)).isTrue(); // 1 overtaken: its answer was lost
    assertThat(seq.ack()).isEqualTo(1);
    assertThat(seq.take(2)).as("duplicate").isFalse();
    assertThat(seq.take(1)).isTrue(); // delivered again, since the ack did not cover it
    assertThat(seq.ack()).isEqualTo(3);
    assertThat(seq.take(0)).isFalse();
    assertThat(seq.hasGap()).isFalse();
  }

  @Test
  void aGapTheServerDoesNotFillIsGivenUpAfterItsPatience() {
    ServerSequence seq = new ServerSequence();
    seq.take(0);
    seq.take(3);
    // the answer that showed the gap does not count: it was sent before the gap was known
    assertThat(seq.answerTaken(false, 1)).isNull();
    assertThat(seq.answerTaken(true, 1)).isNull();
    assertThat(seq.answerTaken(true, 1)).containsExactly(1, 2);
    assertThat(seq.ack()).isEqualTo(4);
    assertThat(seq.take(1)).as("given up, so a late copy is a duplicate").isFalse();
  }

  @Test
  void aTakeOverContinuesWithTheExportedNumbers() {
    ServerSequence seq = new ServerSequence();
    seq.take(0);
    seq.take(1);
    seq.take(5);
    JsonObject state = new JsonObject();
    seq.exportTo(state, java.util.Set.of());
    ServerSequence next = new ServerSequence();
    next.restore(state);
    assertThat(next.ack()).isEqualTo(2);
    assertThat(next.take(5)).isFalse();
    assertThat(next.take(1)).isFalse();
    assertThat(next.take(2)).isTrue();
  }
}
