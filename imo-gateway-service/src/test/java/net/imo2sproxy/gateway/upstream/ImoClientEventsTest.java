package net.imo2sproxy.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every server event of docs/imo-protocol.md §10, caused through the simulator's admin API or by
 * another session, delivered by the real {@link ImoClient} over HTTP: validated, in order, once;
 * the session-level events end the session with the right cause.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ImoClientEventsTest {

  private ImoTestSupport t;
  private ImoTestSupport.Client alice;

  @BeforeEach
  void start(Vertx vertx) {
    t = new ImoTestSupport(vertx);
    alice = t.loggedIn("alice", "alice-pw");
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private JsonObject admin(String action, JsonObject body) {
    return t.on(() -> t.simulator.admin(action, body));
  }

  private static JsonObject edata(JsonObject delivered) {
    return delivered.getJsonObject("data").getJsonObject("edata");
  }

  private static JsonObject first(JsonObject delivered) {
    return delivered.getJsonObject("data").getJsonArray("edata").getJsonObject(0);
  }

  @Test
  void signedOnCarriesUidAndAlias() {
    ImoTestSupport.Client bob = t.loggedIn("bob", "bob-pw");
    assertThat(bob.session.isSignedOn()).isTrue();
    JsonObject signedOn = bob.delivered().get(0);
    assertThat(signedOn.getJsonObject("data").getString("name")).isEqualTo("signed_on");
    assertThat(signedOn.getJsonObject("data").getString("uid")).isEqualTo("bob");
    assertThat(edata(signedOn).getString("alias")).isEqualTo("Bob");
  }

  @Test
  void buddyAddedDeliversTheRosterAfterSignedOnThenBuddyIcon() {
    assertThat(alice.delivered()).extracting(m -> m.getJsonObject("data").getString("name"))
        .startsWith("signed_on", "buddy_added", "buddy_icon");
    JsonObject roster = alice.next("im", "buddy_added");
    assertThat(first(roster).fieldNames())
        .contains("buid", "alias", "primitive", "status", "group");
    admin("buddy/add", new JsonObject().put("to", "alice").put("buid", "carol")
        .put("alias", "Carol"));
    assertThat(first(alice.next("im", "buddy_added")).getString("alias")).isEqualTo("Carol");
  }

  @Test
  void buddyStatusReportsStatusAndMoodChanges() {
    admin("presence", new JsonObject().put("uid", "bob").put("primitive", "away")
        .put("mood", "back in 5"));
    JsonObject status = first(alice.next("im", "buddy_status"));
    assertThat(status.getString("buid")).isEqualTo("bob");
    assertThat(status.getString("primitive")).isEqualTo("away");
    assertThat(status.getString("status")).isEqualTo("back in 5");
    assertThat(status.getString("alias")).isEqualTo("Bob");
  }

  @Test
  void buddyRemovedUsesTheArrayForm() {
    admin("buddy/remove", new JsonObject().put("to", "alice").put("buid", "bob"));
    JsonObject removed = alice.next("im", "buddy_removed");
    assertThat(removed.getJsonObject("data").getJsonArray("edata"))
        .containsExactly(new JsonObject().put("buid", "bob"));
  }

  @Test
  void buddyRequestCarriesTheMessage() {
    admin("auth-request", new JsonObject().put("to", "alice").put("from", "eve.x")
        .put("msg", "remember me?"));
    JsonObject request = edata(alice.next("im", "buddy_request"));
    assertThat(request.getString("buid")).isEqualTo("eve.x");
    assertThat(request.getString("msg")).isEqualTo("remember me?");
  }

  @Test
  void buddyIconNamesTheAvatarIds() {
    JsonObject icons = alice.next("im", "buddy_icon");
    assertThat(icons.getJsonObject("data").getJsonArray("edata"))
        .extracting(o -> ((JsonObject) o).getString("buid")).contains("bob", "echo123");
  }

  @Test
  void recvImFromAnyBuidInOrderAndOnce() {
    for (int i = 0; i < 5; i++) {
      t.on(() -> t.simulator.inject("alice", "carol", "Carol", "n" + System.nanoTime()));
    }
    String previous = "";
    for (int i = 0; i < 5; i++) {
      JsonObject im = edata(alice.next("im", "recv_im"));
      assertThat(im.getString("buid")).isEqualTo("carol");
      assertThat(im.getString("msg")).isGreaterThan(previous);
      previous = im.getString("msg");
    }
    assertThat(alice.delivered()).filteredOn(m -> "recv_im".equals(
        m.getJsonObject("data").getString("name"))).hasSize(5);
  }

  @Test
  void groupMessagesAndTopicChangesArriveAsRecvIm() {
    ImoTestSupport.Client bob = t.loggedIn("bob", "bob-pw");
    JsonObject group = admin("group", new JsonObject().put("creator", "bob")
        .put("members", new JsonArray().add("alice")).put("name", "Friday"));
    String gid = group.getString("gid");
    JsonArray entries = alice.next("im", "buddy_added").getJsonObject("data")
        .getJsonArray("edata");
    // skip the login roster if it was not taken yet
    if (!entries.getJsonObject(0).containsKey("type")) {
      entries = alice.next("im", "buddy_added").getJsonObject("data").getJsonArray("edata");
    }
    assertThat(entries.getJsonObject(0).getString("buid")).isEqualTo(gid + ";");
    assertThat(entries.getJsonObject(1).getString("group")).isEqualTo(gid);
    assertThat(entries.getJsonObject(1).getString("inviter")).isEqualTo("bob");

    admin("group/message", new JsonObject().put("gid", gid).put("from", "bob")
        .put("msg", "who's in?"));
    JsonObject message = edata(alice.next("im", "recv_im"));
    assertThat(message.getString("buid")).isEqualTo(gid + ";");
    assertThat(message.getString("author")).isEqualTo("bob");
    assertThat(message.getString("msg")).isEqualTo("who's in?");

    bob.call(s -> s.setGroupTopic(gid, "Friday beers"));
    JsonObject topic = edata(alice.next("im", "recv_im"));
    assertThat(topic.getString("alias")).isEqualTo(topic.getString("msg"))
        .isEqualTo("Friday beers");

    admin("group/kick", new JsonObject().put("gid", gid).put("member", "alice"));
    assertThat(first(alice.next("im", "buddy_removed")).getString("buid"))
        .isEqualTo(gid + ";alice;prpl-skype");
  }

  @Test
  void reflectReportsOwnMessagesAndStatusFromAnotherSession() {
    ImoTestSupport.Client other = t.loggedIn("alice", "alice-pw");
    other.call(s -> s.sendIm("bob", "on my way"));
    JsonObject conv = alice.next("im", "reflect");
    assertThat(conv.getJsonObject("data").getString("type")).isEqualTo("conv");
    assertThat(edata(conv).getString("r_name")).isEqualTo("send_im");
    assertThat(edata(conv).getString("msg")).isEqualTo("on my way");
    other.call(s -> s.setStatus("away", "gym"));
    JsonObject account = alice.next("im", "reflect");
    assertThat(account.getJsonObject("data").getString("type")).isEqualTo("account");
    assertThat(edata(account).getString("primitive")).isEqualTo("away");
    assertThat(edata(account).getString("status")).isEqualTo("gym");
  }

  @Test
  void streamsInfoAndEndedForAnIncomingCall() {
    admin("call", new JsonObject().put("to", "alice").put("from", "bob"));
    JsonObject info = alice.next("av", "streams_info");
    assertThat(info.getJsonObject("data").getString("type")).isEqualTo("call");
    assertThat(edata(info).getBoolean("is_initiator")).isFalse();
    assertThat(edata(info).getString("send_stream")).hasSizeLessThanOrEqualTo(17);
    admin("call/end", new JsonObject().put("to", "alice").put("from", "bob"));
    assertThat(edata(alice.next("av", "ended")).getString("buid")).isEqualTo("bob");
  }

  @Test
  void internalAcknowledgementNamesTheRequestId() {
    alice.call(s -> s.sendIm("bob", "one"));
    alice.call(s -> s.sendIm("bob", "two"));
    assertThat(alice.next("internal", null).getJsonObject("data").getInteger("request_id"))
        .isZero();
    assertThat(alice.next("internal", null).getJsonObject("data").getInteger("request_id"))
        .isEqualTo(1);
  }

  @Test
  void autoAwayPreferenceIsAnsweredWithPreferenceSetAndNotPassedOn() {
    admin("preference", new JsonObject().put("to", "alice"));
    Await.until("the preference set", Duration.ofSeconds(5), () -> !t.requests("set").isEmpty());
    assertThat(t.requests("set")).hasSize(1);
    assertThat(t.requests("set").get(0).getString("system")).isEqualTo("preference");
    assertThat(alice.delivered()).noneMatch(m -> "preference".equals(m.getString("system")));
  }

  @Test
  void malformedAndForeignEventsAreSkippedWithoutStoppingTheRest() {
    t.on(() -> t.simulator.injectEvent("alice", "im", new JsonObject().put("edata", "no name")));
    t.on(() -> t.simulator.injectEvent("alice", "im", new JsonObject().put("name", "recv_im")
        .put("proto", "prpl-jabber").put("edata", new JsonObject().put("buid", "x"))));
    t.on(() -> t.simulator.inject("alice", "bob", "Bob", "still here"));
    assertThat(edata(alice.next("im", "recv_im")).getString("msg")).isEqualTo("still here");
    assertThat(alice.delivered()).noneMatch(m -> m.getJsonObject("data").getValue("name") == null
        || "prpl-jabber".equals(m.getJsonObject("data").getValue("proto")));
  }

  @Test
  void wrongPasswordEndsTheSessionAsRejectedCredentials() {
    ImoTestSupport.Client mallory = t.client("alice");
    t.on(() -> mallory.session.bootstrap().compose(v -> mallory.session.login("wrong"))
        .otherwiseEmpty());
    ImoSessionEnd end = mallory.end();
    assertThat(end.cause()).isEqualTo(ImoSessionEnd.Cause.CREDENTIALS_REJECTED);
    assertThat(end.retryable()).isFalse();
    assertThat(end.toString()).doesNotContain("wrong");
  }

  @Test
  void disconnectAfterSignOnIsRetryable() {
    admin("disconnect", new JsonObject().put("to", "alice").put("msg", "maintenance"));
    ImoSessionEnd end = alice.end();
    assertThat(end.cause()).isEqualTo(ImoSessionEnd.Cause.DISCONNECTED);
    assertThat(end.retryable()).isTrue();
    assertThat(alice.session.isEnded()).isTrue();
  }

  @Test
  void disconnectWithUidpasswordAfterSignOnIsRejectedCredentials() {
    admin("disconnect", new JsonObject().put("to", "alice").put("msg", "uidpassword"));
    assertThat(alice.end().cause()).isEqualTo(ImoSessionEnd.Cause.CREDENTIALS_REJECTED);
  }

  @Test
  void expiredEndsTheSession() {
    admin("expire", new JsonObject().put("to", "alice"));
    assertThat(alice.end().cause()).isEqualTo(ImoSessionEnd.Cause.EXPIRED);
  }

  @Test
  void resetEndsTheSession() {
    admin("reset", new JsonObject().put("to", "alice"));
    assertThat(alice.end().cause()).isEqualTo(ImoSessionEnd.Cause.RESET);
  }
}
