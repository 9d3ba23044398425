package net.imo2sproxy.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static net.imo2sproxy.simulator.TestImoClient.await;
import static net.imo2sproxy.simulator.TestImoClient.messages;
import static net.imo2sproxy.simulator.TestImoClient.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class SimulatorWorldTest {

  private static final String WORLD = """
      { "accounts": [
          { "uid": "carol.m", "password": "c-pw", "alias": "Carol M.", "mood": "coding",
            "buddies": [ "dave", { "buid": "stranger", "group": "Buddies", "alias": "Somebody" } ],
            "unread": [ { "from": "dave", "msg": "ping", "timestamp": 1342598460 } ] },
          { "uid": "dave", "password": "d-pw", "icon": "" } ] }
      """;

  @Test
  void demoWorldHasAliceBobAndEcho() {
    SimulatorWorld w = SimulatorWorld.demo();
    assertThat(w.account("ALICE")).get().satisfies(a -> {
      assertThat(a.password()).isEqualTo("alice-pw");
      assertThat(a.alias()).isEqualTo("Alice");
      assertThat(a.toString()).doesNotContain("alice-pw");
    });
    assertThat(w.account("bob").orElseThrow().buddies()).extracting(SimulatorWorld.Buddy::buid).containsExactly("alice");
    assertThat(w.bots()).extracting(SimulatorWorld.Bot::uid).containsExactly("echo123");
  }

  @Test
  void loadParsesDefaultsAndAddsEcho() {
    SimulatorWorld w = SimulatorWorld.load(new JsonObject(WORLD));
    SimulatorWorld.Account carol = w.account("carol.m").orElseThrow();
    assertThat(carol.buddies()).containsExactly(new SimulatorWorld.Buddy("dave", "Skype", null),
        new SimulatorWorld.Buddy("stranger", "Buddies", "Somebody"));
    assertThat(carol.icon()).isNotBlank();
    assertThat(w.account("dave").orElseThrow().icon()).isNull();
    assertThat(w.account("dave").orElseThrow().alias()).isEqualTo("dave");
    assertThat(w.bots()).extracting(SimulatorWorld.Bot::uid).containsExactly("echo123");
    assertThat(SimulatorWorld.load(w.toJson()).accounts()).isEqualTo(w.accounts());
    assertThat(SimulatorWorld.load(new JsonObject(WORLD).put("echoBot", false)).bots()).isEmpty();
  }

  @Test
  void loadRejectsBrokenWorlds() {
    assertThatThrownBy(() -> SimulatorWorld.load(new JsonObject().put("accounts", "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatorWorld.load(new JsonObject("{\"accounts\":[{\"uid\":\"a\"}]}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
    assertThatThrownBy(() -> SimulatorWorld.load(new JsonObject(
        "{\"accounts\":[{\"uid\":\"a\",\"password\":\"1\"},{\"uid\":\"A\",\"password\":\"2\"}]}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> SimulatorWorld.load(new JsonObject("{\"bots\":[{\"uid\":\"b\",\"kind\":\"chess\"}]}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chess");
  }

  @Test
  void simulatorRunsAWorldFile(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("world.json");
    Files.writeString(file, WORLD);
    ImoSimulator sim = await(ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
        .setHoldTime(Duration.ofMillis(300)).setWorldFile(file.toString())));
    WebClient web = WebClient.create(vertx);
    try {
      TestImoClient carol = new TestImoClient(web, sim).bootstrap();
      JsonObject login = carol.login("carol.m", "c-pw");
      assertThat(names(login)).containsExactly("signed_on", "buddy_added", "buddy_icon");
      JsonArray roster = messages(login).getJsonObject(1).getJsonObject("data").getJsonArray("edata");
      assertThat(roster).extracting(o -> ((JsonObject) o).getString("buid")).containsExactly("dave", "stranger", "echo123");
      assertThat(roster.getJsonObject(1).getString("alias")).isEqualTo("Somebody");
      assertThat(roster.getJsonObject(1).getString("group")).isEqualTo("Buddies");
      JsonObject unread = carol.call("im", "get_unread_msgs", new JsonObject().put("ssid", carol.ssid));
      JsonObject edata = messages(unread).getJsonObject(0).getJsonObject("data").getJsonObject("edata");
      assertThat(edata.getString("buid")).isEqualTo("dave");
      assertThat(edata.getString("alias")).isEqualTo("dave");
      assertThat(edata.getLong("timestamp")).isEqualTo(1342598460L);
    } finally {
      web.close();
      await(sim.close());
    }
  }

  @Test
  void startFailsOnAMissingWorldFile(Vertx vertx, @TempDir Path dir) {
    assertThatThrownBy(() -> await(ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
        .setWorldFile(dir.resolve("absent.json").toString())))).isNotNull();
  }
}
