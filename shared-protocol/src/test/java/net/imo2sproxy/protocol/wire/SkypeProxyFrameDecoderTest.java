package net.imo2sproxy.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkypeProxyFrameDecoderTest {

  /** Records every event as a readable string. */
  static final class Recorder implements SkypeProxyFrameDecoder.Listener {
    final List<String> events = new ArrayList<>();
    final List<SkypeProxyProtocolException> errors = new ArrayList<>();

    @Override
    public void onFrame(Buffer payload) {
      events.add("frame:" + payload.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void onCommand(SkypeProxyCommand command) {
      events.add(command.toString());
    }

    @Override
    public void onProtocolError(SkypeProxyProtocolException error) {
      events.add("error");
      errors.add(error);
    }
  }

  private static Buffer stream() {
    return Buffer.buffer()
        .appendBuffer(SkypeProxyFrames.encodeCommand(SkypeProxyCommand.CAPABILITIES))
        .appendBuffer(SkypeProxyFrames.encodeCommand(SkypeProxyCommand.AUTHENTICATE))
        .appendBuffer(SkypeProxyFrames.encodeFrame("secret"))
        .appendBuffer(SkypeProxyFrames.encodeMyCapabilities(0x02))
        .appendBuffer(SkypeProxyFrames.encodeFrame("PROTOCOL 7"))
        .appendBuffer(SkypeProxyFrames.encodeCommand(0x7F))
        .appendBuffer(SkypeProxyFrames.encodeFrame("MESSAGE bob h\u00e9llo \u263A"))
        .appendBuffer(SkypeProxyFrames.encodeFrame("x"));
  }

  private static final List<String> EXPECTED = List.of(
      "command 02",
      "command 01",
      "frame:secret",
      "command 03 02",
      "frame:PROTOCOL 7",
      "command 7F",
      "frame:MESSAGE bob h\u00e9llo \u263A",
      "frame:x");

  @Test
  void decodesMergedFramesInOrder() {
    Recorder rec = new Recorder();
    new SkypeProxyFrameDecoder(rec).handle(stream());
    assertThat(rec.events).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void decodesOneByteFeeds() {
    Recorder rec = new Recorder();
    SkypeProxyFrameDecoder decoder = new SkypeProxyFrameDecoder(rec);
    Buffer all = stream();
    for (int i = 0; i < all.length(); i++) {
      decoder.handle(all.getBuffer(i, i + 1));
    }
    assertThat(rec.events).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void decodesEverySplitIntoTwoAndThreeParts() {
    Buffer all = stream();
    int n = all.length();
    for (int a = 0; a <= n; a++) {
      for (int b = a; b <= n; b += 7) {
        Recorder rec = new Recorder();
        SkypeProxyFrameDecoder decoder = new SkypeProxyFrameDecoder(rec);
        decoder.handle(all.getBuffer(0, a));
        decoder.handle(all.getBuffer(a, b));
        decoder.handle(all.getBuffer(b, n));
        assertThat(rec.events).as("split at %d/%d", a, b).containsExactlyElementsOf(EXPECTED);
      }
    }
  }

  @Test
  void commandModeForEachCode() {
    for (int code = 0; code <= 0xFF; code++) {
      Recorder rec = new Recorder();
      SkypeProxyFrameDecoder decoder = new SkypeProxyFrameDecoder(rec);
      Buffer in = SkypeProxyFrames.encodeCommand(code);
      if (code == SkypeProxyCommand.MY_CAPABILITIES) {
        decoder.handle(in);
        assertThat(rec.events).as("03 waits for its byte").isEmpty();
        in = Buffer.buffer().appendByte((byte) 0xA5);
      }
      decoder.handle(in.appendBuffer(SkypeProxyFrames.encodeFrame("next")));
      String expected = code == SkypeProxyCommand.MY_CAPABILITIES
          ? "command 03 A5" : String.format("command %02X", code);
      assertThat(rec.events).containsExactly(expected, "frame:next");
    }
  }

  @Test
  void commandClassification() {
    assertThat(SkypeProxyCommand.of(1).isAuthenticate()).isTrue();
    assertThat(SkypeProxyCommand.of(2).isCapabilities()).isTrue();
    assertThat(new SkypeProxyCommand(3, 2).isMyCapabilities()).isTrue();
    assertThat(SkypeProxyCommand.of(0).isUnknown()).isTrue();
    assertThat(SkypeProxyCommand.of(4).isUnknown()).isTrue();
    assertThat(SkypeProxyCommand.of(2).isUnknown()).isFalse();
  }

  @Test
  void myCapabilitiesConsumesExactlyOneByte() {
    Recorder rec = new Recorder();
    // the argument byte 00 must not be read as the start of a length
    new SkypeProxyFrameDecoder(rec).handle(SkypeProxyFrames.encodeMyCapabilities(0x00)
        .appendBuffer(SkypeProxyFrames.encodeCommand(SkypeProxyCommand.CAPABILITIES)));
    assertThat(rec.events).containsExactly("command 03 00", "command 02");
  }

  @Test
  void oversizeLengthIsAnErrorWithoutAllocation() {
    Recorder rec = new Recorder();
    SkypeProxyFrameDecoder decoder = new SkypeProxyFrameDecoder(rec);
    // 0xFFFFFFFF would overflow a signed int; it must be read as 4 GiB - 1 and refused at once
    decoder.handle(Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
    assertThat(rec.events).containsExactly("error");
    assertThat(rec.errors.get(0).declaredLength()).isEqualTo(0xFFFFFFFFL);
    assertThat(decoder.failed()).isTrue();
    // nothing more is emitted after the error
    decoder.handle(SkypeProxyFrames.encodeFrame("PROTOCOL 7"));
    assertThat(rec.events).containsExactly("error");
  }

  @Test
  void errorInTheMiddleOfABufferStopsEmission() {
    Recorder rec = new Recorder();
    SkypeProxyFrameDecoder decoder = new SkypeProxyFrameDecoder(16, rec);
    decoder.handle(Buffer.buffer()
        .appendBuffer(SkypeProxyFrames.encodeFrame("0123456789abcdef"))
        .appendBuffer(SkypeProxyFrames.encodeFrame("0123456789abcdefg"))
        .appendBuffer(SkypeProxyFrames.encodeFrame("after")));
    assertThat(rec.events).containsExactly("frame:0123456789abcdef", "error");
    assertThat(rec.errors.get(0).declaredLength()).isEqualTo(17);
  }

  @Test
  void lengthJustAboveDefaultMaximumIsRefused() {
    Recorder rec = new Recorder();
    new SkypeProxyFrameDecoder(rec).handle(Buffer.buffer().appendIntLE(1024 * 1024 + 1));
    assertThat(rec.events).containsExactly("error");
  }

  @Test
  void frameOfExactlyTheMaximumIsAccepted() {
    Recorder rec = new Recorder();
    byte[] body = new byte[1024 * 1024];
    java.util.Arrays.fill(body, (byte) 'a');
    List<Buffer> frames = new ArrayList<>();
    new SkypeProxyFrameDecoder(new SkypeProxyFrameDecoder.Listener() {
      @Override
      public void onFrame(Buffer payload) {
        frames.add(payload);
      }

      @Override
      public void onCommand(SkypeProxyCommand command) {
        rec.onCommand(command);
      }

      @Override
      public void onProtocolError(SkypeProxyProtocolException error) {
        rec.onProtocolError(error);
      }
    }).handle(SkypeProxyFrames.encodeFrame(body));
    assertThat(rec.events).isEmpty();
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).length()).isEqualTo(body.length);
  }

  @Test
  void lengthIsLittleEndian() {
    Recorder rec = new Recorder();
    new SkypeProxyFrameDecoder(rec).handle(Buffer.buffer(new byte[] {
        0x0A, 0, 0, 0, 'P', 'R', 'O', 'T', 'O', 'C', 'O', 'L', ' ', '7'}));
    assertThat(rec.events).containsExactly("frame:PROTOCOL 7");
  }

  @Test
  void rawByteAtABoundaryIsTakenBeforeDecoding() {
    Recorder rec = new Recorder();
    SkypeProxyFrameDecoder decoder = new SkypeProxyFrameDecoder(rec);
    decoder.handle(SkypeProxyFrames.encodeFrame("a"));
    decoder.expectRawByte(b -> rec.events.add("raw:" + b));
    assertThat(decoder.expectingRawByte()).isTrue();
    // the slot byte 0x07, then a frame, in one buffer
    decoder.handle(Buffer.buffer(new byte[] {0x07}).appendBuffer(SkypeProxyFrames.encodeFrame("b")));
    assertThat(rec.events).containsExactly("frame:a", "raw:7", "frame:b");
    assertThat(decoder.expectingRawByte()).isFalse();
  }

  @Test
  void rawByteRequestedMidFrameWaitsForTheFrameEnd() {
    Recorder rec = new Recorder();
    SkypeProxyFrameDecoder decoder = new SkypeProxyFrameDecoder(rec);
    Buffer frame = SkypeProxyFrames.encodeFrame("PING");
    decoder.handle(frame.getBuffer(0, 2)); // half a length header
    decoder.expectRawByte(b -> rec.events.add("raw:" + b));
    decoder.handle(frame.getBuffer(2, frame.length()));
    decoder.handle(Buffer.buffer(new byte[] {0x00}).appendBuffer(SkypeProxyFrames.encodeCommand(
        SkypeProxyCommand.CAPABILITIES)));
    assertThat(rec.events).containsExactly("frame:PING", "raw:0", "command 02");
  }

  @Test
  void rawByteRequestedDuringACommandComesAfterIt() {
    Recorder rec = new Recorder();
    SkypeProxyFrameDecoder decoder = new SkypeProxyFrameDecoder(rec);
    decoder.handle(Buffer.buffer(new byte[] {0, 0, 0, 0, 0x03}));
    decoder.expectRawByte(b -> rec.events.add("raw:" + b));
    decoder.handle(Buffer.buffer(new byte[] {0x02, (byte) 0xFF}));
    assertThat(rec.events).containsExactly("command 03 02", "raw:255");
    assertThatThrownBy(() -> {
      decoder.expectRawByte(b -> { });
      decoder.expectRawByte(b -> { });
    }).isInstanceOf(IllegalStateException.class);
  }
}
