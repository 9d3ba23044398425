package net.imo2sproxy.desktop.impl;

/**
 * Command ids on the agent's bridge connections, pure. Every command a desktop client sends is
 * forwarded under an id of the agent's own, so that its one reply line
 * (docs/skype-api-emulation.md §1.3, §1.4) can be told from notifications and handed back with
 * the client's own id, or none when the client sent none.
 */
public final class CommandIds {

  /** A client's line split into its {@code #id} (null when none) and the command after it. */
  public record Split(String id, String command) {

    /** The reply line as the client expects it: its own id, if any, in front. */
    public String restore(String reply) {
      return id == null ? reply : id + " " + reply;
    }
  }

  private CommandIds() {
  }

  /** Splits {@code line} the way the gateway reads a command id: a first token starting with #. */
  public static Split split(String line) {
    int start = skipSpaces(line, 0);
    if (start < line.length() && line.charAt(start) == '#') {
      int end = line.indexOf(' ', start);
      if (end < 0) {
        return new Split(line.substring(start), "");
      }
      return new Split(line.substring(start, end), line.substring(skipSpaces(line, end)));
    }
    return new Split(null, line.substring(start));
  }

  /** The reply text of {@code line} when it answers the agent's id {@code tag}, else null. */
  public static String replyTo(String tag, String line) {
    return line.startsWith(tag) && line.length() > tag.length() && line.charAt(tag.length()) == ' '
        ? line.substring(tag.length() + 1) : null;
  }

  /** The id of a reply line ({@code #x rest}), null for a line without one. */
  public static String idOf(String line) {
    if (!line.startsWith("#")) {
      return null;
    }
    int end = line.indexOf(' ');
    return end < 0 ? line : line.substring(0, end);
  }

  /** The first word of a command, upper-cased: the command's name for the agent's own checks. */
  public static String keyword(String command) {
    int end = command.indexOf(' ');
    return (end < 0 ? command : command.substring(0, end)).toUpperCase(java.util.Locale.ROOT);
  }

  /** The text after the first word (the "rest of the line"), empty when none. */
  public static String argument(String command) {
    int end = command.indexOf(' ');
    return end < 0 ? "" : command.substring(end + 1);
  }

  private static int skipSpaces(String line, int from) {
    int i = from;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
