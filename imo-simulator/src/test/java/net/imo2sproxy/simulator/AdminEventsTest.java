package net.imo2sproxy.simulator;

import static net.imo2sproxy.simulator.TestImoClient.await;
import static net.imo2sproxy.simulator.TestImoClient.messages;
import static net.imo2sproxy.simulator.TestImoClient.names;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin routes that play other parties' actions, the world's pending/blocked lists, and fault rules. */
@ExtendWith(VertxExtension.class)
class AdminEventsTest {

  private ImoSimulator sim;
  private WebClient web;

  @BeforeEach
  void start(Vertx vertx) {
    JsonObject world = new JsonObject().put("accounts", new JsonArray()
        .add(new JsonObject().put("uid", "alice").put("password", "alice-pw").put("buddies", new JsonArray().add("bob"))
            .put("pending", new JsonArray().add(new JsonObject().put("from", "carol").put("msg", "hi there")))
            .put("blocked", new JsonArray().add("mallory")))
        .add(new JsonObject().put("uid", "bob").put("password", "bob-pw")));
    sim = await(ImoSimulator.start(vertx, new SimulatorOptions().setPort(0).setHoldTime(Duration.ofMillis(200))
        .setWorld(SimulatorWorld.load(world))));
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    web.close();
    await(sim.close());
  }

  private HttpResponse<Buffer> admin(String path, JsonObject body) {
    return await(web.postAbs(sim.baseUrl() + "admin/" + path).sendJsonObject(body));
  }

  private TestImoClient loggedIn(String uid, String pw) {
    TestImoClient c = new TestImoClient(web, sim).bootstrap();
    c.login(uid, pw);
    return c;
  }

  /** Polls until an event named {@code name} arrives; returns it. */
  private static JsonObject event(TestImoClient c, String name) {
    for (int i = 0; i < 10; i++) {
      for (Object o : messages(await(c.poll()))) {
        JsonObject data = ((JsonObject) o).getJsonObject("data");
        if (name.equals(data.getString("name"))) {
          return data;
        }
      }
    }
    throw new AssertionError("no " + name);
  }

  @Test
  void pendingRequestsArriveAtLoginAndBlockedSendersAreDropped() {
    TestImoClient alice = new TestImoClient(web, sim).bootstrap();
    JsonObject login = alice.login("alice", "alice-pw");
    assertThat(names(login)).contains("signed_on", "buddy_added", "buddy_icon", "buddy_request");
    assertThat(await(sim.inject("alice", "mallory", null, "spam")).getInteger("delivered")).isZero();
    assertThat(admin("auth-request", new JsonObject().put("to", "alice").put("from", "mallory"))
        .bodyAsJsonObject().getBoolean("blocked")).isTrue();
  }

  @Test
  void everyWorldEventHasARoute() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    assertThat(admin("presence", new JsonObject().put("uid", "bob").put("primitive", "busy").put("mood", "x"))
        .statusCode()).isEqualTo(200);
    assertThat(event(alice, "buddy_status").getJsonArray("edata").getJsonObject(0).getString("primitive"))
        .isEqualTo("busy");
    admin("buddy/add", new JsonObject().put("to", "alice").put("buid", "dave"));
    assertThat(event(alice, "buddy_added").getJsonArray("edata").getJsonObject(0).getString("buid")).isEqualTo("dave");
    admin("buddy/remove", new JsonObject().put("to", "alice").put("buid", "dave"));
    assertThat(event(alice, "buddy_removed").getJsonArray("edata").getJsonObject(0).getString("buid"))
        .isEqualTo("dave");
    String gid = admin("group", new JsonObject().put("creator", "bob").put("members", new JsonArray().add("alice"))
        .put("topic", "t0")).bodyAsJsonObject().getString("gid");
    assertThat(event(alice, "buddy_added").getJsonArray("edata").getJsonObject(0).getString("display")).isEqualTo("t0");
    admin("group/topic", new JsonObject().put("gid", gid).put("by", "bob").put("topic", "t1"));
    assertThat(event(alice, "recv_im").getJsonObject("edata").getString("msg")).isEqualTo("t1");
    admin("call", new JsonObject().put("to", "alice").put("from", "bob"));
    assertThat(event(alice, "streams_info").getString("type")).isEqualTo("call");
    admin("call/end", new JsonObject().put("to", "alice").put("from", "bob"));
    assertThat(event(alice, "ended").getJsonObject("edata").getString("buid")).isEqualTo("bob");
    admin("disconnect", new JsonObject().put("to", "alice").put("msg", "bye"));
    assertThat(event(alice, "disconnect").getJsonObject("edata").getString("msg")).isEqualTo("bye");
  }

  @Test
  void badInputIs400AndUnknownTargetsAre404() {
    assertThat(admin("presence", new JsonObject().put("uid", "bob").put("primitive", "sleepy")).statusCode())
        .isEqualTo(400);
    assertThat(admin("presence", new JsonObject().put("uid", "nobody")).statusCode()).isEqualTo(404);
    assertThat(admin("group/kick", new JsonObject().put("gid", "nope").put("member", "bob")).statusCode())
        .isEqualTo(404);
    assertThat(admin("fail", new JsonObject().put("mode", "latency").put("probability", 2)).statusCode())
        .isEqualTo(400);
    assertThat(admin("disconnect", new JsonObject()).statusCode()).isEqualTo(400);
  }

  @Test
  void seededFaultsRepeatExactlyAndAccountFaultsSpareOthers() {
    List<Integer> first = statuses(7);
    List<Integer> second = statuses(7);
    assertThat(first).isEqualTo(second).contains(500, 200);
    TestImoClient bob = loggedIn("bob", "bob-pw");
    sim.fail(new JsonObject().put("mode", "http500").put("account", "alice").put("count", -1));
    assertThat(await(bob.post("forward_to_server",
        new JsonObject().put("ack", bob.ack).put("ssid", bob.ssid).put("messages", new JsonArray()).encode()))
        .statusCode()).isEqualTo(200);
    sim.clearFaults();
  }

  /** Status codes of {@code n} polls under a fresh 50 % rule with seed 7. */
  private List<Integer> statuses(int n) {
    sim.clearFaults();
    sim.fail(new JsonObject().put("mode", "http500").put("probability", 0.5).put("seed", 7));
    List<Integer> codes = new ArrayList<>();
    TestImoClient c = new TestImoClient(web, sim);
    for (int i = 0; i < n; i++) {
      codes.add(await(c.post("forward_to_server", "{\"ssid\":\"none\",\"ack\":0,\"messages\":[]}")).statusCode());
    }
    sim.clearFaults();
    return codes;
  }
}
