package net.imo2sproxy.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The skyped line codec, byte by byte: no socket. */
class SkypedLineCodecTest {

  private final List<String> events = new ArrayList<>();
  private final SkypedLineDecoder decoder =
      new SkypedLineDecoder(16, new SkypedLineDecoder.Listener() {
    @Override
    public void onLine(String line) {
      events.add(line);
    }

    @Override
    public void onLineTooLong(String message) {
      events.add("error: " + message);
    }
  });

  private void feed(String... chunks) {
    for (String chunk : chunks) {
      decoder.handle(Buffer.buffer(chunk.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void linesMergedInOneReadComeOutOneByOne() {
    feed("USERNAME bob\nPASSWORD pw\nSEARCH FRIENDS\n");
    assertThat(events).containsExactly("USERNAME bob", "PASSWORD pw", "SEARCH FRIENDS");
  }

  @Test
  void aLineSplitAcrossReadsComesOutWhole() {
    feed("SEARCH", " FRI", "ENDS\nPI", "NG\n");
    assertThat(events).containsExactly("SEARCH FRIENDS", "PING");
  }

  @Test
  void anUnfinishedLineWaitsForItsNewline() {
    feed("PING");
    assertThat(events).isEmpty();
    feed("\n");
    assertThat(events).containsExactly("PING");
  }

  @Test
  void crlfEndsALineLikeLfAndEmptyLinesAreSkipped() {
    feed("PING\r\n\n\r\nPONG\n");
    assertThat(events).containsExactly("PING", "PONG");
  }

  @Test
  void aCharacterSplitAcrossReadsStaysWhole() {
    byte[] bytes = "MESSAGE bob \u00e9\u20ac\n".getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < bytes.length; cut++) {
      events.clear();
      SkypedLineDecoder fresh = new SkypedLineDecoder(64, new SkypedLineDecoder.Listener() {
        @Override
        public void onLine(String line) {
          events.add(line);
        }

        @Override
        public void onLineTooLong(String message) {
          events.add("error");
        }
      });
      fresh.handle(Buffer.buffer(Arrays.copyOfRange(bytes, 0, cut)));
      fresh.handle(Buffer.buffer(Arrays.copyOfRange(bytes, cut, bytes.length)));
      assertThat(events).as("cut at %d", cut).containsExactly("MESSAGE bob \u00e9\u20ac");
    }
  }

  @Test
  void aLineAtTheLimitPassesAndItsCarriageReturnDoesNotCount() {
    feed("x".repeat(16) + "\r\n", "y".repeat(16) + "\n");
    assertThat(events).containsExactly("x".repeat(16), "y".repeat(16));
  }

  @Test
  void anOversizeLineIsOneClearErrorAndNothingFollows() {
    feed("PING\n" + "x".repeat(10), "x".repeat(7), "\nPING\n");
    assertThat(events).containsExactly("PING", "error: line longer than 16 bytes");
    assertThat(decoder.failed()).isTrue();
  }

  @Test
  void anOversizeLineIsReportedBeforeItsNewlineArrives() {
    feed("x".repeat(17));
    assertThat(events).containsExactly("error: line longer than 16 bytes");
  }

  @Test
  void encodingEndsEachLineWithANewline() {
    assertThat(SkypedLines.encode("USERS bob, \u00e9ve").toString(StandardCharsets.UTF_8))
        .isEqualTo("USERS bob, \u00e9ve\n");
  }

  @Test
  void aMultiLineBodyRepeatsTheFirstThreeWordsOnEachLine() {
    assertThat(SkypedLines.encode("CHATMESSAGE 7 BODY first\nsecond\r\nthird")
        .toString(StandardCharsets.UTF_8)).isEqualTo(
        "CHATMESSAGE 7 BODY first\nCHATMESSAGE 7 BODY second\nCHATMESSAGE 7 BODY third\n");
  }

  @Test
  void aBrokenLineWithoutThreeWordsIsSplitPlainly() {
    assertThat(SkypedLines.split("OK\nmore")).containsExactly("OK", "more");
  }

  @Test
  void theLongestLineIsMeasuredWithoutItsNewline() {
    Buffer encoded = SkypedLines.encode("CHATMESSAGE 7 BODY a\nbbbbbb");
    assertThat(SkypedLines.longestLine(encoded)).isEqualTo("CHATMESSAGE 7 BODY bbbbbb".length());
  }
}
