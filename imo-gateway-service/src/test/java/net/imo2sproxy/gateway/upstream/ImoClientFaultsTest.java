package net.imo2sproxy.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One test per fault the simulator can inject: the real {@link ImoClient} recovers (re-poll,
 * resend with the same seq) or ends with the right cause, and no message is lost or doubled.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ImoClientFaultsTest {

  private ImoTestSupport t;
  private ImoTestSupport.Client alice;

  @BeforeEach
  void start(Vertx vertx) {
    t = new ImoTestSupport(vertx);
    alice = t.loggedIn("alice", "alice-pw");
    alice.next("im", "buddy_added");
    alice.next("im", "buddy_icon");
    // Commands run in order: once this one is done, the keep-alive that started the polling
    // is too, so a test's fault rule hits the test's own command.
    alice.call(ImoClient::keepAlive);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private void fail(String mode, JsonObject more) {
    t.simulator.fail(more.copy().put("mode", mode).put("account", "alice"));
  }

  private void inject(String text) {
    t.on(() -> t.simulator.inject("alice", "bob", "Bob", text));
  }

  /** Receives {@code texts} in order, then checks that each arrived exactly once. */
  private void expectOnce(String... texts) {
    for (String text : texts) {
      JsonObject im = alice.next("im", "recv_im").getJsonObject("data").getJsonObject("edata");
      assertThat(im.getString("msg")).isEqualTo(text);
    }
    List<String> all = alice.delivered().stream()
        .filter(m -> "recv_im".equals(m.getJsonObject("data").getString("name")))
        .map(m -> m.getJsonObject("data").getJsonObject("edata").getString("msg")).toList();
    assertThat(all).containsExactly(texts);
  }

  /** What the simulator logged for alice's send_im calls: processed once, then duplicates. */
  private List<String> sendResults() {
    return t.requests("send_im").stream().map(e -> e.getString("result")).toList();
  }

  @Test
  void http500OnPollsIsRetriedWithBackoff() {
    fail("http500", new JsonObject().put("on", "poll").put("count", 2));
    inject("after 500s");
    expectOnce("after 500s");
    assertThat(alice.session.isEnded()).isFalse();
  }

  @Test
  void garbageBodyOnAPollIsRetried() {
    fail("garbage", new JsonObject().put("on", "poll"));
    fail("empty", new JsonObject().put("on", "poll"));
    inject("after garbage");
    expectOnce("after garbage");
  }

  @Test
  void truncatedPollAnswerIsRedeliveredOnce() {
    fail("truncated", new JsonObject().put("on", "poll"));
    inject("first");
    inject("second");
    expectOnce("first", "second");
  }

  @Test
  void connectionDroppedInTheMiddleOfALongPollLosesNothing() {
    long before = polls();
    fail("drop_poll", new JsonObject().put("delayMs", 50).put("count", 2));
    // a checkpoint: the poll held before the rule, the two dropped ones and the next
    Await.until("two dropped polls and the one after", Duration.ofSeconds(10),
        () -> polls() >= before + 3);
    inject("after the drop");
    expectOnce("after the drop");
  }

  private long polls() {
    return t.simulator.requests().stream().filter(r -> "poll".equals(r.getString("kind"))).count();
  }

  @Test
  void truncatedCommandAnswerIsResentWithTheSameSeqAndProcessedOnce() {
    ImoTestSupport.Client bob = t.loggedIn("bob", "bob-pw");
    fail("truncated", new JsonObject().put("on", "command"));
    alice.call(s -> s.sendIm("bob", "exactly once"));
    assertThat(sendResults()).containsExactly("processed", "duplicate");
    List<JsonObject> sends = t.requests("send_im");
    assertThat(sends.get(0).getLong("seq")).isEqualTo(sends.get(1).getLong("seq"));
    JsonObject im = bob.next("im", "recv_im").getJsonObject("data").getJsonObject("edata");
    assertThat(im.getString("msg")).isEqualTo("exactly once");
    assertThat(alice.next("internal", null).getJsonObject("data").getInteger("request_id"))
        .isZero();
    assertThat(bob.delivered()).filteredOn(m -> "recv_im".equals(
        m.getJsonObject("data").getString("name"))).hasSize(1);
  }

  @Test
  void lostCommandAnswerIsResentAndProcessedOnce() {
    fail("drop_response", new JsonObject().put("on", "command"));
    alice.call(s -> s.setStatus("busy", "lost answer"));
    assertThat(t.requests("set_status")).extracting(e -> e.getString("result"))
        .containsExactly("processed", "duplicate");
  }

  @Test
  void connectionResetBeforeProcessingIsResent() {
    fail("reset", new JsonObject().put("on", "command"));
    alice.call(s -> s.setStatus("away", ""));
    assertThat(t.requests("set_status")).extracting(e -> e.getString("result"))
        .containsExactly("processed");
  }

  @Test
  void http500OnACommandIsResent() {
    fail("http500", new JsonObject().put("on", "command").put("count", 2));
    alice.call(s -> s.imTyping("bob", "typing"));
    assertThat(t.requests("im_typing")).extracting(e -> e.getString("result"))
        .containsExactly("processed");
  }

  @Test
  void aCommandThatNeverGetsAnAnswerFails() {
    fail("http500", new JsonObject().put("on", "command").put("count", -1));
    assertThatThrownBy(() -> alice.call(s -> s.setStatus("away", "")))
        .isInstanceOf(ImoCallException.class).hasMessageContaining("HTTP 500");
  }

  @Test
  void lostAcknowledgementsAreRedeliveredAndDroppedAsDuplicates() {
    inject("one");
    expectOnce("one");
    fail("lost_ack", new JsonObject().put("on", "poll").put("count", 3));
    inject("two");
    JsonObject im = alice.next("im", "recv_im").getJsonObject("data").getJsonObject("edata");
    assertThat(im.getString("msg")).isEqualTo("two");
    // the polls without ack made the server send "one" (and "two") again: still seen once
    inject("three");
    alice.next("im", "recv_im");
    List<String> all = alice.delivered().stream()
        .filter(m -> "recv_im".equals(m.getJsonObject("data").getString("name")))
        .map(m -> m.getJsonObject("data").getJsonObject("edata").getString("msg")).toList();
    assertThat(all).containsExactly("one", "two", "three");
    assertThat(t.simulator.requests().stream().filter(e -> "poll".equals(e.getString("kind"))
        && e.getValue("ack") == null)).isNotEmpty();
  }

  @Test
  void latencyDelaysButLosesNothing() {
    fail("latency", new JsonObject().put("delayMs", 200).put("count", 3));
    alice.call(s -> s.setStatus("away", "slow"));
    inject("slow but sure");
    expectOnce("slow but sure");
  }

  @Test
  void aDelayedCommandIsNotOvertakenByTheNextOne() {
    // The server runs commands in seq order and refuses one that arrives before its
    // predecessor; with two on the wire the second was refused, its answer (carrying queued
    // messages) taken as done, and every later command of the session refused.
    inject("queued while the first send is slow");
    fail("latency", new JsonObject().put("on", "command").put("delayMs", 300).put("count", 1));
    alice.call(s -> Future.all(s.sendIm("bob", "first"), s.sendIm("bob", "second")));
    assertThat(sendResults()).containsExactly("processed", "processed");
    assertThat(t.requests("send_im").stream().map(e -> e.getLong("seq")).toList())
        .isSorted();
    alice.call(s -> s.sendIm("bob", "third"));
    assertThat(sendResults()).containsExactly("processed", "processed", "processed");
    expectOnce("queued while the first send is slow");
  }

  @Test
  void ackResetOnACommandEndsTheSession() {
    fail("ack0", new JsonObject().put("on", "command"));
    assertThatThrownBy(() -> alice.call(s -> s.setStatus("away", "")))
        .hasMessageContaining("ack 0");
    assertThat(alice.end().cause()).isEqualTo(ImoSessionEnd.Cause.ACK_RESET);
  }

  @Test
  void unknownSsidAnsweredWithAckZeroEndsTheSession() {
    t.simulator.configure(new JsonObject().put("expireUnknownSsid", false));
    t.on(() -> t.simulator.admin("expire", new JsonObject().put("to", "alice")));
    assertThatThrownBy(() -> alice.call(s -> s.setStatus("away", "")))
        .hasMessageContaining("ack 0");
    assertThat(alice.end().cause()).isEqualTo(ImoSessionEnd.Cause.ACK_RESET);
  }

  @Test
  void pollsFailingBeyondTheLimitEndTheSessionAsUnreachable() {
    ImoTestSupport.Client bob = t.loggedIn("bob", "bob-pw");
    fail("http500", new JsonObject().put("on", "poll").put("count", -1));
    assertThat(alice.end().cause()).isEqualTo(ImoSessionEnd.Cause.UNREACHABLE);
    // the fault was alice's only: bob still gets his messages
    t.on(() -> t.simulator.inject("bob", "carol", "Carol", "bob is fine"));
    assertThat(bob.next("im", "recv_im").getJsonObject("data").getJsonObject("edata")
        .getString("msg")).isEqualTo("bob is fine");
    assertThat(bob.session.isEnded()).isFalse();
  }

  @Test
  void seededRandomFaultsAreSurvived() {
    t.simulator.fail(new JsonObject().put("mode", "truncated").put("account", "alice")
        .put("probability", 0.3).put("seed", 42).put("on", "poll"));
    for (int i = 0; i < 6; i++) {
      inject("m" + i);
    }
    expectOnce("m0", "m1", "m2", "m3", "m4", "m5");
  }
}
