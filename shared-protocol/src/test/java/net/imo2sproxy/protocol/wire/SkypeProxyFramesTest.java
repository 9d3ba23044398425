package net.imo2sproxy.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class SkypeProxyFramesTest {

  @Test
  void encodesFrameAsLittleEndianLengthPlusUtf8() {
    Buffer frame = SkypeProxyFrames.encodeFrame("PROTOCOL 7");
    assertThat(frame.getBytes()).containsExactly(
        0x0A, 0, 0, 0, 'P', 'R', 'O', 'T', 'O', 'C', 'O', 'L', ' ', '7');
  }

  @Test
  void lengthCountsUtf8Bytes() {
    Buffer frame = SkypeProxyFrames.encodeFrame("\u00e9\u263A");
    assertThat(frame.getIntLE(0)).isEqualTo(5);
    assertThat(frame.length()).isEqualTo(9);
  }

  @Test
  void encodesEmptyAndLargeFrames() {
    assertThat(SkypeProxyFrames.encodeFrame("").getBytes()).containsExactly(0, 0, 0, 0);
    Buffer big = SkypeProxyFrames.encodeFrame(new byte[0x10203]);
    assertThat(big.getBytes(0, 4)).containsExactly(0x03, 0x02, 0x01, 0x00);
  }

  @Test
  void rawBytesAndCommands() {
    assertThat(SkypeProxyFrames.rawByte(1).getBytes()).containsExactly(1);
    assertThat(SkypeProxyFrames.rawByte(0).getBytes()).containsExactly(0);
    assertThat(SkypeProxyFrames.rawByte(0xFF).getBytes()).containsExactly(0xFF);
    assertThatThrownBy(() -> SkypeProxyFrames.rawByte(256))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SkypeProxyFrames.encodeCommand(2).getBytes()).containsExactly(0, 0, 0, 0, 2);
    assertThat(SkypeProxyFrames.encodeMyCapabilities(2).getBytes())
        .containsExactly(0, 0, 0, 0, 3, 2);
  }

  @Test
  void payloadTextDropsATerminatorButKeepsInnerNul() {
    Buffer payload = Buffer.buffer(new byte[] {'P', 'I', 'N', 'G', 0, 'x', 'y'});
    assertThat(SkypeProxyFrames.payloadText(payload)).isEqualTo("PING\u0000xy");
    assertThat(SkypeProxyFrames.payloadText(Buffer.buffer(new byte[] {'P', 'I', 'N', 'G', 0})))
        .isEqualTo("PING");
    assertThat(SkypeProxyFrames.payloadText(Buffer.buffer(new byte[] {0, 0}))).isEmpty();
  }

  @Test
  void payloadTextReplacesInvalidUtf8() {
    Buffer payload = Buffer.buffer(new byte[] {'a', (byte) 0xC3, 'b', (byte) 0xFF});
    assertThat(SkypeProxyFrames.payloadText(payload)).isEqualTo("a\uFFFDb\uFFFD");
  }

  @Test
  void payloadTextKeepsLineBreaksAndTabs() {
    assertThat(SkypeProxyFrames.payloadText(Buffer.buffer("MESSAGE bob a\r\n\tb")))
        .isEqualTo("MESSAGE bob a\r\n\tb");
  }
}
