package net.imo2sproxy.runtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line of a standalone service, generated from its {@link Setting}s: one
 * {@code --<key> <value>} option per setting, plus {@code --config}, {@code --help} and
 * {@code --version}. Values given here win over the environment and the config file.
 */
public final class ServiceCommandLine {

  /** What the command line asked for. */
  public record Parsed(String configFile, JsonObject overrides, boolean help, boolean version) {
  }

  private final CommandSpec spec;
  private final List<Setting> settings;

  public ServiceCommandLine(String name, String description, List<Setting> settings) {
    this.settings = settings;
    spec = CommandSpec.create().name(name);
    spec.usageMessage().description(description)
        .footer("", "Every option can also come from the environment variable shown, or from"
            + " the JSON config file (keys as the option names without '--').",
            "Precedence: command line > environment > config file > default.", "",
            "Settings:", ServiceConfig.help(settings));
    spec.addOption(OptionSpec.builder("--config").paramLabel("<file>").type(String.class)
        .description("JSON config file (default: $" + ServiceConfig.CONFIG_ENV + ")").build());
    spec.addOption(OptionSpec.builder("--help").usageHelp(true)
        .description("show this help and exit").build());
    spec.addOption(OptionSpec.builder("--version").versionHelp(true)
        .description("show the version and exit").build());
    for (Setting setting : settings) {
      spec.addOption(OptionSpec.builder("--" + setting.key())
          .paramLabel("<" + setting.type().label() + ">")
          .type(String.class)
          .description(SettingsDoc.plain(setting.description()) + " [$" + setting.env() + "]")
          .build());
    }
    spec.version(name + " " + version());
  }

  /**
   * Parses {@code args}.
   *
   * @throws CommandLine.ParameterException for unknown options or missing values
   */
  public Parsed parse(String... args) {
    ParseResult result = new CommandLine(spec).parseArgs(args);
    JsonObject overrides = new JsonObject();
    for (Setting setting : settings) {
      OptionSpec option = spec.findOption("--" + setting.key());
      if (result.hasMatchedOption(option)) {
        String raw = result.matchedOptionValue("--" + setting.key(), (String) null);
        overrides.put(setting.key(), convert(setting, raw));
      }
    }
    String configFile = result.matchedOptionValue("--config", (String) null);
    return new Parsed(configFile, overrides, result.isUsageHelpRequested(),
        result.isVersionHelpRequested());
  }

  private static Object convert(Setting setting, String raw) {
    return switch (setting.type()) {
      case INT -> {
        try {
          yield Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
          throw new ConfigException("--" + setting.key() + " expects a number"
              + (setting.isSecret() ? "" : ", not '" + raw + "'"));
        }
      }
      case BOOLEAN -> {
        String v = raw.trim().toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          throw new ConfigException("--" + setting.key() + " expects true or false");
        }
        yield Boolean.parseBoolean(v);
      }
      case LIST -> new JsonArray(Arrays.stream(raw.split(","))
          .map(String::trim).filter(s -> !s.isEmpty()).toList());
      case STRING -> raw;
    };
  }

  public void printUsage(PrintWriter out) {
    new CommandLine(spec).usage(out);
    out.flush();
  }

  public String usage() {
    return new CommandLine(spec).getUsageMessage();
  }

  /**
   * The project version: from the jar manifest, else from the Maven-filtered
   * {@code version.properties} (runs from classes), else "development".
   */
  public static String version() {
    String v = ServiceCommandLine.class.getPackage().getImplementationVersion();
    if (v != null) {
      return v;
    }
    try (java.io.InputStream in = ServiceCommandLine.class.getResourceAsStream(
        "version.properties")) {
      if (in != null) {
        java.util.Properties properties = new java.util.Properties();
        properties.load(in);
        String filtered = properties.getProperty("version");
        if (filtered != null && !filtered.isBlank() && !filtered.startsWith("$")) {
          return filtered;
        }
      }
    } catch (java.io.IOException e) {
      // fall through
    }
    return "development";
  }
}
