package net.imo2sproxy.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-to-client stream decoded from what {@link SkypeProxyFrames} encodes. */
class SkypeProxyServerStreamDecoderTest {

  /** Every decoded input as one line of text, in stream order. */
  private final List<String> seen = new ArrayList<>();

  private final SkypeProxyServerStreamDecoder.Listener recorder =
      new SkypeProxyServerStreamDecoder.Listener() {
        @Override
        public void onFrame(Buffer payload) {
          seen.add("frame " + SkypeProxyFrames.payloadText(payload));
        }

        @Override
        public void onRawByte(int value) {
          seen.add("raw " + value);
        }

        @Override
        public void onOpenSlot(Buffer name) {
          seen.add("open " + SkypeProxyFrames.payloadText(name) + " (" + name.length() + " bytes)");
        }

        @Override
        public void onDataSlot(int slot, Buffer data) {
          seen.add("data " + slot + " " + data.length() + " " + (data.length() == 0 ? -1
              : data.getUnsignedByte(data.length() - 1)));
        }

        @Override
        public void onCloseSlot(int slot) {
          seen.add("close " + slot);
        }

        @Override
        public void onProtocolError(SkypeProxyProtocolException error) {
          seen.add("error " + error.getMessage());
        }
      };

  private static Buffer avatarStream() {
    byte[] data = new byte[SkypeProxyFrames.SLOT_CHUNK + 10];
    data[data.length - 1] = 42;
    Buffer stream = Buffer.buffer()
        .appendBuffer(SkypeProxyFrames.openSlot("C:\\bob.jpg"));
    SkypeProxyFrames.dataSlots(7, data).forEach(stream::appendBuffer);
    return stream.appendBuffer(SkypeProxyFrames.closeSlot(7))
        .appendBuffer(SkypeProxyFrames.encodeFrame("#a USER bob AVATAR 1 C:\\bob.jpg"));
  }

  private static final List<String> AVATAR = List.of("open C:\\bob.jpg (11 bytes)", "data 7 32768 0",
      "data 7 10 42", "close 7", "frame #a USER bob AVATAR 1 C:\\bob.jpg");

  @Test
  void framesAndSlotFramesComeOutInStreamOrder() {
    new SkypeProxyServerStreamDecoder(recorder).handle(avatarStream());
    assertThat(seen).isEqualTo(AVATAR);
  }

  @Test
  void everySplitOfTheInputGivesTheSameResult() {
    Buffer stream = avatarStream();
    for (int split : new int[] {1, 2, 3, 5, 7, 4096}) {
      seen.clear();
      SkypeProxyServerStreamDecoder decoder = new SkypeProxyServerStreamDecoder(recorder);
      for (int i = 0; i < stream.length(); i += split) {
        decoder.handle(stream.getBuffer(i, Math.min(stream.length(), i + split)));
      }
      assertThat(seen).as("split %d", split).isEqualTo(AVATAR);
    }
  }

  @Test
  void rawAnswersAreTakenAtTheNextInputBoundary() {
    SkypeProxyServerStreamDecoder decoder = new SkypeProxyServerStreamDecoder(recorder);
    decoder.expectRawBytes(2);
    decoder.handle(Buffer.buffer().appendByte((byte) 1).appendByte((byte) 0));
    Buffer frame = SkypeProxyFrames.encodeFrame("PROTOCOL 7");
    decoder.handle(frame.getBuffer(0, 3));
    // due while a header is half received: taken after that frame
    decoder.expectRawBytes(1);
    decoder.handle(frame.getBuffer(3, frame.length()).appendByte((byte) 2)
        .appendBuffer(SkypeProxyFrames.encodeFrame("after")));
    assertThat(seen).containsExactly("raw 1", "raw 0", "frame PROTOCOL 7", "raw 2", "frame after");
    assertThat(decoder.rawBytesDue()).isZero();
  }

  @Test
  void oversizeLengthsAndUnknownCommandsBreakTheStream() {
    SkypeProxyServerStreamDecoder decoder = new SkypeProxyServerStreamDecoder(16, recorder);
    decoder.handle(Buffer.buffer().appendIntLE(17).appendString("x".repeat(17))
        .appendBuffer(SkypeProxyFrames.encodeFrame("never")));
    assertThat(decoder.failed()).isTrue();
    assertThat(seen).containsExactly("error frame length 17 exceeds the maximum 16");

    seen.clear();
    decoder = new SkypeProxyServerStreamDecoder(recorder);
    decoder.handle(SkypeProxyFrames.encodeCommand(0x7F).appendBuffer(
        SkypeProxyFrames.encodeFrame("never")));
    assertThat(seen).containsExactly("error unknown server command 7F");
  }

  @Test
  void anOversizeDataChunkBreaksTheStreamBeforeItsBytesAreKept() {
    SkypeProxyServerStreamDecoder decoder = new SkypeProxyServerStreamDecoder(16, recorder);
    byte[] chunk = new byte[17];
    // only the header arrives: the length alone must break the stream
    Buffer header = SkypeProxyFrames.dataSlot(3, chunk, 0, chunk.length).getBuffer(0, 10);
    decoder.handle(header);
    assertThat(decoder.failed()).isTrue();
    assertThat(seen).containsExactly("error data chunk length 17 exceeds the maximum 16");

    decoder.handle(SkypeProxyFrames.encodeFrame("never"));
    assertThat(seen).hasSize(1);
  }
}
