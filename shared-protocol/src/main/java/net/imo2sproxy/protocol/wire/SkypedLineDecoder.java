package net.imo2sproxy.protocol.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Splits the byte stream of a skyped connection (docs/skyped-listener.md) into lines: one
 * UTF-8 Skype API line per {@code \n}, in whatever chunks the socket delivers them. A trailing
 * {@code \r} is dropped (skyped stripped its lines) and empty lines are skipped (skyped ignored
 * them). Bytes are decoded per complete line, so a character split across reads stays whole.
 *
 * <p>A line longer than the limit is an error, reported once; nothing is decoded after it.
 */
public final class SkypedLineDecoder implements Handler<Buffer> {

  /** Receives the decoder's output, in stream order. */
  public interface Listener {
    /** One line, without its {@code \n} (and without a trailing {@code \r}); never empty. */
    void onLine(String line);

    /** The stream broke the line limit; the decoder is now dead. */
    void onLineTooLong(String message);
  }

  private final int maxLineLength;
  private final Listener listener;
  // bytes of the line not yet ended by \n
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private boolean failed;

  /** @param maxLineLength most bytes a line may have, its {@code \n} not counted */
  public SkypedLineDecoder(int maxLineLength, Listener listener) {
    if (maxLineLength < 1) {
      throw new IllegalArgumentException("maxLineLength must be positive: " + maxLineLength);
    }
    this.maxLineLength = maxLineLength;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void handle(Buffer chunk) {
    byte[] bytes = chunk.getBytes();
    int start = 0;
    for (int i = 0; i < bytes.length && !failed; i++) {
      if (bytes[i] == '\n') {
        if (!append(bytes, start, i)) {
          return;
        }
        emit();
        start = i + 1;
      }
    }
    if (!failed) {
      append(bytes, start, bytes.length);
    }
  }

  /** True once the limit was broken: the stream is no longer read. */
  public boolean failed() {
    return failed;
  }

  private boolean append(byte[] bytes, int from, int to) {
    int length = partial.size() + (to - from);
    // a \r before the \n does not count towards the limit
    boolean endsInCr = to > from && bytes[to - 1] == '\r';
    if (length - (endsInCr ? 1 : 0) > maxLineLength) {
      failed = true;
      partial.reset();
      listener.onLineTooLong("line longer than " + maxLineLength + " bytes");
      return false;
    }
    partial.write(bytes, from, to - from);
    return true;
  }

  private void emit() {
    byte[] line = partial.toByteArray();
    partial.reset();
    int end = line.length;
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    if (end > 0) {
      // String's constructor replaces malformed input, it never throws.
      listener.onLine(new String(line, 0, end, StandardCharsets.UTF_8));
    }
  }
}
