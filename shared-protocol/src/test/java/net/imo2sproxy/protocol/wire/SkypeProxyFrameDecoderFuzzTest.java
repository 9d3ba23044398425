package net.imo2sproxy.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing of the frame decoder: any byte sequence, cut anywhere, yields frames
 * and commands or one clean protocol error, never an exception, and never a frame above the
 * maximum.
 */
class SkypeProxyFrameDecoderFuzzTest {

  private static final int MAX = 64;

  /** What the decoder reported, in order, as text. */
  private static final class Recorder implements SkypeProxyFrameDecoder.Listener {
    final List<String> events = new ArrayList<>();
    int errors;

    @Override
    public void onFrame(Buffer payload) {
      assertThat(payload.length()).isBetween(1, MAX);
      events.add("F" + payload.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Override
    public void onCommand(SkypeProxyCommand command) {
      events.add("C" + command.code() + "/" + command.argument());
    }

    @Override
    public void onProtocolError(SkypeProxyProtocolException error) {
      errors++;
      assertThat(error.declaredLength()).isGreaterThan(MAX);
      events.add("E");
    }
  }

  private static Recorder feed(byte[] bytes, List<Integer> cuts) {
    Recorder recorder = new Recorder();
    SkypeProxyFrameDecoder decoder = new SkypeProxyFrameDecoder(MAX, recorder);
    int at = 0;
    for (int cut : cuts) {
      int end = Math.min(bytes.length, at + cut);
      decoder.handle(Buffer.buffer().appendBytes(bytes, at, end - at));
      at = end;
    }
    if (at < bytes.length) {
      decoder.handle(Buffer.buffer().appendBytes(bytes, at, bytes.length - at));
    }
    return recorder;
  }

  @Property(tries = 500)
  void anyBytesDecodeTheSameHoweverTheyAreCut(@ForAll("streams") byte[] bytes,
      @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 9) Integer> cuts) {
    Recorder whole = feed(bytes, List.of());
    Recorder pieces = feed(bytes, cuts);
    assertThat(pieces.events).isEqualTo(whole.events);
    assertThat(whole.errors).isLessThanOrEqualTo(1);
    if (whole.errors == 1) {
      assertThat(whole.events).last().isEqualTo("E"); // nothing after the error
    }
  }

  @Property(tries = 300)
  void encodedFramesComeBackInOrder(
      @ForAll @Size(max = 10) List<@Size(min = 1, max = MAX) byte[]> payloads,
      @ForAll @Size(max = 30) List<@IntRange(min = 1, max = 7) Integer> cuts) {
    Buffer stream = Buffer.buffer();
    List<String> expected = new ArrayList<>();
    for (byte[] payload : payloads) {
      stream.appendBuffer(SkypeProxyFrames.encodeFrame(payload));
      expected.add("F" + new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    assertThat(feed(stream.getBytes(), cuts).events).isEqualTo(expected);
  }

  /** Byte streams biased towards the interesting shapes: small lengths and command mode. */
  @Provide
  Arbitrary<byte[]> streams() {
    Arbitrary<byte[]> header = Arbitraries.oneOf(
        Arbitraries.integers().between(0, MAX + 2).map(n -> le(n)),
        Arbitraries.integers().map(SkypeProxyFrameDecoderFuzzTest::le),
        Arbitraries.of(new byte[] {0, 0, 0, 0, 1}, new byte[] {0, 0, 0, 0, 2},
            new byte[] {0, 0, 0, 0, 3, 2}, new byte[] {0, 0, 0, 0, (byte) 0xff}));
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    return Arbitraries.oneOf(header, noise).list().ofMaxSize(12).map(parts -> {
      Buffer all = Buffer.buffer();
      parts.forEach(all::appendBytes);
      return all.getBytes();
    });
  }

  private static byte[] le(int value) {
    return Buffer.buffer().appendIntLE(value).getBytes();
  }
}
