package net.imo2sproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings table: typed reads with defaults and ranges, and the generated documentation. */
class SettingsTableTest {

  private static final SettingsTable TABLE = SettingsTable.of(
      Setting.integer("port", 1401, "SkypeProxy port (0 = any)").range(0, 65535),
      Setting.integer("lease-seconds", 6, "lease").atLeast(2),
      Setting.string("id", null, "instance id").documentedDefault("random"),
      Setting.secret("password", "the `imo.im` password"),
      Setting.list("members", List.of("127.0.0.1"), "join list"));

  @Test
  void readsValuesWithTheTablesDefaultsAndRanges() {
    JsonObject config = new JsonObject().put("port", 0).put("id", " ");
    assertThat(TABLE.intValue(config, "port")).isZero();
    assertThat(TABLE.seconds(config, "lease-seconds")).isEqualTo(Duration.ofSeconds(6));
    assertThat(TABLE.stringValue(config, "id")).isNull();
    assertThat(TABLE.listValue(config, "members")).containsExactly("127.0.0.1");
    assertThat(TABLE.intValue(new JsonObject().put("port", "8080"), "port")).isEqualTo(8080);
    assertThatThrownBy(() -> TABLE.intValue(new JsonObject().put("lease-seconds", 1),
        "lease-seconds")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease-seconds").hasMessageContaining("at least 2");
    assertThatThrownBy(() -> TABLE.intValue(config, "nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
  }

  @Test
  void aSecretsValueNeverAppearsInErrorsHelpOrDocs() {
    assertThat(ServiceConfig.help(TABLE.settings())).contains("int(0..65535)", "int(>=2)",
        "random", "the imo.im password").doesNotContain("`");
    String doc = SettingsDoc.markdown(TABLE.settings());
    assertThat(doc).contains(
        "| `port` | `IMO2SPROXY_PORT` | 1401 | 0..65535 | SkypeProxy port (0 = any) |",
        "| `lease-seconds` | `IMO2SPROXY_LEASE_SECONDS` | 6 | at least 2 | lease |",
        "| `id` | `IMO2SPROXY_ID` | random |  | instance id |",
        "| `password` | `IMO2SPROXY_PASSWORD` (`_FILE`) | — |  | the `imo.im` password |");
  }

  @Test
  void regeneratesMarkedSectionsAndNamesMissingOnes() {
    String doc = "intro\n<!-- settings:t (generated) -->\nstale\n<!-- /settings:t -->\nend\n";
    String fresh = SettingsDoc.regenerate(doc, Map.of("t", TABLE.settings()));
    assertThat(fresh).startsWith("intro\n<!-- settings:t (generated) -->\n| Key |")
        .endsWith("| join list |\n<!-- /settings:t -->\nend\n").doesNotContain("stale");
    assertThat(SettingsDoc.regenerate(fresh, Map.of("t", TABLE.settings()))).isEqualTo(fresh);
    assertThatThrownBy(() -> SettingsDoc.regenerate(doc, Map.of("u", TABLE.settings())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'t'");
    assertThatThrownBy(() -> SettingsDoc.regenerate("no sections", Map.of("t", TABLE.settings())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settings:t");
  }
}
