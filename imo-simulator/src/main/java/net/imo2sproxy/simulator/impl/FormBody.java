package net.imo2sproxy.simulator.impl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tolerant decoder for {@code application/x-www-form-urlencoded} bodies. Real clients escape
 * either everything but unreserved characters or everything but letters and digits
 * (docs/imo-protocol.md §2.2); both decode the same here. Malformed escapes are kept literally
 * instead of failing.
 */
public final class FormBody {

  private FormBody() {
  }

  /** Field name to decoded value; the first occurrence of a name wins. */
  public static Map<String, String> parse(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return fields;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq)).trim();
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      fields.putIfAbsent(name, value);
    }
    return fields;
  }

  /** Percent-decodes as UTF-8; '+' is a space (no client encodes a literal '+' unescaped). */
  public static String decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 3;
      } else if (c == '+') {
        out.write(' ');
        i++;
      } else if (c < 0x80) {
        out.write(c);
        i++;
      } else {
        // raw (unescaped) non-ASCII text: keep it as its UTF-8 bytes
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
