package net.imo2sproxy.protocol.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoding helpers for the SkypeProxy wire format (docs/skypeproxy-wire.md §3, §4).
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

  /** Length of a frame's payload (the frame minus its {@code LEN} header). */
  public static int payloadLength(Buffer frame) {
    return frame.length() - HEADER_LENGTH;
  }

  // ------------------------------------------------------------ data slots (§7.2)

  /** Largest DATA_SLOT chunk, as SkypeProxy 1.1 sent them (docs/skypeproxy-wire.md §7.2). */
  public static final int SLOT_CHUNK = 32768;
  /** Longest OPEN_SLOT name in bytes, terminating NUL included (a u16 on the wire). */
  public static final int MAX_SLOT_NAME_BYTES = 0xFFFF;

  /** The OPEN_SLOT name bytes of {@code fileName}: UTF-8 plus the terminating NUL. */
  public static byte[] slotName(String fileName) {
    return (fileName + '\0').getBytes(StandardCharsets.UTF_8);
  }

  /** True when {@code fileName} fits an OPEN_SLOT (its u16 length). */
  public static boolean fitsOpenSlot(String fileName) {
    return slotName(fileName).length <= MAX_SLOT_NAME_BYTES;
  }

  /**
   * {@code 00 00 00 00 04 | u16 N | name incl. NUL}: asks the client for a slot to receive
   * {@code fileName} into; the client answers with one raw byte, the slot number or 00.
   *
   * @throws IllegalArgumentException when the name does not fit the u16 length
   */
  public static Buffer openSlot(String fileName) {
    byte[] name = slotName(fileName);
    if (name.length > MAX_SLOT_NAME_BYTES) {
      throw new IllegalArgumentException("slot name of " + name.length + " bytes");
    }
    return Buffer.buffer(HEADER_LENGTH + 3 + name.length).appendIntLE(0)
        .appendByte((byte) SkypeProxyCommand.OPEN_SLOT)
        .appendUnsignedShortLE(name.length).appendBytes(name);
  }

  /** {@code 00 00 00 00 05 | u8 slot | u32 L | L bytes}: one chunk of a slot's content. */
  public static Buffer dataSlot(int slot, byte[] data, int offset, int length) {
    checkSlot(slot);
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IndexOutOfBoundsException("chunk " + offset + "+" + length + " of " + data.length);
    }
    return Buffer.buffer(HEADER_LENGTH + 6 + length).appendIntLE(0)
        .appendByte((byte) SkypeProxyCommand.DATA_SLOT).appendUnsignedByte((short) slot)
        .appendIntLE(length).appendBytes(data, offset, length);
  }

  /**
   * The DATA_SLOT frames carrying {@code data} in chunks of at most {@link #SLOT_CHUNK} bytes
   * (none for empty data).
   */
  public static List<Buffer> dataSlots(int slot, byte[] data) {
    List<Buffer> frames = new ArrayList<>(data.length / SLOT_CHUNK + 1);
    for (int offset = 0; offset < data.length; offset += SLOT_CHUNK) {
      frames.add(dataSlot(slot, data, offset, Math.min(SLOT_CHUNK, data.length - offset)));
    }
    return frames;
  }

  /** {@code 00 00 00 00 06 | u8 slot}: the slot's content is complete. */
  public static Buffer closeSlot(int slot) {
    checkSlot(slot);
    return Buffer.buffer(HEADER_LENGTH + 2).appendIntLE(0)
        .appendByte((byte) SkypeProxyCommand.CLOSE_SLOT).appendUnsignedByte((short) slot);
  }

  private static void checkSlot(int slot) {
    if (slot < 1 || slot > 0xFF) {
      throw new IllegalArgumentException("slot number out of range: " + slot);
    }
  }

  // ------------------------------------------------------------ client side

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
