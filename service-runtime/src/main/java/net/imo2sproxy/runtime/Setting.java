package net.imo2sproxy.runtime;

import io.vertx.core.json.JsonArray;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configuration value: JSON key, environment variable, type, default and description.
 * Immutable; the {@code with...}/{@code secret()}/{@code required()} methods return copies.
 *
 * <pre>
 * Setting.string("imo-url", "https://imo.im", "Base URL of imo.im")
 * Setting.integer("port", 8080, "Listen port").range(0, 65535)
 * Setting.secret("imo-password", "imo.im account password")   // env IMO2SPROXY_IMO_PASSWORD(_FILE)
 * </pre>
 */
public final class Setting {

  /** Prefix of every derived environment variable. */
  public static final String ENV_PREFIX = "IMO2SPROXY_";
  /** Suffix naming a file that holds the value of a secret setting. */
  public static final String FILE_SUFFIX = "_FILE";

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Pattern ENV = Pattern.compile("[A-Z][A-Z0-9_]*");

  public enum Type {
    STRING("string"), INT("int"), BOOLEAN("boolean"), LIST("list");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final String key;
  private final String env;
  private final Type type;
  private final Object defaultValue;
  private final String description;
  private final boolean secret;
  private final boolean required;
  private final Integer min;
  private final Integer max;
  private final String docDefault;

  private Setting(String key, String env, Type type, Object defaultValue, String description,
                  boolean secret, boolean required, Integer min, Integer max, String docDefault) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("Setting key must be kebab-case: " + key);
    }
    if (env == null || !ENV.matcher(env).matches()) {
      throw new IllegalArgumentException("Environment variable name must be UPPER_SNAKE: " + env);
    }
    this.key = key;
    this.env = env;
    this.type = Objects.requireNonNull(type, "type");
    this.defaultValue = defaultValue;
    this.description = description == null ? "" : description;
    this.secret = secret;
    this.required = required;
    this.min = min;
    this.max = max;
    this.docDefault = docDefault;
  }

  // ---- factories (environment variable derived from the key: "imo-url" -> IMO2SPROXY_IMO_URL) ----

  public static Setting string(String key, String defaultValue, String description) {
    return of(key, envFor(key), Type.STRING, defaultValue, description);
  }

  public static Setting integer(String key, Integer defaultValue, String description) {
    return of(key, envFor(key), Type.INT, defaultValue, description);
  }

  public static Setting bool(String key, Boolean defaultValue, String description) {
    return of(key, envFor(key), Type.BOOLEAN, defaultValue, description);
  }

  public static Setting list(String key, List<String> defaultValue, String description) {
    return of(key, envFor(key), Type.LIST, defaultValue, description);
  }

  /** A secret string without default; never printed, also readable from {@code <ENV>_FILE}. */
  public static Setting secret(String key, String description) {
    return of(key, envFor(key), Type.STRING, null, description).secret();
  }

  /**
   * General factory. {@code defaultValue} may be null (no default) and must match the type:
   * String, Integer, Boolean, or List of String / JsonArray for lists.
   */
  public static Setting of(String key, String env, Type type, Object defaultValue, String description) {
    Object def = normaliseDefault(key, type, defaultValue);
    return new Setting(key, env, type, def, description, false, false, null, null, null);
  }

  /** "imo-url" -> "IMO2SPROXY_IMO_URL". */
  public static String envFor(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  // ---- copy modifiers ----

  /** Same setting read from a different environment variable. */
  public Setting withEnv(String envName) {
    return new Setting(key, envName, type, defaultValue, description, secret, required, min, max, docDefault);
  }

  public Setting withDefault(Object newDefault) {
    return new Setting(key, env, type, normaliseDefault(key, type, newDefault), description, secret, required, min, max, docDefault);
  }

  public Setting withDescription(String newDescription) {
    return new Setting(key, env, type, defaultValue, newDescription, secret, required, min, max, docDefault);
  }

  /** Marks the value as secret: masked in help and {@link ServiceConfig#redact}, readable from {@code <ENV>_FILE}. */
  public Setting secret() {
    return new Setting(key, env, type, defaultValue, description, true, required, min, max, docDefault);
  }

  /** Loading fails when no source supplies a value. */
  public Setting required() {
    return new Setting(key, env, type, defaultValue, description, secret, true, min, max, docDefault);
  }

  /** Inclusive bounds for an int setting. */
  public Setting range(int minimum, int maximum) {
    if (type != Type.INT) {
      throw new IllegalStateException("range() only applies to int settings: " + key);
    }
    return new Setting(key, env, type, defaultValue, description, secret, required, minimum, maximum,
        docDefault);
  }

  /** Inclusive lower bound (no upper bound) for an int setting. */
  public Setting atLeast(int minimum) {
    return range(minimum, Integer.MAX_VALUE);
  }

  /**
   * How the default reads in {@code --help} and the README when it is decided at run time
   * (e.g. "random"); the loaded default stays {@link #defaultValue()}.
   */
  public Setting documentedDefault(String text) {
    return new Setting(key, env, type, defaultValue, description, secret, required, min, max, text);
  }

  // ---- accessors ----

  public String key() {
    return key;
  }

  public String env() {
    return env;
  }

  /** The {@code <ENV>_FILE} variable, only honoured for secret settings. */
  public String fileEnv() {
    return env + FILE_SUFFIX;
  }

  public Type type() {
    return type;
  }

  /** Default in its JSON form (String, Integer, Boolean or JsonArray), or null. */
  public Object defaultValue() {
    return defaultValue instanceof JsonArray a ? a.copy() : defaultValue;
  }

  public String description() {
    return description;
  }

  public boolean isSecret() {
    return secret;
  }

  public boolean isRequired() {
    return required;
  }

  public Integer min() {
    return min;
  }

  public Integer max() {
    return max;
  }

  /** The documented form of the default set with {@link #documentedDefault}, or null. */
  public String documentedDefault() {
    return docDefault;
  }

  /** The accepted values in words ("0..65535", "at least 1"), or "" when any value of the type is. */
  public String rangeText() {
    if (min == null) {
      return "";
    }
    return max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max;
  }

  @Override
  public String toString() {
    return "Setting[" + key + ", " + env + ", " + type.label() + "]";
  }

  private static Object normaliseDefault(String key, Type type, Object value) {
    if (value == null) {
      return null;
    }
    boolean ok = switch (type) {
      case STRING -> value instanceof String;
      case INT -> value instanceof Integer;
      case BOOLEAN -> value instanceof Boolean;
      case LIST -> value instanceof List<?> || value instanceof JsonArray;
    };
    if (!ok) {
      throw new IllegalArgumentException("Default of setting '" + key + "' is not a " + type.label());
    }
    if (type == Type.LIST) {
      JsonArray array = value instanceof JsonArray a ? a.copy() : new JsonArray(List.copyOf((List<?>) value));
      for (Object item : array) {
        if (!(item instanceof String)) {
          throw new IllegalArgumentException("Default of list setting '" + key + "' must hold strings");
        }
      }
      return array;
    }
    return value;
  }
}
