package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden transcripts of bitlbee's Skype plugin scenarios (msg, groupchat-invite,
 * groupchat-invited, groupchat-leave, groupchat-topic, groupchat-msg), written from what real
 * Skype answered there, with alice at the PROTOCOL level the client asks for (5 as bitlbee,
 * 7, and 8, which is granted as 7). Where imo.im cannot do what Skype did the transcript
 * follows the bridge's documented form (docs/skype-api-emulation.md §4.12, §13):
 * <ul>
 *   <li>a dialog cannot become a group: {@code ALTER CHAT <dialog> ADDMEMBERS} makes a new group
 *       (named {@code <gid>;}, told by {@code CHAT <gid>; STATUS MULTI_SUBSCRIBED}) where Skype
 *       kept the dialog's name;</li>
 *   <li>group chats are named by imo.im's gid, not {@code #<creator>/$<member>;<hash>};</li>
 *   <li>Skype's burst of dialog properties after a first message (NAME, MEMBERS, ...) is not
 *       sent: clients ask for them.</li>
 * </ul>
 * The world: alice, bob and cecil, each a contact of the others, and the echo bot.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class BitlbeeChatTranscriptTest {

  private static final String ALICE_BOB = "#alice/$bob;1cb15457d1ddab60";

  private int port;

  @BeforeEach
  void startBridge(Vertx vertx, VertxTestContext ctx) {
    JsonObject world = new JsonObject().put("accounts", new JsonArray()
        .add(account("alice", "bob", "cecil"))
        .add(account("bob", "alice", "cecil"))
        .add(account("cecil", "alice", "bob")));
    WorldBridge.start(vertx, world).onComplete(ctx.succeeding(bridgePort -> {
      port = bridgePort;
      ctx.completeNow();
    }));
  }

  private static JsonObject account(String uid, String... buddies) {
    return new JsonObject().put("uid", uid).put("password", uid + "-pw")
        .put("alias", uid.substring(0, 1).toUpperCase() + uid.substring(1))
        .put("buddies", new JsonArray(List.of((Object[]) buddies)));
  }

  /** A client of {@code user} whose roster (the echo bot last) has arrived. */
  private Future<SkypeProxyTestClient> login(Vertx vertx, String user) {
    return ChatScenarios.login(vertx, port, user + ":" + user + "-pw")
        .compose(client -> client.await("USER echo123 ONLINESTATUS ONLINE").map(client));
  }

  /** bitlbee's start-up: the level asked for, friends, status, the contacts it shows. */
  private static Transcript startUp(int level) {
    return new Transcript()
        .step("PROTOCOL " + level, "PROTOCOL " + Math.min(level, 7))
        .step("SEARCH FRIENDS", "USERS bob, cecil, echo123")
        .step("SET USERSTATUS ONLINE", "USERSTATUS ONLINE")
        .step("GET USER echo123 ONLINESTATUS", "USER echo123 ONLINESTATUS ONLINE")
        .step("GET USER echo123 FULLNAME", "USER echo123 FULLNAME Echo Test Service")
        .step("GET USER bob FULLNAME", "USER bob FULLNAME Bob")
        .step("GET USER cecil FULLNAME", "USER cecil FULLNAME Cecil");
  }

  private static long received(SkypeProxyTestClient client) {
    return client.lines().stream().filter(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED"))
        .count();
  }

  /** msg: alice writes bob, bob answers; both see the one dialog name. */
  @ParameterizedTest
  @ValueSource(ints = {5, 7, 8})
  void msg(int level, Vertx vertx, VertxTestContext ctx) {
    Map<String, String> values = new ConcurrentHashMap<>();
    login(vertx, "alice").compose(alice -> login(vertx, "bob").compose(bob ->
        alice.await("USER bob ONLINESTATUS ONLINE")
            .compose(v -> startUp(level)
                .step("GET USER bob ONLINESTATUS", "USER bob ONLINESTATUS ONLINE")
                .step("MESSAGE bob foo", "CHATMESSAGE {out=} STATUS SENDING")
                .notification("CHATMESSAGE {out} STATUS SENT")
                .step("GET CHATMESSAGE {out} CHATNAME", "CHATMESSAGE {out} CHATNAME " + ALICE_BOB)
                .step("GET CHAT " + ALICE_BOB + " STATUS", "CHAT " + ALICE_BOB + " STATUS DIALOG")
                .step("GET CHAT " + ALICE_BOB + " DIALOG_PARTNER",
                    "CHAT " + ALICE_BOB + " DIALOG_PARTNER bob")
                .step("GET CHAT " + ALICE_BOB + " MEMBERS", "CHAT " + ALICE_BOB + " MEMBERS alice bob")
                .run(values, alice))
            // bob's side names the dialog alike and answers in it
            .compose(v -> new Transcript()
                .notification("CHATMESSAGE {bin=} STATUS RECEIVED")
                .step("GET CHATMESSAGE {bin} CHATNAME", "CHATMESSAGE {bin} CHATNAME " + ALICE_BOB)
                .step("CHATMESSAGE " + ALICE_BOB + " bar", "CHATMESSAGE {bout=} STATUS SENDING")
                .run(values, bob))
            .compose(v -> new Transcript()
                .notification("CHATMESSAGE {in=} STATUS RECEIVED")
                .step("GET CHATMESSAGE {in} FROM_HANDLE", "CHATMESSAGE {in} FROM_HANDLE bob")
                .step("GET CHATMESSAGE {in} BODY", "CHATMESSAGE {in} BODY bar")
                .step("GET CHATMESSAGE {in} TYPE", "CHATMESSAGE {in} TYPE SAID")
                .step("GET CHATMESSAGE {in} CHATNAME", "CHATMESSAGE {in} CHATNAME " + ALICE_BOB)
                .run(values, alice))
            .compose(v -> alice.closeAsync()).compose(v -> bob.closeAsync())))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * groupchat-invite: alice opens the dialog with bob and adds cecil. Skype kept the dialog's
   * name; here the new group is announced under its own name.
   */
  @ParameterizedTest
  @ValueSource(ints = {5, 7, 8})
  void groupchatInvite(int level, Vertx vertx, VertxTestContext ctx) {
    Map<String, String> values = new ConcurrentHashMap<>();
    login(vertx, "alice").compose(alice -> login(vertx, "bob").compose(bob ->
        startUp(level)
            .step("CHAT CREATE bob", "CHAT " + ALICE_BOB + " STATUS DIALOG")
            .step("GET CHAT " + ALICE_BOB + " ADDER", "CHAT " + ALICE_BOB + " ADDER ")
            .step("GET CHAT " + ALICE_BOB + " TOPIC", "CHAT " + ALICE_BOB + " TOPIC ")
            .step("GET CHAT " + ALICE_BOB + " ACTIVEMEMBERS",
                "CHAT " + ALICE_BOB + " ACTIVEMEMBERS alice bob")
            .step("ALTER CHAT " + ALICE_BOB + " ADDMEMBERS cecil", "ALTER CHAT ADDMEMBERS")
            .notification("CHAT {chat:} STATUS MULTI_SUBSCRIBED")
            .notification("CHAT {chat} MEMBERS alice bob cecil")
            .step("GET CHAT {chat} ADDER", "CHAT {chat} ADDER ")
            .step("GET CHAT {chat} TOPIC", "CHAT {chat} TOPIC ")
            .step("GET CHAT {chat} STATUS", "CHAT {chat} STATUS MULTI_SUBSCRIBED")
            .step("PING", "PONG")
            .run(values, alice)
            // no message of alice's own additions (it was an empty RECEIVED ADDEDMEMBERS)
            .compose(v -> {
              assertThat(received(alice)).isZero();
              return new Transcript()
                  .notification("CHAT {chat} STATUS MULTI_SUBSCRIBED")
                  .notification("CHATMESSAGE {added=} STATUS RECEIVED")
                  .step("GET CHAT {chat} ADDER", "CHAT {chat} ADDER alice")
                  .step("GET CHATMESSAGE {added} TYPE", "CHATMESSAGE {added} TYPE ADDEDMEMBERS")
                  .step("GET CHATMESSAGE {added} FROM_HANDLE", "CHATMESSAGE {added} FROM_HANDLE alice")
                  .step("GET CHATMESSAGE {added} USERS", "CHATMESSAGE {added} USERS bob")
                  .run(values, bob);
            })
            .compose(v -> alice.closeAsync()).compose(v -> bob.closeAsync())))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** bob creates a group with cecil and alice; alice (at {@code level}) is the invited one. */
  private Future<Void> invited(Vertx vertx, int level, Map<String, String> values,
      SkypeProxyTestClient alice, SkypeProxyTestClient bob) {
    return startUp(level).run(values, alice)
        .compose(v -> new Transcript()
            .step("CHAT CREATE cecil, alice", "CHAT {chat:} STATUS MULTI_SUBSCRIBED")
            .run(values, bob))
        .compose(v -> new Transcript()
            .notification("CHAT {chat} STATUS MULTI_SUBSCRIBED")
            .notification("CHAT {chat} MEMBERS bob cecil alice")
            .notification("CHATMESSAGE {added=} STATUS RECEIVED")
            .step("GET CHAT {chat} ADDER", "CHAT {chat} ADDER bob")
            .step("GET CHAT {chat} TOPIC", "CHAT {chat} TOPIC ")
            .step("GET CHATMESSAGE {added} FROM_HANDLE", "CHATMESSAGE {added} FROM_HANDLE bob")
            .step("GET CHATMESSAGE {added} BODY", "CHATMESSAGE {added} BODY ")
            .step("GET CHATMESSAGE {added} TYPE", "CHATMESSAGE {added} TYPE ADDEDMEMBERS")
            .step("GET CHATMESSAGE {added} CHATNAME", "CHATMESSAGE {added} CHATNAME {chat}")
            .step("GET CHATMESSAGE {added} USERS", "CHATMESSAGE {added} USERS alice")
            .step("GET CHAT {chat} ACTIVEMEMBERS", "CHAT {chat} ACTIVEMEMBERS bob cecil alice")
            .run(values, alice));
  }

  /** groupchat-invited: bob adds alice to a group; one ADDEDMEMBERS message from bob. */
  @ParameterizedTest
  @ValueSource(ints = {5, 7, 8})
  void groupchatInvited(int level, Vertx vertx, VertxTestContext ctx) {
    Map<String, String> values = new ConcurrentHashMap<>();
    login(vertx, "alice").compose(alice -> login(vertx, "bob").compose(bob ->
        invited(vertx, level, values, alice, bob)
            .compose(v -> new Transcript().step("PING", "PONG").run(values, alice))
            .compose(v -> {
              assertThat(received(alice)).isEqualTo(1);
              return alice.closeAsync();
            })
            .compose(v -> bob.closeAsync())))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** groupchat-leave: the invited alice leaves; bob sees her LEFT message. */
  @ParameterizedTest
  @ValueSource(ints = {5, 7, 8})
  void groupchatLeave(int level, Vertx vertx, VertxTestContext ctx) {
    Map<String, String> values = new ConcurrentHashMap<>();
    login(vertx, "alice").compose(alice -> login(vertx, "bob").compose(bob ->
        invited(vertx, level, values, alice, bob)
            .compose(v -> new Transcript()
                .step("ALTER CHAT {chat} LEAVE", "ALTER CHAT LEAVE")
                .notification("CHAT {chat} MEMBERS bob cecil")
                .notification("CHAT {chat} STATUS UNSUBSCRIBED")
                .step("GET CHAT {chat} STATUS", "ERROR 14 Invalid message id")
                .run(values, alice))
            .compose(v -> new Transcript()
                .notification("CHAT {chat} MEMBERS bob cecil")
                .notification("CHATMESSAGE {left=} STATUS RECEIVED")
                .step("GET CHATMESSAGE {left} TYPE", "CHATMESSAGE {left} TYPE LEFT")
                .step("GET CHATMESSAGE {left} FROM_HANDLE", "CHATMESSAGE {left} FROM_HANDLE alice")
                .step("GET CHATMESSAGE {left} CHATNAME", "CHATMESSAGE {left} CHATNAME {chat}")
                .run(values, bob))
            .compose(v -> alice.closeAsync()).compose(v -> bob.closeAsync())))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** groupchat-topic: the invited alice sets the topic; no message from herself for it. */
  @ParameterizedTest
  @ValueSource(ints = {5, 7, 8})
  void groupchatTopic(int level, Vertx vertx, VertxTestContext ctx) {
    Map<String, String> values = new ConcurrentHashMap<>();
    login(vertx, "alice").compose(alice -> login(vertx, "bob").compose(bob ->
        invited(vertx, level, values, alice, bob)
            .compose(v -> new Transcript()
                .step("ALTER CHAT {chat} SETTOPIC topic", "ALTER CHAT SETTOPIC")
                .notification("CHAT {chat} TOPIC topic")
                .step("GET CHAT {chat} TOPIC", "CHAT {chat} TOPIC topic")
                .step("PING", "PONG")
                .run(values, alice))
            .compose(v -> {
              assertThat(received(alice)).isEqualTo(1); // the ADDEDMEMBERS only
              return new Transcript().notification("CHAT {chat} TOPIC topic").run(values, bob);
            })
            .compose(v -> alice.closeAsync()).compose(v -> bob.closeAsync())))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** groupchat-msg: the invited alice writes to the group; bob receives it there. */
  @ParameterizedTest
  @ValueSource(ints = {5, 7, 8})
  void groupchatMsg(int level, Vertx vertx, VertxTestContext ctx) {
    Map<String, String> values = new ConcurrentHashMap<>();
    login(vertx, "alice").compose(alice -> login(vertx, "bob").compose(bob ->
        invited(vertx, level, values, alice, bob)
            .compose(v -> new Transcript()
                .step("CHATMESSAGE {chat} hello", "CHATMESSAGE {out=} STATUS SENDING")
                .notification("CHATMESSAGE {out} STATUS SENT")
                .run(values, alice))
            .compose(v -> new Transcript()
                .notification("CHATMESSAGE {bin=} STATUS RECEIVED")
                .step("GET CHATMESSAGE {bin} FROM_HANDLE", "CHATMESSAGE {bin} FROM_HANDLE alice")
                .step("GET CHATMESSAGE {bin} BODY", "CHATMESSAGE {bin} BODY hello")
                .step("GET CHATMESSAGE {bin} CHATNAME", "CHATMESSAGE {bin} CHATNAME {chat}")
                .run(values, bob))
            .compose(v -> alice.closeAsync()).compose(v -> bob.closeAsync())))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Skype4Py's {@code Skype.SendMessage(handle, text)}: {@code CHAT CREATE <handle>}, then
   * {@code CHATMESSAGE <the chat> <text>}. The chat is the dialog, so echo123 answers in it.
   */
  @ParameterizedTest
  @ValueSource(ints = {5, 7, 8})
  void skype4pySendMessageReachesEcho123(int level, Vertx vertx, VertxTestContext ctx) {
    String echoDialog = "#alice/$echo123;ed43a2b2d49614d6";
    Map<String, String> values = new ConcurrentHashMap<>();
    login(vertx, "alice").compose(alice -> new Transcript()
            .step("PROTOCOL " + level, "PROTOCOL " + Math.min(level, 7))
            .step("CHAT CREATE echo123", "CHAT " + echoDialog + " STATUS DIALOG")
            .step("CHATMESSAGE " + echoDialog + " hello", "CHATMESSAGE {out=} STATUS SENDING")
            .notification("CHATMESSAGE {out} STATUS SENT")
            .notification("CHATMESSAGE {in=} STATUS RECEIVED")
            .step("GET CHATMESSAGE {in} FROM_HANDLE", "CHATMESSAGE {in} FROM_HANDLE echo123")
            .step("GET CHATMESSAGE {in} BODY", "CHATMESSAGE {in} BODY hello")
            .step("GET CHATMESSAGE {in} CHATNAME", "CHATMESSAGE {in} CHATNAME " + echoDialog)
            .step("GET CHAT " + echoDialog + " TYPE", "CHAT " + echoDialog + " TYPE DIALOG")
            .step("GET CHAT " + echoDialog + " STATUS", "CHAT " + echoDialog + " STATUS DIALOG")
            .step("GET CHAT " + echoDialog + " ACTIVEMEMBERS",
                "CHAT " + echoDialog + " ACTIVEMEMBERS alice echo123")
            .step("PING", "PONG")
            .run(values, alice)
            .compose(v -> {
              assertThat(received(alice)).isEqualTo(1); // the answer, nothing else
              return alice.closeAsync();
            }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
