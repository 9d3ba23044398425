package net.imo2sproxy.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class ServiceConfigTest {

  private static final List<Setting> SETTINGS = List.of(
    Setting.string("a", "def-a", "only default"),
    Setting.string("b", "def-b", "file"),
    Setting.string("c", "def-c", "env"),
    Setting.string("d", "def-d", "command line"),
    Setting.integer("port", 8080, "a port").range(0, 65535),
    Setting.bool("flag", false, "a flag"),
    Setting.list("names", List.of("x"), "a list"),
    Setting.secret("password", "a password"));

  @TempDir
  Path dir;

  private Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void precedenceDefaultsFileEnvCommandLine(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path cfg = file("c.json", new JsonObject().put("b", "file-b").put("c", "file-c").put("d", "file-d")
      .put("port", 9000).put("extra", "kept").encode());
    Map<String, String> env = Map.of("IMO2SPROXY_C", "env-c", "IMO2SPROXY_D", "env-d",
      "IMO2SPROXY_PORT", "9100", "UNRELATED", "ignored");
    JsonObject cli = new JsonObject().put("d", "cli-d").put("port", "9200").putNull("flag");

    ServiceConfig.load(vertx, SETTINGS, cfg.toString(), cli, env).onComplete(ctx.succeeding(c -> ctx.verify(() -> {
      assertThat(c.getString("a")).isEqualTo("def-a");
      assertThat(c.getString("b")).isEqualTo("file-b");
      assertThat(c.getString("c")).isEqualTo("env-c");
      assertThat(c.getString("d")).isEqualTo("cli-d");
      assertThat(c.getInteger("port")).isEqualTo(9200);
      assertThat(c.getBoolean("flag")).isFalse(); // null override = not given
      assertThat(c.getJsonArray("names")).isEqualTo(new JsonArray().add("x"));
      assertThat(c.getString("extra")).isEqualTo("kept");
      assertThat(c.containsKey("password")).isFalse();
      assertThat(c.containsKey("UNRELATED")).isFalse();
      ctx.completeNow();
    })));
  }

  @Test
  void configFileFromEnvironmentAndTypedConversions(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path cfg = file("c.json", "{\"b\":\"file-b\",\"names\":[\"p\",\"q\"],\"flag\":\"yes\"}");
    Map<String, String> env = Map.of(ServiceConfig.CONFIG_ENV, cfg.toString(), "IMO2SPROXY_NAMES", " m1, m2 ,,");
    ServiceConfig.load(vertx, SETTINGS, null, null, env).onComplete(ctx.succeeding(c -> ctx.verify(() -> {
      assertThat(c.getString("b")).isEqualTo("file-b");
      assertThat(c.getBoolean("flag")).isTrue();
      assertThat(c.getJsonArray("names")).isEqualTo(new JsonArray().add("m1").add("m2"));
      ctx.completeNow();
    })));
  }

  @Test
  void missingConfigFileFails(Vertx vertx, VertxTestContext ctx) {
    String missing = dir.resolve("nope.json").toString();
    ServiceConfig.load(vertx, SETTINGS, missing, null, Map.of()).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(ConfigException.class).hasMessageContaining("not found")
        .hasMessageContaining("nope.json");
      ctx.completeNow();
    })));
  }

  @Test
  void malformedConfigFileFails(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path cfg = file("bad.json", "{ not json");
    ServiceConfig.load(vertx, SETTINGS, cfg.toString(), null, Map.of()).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(ConfigException.class).hasMessageContaining("bad.json");
      ctx.completeNow();
    })));
  }

  @Test
  void badNumberInEnvironmentNamesTheVariable(Vertx vertx, VertxTestContext ctx) {
    ServiceConfig.load(vertx, SETTINGS, null, null, Map.of("IMO2SPROXY_PORT", "eighty"))
      .onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertThat(err).isInstanceOf(ConfigException.class)
          .hasMessageContaining("IMO2SPROXY_PORT").hasMessageContaining("integer").hasMessageContaining("eighty");
        ctx.completeNow();
      })));
  }

  @Test
  void badSecretNumberDoesNotLeakTheValue(Vertx vertx, VertxTestContext ctx) {
    List<Setting> s = List.of(Setting.integer("pin", null, "a secret number").secret());
    ServiceConfig.load(vertx, s, null, null, Map.of("IMO2SPROXY_PIN", "hunter2"))
      .onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertThat(err).hasMessageContaining("IMO2SPROXY_PIN").hasMessageNotContaining("hunter2");
        ctx.completeNow();
      })));
  }

  @Test
  void typeAndRangeErrorsFromFileAndCommandLine(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path cfg = file("c.json", "{\"port\":\"abc\",\"flag\":3}");
    Future<JsonObject> fromFile = ServiceConfig.load(vertx, SETTINGS, cfg.toString(), null, Map.of());
    Future<JsonObject> fromCli = ServiceConfig.load(vertx, SETTINGS, null, new JsonObject().put("port", 70000), Map.of());
    Future<JsonObject> fromEnv = ServiceConfig.load(vertx, SETTINGS, null, null, Map.of("IMO2SPROXY_FLAG", "maybe"));
    Future.all(List.of(fromFile.otherwiseEmpty(), fromCli.otherwiseEmpty(), fromEnv.otherwiseEmpty()))
      .onComplete(ctx.succeeding(x -> ctx.verify(() -> {
        assertThat(fromFile.cause()).isInstanceOf(ConfigException.class)
          .hasMessageContaining("'port'").hasMessageContaining("'flag'").hasMessageContaining("c.json");
        assertThat(fromCli.cause()).hasMessageContaining("command-line").hasMessageContaining("between 0 and 65535");
        assertThat(fromEnv.cause()).hasMessageContaining("IMO2SPROXY_FLAG").hasMessageContaining("boolean");
        ctx.completeNow();
      })));
  }

  @Test
  void secretFromFileIsTrimmedOfTrailingNewline(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path secret = file("pw", "s3cr et\n");
    ServiceConfig.load(vertx, SETTINGS, null, null, Map.of("IMO2SPROXY_PASSWORD_FILE", secret.toString()))
      .onComplete(ctx.succeeding(c -> ctx.verify(() -> {
        assertThat(c.getString("password")).isEqualTo("s3cr et");
        assertThat(ServiceConfig.redact(c, SETTINGS).getString("password")).isEqualTo("****");
        assertThat(c.getString("password")).isEqualTo("s3cr et"); // redact copies
        ctx.completeNow();
      })));
  }

  @Test
  void secretFileProblemsAreReported(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path secret = file("pw", "x\n");
    Future<JsonObject> both = ServiceConfig.load(vertx, SETTINGS, null, null,
      Map.of("IMO2SPROXY_PASSWORD_FILE", secret.toString(), "IMO2SPROXY_PASSWORD", "y"));
    Future<JsonObject> missing = ServiceConfig.load(vertx, SETTINGS, null, null,
      Map.of("IMO2SPROXY_PASSWORD_FILE", dir.resolve("absent").toString()));
    // _FILE is only honoured for secrets
    Future<JsonObject> notSecret = ServiceConfig.load(vertx, SETTINGS, null, null,
      Map.of("IMO2SPROXY_A_FILE", secret.toString()));
    Future.all(List.of(both.otherwiseEmpty(), missing.otherwiseEmpty(), notSecret))
      .onComplete(ctx.succeeding(x -> ctx.verify(() -> {
        assertThat(both.cause()).hasMessageContaining("IMO2SPROXY_PASSWORD_FILE").hasMessageContaining("only one");
        assertThat(missing.cause()).hasMessageContaining("IMO2SPROXY_PASSWORD_FILE").hasMessageContaining("absent");
        assertThat(notSecret.result().getString("a")).isEqualTo("def-a");
        ctx.completeNow();
      })));
  }

  @Test
  void requiredSettingMissing(Vertx vertx, VertxTestContext ctx) {
    List<Setting> s = List.of(Setting.secret("token", "api token").required());
    ServiceConfig.load(vertx, s, null, null, Map.of()).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).hasMessageContaining("'token'").hasMessageContaining("IMO2SPROXY_TOKEN_FILE");
      ctx.completeNow();
    })));
  }

  @Test
  void clusterSettingsLoadIntoClusterOptions(Vertx vertx, VertxTestContext ctx) {
    List<Setting> all = new ArrayList<>(ClusterOptions.SETTINGS);
    all.add(Setting.string("imo-url", "http://imo", "service specific"));
    Map<String, String> env = Map.of("IMO2SPROXY_CLUSTER", "true", "IMO2SPROXY_CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2",
      "IMO2SPROXY_CLUSTER_PORT", "0");
    ServiceConfig.load(vertx, all, null, new JsonObject().put("cluster-name", "blue"), env)
      .onComplete(ctx.succeeding(c -> ctx.verify(() -> {
        ClusterOptions o = ClusterOptions.fromConfig(c);
        assertThat(o.isClustered()).isTrue();
        assertThat(o.getClusterName()).isEqualTo("blue");
        assertThat(o.getMembers()).containsExactly("10.0.0.1:5701", "10.0.0.2");
        assertThat(o.getHost()).isEqualTo("127.0.0.1");
        assertThat(o.getPublicHost()).isNull();
        assertThat(o.getClusterPort()).isZero();
        assertThat(o.getEventBusPort()).isZero();
        ctx.completeNow();
      })));
  }

  @Test
  void helpListsEverySettingAndMasksSecrets() {
    List<Setting> s = new ArrayList<>(SETTINGS);
    s.add(Setting.string("api-key", "default-secret-value", "key with default").secret());
    s.addAll(ClusterOptions.SETTINGS);
    String help = ServiceConfig.help(s);
    for (Setting setting : s) {
      assertThat(help).contains(setting.key(), setting.env());
    }
    assertThat(help).contains("def-a", "8080", "IMO2SPROXY_PASSWORD_FILE", "imo2sproxy", "5701", "127.0.0.1")
      .contains("****").doesNotContain("default-secret-value");
  }

  @Test
  void settingDeclarationsAreChecked() {
    assertThat(Setting.string("imo-url", null, "").env()).isEqualTo("IMO2SPROXY_IMO_URL");
    assertThat(Setting.string("imo-url", null, "").withEnv("IMO_URL").env()).isEqualTo("IMO_URL");
    assertThatThrownBy(() -> Setting.string("ImoUrl", null, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Setting.of("port", "IMO2SPROXY_PORT", Setting.Type.INT, "80", ""))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Setting.string("port", null, "").range(1, 2)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void conflictingDeclarationsFail(Vertx vertx, VertxTestContext ctx) {
    List<Setting> s = List.of(Setting.string("a", "1", ""), Setting.string("a", "2", ""));
    ServiceConfig.load(vertx, s, null, null, Map.of()).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).hasMessageContaining("declared twice");
      ctx.completeNow();
    })));
  }
}
