package net.imo2sproxy.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static net.imo2sproxy.simulator.TestImoClient.await;
import static net.imo2sproxy.simulator.TestImoClient.messages;
import static net.imo2sproxy.simulator.TestImoClient.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test-control features: delivery until acknowledged and the deliver-once fault, faults, ack suppression, expiry. */
@ExtendWith(VertxExtension.class)
class TestControlTest {

  private ImoSimulator sim;
  private WebClient web;

  @BeforeEach
  void start(Vertx vertx) {
    sim = await(ImoSimulator.start(vertx, new SimulatorOptions().setPort(0).setHoldTime(Duration.ofMillis(300))));
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    web.close();
    await(sim.close());
  }

  private TestImoClient loggedIn(String uid, String pw) {
    TestImoClient c = new TestImoClient(web, sim).bootstrap();
    c.login(uid, pw);
    return c;
  }

  private HttpResponse<Buffer> admin(String path, JsonObject body) {
    return await(web.postAbs(sim.baseUrl() + "admin/" + path).sendJsonObject(body));
  }

  @Test
  void whatWasNotAcknowledgedIsDeliveredAgain() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    await(sim.inject("alice", "bob", null, "one"));
    long ackBefore = alice.ack;
    JsonObject first = await(alice.poll());
    assertThat(names(first)).containsExactly("recv_im");
    long seq = messages(first).getJsonObject(0).getLong("seq");
    // the response was "lost": the client polls again with its old ack
    alice.ack = ackBefore;
    JsonObject again = await(alice.poll());
    assertThat(messages(again).getJsonObject(0).getLong("seq")).isEqualTo(seq);
    // acknowledged now: nothing more
    assertThat(messages(await(alice.poll()))).isEmpty();
  }

  @Test
  void theDeliverOnceFaultForgetsAMessageOnceItWasAnswered() {
    assertThat(admin("config", new JsonObject().put("deliverOnce", true)).statusCode())
        .isEqualTo(200);
    TestImoClient alice = loggedIn("alice", "alice-pw");
    await(sim.inject("alice", "bob", null, "one"));
    long ackBefore = alice.ack;
    assertThat(names(await(alice.poll()))).containsExactly("recv_im");
    alice.ack = ackBefore;
    sim.setHoldTime(java.time.Duration.ZERO);
    assertThat(messages(await(alice.poll()))).isEmpty();
  }

  @Test
  void faultsApplyToTheNextRequestsOnly() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    assertThat(admin("fail", new JsonObject().put("mode", "http500").put("count", 1)).statusCode()).isEqualTo(200);
    assertThat(await(alice.post("forward_to_server", "{}")).statusCode()).isEqualTo(500);
    assertThat(await(alice.post("forward_to_server", "{}")).statusCode()).isEqualTo(200);
    admin("fail", new JsonObject().put("mode", "reset"));
    assertThatThrownBy(() -> await(alice.post("forward_to_server", "{}"))).isNotNull();
    admin("fail", new JsonObject().put("mode", "ack0"));
    assertThat(await(alice.post("forward_to_server", "{}")).bodyAsJsonObject().getJsonObject("data").getLong("ack"))
        .isZero();
    assertThat(admin("fail", new JsonObject().put("mode", "explode")).statusCode()).isEqualTo(400);
  }

  @Test
  void sendAcksCanBeSuppressedAndDelayed() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    sim.configure(new JsonObject().put("sendAcks", false));
    assertThat(messages(alice.sendIm("bob", "lost ack", 1))).isEmpty();
    sim.configure(new JsonObject().put("sendAcks", true).put("ackDelayMs", 100));
    assertThat(messages(alice.sendIm("bob", "late ack", 2))).isEmpty();
    JsonObject late = await(alice.poll());
    assertThat(messages(late).getJsonObject(0).getJsonObject("data").getInteger("request_id")).isEqualTo(2);
    assertThatThrownBy(() -> sim.configure(new JsonObject().put("deliverOnce", "yes")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void adminExpiryEndsTheSession() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    assertThat(admin("expire", new JsonObject().put("to", "alice")).bodyAsJsonObject().getInteger("expired"))
        .isEqualTo(1);
    assertThat(names(await(alice.poll()))).containsExactly("expired");
    assertThat(admin("expire", new JsonObject()).statusCode()).isEqualTo(400);
  }

  @Test
  void idleSessionsExpire(Vertx vertx) {
    ImoSimulator quick = await(ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
        .setSessionTimeout(Duration.ofMillis(200))));
    try {
      TestImoClient c = new TestImoClient(web, quick).bootstrap();
      c.login("alice", "alice-pw");
      Await.until("the idle session expired", Duration.ofSeconds(5),
          () -> await(quick.sessions()).isEmpty());
      assertThat(names(await(c.poll()))).containsExactly("expired");
    } finally {
      await(quick.close());
    }
  }
}
