package net.imo2sproxy.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static net.imo2sproxy.simulator.TestImoClient.ackOf;
import static net.imo2sproxy.simulator.TestImoClient.await;
import static net.imo2sproxy.simulator.TestImoClient.messages;
import static net.imo2sproxy.simulator.TestImoClient.names;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ImoSimulatorTest {

  private ImoSimulator sim;
  private WebClient web;

  @BeforeEach
  void start(Vertx vertx) {
    sim = await(ImoSimulator.start(vertx, new SimulatorOptions().setPort(0).setHoldTime(Duration.ofSeconds(3))));
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    web.close();
    await(sim.close());
  }

  private TestImoClient client() {
    return new TestImoClient(web, sim);
  }

  private TestImoClient loggedIn(String uid, String pw) {
    TestImoClient c = client().bootstrap();
    c.login(uid, pw);
    return c;
  }

  private static JsonObject data(JsonObject response, int i) {
    return messages(response).getJsonObject(i).getJsonObject("data");
  }

  @Test
  void bootstrapSetsCookieAndAnswersWithNewSsid() {
    HttpResponse<Buffer> page = await(web.getAbs(sim.baseUrl()).send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.cookies()).anySatisfy(c -> assertThat(c).startsWith("imo_test="));

    HttpResponse<Buffer> r = await(client().bootstrapRaw());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("method")).isEqualTo("forward_to_client");
    JsonObject msg = body.getJsonObject("data").getJsonArray("messages").getJsonObject(0);
    assertThat(msg.containsKey("seq")).as("no seq-bearing message in the bootstrap answer").isFalse();
    assertThat(msg.getJsonObject("to").getString("system")).isEqualTo("client");
    String ssid = msg.getJsonObject("data").getString("ssid");
    assertThat(ssid).matches("[A-Za-z0-9]{1,17}").isNotEqualTo("TmpClientId000001");
    // the original scans the raw text for the first ssid":" (docs/imo-protocol.md §6)
    String text = r.bodyAsString();
    int at = text.indexOf("ssid\":\"") + 7;
    assertThat(text.substring(at, text.indexOf('"', at))).isEqualTo(ssid);
    assertThat(await(sim.sessions())).hasSize(1);
  }

  @Test
  void loginRosterAndAckNumbersFollowTheWorkedExample() {
    loggedIn("bob", "bob-pw");
    TestImoClient alice = client().bootstrap();

    JsonObject login = alice.login("alice", "alice-pw");
    assertThat(ackOf(login)).isEqualTo(1);
    assertThat(names(login)).containsExactly("signed_on", "buddy_added", "buddy_icon");
    assertThat(messages(login).stream().map(m -> ((JsonObject) m).getLong("seq"))).containsExactly(0L, 1L, 2L);
    JsonObject signedOn = data(login, 0);
    assertThat(signedOn.getString("uid")).isEqualTo("alice");
    assertThat(signedOn.getString("proto")).isEqualTo("prpl-skype");
    assertThat(signedOn.getJsonObject("edata").getString("alias")).isEqualTo("Alice");
    JsonArray roster = data(login, 1).getJsonArray("edata");
    assertThat(roster).hasSize(2);
    JsonObject bob = roster.getJsonObject(0);
    assertThat(bob.getString("buid")).isEqualTo("bob");
    assertThat(bob.getString("alias")).isEqualTo("Bob");
    assertThat(bob.getString("primitive")).isEqualTo("available");
    assertThat(bob.getString("status")).isEqualTo("");
    assertThat(bob.getString("group")).isEqualTo("Skype");
    JsonObject echo = roster.getJsonObject(1);
    assertThat(echo.getString("buid")).isEqualTo("echo123");
    assertThat(echo.getString("alias")).isEqualTo("Echo Test Service");
    assertThat(echo.getString("primitive")).isEqualTo("available");
    JsonArray icons = data(login, 2).getJsonArray("edata");
    assertThat(icons.getJsonObject(0).getString("buid")).isEqualTo("bob");
    assertThat(alice.ack).isEqualTo(3);

    JsonObject unread = alice.call("im", "get_unread_msgs",
        new JsonObject().put("ssid", alice.ssid).put("uid", "alice").put("proto", "prpl-skype"));
    assertThat(ackOf(unread)).isEqualTo(2);
    assertThat(messages(unread)).isEmpty();
    JsonObject alpha = alice.call("alpha", "get_alpha_for_user",
        new JsonObject().put("ssid", alice.ssid).put("uid", "alice").put("proto", "prpl-skype"));
    assertThat(ackOf(alpha)).isEqualTo(3);
    assertThat(messages(alpha)).isEmpty();
    JsonObject activity = alice.call("session", "observed_user_activity", new JsonObject().put("ssid", alice.ssid));
    assertThat(ackOf(activity)).isEqualTo(4);
    assertThat(messages(activity)).isEmpty();

    // the poll is answered when a message arrives
    var poll = alice.poll();
    await(sim.inject("alice", "bob", null, "lunch?"));
    JsonObject polled = await(poll);
    assertThat(ackOf(polled)).isEqualTo(4);
    assertThat(names(polled)).containsExactly("recv_im");
    assertThat(messages(polled).getJsonObject(0).getLong("seq")).isEqualTo(3);
    assertThat(alice.ack).isEqualTo(4);
    assertThat(sim.requests("account_login").get(0).getLong("ack")).isEqualTo(0);
  }

  @Test
  void wrongPasswordGetsDisconnect() {
    TestImoClient c = client().bootstrap();
    JsonObject r = c.login("alice", "nope");
    assertThat(names(r)).containsExactly("disconnect");
    assertThat(data(r, 0).getJsonObject("edata").getString("msg")).isEqualTo("uidpassword");
    assertThat(ackOf(r)).isEqualTo(1);
    JsonObject unknown = c.login("mallory", "x");
    assertThat(names(unknown)).containsExactly("disconnect");
  }

  @Test
  void emptyPollIsHeldForTheHoldTime() {
    sim.setHoldTime(Duration.ofMillis(600));
    TestImoClient alice = loggedIn("alice", "alice-pw");
    long t0 = System.nanoTime();
    JsonObject r = await(alice.poll());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(messages(r)).isEmpty();
    assertThat(ackOf(r)).isEqualTo(1);
    assertThat(ms).isBetween(500L, 2500L);
  }

  @Test
  void longPollIsReleasedByAMessageFromAnotherAccount(Vertx vertx, VertxTestContext ctx) {
    sim.setHoldTime(Duration.ofSeconds(10));
    TestImoClient alice = loggedIn("alice", "alice-pw");
    TestImoClient bob = loggedIn("bob", "bob-pw");
    await(alice.poll()); // bob's buddy_status
    long t0 = System.nanoTime();
    alice.poll().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
      assertThat(names(r)).containsExactly("recv_im");
      JsonObject edata = data(r, 0).getJsonObject("edata");
      assertThat(edata.getString("buid")).isEqualTo("bob");
      assertThat(edata.getString("msg")).isEqualTo("Grüße! & = + %");
      ctx.completeNow();
    })));
    awaitPolling("alice"); // a checkpoint: the poll is held when bob's message comes
    bob.callAsync("im", "send_im", 0, new JsonObject().put("ssid", bob.ssid)
        .put("uid", "bob").put("proto", "prpl-skype").put("buid", "alice").put("msg", "Grüße! & = + %"))
        .onFailure(ctx::failNow);
  }

  @Test
  void secondPollCompletesTheFirstEmpty() throws InterruptedException {
    sim.setHoldTime(Duration.ofSeconds(10));
    TestImoClient alice = loggedIn("alice", "alice-pw");
    var first = alice.poll();
    awaitPolling("alice"); // else the second may arrive first and be the one completed empty
    var second = alice.poll();
    assertThat(messages(await(first))).isEmpty();
    await(sim.inject("alice", "bob", null, "x"));
    assertThat(names(await(second))).containsExactly("recv_im");
  }

  /** Waits until the simulator holds a long poll of {@code account}. */
  private void awaitPolling(String account) {
    Await.until("a held poll of " + account, Duration.ofSeconds(10),
        () -> await(sim.sessions()).stream().map(JsonObject.class::cast)
            .anyMatch(s -> account.equals(s.getString("account")) && s.getBoolean("polling")));
  }

  @Test
  void sendImAcksTheSenderAndDeliversToTheRecipient() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    TestImoClient bob = loggedIn("bob", "bob-pw");
    await(alice.poll()); // alice learns that bob came online
    long before = System.currentTimeMillis() / 1000;

    JsonObject r = alice.sendIm("bob", "hello bob", 7);
    assertThat(messages(r)).hasSize(1);
    JsonObject ack = messages(r).getJsonObject(0);
    assertThat(ack.getJsonObject("from").getString("system")).isEqualTo("internal");
    assertThat(ack.getJsonObject("to").getString("system")).isEqualTo("client");
    assertThat(ack.getJsonObject("data").getInteger("request_id")).isEqualTo(7);
    assertThat(ack.getJsonObject("data").getJsonObject("response").getLong("timestamp")).isBetween(before, before + 5);

    JsonObject got = await(bob.poll());
    assertThat(names(got)).containsExactly("recv_im");
    JsonObject ev = data(got, 0);
    assertThat(ev.getString("uid")).isEqualTo("bob");
    JsonObject edata = ev.getJsonObject("edata");
    assertThat(edata.getString("buid")).isEqualTo("alice");
    assertThat(edata.getString("alias")).isEqualTo("Alice");
    assertThat(edata.getString("msg")).isEqualTo("hello bob");
    assertThat(edata.getLong("timestamp")).isBetween(before, before + 5);
    assertThat(sim.requests("send_im").get(0).getLong("requestId")).isEqualTo(7);
  }

  @Test
  void echoBotAnswersWithTheSameText() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    JsonObject r = alice.sendIm("echo123", "ping ☺", 0);
    assertThat(names(r)).containsExactly("internal");
    JsonObject got = await(alice.poll());
    assertThat(names(got)).containsExactly("recv_im");
    JsonObject edata = data(got, 0).getJsonObject("edata");
    assertThat(edata.getString("buid")).isEqualTo("echo123");
    assertThat(edata.getString("alias")).isEqualTo("Echo Test Service");
    assertThat(edata.getString("msg")).isEqualTo("ping ☺");
  }

  @Test
  void duplicateSeqIsAnsweredButNotProcessedAgain() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    TestImoClient bob = loggedIn("bob", "bob-pw");
    JsonObject payload = new JsonObject().put("method", "send_im").put("request_id", 1).put("data",
        new JsonObject().put("ssid", alice.ssid).put("uid", "alice").put("proto", "prpl-skype")
            .put("buid", "bob").put("msg", "once"));
    JsonObject first = await(alice.sendWithSeq(payload, "im", 1));
    assertThat(ackOf(first)).isEqualTo(2);
    JsonObject again = await(alice.sendWithSeq(payload, "im", 1));
    assertThat(ackOf(again)).isEqualTo(2);
    assertThat(names(again)).doesNotContain("internal");
    // a gap is a protocol error: answered, not processed, expected seq unchanged
    JsonObject gap = await(alice.sendWithSeq(payload.copy().put("request_id", 2), "im", 5));
    assertThat(ackOf(gap)).isEqualTo(2);

    JsonObject got = await(bob.poll());
    assertThat(names(got)).containsExactly("recv_im");
    sim.setHoldTime(Duration.ofMillis(200));
    assertThat(messages(await(bob.poll()))).isEmpty();
    assertThat(sim.requests("send_im").stream().map(e -> e.getString("result")))
        .containsExactly("processed", "duplicate", "out of order");
  }

  @Test
  void offlineMessageIsDeliveredByGetUnreadMsgs() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    alice.sendIm("BOB", "while you were out", 0);
    JsonObject stored = await(sim.accounts()).stream().map(o -> (JsonObject) o)
        .filter(a -> a.getString("uid").equals("bob")).findFirst().orElseThrow();
    assertThat(stored.getInteger("unread")).isEqualTo(1);

    TestImoClient bob = loggedIn("Bob", "bob-pw");
    JsonObject r = bob.call("im", "get_unread_msgs",
        new JsonObject().put("ssid", bob.ssid).put("uid", "Bob").put("proto", "prpl-skype"));
    assertThat(names(r)).containsExactly("recv_im");
    assertThat(data(r, 0).getString("uid")).isEqualTo("Bob");
    assertThat(data(r, 0).getJsonObject("edata").getString("msg")).isEqualTo("while you were out");
    JsonObject again = bob.call("im", "get_unread_msgs", new JsonObject().put("ssid", bob.ssid));
    assertThat(messages(again)).isEmpty();
  }

  @Test
  void presenceFollowsLoginStatusAndSignoff() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    TestImoClient bob = loggedIn("bob", "bob-pw");
    JsonObject online = await(alice.poll());
    assertThat(names(online)).containsExactly("buddy_status");
    assertThat(data(online, 0).getJsonArray("edata").getJsonObject(0).getString("primitive")).isEqualTo("available");

    bob.call("session", "set_status", new JsonObject().put("ssid", bob.ssid).put("ad", "")
        .put("primitive", "away").put("status", "at lunch").put("auto_away", false));
    JsonObject away = data(await(alice.poll()), 0).getJsonArray("edata").getJsonObject(0);
    assertThat(away.getString("primitive")).isEqualTo("away");
    assertThat(away.getString("status")).isEqualTo("at lunch");
    assertThat(away.getString("alias")).isEqualTo("Bob");

    bob.call("session", "signoff_all", new JsonObject().put("ssid", bob.ssid));
    JsonObject gone = data(await(alice.poll()), 0).getJsonArray("edata").getJsonObject(0);
    assertThat(gone.getString("primitive")).isEqualTo("offline");
    // later requests for the ended ssid get expired
    JsonObject expired = await(bob.poll());
    assertThat(names(expired)).containsExactly("expired");
  }

  @Test
  void unknownSsidGetsExpired() {
    TestImoClient c = client();
    c.ssid = "NoSuchSession1234";
    c.ack = 9;
    JsonObject r = await(c.poll());
    assertThat(names(r)).containsExactly("expired");
    assertThat(messages(r).getJsonObject(0).getLong("seq")).isEqualTo(9);
    assertThat(messages(r).getJsonObject(0).getJsonObject("from").getString("system")).isEqualTo("im");
  }

  @Test
  void adminInjectReachesEverySessionAndRejectsBadInput() {
    TestImoClient bob1 = loggedIn("bob", "bob-pw");
    TestImoClient bob2 = loggedIn("bob", "bob-pw");
    HttpResponse<Buffer> r = await(web.postAbs(sim.baseUrl() + "admin/inject")
        .sendJsonObject(new JsonObject().put("to", "bob").put("from", "carol").put("msg", "hi").put("alias", "Carol")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getInteger("delivered")).isEqualTo(2);
    for (TestImoClient c : List.of(bob1, bob2)) {
      JsonObject edata = data(await(c.poll()), 0).getJsonObject("edata");
      assertThat(edata.getString("buid")).isEqualTo("carol");
      assertThat(edata.getString("alias")).isEqualTo("Carol");
      assertThat(edata.getString("msg")).isEqualTo("hi");
    }

    JsonObject event = new JsonObject().put("name", "buddy_request").put("uid", "bob").put("proto", "prpl-skype")
        .put("edata", new JsonObject().put("buid", "eve").put("msg", "remember me?"));
    HttpResponse<Buffer> e = await(web.postAbs(sim.baseUrl() + "admin/event")
        .sendJsonObject(new JsonObject().put("to", "bob").put("system", "im").put("event", event)));
    assertThat(e.bodyAsJsonObject().getInteger("delivered")).isEqualTo(2);
    assertThat(data(await(bob1.poll()), 0)).isEqualTo(event);

    assertThat(await(web.postAbs(sim.baseUrl() + "admin/inject").sendBuffer(Buffer.buffer("{oops"))).statusCode())
        .isEqualTo(400);
    HttpResponse<Buffer> missing = await(web.postAbs(sim.baseUrl() + "admin/inject")
        .sendJsonObject(new JsonObject().put("to", "bob")));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.bodyAsJsonObject().getString("error")).contains("from");
    assertThat(await(web.postAbs(sim.baseUrl() + "admin/inject")
        .sendJsonObject(new JsonObject().put("to", "nobody").put("from", "x").put("msg", "y"))).statusCode())
        .isEqualTo(404);
    assertThat(await(web.postAbs(sim.baseUrl() + "admin/hold")
        .sendJsonObject(new JsonObject().put("seconds", "soon"))).statusCode()).isEqualTo(400);
    assertThat(await(web.postAbs(sim.baseUrl() + "admin/hold")
        .sendJsonObject(new JsonObject().put("seconds", 1.5))).statusCode()).isEqualTo(200);
    assertThat(sim.holdTime()).isEqualTo(Duration.ofMillis(1500));

    JsonArray sessions = await(web.getAbs(sim.baseUrl() + "admin/sessions").send()).bodyAsJsonArray();
    assertThat(sessions).hasSize(2);
    assertThat(sessions.getJsonObject(0).getString("account")).isEqualTo("bob");
    assertThat(sessions.getJsonObject(0).getBoolean("loggedIn")).isTrue();
  }

  @Test
  void passwordsNeverAppearInTheRequestLog() {
    loggedIn("alice", "alice-pw");
    client().bootstrap().login("alice", "wrong-secret");
    HttpResponse<Buffer> r = await(web.getAbs(sim.baseUrl() + "admin/requests").send());
    assertThat(r.bodyAsString()).doesNotContain("alice-pw").doesNotContain("wrong-secret");
    List<JsonObject> logins = sim.requests("account_login");
    assertThat(logins).hasSize(2);
    assertThat(logins.get(0).getJsonObject("data").getString("passwd")).isEqualTo("***");
    assertThat(logins.get(0).getString("system")).isEqualTo("im");
    assertThat(logins.get(0).getLong("seq")).isEqualTo(0);
    assertThat(logins.get(0).getString("ssid")).isNotBlank();
  }

  @Test
  void garbageIsAnsweredAndTheServerKeepsWorking() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    for (String body : List.of("", "junk", "method=forward_to_server&data=%7Bnot-json", "method=rest_rpc&data=%5B1%5D",
        "method=bogus&data=%7B%7D", "method=forward_to_server&data=%7B%22ssid%22%3A5%2C%22messages%22%3A7%7D",
        "data=%ZZ%", "method=forward_to_server&data=" + TestImoClient.encode("{\"ssid\":\"" + alice.ssid
            + "\",\"messages\":[{\"seq\":99,\"data\":\"x\"},7,null]}"))) {
      HttpResponse<Buffer> r = await(web.postAbs(sim.baseUrl() + "imo").sendBuffer(Buffer.buffer(body)));
      assertThat(r.statusCode()).as(body).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getString("method")).isEqualTo("forward_to_client");
    }
    // unknown method: accepted (seq advances), no effect
    JsonObject unknown = alice.call("im", "make_coffee", new JsonObject());
    assertThat(ackOf(unknown)).isEqualTo(2);
    assertThat(names(alice.sendIm("echo123", "still alive", 1))).containsExactly("internal");
  }

  @Test
  void avatarsAreServedAsJpeg() {
    TestImoClient alice = client().bootstrap();
    String icon = data(alice.login("alice", "alice-pw"), 2).getJsonArray("edata").getJsonObject(0).getString("icon");
    HttpResponse<Buffer> r = await(web.getAbs(sim.baseUrl() + "b/" + icon).send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("image/jpeg");
    byte[] b = r.body().getBytes();
    assertThat(b[0] & 0xFF).isEqualTo(0xFF);
    assertThat(b[1] & 0xFF).isEqualTo(0xD8);
    assertThat(b[b.length - 2] & 0xFF).isEqualTo(0xFF);
    assertThat(b[b.length - 1] & 0xFF).isEqualTo(0xD9);
    assertThat(await(web.getAbs(sim.baseUrl() + "b/unknown").send()).statusCode()).isEqualTo(404);
  }

  @Test
  void rosterMethodsUpdateTheRoster() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    JsonObject args = new JsonObject().put("ssid", alice.ssid).put("uid", "alice").put("proto", "prpl-skype");
    JsonObject del = alice.call("im", "del_buddy", args.copy().put("buid", "bob").put("group", "Skype"));
    assertThat(names(del)).containsExactly("buddy_removed");
    assertThat(data(del, 0).getJsonArray("edata").getJsonObject(0).getString("buid")).isEqualTo("bob");
    JsonObject add = alice.call("im", "add_buddy", args.copy().put("buid", "Bob").put("group", "Offline"));
    assertThat(names(add)).containsExactly("buddy_added");
    JsonObject entry = data(add, 0).getJsonArray("edata").getJsonObject(0);
    assertThat(entry.getString("buid")).isEqualTo("bob");
    assertThat(entry.getString("group")).isEqualTo("Skype");
    assertThat(entry.getString("primitive")).isEqualTo("offline");
    JsonObject block = alice.call("im", "block_buddy", args.copy().put("buid", "bob"));
    assertThat(names(block)).containsExactly("buddy_removed");
    assertThat(await(sim.inject("alice", "bob", null, "let me in")).getInteger("delivered")).isZero();
  }

  @Test
  void groupChatCreateInviteAndTalk() {
    TestImoClient alice = loggedIn("alice", "alice-pw");
    TestImoClient bob = loggedIn("bob", "bob-pw");
    await(alice.poll());
    JsonObject args = new JsonObject().put("ssid", alice.ssid).put("uid", "alice").put("proto", "prpl-skype");
    JsonObject created = alice.call("im", "create_shared_group", args.copy().put("is_native", false).put("name", "1342598400"));
    JsonArray entries = data(created, 0).getJsonArray("edata");
    String chat = entries.getJsonObject(0).getString("buid");
    assertThat(chat).endsWith(";");
    String gid = chat.substring(0, chat.length() - 1);
    alice.call("im", "invite_to_group", args.copy().put("gid", gid).put("iproto", "prpl-skype")
        .put("iuid", "alice").put("ibuid", "bob"));
    JsonObject invited = await(bob.poll());
    JsonArray roster = data(invited, 0).getJsonArray("edata");
    assertThat(roster.getJsonObject(0).getString("buid")).isEqualTo(chat);
    assertThat(roster.getJsonObject(2).getString("buid")).isEqualTo(gid + ";bob;prpl-skype");
    assertThat(roster.getJsonObject(2).getString("inviter")).isEqualTo("alice");

    alice.sendIm(chat, "who's in?", 3);
    JsonObject edata = data(await(bob.poll()), 0).getJsonObject("edata");
    assertThat(edata.getString("buid")).isEqualTo(chat);
    assertThat(edata.getString("author")).isEqualTo("alice");
    assertThat(edata.getString("msg")).isEqualTo("who's in?");
  }
}
