package net.imo2sproxy.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
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
 * Every client-to-server method of docs/imo-protocol.md §9 through the real {@link ImoClient}
 * against the simulator over HTTP: the exact target system and arguments (as the simulator logged
 * them), and the server's reaction where it has one.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ImoClientMethodsTest {

  private ImoTestSupport t;
  private ImoTestSupport.Client alice;
  private String ssid;

  @BeforeEach
  void start(Vertx vertx) {
    t = new ImoTestSupport(vertx);
    alice = t.loggedIn("alice", "alice-pw");
    alice.next("im", "buddy_added"); // the roster of the login
    ssid = alice.session.ssid();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /** The single logged request of {@code method}: its system and exact argument JSON. */
  private JsonObject sent(String method, String system, String args) {
    List<JsonObject> log = t.requests(method);
    assertThat(log).as(method).hasSize(1);
    JsonObject entry = log.get(0);
    assertThat(entry.getString("system")).isEqualTo(system);
    assertThat(entry.getString("result")).isEqualTo("processed");
    assertThat(entry.getString("ssid")).isEqualTo(ssid);
    assertThat(entry.getJsonObject("data").encode()).isEqualTo(args.replace("SSID", ssid));
    return entry;
  }

  private static String base(String ssid) {
    return "{\"ssid\":\"" + ssid + "\",\"uid\":\"alice\",\"proto\":\"prpl-skype\"";
  }

  @Test
  void loginSendsTheSequenceOfSpec71WithExactArgumentsAndSeqs() {
    JsonObject login = sent("account_login", "im", "{\"uid\":\"alice\",\"proto\":\"prpl-skype\","
        + "\"passwd\":\"***\",\"captcha\":null,\"ssid\":\"SSID\"}");
    assertThat(login.getLong("seq")).isZero();
    assertThat(login.getLong("ack")).isZero();
    JsonObject unread = sent("get_unread_msgs", "im", base("SSID") + "}");
    assertThat(unread.getLong("seq")).isEqualTo(1);
    // the login answer carried signed_on, buddy_added and buddy_icon with seqs 0..2
    assertThat(unread.getLong("ack")).isEqualTo(3);
    assertThat(sent("get_alpha_for_user", "alpha", base("SSID") + "}").getLong("seq"))
        .isEqualTo(2);
    JsonObject bootstrap = t.requests("get_cookie_and_ssid").get(0);
    assertThat(bootstrap.getString("http")).isEqualTo("rest_rpc");
    assertThat(bootstrap.getString("system")).isEqualTo("session");
    assertThat(bootstrap.getJsonObject("data").fieldNames())
        .containsExactly("ssid", "kind", "version");
    assertThat(ssid).hasSize(17).isNotEqualTo(bootstrap.getJsonObject("data").getString("ssid"));
  }

  @Test
  void firstPollIterationSendsTheKeepAlive() {
    alice.call(s -> io.vertx.core.Future.succeededFuture());
    awaitLogged("observed_user_activity", 1);
    sent("observed_user_activity", "session", "{\"ssid\":\"SSID\"}");
  }

  @Test
  void keepAliveRepeatsAtTheConfiguredInterval() {
    ImoTestSupport.Client quick = t.client("bob",
        t.options().withKeepAliveInterval(Duration.ofMillis(150)));
    t.on(() -> quick.session.bootstrap().compose(v -> quick.session.login("bob-pw")));
    String bobSsid = quick.session.ssid();
    awaitLogged("observed_user_activity", 3);
    assertThat(t.requests("observed_user_activity").stream()
        .filter(e -> bobSsid.equals(e.getString("ssid"))).count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void sendImCarriesRequestIdsFromZeroAndIsAcknowledged() {
    int first = alice.call(s -> s.sendIm("bob", "Grüße!"));
    assertThat(first).isZero();
    JsonObject entry = sent("send_im", "im", base("SSID") + ",\"buid\":\"bob\",\"msg\":\"Grüße!\"}");
    assertThat(entry.getLong("requestId")).isZero();
    JsonObject ack = alice.next("internal", null);
    assertThat(ack.getJsonObject("data").getInteger("request_id")).isZero();
    assertThat(ack.getJsonObject("data").getJsonObject("response").getLong("timestamp"))
        .isPositive();
    int second = alice.call(s -> s.sendIm("bob", "again"));
    assertThat(second).isEqualTo(1);
  }

  @Test
  void imTypingUsesTheOriginalKeyOrder() {
    alice.call(s -> s.imTyping("bob", "typing"));
    sent("im_typing", "im", "{\"uid\":\"alice\",\"proto\":\"prpl-skype\",\"ssid\":\"SSID\","
        + "\"buid\":\"bob\",\"typing_state\":\"typing\"}");
  }

  @Test
  void setStatusGoesToSessionWithMoodText() {
    alice.call(s -> s.setStatus("away", "at lunch"));
    sent("set_status", "session", "{\"ssid\":\"SSID\",\"ad\":\"\",\"primitive\":\"away\","
        + "\"status\":\"at lunch\",\"auto_away\":false}");
  }

  @Test
  void addBuddyAlwaysSendsGroupOfflineAndGetsBuddyAdded() {
    alice.call(s -> s.addBuddy("carol"));
    sent("add_buddy", "im", base("SSID") + ",\"buid\":\"carol\",\"group\":\"Offline\"}");
    JsonObject added = alice.next("im", "buddy_added");
    assertThat(added.getJsonObject("data").getJsonArray("edata").getJsonObject(0)
        .getString("buid")).isEqualTo("carol");
  }

  @Test
  void delBuddySendsTheGroupTheContactArrivedWith() {
    alice.call(s -> s.delBuddy("bob", "Skype"));
    sent("del_buddy", "im", base("SSID") + ",\"buid\":\"bob\",\"group\":\"Skype\"}");
    JsonObject removed = alice.next("im", "buddy_removed");
    assertThat(removed.getJsonObject("data").getJsonArray("edata").getJsonObject(0)
        .getString("buid")).isEqualTo("bob");
  }

  @Test
  void blockAndUnblockBuddy() {
    alice.call(s -> s.blockBuddy("bob"));
    sent("block_buddy", "im", base("SSID") + ",\"buid\":\"bob\"}");
    alice.call(s -> s.unblockBuddy("bob"));
    sent("unblock_buddy", "im", base("SSID") + ",\"buid\":\"bob\"}");
  }

  @Test
  void authAddAnswersAPendingRequest() {
    t.on(() -> t.simulator.admin("auth-request",
        new JsonObject().put("to", "alice").put("from", "carol").put("msg", "hi")));
    alice.next("im", "buddy_request");
    alice.call(s -> s.authAdd("carol"));
    sent("auth_add", "im", base("SSID") + ",\"buid\":\"carol\"}");
    assertThat(pendingOf("alice")).isEmpty();
  }

  @Test
  void authDenyAnswersAPendingRequest() {
    t.on(() -> t.simulator.admin("auth-request",
        new JsonObject().put("to", "alice").put("from", "carol")));
    alice.next("im", "buddy_request");
    alice.call(s -> s.authDeny("carol"));
    sent("auth_deny", "im", base("SSID") + ",\"buid\":\"carol\"}");
    assertThat(pendingOf("alice")).isEmpty();
  }

  @Test
  void authBlockAnswersAndBlocks() {
    t.on(() -> t.simulator.admin("auth-request",
        new JsonObject().put("to", "alice").put("from", "carol")));
    alice.next("im", "buddy_request");
    alice.call(s -> s.authBlock("carol"));
    sent("auth_block", "im", base("SSID") + ",\"buid\":\"carol\"}");
    JsonObject account = account("alice");
    assertThat(account.getJsonArray("pending")).isEmpty();
    assertThat(account.getJsonArray("blocked")).contains("carol");
  }

  @Test
  void changeBuddyAliasGetsBuddyStatusWithTheNewAlias() {
    alice.call(s -> s.changeBuddyAlias("bob", "Bobby"));
    sent("change_buddy_alias", "im", base("SSID") + ",\"buid\":\"bob\",\"alias\":\"Bobby\"}");
    assertThat(alice.next("im", "buddy_status").getJsonObject("data").getJsonArray("edata")
        .getJsonObject(0).getString("alias")).isEqualTo("Bobby");
  }

  @Test
  void startAudioChatGoesToAvAndGetsStreamsInfo() {
    alice.call(s -> s.startAudioChat("bob"));
    sent("start_audio_chat", "av", base("SSID") + ",\"buid\":\"bob\"}");
    JsonObject info = alice.next("av", "streams_info");
    assertThat(info.getJsonObject("data").getString("type")).isEqualTo("call");
    assertThat(info.getJsonObject("data").getJsonObject("edata").getBoolean("is_initiator"))
        .isTrue();
  }

  @Test
  void getUnreadMsgsDeliversStoredMessages() {
    t.on(() -> t.simulator.inject("bob", "alice", "Alice", "while you were away"));
    ImoTestSupport.Client bob = t.client("bob");
    t.on(() -> bob.session.bootstrap().compose(v -> bob.session.login("bob-pw")));
    JsonObject message = bob.next("im", "recv_im");
    assertThat(message.getJsonObject("data").getJsonObject("edata").getString("msg"))
        .isEqualTo("while you were away");
    bob.call(ImoClient::getUnreadMsgs);
    assertThat(t.requests("get_unread_msgs")).hasSize(3);
  }

  @Test
  void getAlphaForUserGoesToAlpha() {
    t.simulator.clearRequests();
    alice.call(ImoClient::getAlphaForUser);
    sent("get_alpha_for_user", "alpha", base("SSID") + "}");
  }

  @Test
  void groupChatMethodsUseTheBuidFormsOfSpec11() {
    alice.call(s -> s.createSharedGroup("1342598400"));
    sent("create_shared_group", "im",
        base("SSID") + ",\"is_native\":false,\"name\":\"1342598400\"}");
    String chat = chatEntry(alice.next("im", "buddy_added"));
    String gid = chat.substring(0, chat.length() - 1);

    alice.call(s -> s.inviteToGroup(chat, "bob"));
    sent("invite_to_group", "im", base("SSID") + ",\"gid\":\"" + gid
        + "\",\"iproto\":\"prpl-skype\",\"iuid\":\"alice\",\"ibuid\":\"bob\"}");
    JsonObject member = alice.next("im", "buddy_added").getJsonObject("data")
        .getJsonArray("edata").getJsonObject(0);
    assertThat(member.getString("buid")).isEqualTo(gid + ";bob;prpl-skype");
    assertThat(member.getString("group")).isEqualTo(gid);
    assertThat(member.getString("inviter")).isEqualTo("alice");

    alice.call(s -> s.setGroupTopic(chat, "Friday beers"));
    sent("set_group_topic", "im", base("SSID") + ",\"gid\":\"" + gid
        + "\",\"topic\":\"Friday beers\"}");
    assertThat(alice.next("im", "buddy_status").getJsonObject("data").getJsonArray("edata")
        .getJsonObject(0).getString("display")).isEqualTo("Friday beers");

    alice.call(s -> s.kickMember(chat, "bob"));
    sent("kick_member", "im", base("SSID") + ",\"buid\":\"" + gid + ";bob;prpl-skype\"}");
    assertThat(alice.next("im", "buddy_removed").getJsonObject("data").getJsonArray("edata")
        .getJsonObject(0).getString("buid")).isEqualTo(gid + ";bob;prpl-skype");

    alice.call(s -> s.leaveGroup(gid));
    sent("leave_group", "im", base("SSID") + ",\"gid\":\"" + gid + "\"}");
  }

  @Test
  void createSharedGroupNamesTheChatAfterTheTimeByDefault() {
    long before = System.currentTimeMillis() / 1000;
    alice.call(s -> s.createSharedGroup(null));
    long name = Long.parseLong(t.requests("create_shared_group").get(0).getJsonObject("data")
        .getString("name"));
    assertThat(name).isBetween(before, before + 5);
  }

  @Test
  void preferenceSetTurnsAutoAwayOffWithoutSsid() {
    alice.call(ImoClient::disableAutoAway);
    sent("set", "preference", "{\"accounts\":[{\"uid\":\"alice\",\"proto\":\"prpl-skype\"}],"
        + "\"preferences\":[{\"kind\":\"impref\",\"pref\":\"auto_away\",\"value\":false}]}");
  }

  @Test
  void reuiSessionGoesToSession() {
    alice.call(ImoClient::reuiSession);
    sent("reui_session", "session", "{\"ssid\":\"SSID\"}");
  }

  @Test
  void echoIsAnHttpMethodWithoutEnvelope() {
    alice.call(ImoClient::echo);
    List<JsonObject> log = t.simulator.requests().stream()
        .filter(e -> "echo".equals(e.getString("http"))).toList();
    assertThat(log).hasSize(1);
    assertThat(log.get(0).getString("http")).isEqualTo("echo");
    assertThat(log.get(0).getJsonObject("data").fieldNames()).containsExactly("t");
    assertThat(Long.parseLong(log.get(0).getJsonObject("data").getString("t")))
        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
  }

  @Test
  void avatarsAreFetchedFromTheIconIdOfBuddyIcon() {
    JsonObject icons = alice.next("im", "buddy_icon");
    String icon = icons.getJsonObject("data").getJsonArray("edata").getJsonObject(0)
        .getString("icon");
    Buffer jpeg = alice.call(s -> s.fetchAvatar(icon));
    assertThat(jpeg.getByte(0) & 0xff).isEqualTo(0xFF);
    assertThat(jpeg.getByte(1) & 0xff).isEqualTo(0xD8);
    assertThatThrownBy(() -> alice.call(s -> s.fetchAvatar("no-such-icon")))
        .hasMessageContaining("404");
  }

  @Test
  void signOffEndsTheServerSession() {
    alice.call(ImoClient::signOff);
    sent("signoff_all", "session", "{\"ssid\":\"SSID\"}");
    assertThat(t.on(t.simulator::sessions)).isEmpty();
    assertThatThrownBy(() -> alice.call(s -> s.sendIm("bob", "too late")))
        .hasMessageContaining("closed");
  }

  @Test
  void gidCutsAChatNameAtItsLastSemicolon() {
    assertThat(ImoClient.gid("c0ffee42aa17;")).isEqualTo("c0ffee42aa17");
    assertThat(ImoClient.gid("c0ffee42aa17")).isEqualTo("c0ffee42aa17");
  }

  // ------------------------------------------------------------------ helpers

  private static String chatEntry(JsonObject buddyAdded) {
    JsonArray entries = buddyAdded.getJsonObject("data").getJsonArray("edata");
    for (Object o : entries) {
      JsonObject e = (JsonObject) o;
      if (e.containsKey("type")) {
        return e.getString("buid");
      }
    }
    throw new AssertionError("no chat entry in " + entries);
  }

  private JsonObject account(String uid) {
    for (Object o : t.on(t.simulator::accounts)) {
      if (uid.equals(((JsonObject) o).getString("uid"))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no account " + uid);
  }

  private JsonArray pendingOf(String uid) {
    return account(uid).getJsonArray("pending");
  }

  /** Waits until the simulator logged {@code count} requests of {@code method}. */
  private void awaitLogged(String method, int count) {
    Await.until(count + " " + method + " logged", Duration.ofSeconds(5),
        () -> t.requests(method).size() >= count);
  }
}
