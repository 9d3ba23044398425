package net.imo2sproxy.protocol.skypeapi;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds reply lines. The {@code #id} of a command goes only on the direct reply lines of that
 * command, never on notifications (docs/skype-api-emulation.md §1.3).
 */
public final class SkypeApiFormatter {

  private SkypeApiFormatter() {
  }

  /** {@code "<id> <text>"}, or {@code text} unchanged when {@code id} is null or empty. */
  public static String withId(String id, String text) {
    if (id == null || id.isEmpty()) {
      return text;
    }
    return id + " " + text;
  }

  /** Every line prefixed with {@code id}, in order. */
  public static List<String> withId(String id, List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String text : lines) {
      out.add(withId(id, text));
    }
    return out;
  }
}
