package net.imo2sproxy.protocol.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import java.util.function.IntConsumer;
import net.imo2sproxy.protocol.wire.impl.FixedRecordReader;

/**
 * Incremental decoder of the client-to-server SkypeProxy byte stream
 * (docs/skypeproxy-wire.md §3, §4).
 *
 * <p>Feed it raw socket buffers of any size; it emits whole frames, command-mode inputs and at
 * most one protocol error to its {@link Listener}, in stream order. It keeps no socket and no
 * timer, so it is a pure function of the bytes fed. Not thread-safe: use it from one context.
 *
 * <p>Decisions:
 * <ul>
 *   <li>{@code LEN} is unsigned 32-bit little-endian; a value above {@code maxFrameLength} is
 *       reported before any body byte is buffered, so a hostile length never allocates.</li>
 *   <li>After a protocol error nothing more is emitted and further input is discarded: the
 *       stream position is lost and the only sane reaction is closing the connection.</li>
 *   <li>Payloads are emitted as raw bytes; NUL and UTF-8 handling belong to
 *       {@link SkypeProxyFrames#payloadText(Buffer)}.</li>
 * </ul>
 */
public final class SkypeProxyFrameDecoder implements Handler<Buffer> {

  /** Default maximum accepted {@code LEN}: 1 MiB. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 1024 * 1024;

  /** Receives the decoded inputs. */
  public interface Listener {

    /** A normal frame ({@code LEN} > 0); the payload is a private copy. */
    void onFrame(Buffer payload);

    /** A command-mode input; MY_CAPABILITIES arrives with its argument byte. */
    void onCommand(SkypeProxyCommand command);

    /** The stream is broken (e.g. {@code LEN} too large); nothing follows. */
    void onProtocolError(SkypeProxyProtocolException error);
  }

  private enum Expect { LENGTH, BODY, COMMAND, COMMAND_ARGUMENT, RAW_BYTE }

  private final int maxFrameLength;
  private final Listener listener;
  private final FixedRecordReader reader;
  private Expect expect = Expect.LENGTH;
  private IntConsumer rawByteHandler;

  public SkypeProxyFrameDecoder(Listener listener) {
    this(DEFAULT_MAX_FRAME_LENGTH, listener);
  }

  /**
   * @param maxFrameLength largest accepted {@code LEN}, at least 1
   * @param listener receiver of the decoded inputs
   */
  public SkypeProxyFrameDecoder(int maxFrameLength, Listener listener) {
    if (maxFrameLength < 1) {
      throw new IllegalArgumentException("maxFrameLength must be >= 1: " + maxFrameLength);
    }
    this.maxFrameLength = maxFrameLength;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.reader = new FixedRecordReader(4, this::onRecord, listener::onProtocolError);
  }

  public int maxFrameLength() {
    return maxFrameLength;
  }

  /** True once a protocol error was reported. */
  public boolean failed() {
    return reader.failed();
  }

  /**
   * Hands the next raw byte of the stream to {@code handler} instead of decoding it: the client's
   * slot number answering an OPEN_SLOT (docs/skypeproxy-wire.md §7.2), which has no framing. The
   * byte is taken at the next input boundary: at once when none is partly received, else right
   * after the frame or command being received. One request at a time.
   *
   * @throws IllegalStateException when a raw byte is already expected
   */
  public void expectRawByte(IntConsumer handler) {
    Objects.requireNonNull(handler, "handler");
    if (rawByteHandler != null) {
      throw new IllegalStateException("a raw byte is already expected");
    }
    rawByteHandler = handler;
    if (expect == Expect.LENGTH && reader.atBoundary()) {
      next(Expect.RAW_BYTE, 1);
    }
  }

  /** True while a raw byte requested with {@link #expectRawByte} has not arrived. */
  public boolean expectingRawByte() {
    return rawByteHandler != null;
  }

  @Override
  public void handle(Buffer data) {
    reader.handle(data);
  }

  private void onRecord(Buffer record) {
    switch (expect) {
      case RAW_BYTE -> {
        IntConsumer handler = rawByteHandler;
        rawByteHandler = null;
        expectLength();
        handler.accept(record.getUnsignedByte(0));
      }
      case LENGTH -> onLength(Integer.toUnsignedLong(record.getIntLE(0)));
      case BODY -> {
        expectLength();
        listener.onFrame(record);
      }
      case COMMAND -> onCommandByte(record.getUnsignedByte(0));
      case COMMAND_ARGUMENT -> {
        expectLength();
        listener.onCommand(
            new SkypeProxyCommand(SkypeProxyCommand.MY_CAPABILITIES, record.getUnsignedByte(0)));
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

  private void onCommandByte(int code) {
    if (code == SkypeProxyCommand.MY_CAPABILITIES) {
      next(Expect.COMMAND_ARGUMENT, 1);
      return;
    }
    expectLength();
    listener.onCommand(SkypeProxyCommand.of(code));
  }

  /** Between two inputs: the requested raw byte when one is due, else a length header. */
  private void expectLength() {
    if (rawByteHandler != null) {
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
