package net.imo2sproxy.runtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.imo2sproxy.runtime.impl.SettingValues;

/**
 * A service's settings table: the one place where each setting's key, environment variable,
 * type, default, range, secrecy and meaning are declared. The configuration is loaded from it
 * ({@link ServiceConfig}), {@code --help} is generated from it ({@link ServiceCommandLine}),
 * the README tables are generated from it ({@link SettingsDoc}), and the options objects read
 * their values through it, so a default or a range is never repeated in code.
 *
 * <pre>
 * static final SettingsTable TABLE = SettingsTable.of(
 *     Setting.integer("port", 1401, "SkypeProxy port (0 = any)").range(0, 65535));
 * int port = TABLE.intValue(config, "port");   // 1401 when absent; range checked
 * </pre>
 */
public final class SettingsTable {

  private final List<Setting> settings;
  private final Map<String, Setting> byKey;

  private SettingsTable(List<Setting> settings) {
    this.settings = List.copyOf(settings);
    Map<String, Setting> index = new LinkedHashMap<>();
    for (Setting s : this.settings) {
      if (index.putIfAbsent(s.key(), s) != null) {
        throw new IllegalArgumentException("Setting '" + s.key() + "' declared twice");
      }
    }
    this.byKey = Collections.unmodifiableMap(index);
  }

  public static SettingsTable of(Setting... settings) {
    return new SettingsTable(List.of(settings));
  }

  public static SettingsTable of(List<Setting> settings) {
    return new SettingsTable(settings);
  }

  /** This table followed by {@code others} (e.g. a service's own settings, then the cluster's). */
  public SettingsTable with(List<Setting> others) {
    List<Setting> all = new ArrayList<>(settings);
    all.addAll(others);
    return new SettingsTable(all);
  }

  /** The settings in declaration order (the order of {@code --help} and the README). */
  public List<Setting> settings() {
    return settings;
  }

  /** @throws IllegalArgumentException for a key the table does not declare */
  public Setting get(String key) {
    Setting s = byKey.get(key);
    if (s == null) {
      throw new IllegalArgumentException("No setting '" + key + "' in this table");
    }
    return s;
  }

  /** The int value of {@code key}, else its default; out of range: IllegalArgumentException. */
  public int intValue(JsonObject config, String key) {
    Object v = value(config, key);
    if (v == null) {
      throw new IllegalArgumentException("Setting '" + key + "' has no value and no default");
    }
    return (Integer) v;
  }

  public boolean boolValue(JsonObject config, String key) {
    Object v = value(config, key);
    return v != null && (Boolean) v;
  }

  /** The string value of {@code key}, else its default; blank counts as unset (null). */
  public String stringValue(JsonObject config, String key) {
    String v = (String) value(config, key);
    return v == null || v.isBlank() ? null : v;
  }

  public List<String> listValue(JsonObject config, String key) {
    JsonArray v = (JsonArray) value(config, key);
    List<String> out = new ArrayList<>();
    if (v != null) {
      v.forEach(item -> out.add(String.valueOf(item)));
    }
    return out;
  }

  /** An int setting in seconds as a Duration. */
  public Duration seconds(JsonObject config, String key) {
    return Duration.ofSeconds(intValue(config, key));
  }

  /** An int setting in milliseconds as a Duration. */
  public Duration millis(JsonObject config, String key) {
    return Duration.ofMillis(intValue(config, key));
  }

  private Object value(JsonObject config, String key) {
    Setting s = get(key);
    return SettingValues.read(s, config == null ? null : config.getValue(s.key()));
  }
}
