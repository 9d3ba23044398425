package net.imo2sproxy.protocol.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoding of the lines a skyped connection writes (docs/skyped-listener.md): UTF-8, each
 * ended by {@code \n}, all lines of one Skype API line in one buffer (one write).
 */
public final class SkypedLines {

  private SkypedLines() {
  }

  /**
   * The wire lines for one Skype API line. A line with line breaks in it (a multi-line message
   * body) becomes several lines, each after the first prefixed with the first line's first
   * three words, as skyped did: {@code CHATMESSAGE 7 BODY a\nb} is {@code CHATMESSAGE 7 BODY a}
   * and {@code CHATMESSAGE 7 BODY b}, which bitlbee joins again.
   */
  public static List<String> split(String line) {
    String unified = line.replace("\r\n", "\n").replace('\r', '\n');
    if (unified.indexOf('\n') < 0) {
      return List.of(unified);
    }
    String[] parts = unified.split("\n", -1);
    String[] words = parts[0].split(" ", 4);
    List<String> lines = new ArrayList<>(parts.length);
    lines.add(parts[0]);
    if (words.length < 4) {
      // no three-word prefix to repeat: plain lines, nothing lost
      for (int i = 1; i < parts.length; i++) {
        lines.add(parts[i]);
      }
      return lines;
    }
    String prefix = words[0] + " " + words[1] + " " + words[2] + " ";
    for (int i = 1; i < parts.length; i++) {
      lines.add(prefix + parts[i]);
    }
    return lines;
  }

  /** {@link #split} lines, each ended by {@code \n}, in one buffer. */
  public static Buffer encode(String line) {
    Buffer buffer = Buffer.buffer();
    for (String part : split(line)) {
      buffer.appendBytes(part.getBytes(StandardCharsets.UTF_8)).appendByte((byte) '\n');
    }
    return buffer;
  }

  /** Bytes of the longest line in {@code encoded} (its {@code \n} not counted). */
  public static int longestLine(Buffer encoded) {
    int longest = 0;
    int start = 0;
    for (int i = 0; i < encoded.length(); i++) {
      if (encoded.getByte(i) == '\n') {
        longest = Math.max(longest, i - start);
        start = i + 1;
      }
    }
    return Math.max(longest, encoded.length() - start);
  }
}
