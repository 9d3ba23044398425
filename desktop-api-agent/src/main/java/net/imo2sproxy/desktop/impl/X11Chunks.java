package net.imo2sproxy.desktop.impl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The X11 transport's message codec (docs/desktop-api.md §2.2), pure: a line is its UTF-8 bytes
 * and a terminating NUL, cut into ClientMessage payloads of 20 bytes (format 8); the first goes
 * with the type atom {@code SKYPECONTROLAPI_MESSAGE_BEGIN}, the others with
 * {@code SKYPECONTROLAPI_MESSAGE}; the last is padded with NULs. A receiver ends a line at the
 * first NUL, so a chunk without one means more follow.
 */
public final class X11Chunks {

  /** Payload bytes of one format-8 ClientMessage. */
  public static final int CHUNK = 20;

  private X11Chunks() {
  }

  /** The chunks of {@code line}; a NUL inside the line would end it early and is refused. */
  public static List<byte[]> encode(String line) {
    if (line.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a line with a NUL cannot travel over X11");
    }
    byte[] text = line.getBytes(StandardCharsets.UTF_8);
    int count = text.length / CHUNK + 1; // the NUL always fits: it may open a chunk of its own
    List<byte[]> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int from = i * CHUNK;
      chunks.add(Arrays.copyOf(Arrays.copyOfRange(text, from, Math.min(text.length, from + CHUNK)),
          CHUNK));
    }
    return chunks;
  }

  /**
   * Reassembles the lines of one sender window. Not thread-safe: one per window, fed by the
   * event thread only. A line longer than the bound it was built with is given up (its sender
   * is told, see {@link Outcome#TOO_LONG}) rather than buffered without end.
   */
  public static final class Reassembly {

    /** What a chunk did. */
    public enum Outcome {
      /** more chunks are needed */
      INCOMPLETE,
      /** a line is complete: take it with {@link #take()} */
      COMPLETE,
      /** a continuation without a beginning: ignored */
      ORPHAN,
      /** the line went past the length bound: dropped up to its end */
      TOO_LONG
    }

    private final int maxBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean open;
    private boolean overflowed;
    private String complete;

    public Reassembly(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    /** Feeds one chunk ({@code begin}: its type atom was the BEGIN atom). */
    public Outcome feed(boolean begin, byte[] chunk) {
      if (begin) {
        line.reset();
        open = true;
        overflowed = false;
      } else if (!open) {
        return Outcome.ORPHAN;
      }
      int end = 0;
      while (end < chunk.length && end < CHUNK && chunk[end] != 0) {
        end++;
      }
      boolean last = end < CHUNK;
      if (!overflowed) {
        if (line.size() + end > maxBytes) {
          overflowed = true;
          line.reset();
        } else {
          line.write(chunk, 0, end);
        }
      }
      if (!last) {
        return Outcome.INCOMPLETE;
      }
      open = false;
      if (overflowed) {
        overflowed = false;
        return Outcome.TOO_LONG;
      }
      complete = line.toString(StandardCharsets.UTF_8);
      line.reset();
      return Outcome.COMPLETE;
    }

    /** The line completed by the last {@link Outcome#COMPLETE}. */
    public String take() {
      String out = complete;
      complete = null;
      return out;
    }
  }
}
