package net.imo2sproxy.protocol.wire.impl;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.util.Objects;
import java.util.function.Consumer;
import net.imo2sproxy.protocol.wire.SkypeProxyProtocolException;

/**
 * The reading half shared by both SkypeProxy stream decoders: a {@link RecordParser} in fixed
 * size mode, the count of bytes fed but not yet emitted, and the one-way switch to "broken".
 * Each decoder keeps only its own steps (which record comes next and what it means).
 *
 * <p>After {@link #fail} nothing more reaches the record handler and further input is dropped:
 * the stream position is lost, so the only sane reaction is closing the connection. Not
 * thread-safe: use it from one context.
 */
public final class FixedRecordReader implements Handler<Buffer> {

  private final RecordParser parser;
  private final Consumer<SkypeProxyProtocolException> errors;
  // bytes fed but not yet emitted as a record (a partial header or body)
  private long buffered;
  private boolean failed;

  /**
   * @param firstSize size of the first record
   * @param records receives each whole record, a private copy
   * @param errors receives the one protocol error, if any
   */
  public FixedRecordReader(
      int firstSize, Handler<Buffer> records, Consumer<SkypeProxyProtocolException> errors) {
    Objects.requireNonNull(records, "records");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.parser = RecordParser.newFixed(firstSize);
    this.parser.handler(record -> {
      buffered -= record.length();
      if (!failed) {
        records.handle(record);
      }
    });
  }

  @Override
  public void handle(Buffer data) {
    if (failed) {
      return;
    }
    buffered += data.length();
    parser.handle(data);
  }

  /** The next record is {@code size} bytes long. */
  public void read(int size) {
    parser.fixedSizeMode(size);
  }

  /** True when no record is partly received: the stream stands between two records. */
  public boolean atBoundary() {
    return buffered == 0;
  }

  /** True once a protocol error was reported. */
  public boolean failed() {
    return failed;
  }

  /**
   * Reports a length beyond {@code max} as a protocol error before any of its bytes is kept, so
   * a hostile length never allocates.
   *
   * @param what what the length measures, for the message ("frame length", ...)
   * @return true when the length is acceptable
   */
  public boolean checkLength(String what, long length, long max) {
    if (length <= max) {
      return true;
    }
    fail(what + " " + length + " exceeds the maximum " + max, length);
    return false;
  }

  /** Breaks the stream: reports {@code message} once; nothing more is read. */
  public void fail(String message, long length) {
    failed = true;
    // Stop the parser's loop: the remaining buffered bytes are meaningless now.
    parser.pause();
    errors.accept(new SkypeProxyProtocolException(message, length));
  }
}
