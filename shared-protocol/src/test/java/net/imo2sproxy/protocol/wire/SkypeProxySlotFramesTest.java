package net.imo2sproxy.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data-slot frames of docs/skypeproxy-wire.md §7.2, byte by byte. */
class SkypeProxySlotFramesTest {

  @Test
  void openSlotCarriesTheNulTerminatedNameWithItsU16Length() {
    Buffer frame = SkypeProxyFrames.openSlot("C:\\a.jpg");
    assertThat(frame.getBytes()).containsExactly(
        0, 0, 0, 0, 0x04, 9, 0, 'C', ':', '\\', 'a', '.', 'j', 'p', 'g', 0);
  }

  @Test
  void openSlotLengthCountsUtf8Bytes() {
    Buffer frame = SkypeProxyFrames.openSlot("\u00e9");
    assertThat(frame.getUnsignedShortLE(5)).isEqualTo(3);
    assertThat(frame.getBytes(7, 10)).containsExactly(0xC3, 0xA9, 0);
  }

  @Test
  void openSlotRefusesNamesBeyondTheU16Length() {
    String longest = "x".repeat(SkypeProxyFrames.MAX_SLOT_NAME_BYTES - 1);
    assertThat(SkypeProxyFrames.fitsOpenSlot(longest)).isTrue();
    assertThat(SkypeProxyFrames.openSlot(longest).getUnsignedShortLE(5)).isEqualTo(0xFFFF);
    assertThat(SkypeProxyFrames.fitsOpenSlot(longest + "x")).isFalse();
    assertThatThrownBy(() -> SkypeProxyFrames.openSlot(longest + "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dataSlotCarriesSlotLengthAndChunk() {
    byte[] data = {9, 8, 7, 6, 5};
    assertThat(SkypeProxyFrames.dataSlot(3, data, 1, 3).getBytes())
        .containsExactly(0, 0, 0, 0, 0x05, 3, 3, 0, 0, 0, 8, 7, 6);
    assertThat(SkypeProxyFrames.dataSlot(255, data, 0, 0).getBytes())
        .containsExactly(0, 0, 0, 0, 0x05, 0xFF, 0, 0, 0, 0);
    assertThatThrownBy(() -> SkypeProxyFrames.dataSlot(1, data, 3, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void dataSlotsSplitIntoChunksOfAtMost32768Bytes() {
    byte[] data = new byte[2 * SkypeProxyFrames.SLOT_CHUNK + 5];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    List<Buffer> frames = SkypeProxyFrames.dataSlots(7, data);
    assertThat(frames).hasSize(3);
    Buffer joined = Buffer.buffer();
    for (Buffer frame : frames) {
      assertThat(frame.getIntLE(0)).isZero();
      assertThat(frame.getByte(4)).isEqualTo((byte) 0x05);
      assertThat(frame.getUnsignedByte(5)).isEqualTo((short) 7);
      int length = frame.getIntLE(6);
      assertThat(frame.length()).isEqualTo(10 + length);
      joined.appendBuffer(frame, 10, length);
    }
    assertThat(frames.get(0).getIntLE(6)).isEqualTo(32768);
    assertThat(frames.get(2).getIntLE(6)).isEqualTo(5);
    assertThat(joined.getBytes()).isEqualTo(data);
    assertThat(SkypeProxyFrames.dataSlots(7, new byte[0])).isEmpty();
  }

  @Test
  void closeSlotNamesTheSlot() {
    assertThat(SkypeProxyFrames.closeSlot(200).getBytes()).containsExactly(0, 0, 0, 0, 0x06, 200);
  }

  @Test
  void slotNumbersOutsideOneTo255AreRefused() {
    assertThatThrownBy(() -> SkypeProxyFrames.closeSlot(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SkypeProxyFrames.dataSlot(256, new byte[1], 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void payloadLengthIsTheFrameWithoutItsHeader() {
    assertThat(SkypeProxyFrames.payloadLength(SkypeProxyFrames.encodeFrame("PING"))).isEqualTo(4);
  }
}
