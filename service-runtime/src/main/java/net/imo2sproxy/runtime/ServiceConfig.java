package net.imo2sproxy.runtime;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.runtime.impl.SettingValues;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a service's configuration from its declared {@link Setting}s.
 * Precedence, later wins: defaults &lt; JSON file &lt; environment &lt; command-line overrides.
 */
public final class ServiceConfig {

  /** Environment variable naming the JSON config file when none is given explicitly. */
  public static final String CONFIG_ENV = "IMO2SPROXY_CONFIG";

  private static final String MASK = "****";

  private ServiceConfig() {
  }

  /** {@link #load(Vertx, List, String, JsonObject, Map)} with the process environment. */
  public static Future<JsonObject> load(Vertx vertx, List<Setting> settings, String configFile,
                                        JsonObject commandLineOverrides) {
    return load(vertx, settings, configFile, commandLineOverrides, System.getenv());
  }

  /**
   * Loads the configuration.
   *
   * @param configFile           JSON file, or null to use {@value #CONFIG_ENV} from {@code env} (if set)
   * @param commandLineOverrides values that win over everything; null entries are ignored (option not given)
   * @param env                  the environment (seam for tests); empty values count as unset
   * @return every declared key that has a value, converted to its type, plus undeclared keys from the file
   * and overrides as they are; fails with {@link ConfigException}
   */
  public static Future<JsonObject> load(Vertx vertx, List<Setting> settings, String configFile,
                                        JsonObject commandLineOverrides, Map<String, String> env) {
    Map<String, Setting> byKey;
    JsonObject cli;
    try {
      byKey = index(settings);
      cli = overridesLayer(byKey, commandLineOverrides);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String file = nonBlank(configFile) ? configFile : nonBlank(env.get(CONFIG_ENV)) ? env.get(CONFIG_ENV) : null;
    String fileOrigin = nonBlank(configFile) ? "config file" : "config file (" + CONFIG_ENV + ")";

    return vertx.executeBlocking(() -> {
        // Both touch the file system: the config file check and secret <ENV>_FILE reads.
        Path path = file == null ? null : checkFile(file, fileOrigin);
        return new Object[] {path, envLayer(byKey.values(), env)};
      }, false)
      .compose(prepared -> {
        Path path = (Path) prepared[0];
        JsonObject envJson = (JsonObject) prepared[1];
        ConfigRetrieverOptions options = new ConfigRetrieverOptions()
          .setIncludeDefaultStores(false)
          .setScanPeriod(-1) // read once, no periodic rescans
          .addStore(jsonStore(defaults(settings)));
        if (path != null) {
          options.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
            .setConfig(new JsonObject().put("path", path.toString())));
        }
        options.addStore(jsonStore(envJson)).addStore(jsonStore(cli));
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        return retriever.getConfig()
          .andThen(ar -> retriever.close())
          .recover(err -> Future.failedFuture(err instanceof ConfigException ? err
            : new ConfigException("Cannot read " + fileOrigin + " " + path + ": " + err.getMessage(), err)))
          .map(merged -> finish(byKey, merged, path == null ? "configuration" : fileOrigin + " " + path));
      });
  }

  /** The declared defaults as JSON (settings without default are absent). */
  public static JsonObject defaults(List<Setting> settings) {
    JsonObject json = new JsonObject();
    for (Setting s : settings) {
      if (s.defaultValue() != null) {
        json.put(s.key(), s.defaultValue());
      }
    }
    return json;
  }

  /** Copy of {@code config} with values of secret settings replaced by "****", fit for logging. */
  public static JsonObject redact(JsonObject config, List<Setting> settings) {
    JsonObject copy = config.copy();
    for (Setting s : settings) {
      if (s.isSecret() && copy.getValue(s.key()) != null) {
        copy.put(s.key(), MASK);
      }
    }
    return copy;
  }

  /** One line per setting: key, environment variable, type, default (secrets masked), description. */
  public static String help(List<Setting> settings) {
    int keyW = "KEY".length();
    int envW = "ENVIRONMENT".length();
    int typeW = "TYPE".length();
    int defW = "DEFAULT".length();
    List<String[]> rows = new ArrayList<>();
    for (Setting s : settings) {
      String range = s.min() == null ? "" : s.max() == Integer.MAX_VALUE ? "(>=" + s.min() + ")"
        : "(" + s.min() + ".." + s.max() + ")";
      String type = s.type().label() + range + (s.isSecret() ? ",secret" : "")
        + (s.isRequired() ? ",required" : "");
      String def = s.documentedDefault() != null ? s.documentedDefault()
        : SettingValues.display(s, s.defaultValue());
      String desc = SettingsDoc.plain(s.description());
      if (s.isSecret()) {
        desc = desc + (desc.isEmpty() ? "" : " ") + "(or file named by " + s.fileEnv() + ")";
      }
      String[] row = {s.key(), s.env(), type, def, desc};
      rows.add(row);
      keyW = Math.max(keyW, row[0].length());
      envW = Math.max(envW, row[1].length());
      typeW = Math.max(typeW, row[2].length());
      defW = Math.max(defW, row[3].length());
    }
    String fmt = "  %-" + keyW + "s  %-" + envW + "s  %-" + typeW + "s  %-" + defW + "s  %s%n";
    StringBuilder sb = new StringBuilder();
    sb.append("Settings (precedence: defaults < JSON config file < environment < command line;")
      .append(" config file may also be named by ").append(CONFIG_ENV).append("):")
      .append(System.lineSeparator());
    sb.append(String.format(fmt, "KEY", "ENVIRONMENT", "TYPE", "DEFAULT", "DESCRIPTION"));
    for (String[] row : rows) {
      sb.append(String.format(fmt, (Object[]) row).stripTrailing()).append(System.lineSeparator());
    }
    return sb.toString();
  }

  // ---- internals ----

  private static Map<String, Setting> index(List<Setting> settings) {
    Map<String, Setting> byKey = new LinkedHashMap<>();
    Map<String, String> byEnv = new LinkedHashMap<>();
    for (Setting s : settings) {
      Setting prev = byKey.putIfAbsent(s.key(), s);
      if (prev != null && prev != s) {
        throw new IllegalArgumentException("Setting '" + s.key() + "' declared twice");
      }
      String prevKey = byEnv.putIfAbsent(s.env(), s.key());
      if (prevKey != null && !prevKey.equals(s.key())) {
        throw new IllegalArgumentException("Environment variable " + s.env() + " used by '" + prevKey
          + "' and '" + s.key() + "'");
      }
    }
    return byKey;
  }

  private static JsonObject overridesLayer(Map<String, Setting> byKey, JsonObject overrides) {
    JsonObject out = new JsonObject();
    if (overrides == null) {
      return out;
    }
    List<String> errors = new ArrayList<>();
    for (Map.Entry<String, Object> e : overrides) {
      if (e.getValue() == null) {
        continue;
      }
      Setting s = byKey.get(e.getKey());
      if (s == null) {
        out.put(e.getKey(), e.getValue());
        continue;
      }
      try {
        out.put(s.key(), SettingValues.fromJson(s, e.getValue(), "command-line value for '" + s.key() + "'"));
      } catch (ConfigException ex) {
        errors.add(ex.getMessage());
      }
    }
    throwIfAny(errors);
    return out;
  }

  private static Path checkFile(String file, String origin) {
    Path path = Paths.get(file).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(capitalise(origin) + " not found: " + path);
    }
    if (!Files.isReadable(path)) {
      throw new ConfigException(capitalise(origin) + " not readable: " + path);
    }
    return path;
  }

  private static JsonObject envLayer(Collection<Setting> settings, Map<String, String> env) {
    JsonObject out = new JsonObject();
    List<String> errors = new ArrayList<>();
    for (Setting s : settings) {
      String raw = env.get(s.env());
      String fileName = s.isSecret() ? env.get(s.fileEnv()) : null;
      try {
        if (nonEmpty(raw) && nonBlank(fileName)) {
          throw new ConfigException("Both " + s.env() + " and " + s.fileEnv() + " are set; use only one");
        }
        if (nonBlank(fileName)) {
          out.put(s.key(), SettingValues.fromText(s, readSecretFile(s, fileName),
            "content of " + s.fileEnv() + " file"));
        } else if (nonEmpty(raw)) {
          out.put(s.key(), SettingValues.fromText(s, raw, "environment variable " + s.env()));
        }
      } catch (ConfigException e) {
        errors.add(e.getMessage());
      }
    }
    throwIfAny(errors);
    return out;
  }

  private static String readSecretFile(Setting s, String fileName) {
    Path path = Paths.get(fileName);
    try {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      // Files written by editors or `echo` end with a newline that is not part of the secret.
      int end = text.length();
      while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
        end--;
      }
      return text.substring(0, end);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("Cannot read file " + path.toAbsolutePath() + " named by " + s.fileEnv()
        + ": " + e.getClass().getSimpleName());
    }
  }

  private static JsonObject finish(Map<String, Setting> byKey, JsonObject merged, String fileOrigin) {
    JsonObject out = merged.copy();
    List<String> errors = new ArrayList<>();
    for (Setting s : byKey.values()) {
      Object v = out.getValue(s.key());
      if (v == null) {
        if (s.defaultValue() != null) {
          out.put(s.key(), s.defaultValue());
        } else {
          out.remove(s.key());
          if (s.isRequired()) {
            errors.add("Missing required setting '" + s.key() + "' (set " + s.env()
              + (s.isSecret() ? " or " + s.fileEnv() : "") + ", the config file, or the command line)");
          }
        }
        continue;
      }
      // Environment and command-line layers are already typed, so a bad value here came from the file.
      try {
        out.put(s.key(), SettingValues.fromJson(s, v, "setting '" + s.key() + "' in " + fileOrigin));
      } catch (ConfigException e) {
        errors.add(e.getMessage());
      }
    }
    throwIfAny(errors);
    return out;
  }

  private static ConfigStoreOptions jsonStore(JsonObject json) {
    return new ConfigStoreOptions().setType("json").setConfig(json);
  }

  private static void throwIfAny(List<String> errors) {
    if (!errors.isEmpty()) {
      throw new ConfigException(String.join("; ", errors));
    }
  }

  private static boolean nonBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
