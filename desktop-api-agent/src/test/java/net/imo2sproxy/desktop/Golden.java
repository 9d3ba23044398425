package net.imo2sproxy.desktop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Golden transcripts: message numbers become {@code <1>}, {@code <2>}... by first appearance. */
public final class Golden {

  private static final Pattern NUMBER = Pattern.compile("(CHATMESSAGE|MESSAGE) (\\d+)");

  private Golden() {
  }

  public static List<String> normalise(List<String> transcript) {
    Map<String, String> names = new LinkedHashMap<>();
    List<String> out = new ArrayList<>();
    for (String line : transcript) {
      Matcher m = NUMBER.matcher(line);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String name = names.computeIfAbsent(m.group(2), n -> "<" + (names.size() + 1) + ">");
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + " " + name));
      }
      m.appendTail(sb);
      out.add(sb.toString());
    }
    return out;
  }

  /** The number a normalised name stands for in {@code line} (e.g. the id to ask about). */
  public static String number(String line) {
    Matcher m = NUMBER.matcher(line);
    if (!m.find()) {
      throw new AssertionError("no message number in '" + line + "'");
    }
    return m.group(2);
  }
}
