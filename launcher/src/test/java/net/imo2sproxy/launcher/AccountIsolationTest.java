package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.endpoint.SkypeProxyEndpointVerticle;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.ImoGatewayVerticle;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Isolation between accounts sharing one endpoint and one gateway: alice has a private life with
 * carol (an unread message, a dialog both ways, a group chat with a topic, a call); bob, logged
 * in through the same endpoint and gateway, aims every verb of the command table (CommandTable)
 * at alice's objects and at guessed ids. He gets only ERRORs, echoes of his own input or his own
 * public data; alice's and carol's sessions see no change and no notification from it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class AccountIsolationTest {

  private static final String SECRET = "SECRET-" + UUID.randomUUID();
  private static final List<String> MESSAGE_PROPERTIES = List.of("TIMESTAMP", "FROM_HANDLE",
      "PARTNER_HANDLE", "FROM_DISPNAME", "PARTNER_DISPNAME", "TYPE", "STATUS", "FAILUREREASON",
      "BODY", "CHATNAME", "USERS", "EDITED_BY", "EDITED_TIMESTAMP", "IS_EDITABLE", "ROLE", "BLOB");
  private static final List<String> CHAT_PROPERTIES = List.of("NAME", "STATUS", "TYPE", "ADDER",
      "MYROLE", "MYSTATUS", "TIMESTAMP", "TOPIC", "FRIENDLYNAME", "MEMBERS", "ACTIVEMEMBERS",
      "POSTERS", "MEMBEROBJECTS", "BLOB");
  private static final List<String> USER_PROPERTIES = List.of("HANDLE", "FULLNAME",
      "DISPLAYNAME", "ONLINESTATUS", "MOOD_TEXT", "RICH_MOOD_TEXT", "BUDDYSTATUS",
      "ISAUTHORIZED", "ISBLOCKED", "RECEIVEDAUTHREQUEST", "HASCALLEQUIPMENT", "SEX", "BIRTHDAY",
      "LASTONLINETIMESTAMP", "ABOUT", "PHONE_MOBILE", "ALIASES");
  private static final List<String> CALL_PROPERTIES = List.of("TIMESTAMP", "PARTNER_HANDLE",
      "PARTNER_DISPNAME", "TYPE", "STATUS", "DURATION", "FAILUREREASON");

  private Vertx vertx;
  private Context context;
  private int port;
  private int attempts;

  @BeforeEach
  void startBridge() throws Exception {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    JsonObject world = new JsonObject().put("echoBot", false).put("accounts", new JsonArray()
        .add(account("alice", "bob", "carol").put("unread", new JsonArray().add(new JsonObject()
            .put("from", "carol").put("alias", "Carol").put("msg", SECRET + " unread")
            .put("timestamp", 1342598460))))
        .add(account("bob", "alice"))
        .add(account("carol", "alice")));
    ImoSimulator simulator = on(() -> ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
        .setHoldTime(Duration.ofSeconds(5)).setWorld(SimulatorWorld.load(world))));
    on(() -> vertx.deployVerticle(new ImoGatewayVerticle(
        new JsonObject().put(GatewayOptions.IMO_URL, simulator.baseUrl()))));
    SkypeProxyEndpointVerticle endpoint = new SkypeProxyEndpointVerticle(
        new EndpointOptions().setHost("127.0.0.1").setPort(0));
    on(() -> vertx.deployVerticle(endpoint));
    port = endpoint.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static JsonObject account(String uid, String... buddies) {
    return new JsonObject().put("uid", uid).put("password", uid + "-pw")
        .put("alias", uid.substring(0, 1).toUpperCase() + uid.substring(1))
        .put("buddies", new JsonArray(List.of((Object[]) buddies)));
  }

  @Test
  void bobCannotReachAlicesChatsMessagesContactsOrCalls() throws Exception {
    SkypeProxyTestClient alice = on(() -> ChatScenarios.login(vertx, port, "alice:alice-pw"));
    SkypeProxyTestClient carol = on(() -> ChatScenarios.login(vertx, port, "carol:carol-pw"));
    on(() -> alice.await("USER carol ONLINESTATUS ONLINE"));

    // alice's private objects: the unread message, a dialog both ways, a group chat, a call.
    String unread = missed(alice, 1).get(0);
    String sent = id(ask(alice, "MESSAGE carol " + SECRET + " to carol", "CHATMESSAGE"));
    on(() -> alice.await("CHATMESSAGE " + sent + " STATUS SENT"));
    ask(carol, "MESSAGE alice " + SECRET + " to alice", "CHATMESSAGE");
    String received = missed(alice, 2).get(1);
    String dialog = ask(alice, "GET CHATMESSAGE " + sent + " CHATNAME", "CHATMESSAGE " + sent)
        .substring(("CHATMESSAGE " + sent + " CHATNAME ").length());
    String group = ask(alice, "CHAT CREATE", l -> l.startsWith("CHAT ") && l.contains(" STATUS "))
        .split(" ")[1];
    assertThat(ask(alice, "ALTER CHAT " + group + " ADDMEMBERS carol", "ALTER CHAT"))
        .isEqualTo("ALTER CHAT ADDMEMBERS");
    assertThat(ask(alice, "ALTER CHAT " + group + " SETTOPIC " + SECRET + " topic", "ALTER CHAT"))
        .endsWith("SETTOPIC");
    String call = id(ask(alice, "CALL carol", "CALL "));
    List<String> messageIds = List.of(unread, sent, received);
    Map<String, String> aliceBefore = snapshot(alice, messageIds, group, call);
    assertThat(aliceBefore.values()).anyMatch(v -> v.contains(SECRET));

    SkypeProxyTestClient bob = on(() -> ChatScenarios.login(vertx, port, "bob:bob-pw"));
    on(() -> alice.await("USER bob ONLINESTATUS ONLINE"));
    int aliceMark = alice.lines().size();
    int carolMark = carol.lines().size();

    // Ids come from one counter per gateway: alice's, their neighbours (carol's) and guesses.
    long low = messageIds.stream().mapToLong(Long::parseLong).min().orElseThrow() - 2;
    long high = messageIds.stream().mapToLong(Long::parseLong).max().orElseThrow() + 2;
    assertThat(high - low).isLessThan(50);
    List<String> ids = new ArrayList<>(List.of("-1", "0", "1", "99999999999", "abc", "1;1", call));
    for (long n = low; n <= high; n++) {
      ids.add(Long.toString(n));
    }
    List<String> chats = List.of(group, dialog, dialog.replace("#alice/", "#ALICE/"),
        "#carol/$alice", "#alice/$carol");

    // Messages: every property, marking as seen, both keywords, every id alice has and more.
    for (String id : ids) {
      for (String keyword : List.of("CHATMESSAGE", "MESSAGE")) {
        for (String property : MESSAGE_PROPERTIES) {
          expectError(bob, "GET " + keyword + " " + id + " " + property, keyword + " " + id);
        }
        expectError(bob, "SET " + keyword + " " + id + " SEEN", keyword + " " + id);
        expectError(bob, "SET " + keyword + " " + id + " BODY rewritten", keyword + " " + id);
      }
      // Chat member objects and calls share the id space of guesses.
      expectError(bob, "GET CHATMEMBER " + id + " IDENTITY", "CHATMEMBER " + id);
      for (String property : CALL_PROPERTIES) {
        expectError(bob, "GET CALL " + id + " " + property, "CALL " + id);
      }
      expectError(bob, "SET CALL " + id + " STATUS FINISHED", "CALL " + id);
      expectError(bob, "SET CALL " + id + " STATUS ONHOLD", "CALL " + id);
    }
    // Chats: alice's group and dialog by their exact names, and forged dialog names.
    for (String chat : chats) {
      for (String property : CHAT_PROPERTIES) {
        String reply = attempt(bob, "GET CHAT " + chat + " " + property, "CHAT " + chat);
        if (chat.equals(group) || chat.startsWith("#alice/") || chat.startsWith("#ALICE/")
            || chat.startsWith("#carol/")) {
          assertThat(reply).as("GET CHAT %s %s", chat, property).startsWith("ERROR ");
        }
      }
      for (String alter : List.of("SETTOPIC hijacked", "ADDMEMBERS bob", "KICK carol", "LEAVE")) {
        expectError(bob, "ALTER CHAT " + chat + " " + alter, "ALTER CHAT");
      }
      expectError(bob, "CHATMESSAGE " + chat + " injected", "CHATMESSAGE");
      expectError(bob, "MESSAGE " + chat + " injected", "CHATMESSAGE");
    }
    // Contacts that are alice's only: carol's properties, avatar, roster changes, messages, calls.
    for (String property : USER_PROPERTIES) {
      String reply = attempt(bob, "GET USER carol " + property, "USER carol");
      assertThat(reply).as("GET USER carol %s", property).isIn("ERROR 26 Invalid user handle",
          "USER carol BUDDYSTATUS 0");
    }
    expectError(bob, "GET USER carol AVATAR 1 /tmp/carol.jpg", "USER carol");
    for (String set : List.of("BUDDYSTATUS 1", "ISAUTHORIZED TRUE", "ISAUTHORIZED FALSE",
        "ISBLOCKED TRUE", "ISBLOCKED FALSE")) {
      expectError(bob, "SET USER carol " + set, "USER carol");
    }
    expectError(bob, "SET USER alice BUDDYSTATUS 9", "USER alice");
    expectError(bob, "MESSAGE carol hello", "CHATMESSAGE");
    expectError(bob, "CHATMESSAGE carol hello", "CHATMESSAGE");
    expectError(bob, "CALL carol", "CALL");
    expectError(bob, "CHAT CREATE carol", "CHAT");
    expectError(bob, "ALTER APPLICATION libpurple_typing CONNECT carol", "ALTER APPLICATION");
    expectError(bob, "ALTER APPLICATION libpurple_typing DATAGRAM carol:1 PURPLE_TYPING",
        "ALTER APPLICATION");
    // alice herself, bob's contact: only what a contact may see.
    for (String property : USER_PROPERTIES) {
      attempt(bob, "GET USER alice " + property, "USER alice");
    }
    // Searches and the verbs without object ids answer from bob's own session.
    assertThat(attempt(bob, "SEARCH FRIENDS", "USERS")).isEqualTo("USERS alice");
    assertThat(attempt(bob, "SEARCH CHATS", "CHATS")).doesNotContain("alice", "carol", group);
    assertThat(attempt(bob, "SEARCH RECENTCHATS", "CHATS")).doesNotContain("alice", "carol", group);
    assertThat(attempt(bob, "SEARCH MISSEDCHATMESSAGES", "CHATMESSAGES")).isIn("CHATMESSAGES",
        "CHATMESSAGES ");
    assertThat(attempt(bob, "SEARCH MISSEDMESSAGES", "MESSAGES")).isIn("MESSAGES", "MESSAGES ");
    assertThat(attempt(bob, "SEARCH ACTIVECALLS", "CALLS")).isIn("CALLS", "CALLS ");
    assertThat(attempt(bob, "SEARCH USERSWAITINGMYAUTHORIZATION", "USERS"))
        .doesNotContain("carol");
    attempt(bob, "SEARCH USERS carol", "USERS");
    assertThat(attempt(bob, "GET CURRENTUSERHANDLE", "CURRENTUSERHANDLE"))
        .isEqualTo("CURRENTUSERHANDLE bob");
    for (String own : List.of("GET USERSTATUS", "GET CONNSTATUS", "GET SKYPEVERSION",
        "GET PRIVILEGE SKYPEOUT", "NAME isolation-test", "PROTOCOL 7", "OPEN IM carol",
        "OPEN CHAT " + group, "CREATE APPLICATION libpurple_typing",
        "DELETE APPLICATION libpurple_typing", "GET BOGUS", "SET BOGUS 1", "ALTER BOGUS",
        "SEARCH BOGUS", "BOGUS", "SEARCH GROUPS", "GET GROUP 48 USERS",
        "ALTER GROUP 48 ADDUSER carol", "SET GROUP 48 DISPLAYNAME x", "CREATE GROUP x",
        "DELETE GROUP 48")) {
      attempt(bob, own, l -> true);
    }

    // Nothing of alice's leaked to bob, in replies or notifications.
    on(() -> bob.ask("PING", "PONG"));
    assertThat(bob.lines()).noneMatch(l -> l.contains(SECRET));
    assertThat(bob.lines()).noneMatch(l -> l.contains("carol") && !l.startsWith("OPEN ")
        && !l.startsWith("USER carol BUDDYSTATUS 0") && !l.startsWith("USERS"));
    // alice's and carol's sessions: no notification caused by bob, and nothing changed.
    on(() -> alice.ask("PING", "PONG"));
    on(() -> carol.ask("PING", "PONG"));
    assertThat(alice.lines().subList(aliceMark, alice.lines().size()))
        .allMatch(l -> l.equals("PONG") || l.startsWith("USER bob ")
            // bob's log-in changes the online count of alice's group that holds him
            || l.startsWith("GROUP 48 NROFUSERS_ONLINE "));
    assertThat(carol.lines().subList(carolMark, carol.lines().size())).containsExactly("PONG");
    assertThat(snapshot(alice, messageIds, group, call)).isEqualTo(aliceBefore);

    // Passwords: another account's session is not joined with a wrong or someone else's password.
    for (String password : List.of("alice:bob-pw", "ALICE:alice-PW", "carol:alice-pw")) {
      SkypeProxyTestClient intruder = on(() -> SkypeProxyTestClient.connect(vertx, port));
      assertThat(on(() -> intruder.authenticate(password))).as(password).isZero();
    }
    assertThat(attempts).isGreaterThan(500);
  }

  /** What alice can read about her own objects; compared before and after bob's attempts. */
  private Map<String, String> snapshot(SkypeProxyTestClient alice, List<String> messageIds,
      String group, String call) throws Exception {
    Map<String, String> state = new LinkedHashMap<>();
    for (String id : messageIds) {
      for (String property : List.of("STATUS", "BODY", "CHATNAME")) {
        String command = "GET CHATMESSAGE " + id + " " + property;
        state.put(command, ask(alice, command, "CHATMESSAGE " + id + " " + property));
      }
    }
    for (String property : List.of("TOPIC", "MEMBERS", "STATUS")) {
      String command = "GET CHAT " + group + " " + property;
      state.put(command, ask(alice, command, "CHAT " + group + " " + property));
    }
    state.put("call", ask(alice, "GET CALL " + call + " STATUS", "CALL " + call));
    for (String search : List.of("SEARCH FRIENDS", "SEARCH MISSEDCHATMESSAGES",
        "SEARCH ACTIVECALLS", "SEARCH CHATS")) {
      state.put(search, ask(alice, search, l -> !l.startsWith("USER ") && !l.startsWith("CALL ")
          && !l.startsWith("CHATMESSAGE ") && !l.startsWith("CHAT ")));
    }
    return state;
  }

  /** alice's unread message ids, once there are {@code count} of them. */
  private List<String> missed(SkypeProxyTestClient client, int count) throws Exception {
    return Await.value("alice's " + count + " unread messages", Duration.ofSeconds(30), () -> {
      String reply = ask(client, "SEARCH MISSEDCHATMESSAGES", "CHATMESSAGES");
      return List.of(reply.substring("CHATMESSAGES".length()).trim().split("[, ]+"))
          .stream().filter(x -> !x.isEmpty()).toList();
    }, found -> found.size() >= count);
  }

  private void expectError(SkypeProxyTestClient client, String command, String replyPrefix)
      throws Exception {
    assertThat(attempt(client, command, replyPrefix)).as(command).startsWith("ERROR ");
  }

  /** Sends the command; the reply is the next ERROR or line starting with the prefix. */
  private String attempt(SkypeProxyTestClient client, String command, String replyPrefix)
      throws Exception {
    return attempt(client, command, l -> l.startsWith(replyPrefix));
  }

  private String attempt(SkypeProxyTestClient client, String command, Predicate<String> reply)
      throws Exception {
    attempts++;
    String line = ask(client, command, l -> l.startsWith("ERROR ") || reply.test(l));
    assertThat(line).as(command).doesNotContain(SECRET);
    return line;
  }

  private String ask(SkypeProxyTestClient client, String command, String prefix) throws Exception {
    return ask(client, command, l -> l.startsWith(prefix));
  }

  private String ask(SkypeProxyTestClient client, String command, Predicate<String> reply)
      throws Exception {
    return on(() -> client.ask(command, reply));
  }

  private static String id(String line) {
    return line.split(" ")[1];
  }

  /** Runs on the test's Vert.x context (the clients are not thread-safe) and waits. */
  private <T> T on(Supplier<Future<T>> action) throws Exception {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
