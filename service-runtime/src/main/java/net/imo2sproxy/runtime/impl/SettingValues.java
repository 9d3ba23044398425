package net.imo2sproxy.runtime.impl;

import io.vertx.core.json.JsonArray;
import net.imo2sproxy.runtime.ConfigException;
import net.imo2sproxy.runtime.Setting;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** Conversion of raw values (environment text, JSON from file or command line) to a setting's type. */
public final class SettingValues {

  private SettingValues() {
  }

  /**
   * Converts text (environment variable, file content) to the JSON form of the setting's type.
   *
   * @param source names where the text came from, used in error messages
   */
  public static Object fromText(Setting setting, String text, String source) {
    String t = text.trim();
    Object value = switch (setting.type()) {
      case STRING -> text;
      case INT -> parseInt(t);
      case BOOLEAN -> parseBoolean(t);
      case LIST -> splitList(t);
    };
    if (value == null) {
      throw invalid(setting, source, text);
    }
    checkRange(setting, value, source);
    return value;
  }

  /** Converts a JSON value (file or command line) to the setting's type; strings are parsed as text. */
  public static Object fromJson(Setting setting, Object raw, String source) {
    if (raw instanceof String s && setting.type() != Setting.Type.STRING) {
      return fromText(setting, s, source);
    }
    Object value = switch (setting.type()) {
      case STRING -> raw instanceof Number || raw instanceof Boolean ? raw.toString()
        : raw instanceof String ? raw : null;
      case INT -> raw instanceof Number n ? toInt(n) : null;
      case BOOLEAN -> raw instanceof Boolean ? raw : null;
      case LIST -> toList(raw);
    };
    if (value == null) {
      throw invalid(setting, source, raw);
    }
    checkRange(setting, value, source);
    return value;
  }

  /** Printable form of a value; secrets are masked. */
  public static String display(Setting setting, Object value) {
    if (value == null) {
      return "(none)";
    }
    if (setting.isSecret()) {
      return "****";
    }
    if (value instanceof JsonArray a) {
      return a.isEmpty() ? "(empty)" : String.join(",", a.stream().map(String::valueOf).toList());
    }
    return value.toString();
  }

  private static ConfigException invalid(Setting setting, String source, Object raw) {
    String expected = switch (setting.type()) {
      case STRING -> "a string";
      case INT -> "an integer";
      case BOOLEAN -> "a boolean (true/false, yes/no, on/off, 1/0)";
      case LIST -> "a list of strings (JSON array or comma separated)";
    };
    String got = setting.isSecret() ? "" : ", got '" + raw + "'";
    return new ConfigException("Invalid " + source + ": expected " + expected + got);
  }

  private static void checkRange(Setting setting, Object value, String source) {
    if (value instanceof Integer i) {
      if ((setting.min() != null && i < setting.min()) || (setting.max() != null && i > setting.max())) {
        String got = setting.isSecret() ? "" : ", got " + i;
        throw new ConfigException("Invalid " + source + ": must be " + boundsText(setting) + got);
      }
    }
  }

  /** "between 0 and 65535", or "at least 1" without an upper bound. */
  public static String boundsText(Setting setting) {
    return setting.max() == Integer.MAX_VALUE ? "at least " + setting.min()
      : "between " + setting.min() + " and " + setting.max();
  }

  /**
   * The value of a setting in an already loaded (or hand-built) config: its declared default
   * when absent, converted to the setting's type and checked against its range.
   *
   * @throws IllegalArgumentException naming the key (never a secret's value)
   */
  public static Object read(Setting setting, Object raw) {
    if (raw == null) {
      return setting.defaultValue();
    }
    try {
      return fromJson(setting, raw, "setting '" + setting.key() + "'");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Integer parseInt(String t) {
    try {
      return Integer.valueOf(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer toInt(Number n) {
    try {
      return new BigDecimal(n.toString()).intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private static Boolean parseBoolean(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> Boolean.TRUE;
      case "false", "no", "off", "0" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static JsonArray splitList(String t) {
    JsonArray out = new JsonArray();
    for (String part : t.split(",")) {
      String p = part.trim();
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  private static JsonArray toList(Object raw) {
    List<?> items;
    if (raw instanceof JsonArray a) {
      items = a.getList();
    } else if (raw instanceof List<?> l) {
      items = l;
    } else {
      return null;
    }
    JsonArray out = new JsonArray();
    for (Object item : items) {
      if (item instanceof String || item instanceof Number || item instanceof Boolean) {
        out.add(item.toString());
      } else {
        return null;
      }
    }
    return out;
  }
}
