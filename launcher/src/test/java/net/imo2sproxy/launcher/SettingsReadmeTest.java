package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.imo2sproxy.endpoint.EndpointSettings;
import net.imo2sproxy.gateway.GatewayMain;
import net.imo2sproxy.runtime.ClusterOptions;
import net.imo2sproxy.runtime.Setting;
import net.imo2sproxy.runtime.SettingsTable;
import org.junit.jupiter.api.Test;

/**
 * The documentation cannot drift from the settings tables: README.md's settings tables are
 * exactly what the tables produce, and every setting deploy/README.md names exists, with the
 * default the table declares. With {@code -Dimo2sproxy.write-readme=true} the README is
 * rewritten instead (see {@link SettingsReadme}).
 */
class SettingsReadmeTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern LIMIT_ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\| ([^|]+) \\|",
      Pattern.MULTILINE);
  private static final Pattern KEY = Pattern.compile("`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`");

  @Test
  void readmeTablesAreGeneratedFromTheSettingsTables() throws IOException {
    Path readme = ROOT.resolve("README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    String expected = SettingsReadme.regenerate(text);
    if (Boolean.getBoolean("imo2sproxy.write-readme")) {
      Files.writeString(readme, expected, StandardCharsets.UTF_8);
      text = expected;
    }
    assertThat(text)
        .as("README.md's settings tables differ from the settings tables; regenerate them"
            + " (see SettingsReadme)")
        .isEqualTo(expected);
  }

  @Test
  void deployReadmeNamesOnlyDeclaredSettingsWithTheirDefaults() throws IOException {
    String text = Files.readString(ROOT.resolve("deploy/README.md"), StandardCharsets.UTF_8);
    String limits = section(text, "## Endpoint limits", "**TLS on the SkypeProxy listener**");
    SettingsTable endpoint = EndpointSettings.TABLE;
    Matcher row = LIMIT_ROW.matcher(limits);
    List<String> checked = new ArrayList<>();
    while (row.find()) {
      Setting setting = endpoint.get(row.group(1));
      assertThat(bytes(row.group(2).trim()))
          .as("deploy/README.md default of %s", setting.key())
          .isEqualTo(setting.defaultValue());
      checked.add(setting.key());
    }
    assertThat(checked).contains("max-frame-length", "max-held-output-bytes",
        "max-connections");

    SettingsTable all = SettingsTable.of(GatewayMain.SETTINGS)
        .with(endpoint.settings());
    Matcher key = KEY.matcher(section(text, "## Securing the cluster", "Certificates for"));
    while (key.find()) {
      assertThat(all.get(key.group(1))).isNotNull();
    }
    assertThat(ClusterOptions.TABLE.get("event-bus-tls-trust-file")).isNotNull();
  }

  private static String section(String text, String from, String to) {
    int start = text.indexOf(from);
    int end = text.indexOf(to, start);
    assertThat(start).as("deploy/README.md has %s", from).isNotNegative();
    return text.substring(start, end < 0 ? text.length() : end);
  }

  /** "1 MiB" -> 1048576, "60" -> 60. */
  private static Integer bytes(String cell) {
    if (cell.endsWith(" MiB")) {
      return Integer.parseInt(cell.substring(0, cell.length() - 4)) * 1024 * 1024;
    }
    return Integer.parseInt(cell);
  }
}
