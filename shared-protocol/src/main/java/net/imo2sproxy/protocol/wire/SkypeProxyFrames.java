package net.imo2sproxy.protocol.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Encoding helpers for the SkypeProxy wire format (skypeproxy-wire.md §2, §3).
 *
 * <p>Every frame is built as ONE buffer (header plus body) so that a single write puts it on
 * the socket and frames of different producers can never interleave.
 */
public final class SkypeProxyFrames {

  /** Size of the little-endian {@code LEN} header. */
  public static final int HEADER_LENGTH = 4;

  /** Raw command-mode reply: yes / accepted / capability bit 01. */
  public static final int REPLY_YES = 0x01;
  /** Raw command-mode reply: no / rejected / no capabilities. */
  public static final int REPLY_NO = 0x00;

  private SkypeProxyFrames() {
  }

  /** A normal frame carrying {@code text} as UTF-8. */
  public static Buffer encodeFrame(String text) {
    return encodeFrame(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A normal frame carrying {@code payload} verbatim. */
  public static Buffer encodeFrame(byte[] payload) {
    return Buffer.buffer(HEADER_LENGTH + payload.length)
        .appendIntLE(payload.length)
        .appendBytes(payload);
  }

  /** A normal frame carrying {@code payload} verbatim. */
  public static Buffer encodeFrame(Buffer payload) {
    return Buffer.buffer(HEADER_LENGTH + payload.length())
        .appendIntLE(payload.length())
        .appendBuffer(payload);
  }

  /** A single raw byte, the form of every command-mode reply. */
  public static Buffer rawByte(int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException("not a byte: " + value);
    }
    return Buffer.buffer(1).appendByte((byte) value);
  }

  /** Client side of command mode: {@code 00 00 00 00 code} (used by tests and test clients). */
  public static Buffer encodeCommand(int code) {
    return Buffer.buffer(5).appendIntLE(0).appendByte((byte) code);
  }

  /** Client side of MY_CAPABILITIES: {@code 00 00 00 00 03 mask}. */
  public static Buffer encodeMyCapabilities(int mask) {
    return encodeCommand(SkypeProxyCommand.MY_CAPABILITIES).appendByte((byte) mask);
  }

  /**
   * The text of a received payload.
   *
   * <p>Trailing NUL bytes are dropped, so clients that send a C string's terminator keep
   * working. A NUL inside the text is kept: the Skype API layer answers such a line with
   * {@code ERROR 1} instead of acting on a truncated command. Invalid UTF-8 is decoded with
   * U+FFFD replacement characters and never fails.
   */
  public static String payloadText(Buffer payload) {
    byte[] bytes = payload.getBytes();
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    // String's constructor replaces malformed input, it never throws.
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
