package net.imo2sproxy.desktop.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The X11 chunk codec, without a display. */
class X11ChunksTest {

  private static String roundTrip(String line) {
    X11Chunks.Reassembly reassembly = new X11Chunks.Reassembly(1 << 20);
    List<byte[]> chunks = X11Chunks.encode(line);
    for (int i = 0; i < chunks.size() - 1; i++) {
      assertThat(reassembly.feed(i == 0, chunks.get(i)))
          .isEqualTo(X11Chunks.Reassembly.Outcome.INCOMPLETE);
    }
    assertThat(reassembly.feed(chunks.size() == 1, chunks.get(chunks.size() - 1)))
        .isEqualTo(X11Chunks.Reassembly.Outcome.COMPLETE);
    return reassembly.take();
  }

  @Test
  void aLineIsItsBytesAndANulInTwentyByteChunks() {
    assertThat(X11Chunks.encode("PING")).hasSize(1);
    assertThat(new String(X11Chunks.encode("PING").get(0), StandardCharsets.UTF_8))
        .isEqualTo("PING" + "\0".repeat(16));
    // 20 bytes of text: the NUL needs a chunk of its own, as Skype and its clients sent it
    List<byte[]> twenty = X11Chunks.encode("12345678901234567890");
    assertThat(twenty).hasSize(2);
    assertThat(twenty.get(1)).containsOnly(0);
    assertThat(X11Chunks.encode("x".repeat(39))).hasSize(2);
  }

  @Test
  void linesSurviveTheRoundTripAcrossChunkEdgesAndMultiByteCharacters() {
    for (String line : List.of("", "x", "12345678901234567890", "ä".repeat(10),
        "1234567890123456789ä", "日本語のテキスト🙂 and more text " + "z".repeat(300))) {
      assertThat(roundTrip(line)).isEqualTo(line);
    }
  }

  @Test
  void aContinuationWithoutBeginningIsAnOrphanAndOverlongLinesAreGivenUp() {
    X11Chunks.Reassembly reassembly = new X11Chunks.Reassembly(30);
    assertThat(reassembly.feed(false, new byte[20])).isEqualTo(
        X11Chunks.Reassembly.Outcome.ORPHAN);
    List<byte[]> chunks = X11Chunks.encode("y".repeat(45));
    assertThat(reassembly.feed(true, chunks.get(0)))
        .isEqualTo(X11Chunks.Reassembly.Outcome.INCOMPLETE);
    assertThat(reassembly.feed(false, chunks.get(1)))
        .isEqualTo(X11Chunks.Reassembly.Outcome.INCOMPLETE);
    assertThat(reassembly.feed(false, chunks.get(2)))
        .isEqualTo(X11Chunks.Reassembly.Outcome.TOO_LONG);
    List<byte[]> again = X11Chunks.encode("short again");
    assertThat(reassembly.feed(true, again.get(0)))
        .isEqualTo(X11Chunks.Reassembly.Outcome.COMPLETE);
    assertThat(reassembly.take()).isEqualTo("short again");
    assertThatThrownBy(() -> X11Chunks.encode("a\0b")).isInstanceOf(
        IllegalArgumentException.class);
  }
}
