package net.imo2sproxy.protocol.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import net.imo2sproxy.protocol.wire.impl.FixedRecordReader;

/**
 * Incremental decoder of the server-to-client SkypeProxy byte stream, the client's side of
 * docs/skypeproxy-wire.md §3, §4 and §7.2: frames, the raw one-byte answers to command-mode
 * inputs, and the data-slot frames OPEN_SLOT, DATA_SLOT and CLOSE_SLOT. The counterpart of
 * {@link SkypeProxyFrameDecoder} (which decodes what a client sends) and of the encoders in
 * {@link SkypeProxyFrames}; used by clients (test clients, the load generator).
 *
 * <p>A raw answer byte has no framing: the client knows when one is due (it sent a command) and
 * says so with {@link #expectRawBytes}; the bytes are taken at the next input boundary. After a
 * protocol error (a length beyond the limit, an unknown command code) nothing more is emitted.
 * No socket, no timer; not thread-safe: use it from one context.
 */
public final class SkypeProxyServerStreamDecoder implements Handler<Buffer> {

  /** Receives the decoded inputs, in stream order. */
  public interface Listener {

    /** A normal frame ({@code LEN} > 0); the payload is a private copy. */
    void onFrame(Buffer payload);

    /** A raw byte announced with {@link #expectRawBytes}: the answer to a command. */
    void onRawByte(int value);

    /**
     * OPEN_SLOT: the server asks for a slot to send a file into; {@code name} is the name's bytes
     * as sent, terminating NUL included ({@link SkypeProxyFrames#payloadText} gives the text).
     */
    void onOpenSlot(Buffer name);

    /** DATA_SLOT: one chunk of slot {@code slot}'s content. */
    void onDataSlot(int slot, Buffer data);

    /** CLOSE_SLOT: slot {@code slot}'s content is complete. */
    void onCloseSlot(int slot);

    /** The stream is broken; nothing follows. */
    void onProtocolError(SkypeProxyProtocolException error);
  }

  private enum Expect {
    LENGTH, BODY, COMMAND, RAW_BYTE, SLOT_NAME_LENGTH, SLOT_NAME, DATA_HEADER, DATA, CLOSE
  }

  /** OPEN_SLOT's u16 length, DATA_SLOT's u8 slot plus u32 length. */
  private static final int SLOT_NAME_LENGTH = 2;
  private static final int DATA_HEADER = 5;

  private final int maxFrameLength;
  private final Listener listener;
  private final FixedRecordReader reader;
  private Expect expect = Expect.LENGTH;
  private long rawBytesDue;
  private int dataSlot;

  public SkypeProxyServerStreamDecoder(Listener listener) {
    this(SkypeProxyFrameDecoder.DEFAULT_MAX_FRAME_LENGTH, listener);
  }

  /**
   * @param maxFrameLength largest accepted {@code LEN} of a frame or data chunk, at least 1
   * @param listener receiver of the decoded inputs
   */
  public SkypeProxyServerStreamDecoder(int maxFrameLength, Listener listener) {
    if (maxFrameLength < 1) {
      throw new IllegalArgumentException("maxFrameLength must be >= 1: " + maxFrameLength);
    }
    this.maxFrameLength = maxFrameLength;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.reader = new FixedRecordReader(4, this::onRecord, listener::onProtocolError);
  }

  /** True once a protocol error was reported. */
  public boolean failed() {
    return reader.failed();
  }

  /**
   * The next {@code count} bytes at input boundaries are raw answers (one per command-mode
   * input sent), not frames. Adds to the answers already due.
   */
  public void expectRawBytes(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0: " + count);
    }
    rawBytesDue += count;
    if (rawBytesDue > 0 && expect == Expect.LENGTH && reader.atBoundary()) {
      next(Expect.RAW_BYTE, 1);
    }
  }

  /** Raw answers announced and not yet received. */
  public long rawBytesDue() {
    return rawBytesDue;
  }

  @Override
  public void handle(Buffer data) {
    reader.handle(data);
  }

  private void onRecord(Buffer record) {
    switch (expect) {
      case RAW_BYTE -> {
        rawBytesDue--;
        boundary();
        listener.onRawByte(record.getUnsignedByte(0));
      }
      case LENGTH -> onLength(Integer.toUnsignedLong(record.getIntLE(0)));
      case BODY -> {
        boundary();
        listener.onFrame(record);
      }
      case COMMAND -> onCommand(record.getUnsignedByte(0));
      case SLOT_NAME_LENGTH -> {
        int length = record.getUnsignedShortLE(0);
        if (length == 0) {
          reader.fail("OPEN_SLOT without a name", 0);
        } else {
          next(Expect.SLOT_NAME, length);
        }
      }
      case SLOT_NAME -> {
        boundary();
        listener.onOpenSlot(record);
      }
      case DATA_HEADER -> {
        dataSlot = record.getUnsignedByte(0);
        long length = Integer.toUnsignedLong(record.getIntLE(1));
        if (length == 0) {
          boundary();
          listener.onDataSlot(dataSlot, Buffer.buffer());
        } else if (reader.checkLength("data chunk length", length, maxFrameLength)) {
          next(Expect.DATA, (int) length);
        }
      }
      case DATA -> {
        boundary();
        listener.onDataSlot(dataSlot, record);
      }
      case CLOSE -> {
        boundary();
        listener.onCloseSlot(record.getUnsignedByte(0));
      }
      default -> throw new IllegalStateException(String.valueOf(expect));
    }
  }

  private void onLength(long length) {
    if (length == 0) {
      next(Expect.COMMAND, 1);
    } else if (reader.checkLength("frame length", length, maxFrameLength)) {
      next(Expect.BODY, (int) length);
    }
  }

  private void onCommand(int code) {
    switch (code) {
      case SkypeProxyCommand.OPEN_SLOT -> next(Expect.SLOT_NAME_LENGTH, SLOT_NAME_LENGTH);
      case SkypeProxyCommand.DATA_SLOT -> next(Expect.DATA_HEADER, DATA_HEADER);
      case SkypeProxyCommand.CLOSE_SLOT -> next(Expect.CLOSE, 1);
      default -> reader.fail(String.format("unknown server command %02X", code), -1);
    }
  }

  /** Between two inputs: a raw answer when one is due, else a length header. */
  private void boundary() {
    if (rawBytesDue > 0) {
      next(Expect.RAW_BYTE, 1);
    } else {
      next(Expect.LENGTH, 4);
    }
  }

  private void next(Expect what, int size) {
    expect = what;
    reader.read(size);
  }
}
