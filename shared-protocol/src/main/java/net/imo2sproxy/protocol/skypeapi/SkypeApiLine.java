package net.imo2sproxy.protocol.skypeapi;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One Skype API command line, tokenised as the original did
 * (docs/skype-api-emulation.md §1.2, §1.3).
 *
 * <ul>
 *   <li>Tokens are separated by runs of spaces; leading spaces are skipped; tabs, CR and LF are
 *       ordinary characters.</li>
 *   <li>If the first token starts with {@code #}, it is the command id (kept with its
 *       {@code #}) and not one of {@link #tokens()}. A line holding only an id is an empty
 *       command.</li>
 *   <li>Keyword helpers compare case-insensitively ({@link Locale#ROOT}); {@link #token(int)}
 *       keeps the client's spelling for handles and chat names.</li>
 *   <li>{@link #restAfter(int)} returns the verbatim text after the single space that follows a
 *       token, for arguments such as message bodies that may contain spaces.</li>
 * </ul>
 *
 * <p>Immutable.
 */
public final class SkypeApiLine {

  private final String line;
  private final String id;
  private final List<String> tokens;
  // end offset (exclusive) in line of each token, for restAfter
  private final int[] tokenEnds;

  private SkypeApiLine(String line, String id, List<String> tokens, int[] tokenEnds) {
    this.line = line;
    this.id = id;
    this.tokens = tokens;
    this.tokenEnds = tokenEnds;
  }

  /** Parses a command line (never fails; a blank line is an empty command). */
  public static SkypeApiLine parse(String line) {
    Objects.requireNonNull(line, "line");
    // Two passes over the characters (count, then cut) so that the tokens and their ends go
    // into arrays of their exact size: a line is parsed per command, and the growing list,
    // its copy and the spare ends were a third of the parse's allocation.
    int count = countTokens(line);
    if (count > 0 && line.charAt(firstNonSpace(line)) == '#') {
      count--; // the id is not a token
    }
    String[] tokens = new String[count];
    int[] ends = new int[count];
    String id = null;
    int size = 0;
    boolean first = true;
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      if (i == n) {
        break;
      }
      int start = i;
      while (i < n && line.charAt(i) != ' ') {
        i++;
      }
      if (first && line.charAt(start) == '#') {
        id = line.substring(start, i);
        first = false;
        continue;
      }
      first = false;
      ends[size] = i;
      tokens[size++] = line.substring(start, i);
    }
    return new SkypeApiLine(line, id, Collections.unmodifiableList(Arrays.asList(tokens)), ends);
  }

  private static int firstNonSpace(String line) {
    int i = 0;
    while (line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** Space-separated tokens of {@code line}, the id included. */
  private static int countTokens(String line) {
    int count = 0;
    boolean inToken = false;
    for (int i = 0, n = line.length(); i < n; i++) {
      boolean space = line.charAt(i) == ' ';
      if (!space && !inToken) {
        count++;
      }
      inToken = !space;
    }
    return count;
  }

  /** The line exactly as received. */
  public String line() {
    return line;
  }

  /** The command id including its {@code #}, if the line had one. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** The command id including its {@code #}, or {@code null}. */
  public String idOrNull() {
    return id;
  }

  /** The tokens of the command, without the id. */
  public List<String> tokens() {
    return tokens;
  }

  public int size() {
    return tokens.size();
  }

  /** True when there is no command (blank line, or only an id). */
  public boolean isEmpty() {
    return tokens.isEmpty();
  }

  public boolean hasToken(int k) {
    return k >= 0 && k < tokens.size();
  }

  /** Token {@code k} (0 = the command keyword) in the client's spelling. */
  public String token(int k) {
    return tokens.get(k);
  }

  /** Token {@code k} upper-cased, or {@code ""} when there is no such token. */
  public String keyword(int k) {
    return hasToken(k) ? tokens.get(k).toUpperCase(Locale.ROOT) : "";
  }

  /** True when token {@code k} exists and equals {@code keyword} ignoring case. */
  public boolean is(int k, String keyword) {
    return hasToken(k) && tokens.get(k).equalsIgnoreCase(keyword);
  }

  /** True when the first tokens equal {@code keywords}, in order, ignoring case. */
  public boolean startsWith(String... keywords) {
    if (keywords.length > tokens.size()) {
      return false;
    }
    for (int k = 0; k < keywords.length; k++) {
      if (!tokens.get(k).equalsIgnoreCase(keywords[k])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The verbatim rest of the line after token {@code k}: everything after the single space that
   * follows it (further spaces included), or {@code ""} when nothing follows.
   *
   * @throws IndexOutOfBoundsException when there is no token {@code k}
   */
  public String restAfter(int k) {
    if (!hasToken(k)) {
      throw new IndexOutOfBoundsException("no token " + k + " in a line of " + size());
    }
    int from = tokenEnds[k] + 1;
    return from >= line.length() ? "" : line.substring(from);
  }

  /**
   * The command without its id: the verbatim text from the first command token on, or
   * {@code ""} for an empty command.
   */
  public String command() {
    if (tokens.isEmpty()) {
      return "";
    }
    return line.substring(tokenEnds[0] - tokens.get(0).length());
  }

  /** {@code text} prefixed with this line's id (see {@link SkypeApiFormatter#withId}). */
  public String reply(String text) {
    return SkypeApiFormatter.withId(id, text);
  }

  @Override
  public String toString() {
    return line;
  }
}
