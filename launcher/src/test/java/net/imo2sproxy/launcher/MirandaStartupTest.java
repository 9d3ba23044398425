package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Miranda IM Skype plugin's start-up in socket mode at PROTOCOL 7, replayed exactly as
 * docs/skype-api-emulation.md §14.1 describes it: the handshake bytes, the start-up
 * commands in order (each waiting for the reply the plugin waits for), then an incoming and
 * an outgoing message, a group chat and an authorisation request. Expected lines are written
 * from the docs.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class MirandaStartupTest extends DemoBridgeTest {

  /** alice's dialog with bob, the same name on both sides (docs/skype-api-emulation.md §10). */
  private static final String DIALOG = "#alice/$bob;1cb15457d1ddab60";


  /** Sends a command and returns the first later line the plugin's waiter would accept. */
  private static Future<String> expect(VertxTestContext ctx, SkypeProxyTestClient client,
      String command, String prefix, String expected) {
    return client.ask(command, prefix).map(line -> {
      ctx.verify(() -> assertThat(line).as(command).isEqualTo(expected));
      return line;
    });
  }

  /** §14.1: handshake, then the start-up commands in order. */
  private Future<SkypeProxyTestClient> startUp(Vertx vertx, VertxTestContext ctx) {
    return SkypeProxyTestClient.connect(vertx, bridge.port()).compose(client ->
        client.command(SkypeProxyCommand.CAPABILITIES).compose(capabilities -> {
          // no "authentication required", but data slots (avatars), which the plugin accepts
          // with MY_CAPABILITIES 02 (§14.1)
          ctx.verify(() -> assertThat(capabilities).isEqualTo(0x02));
          return client.myCapabilities(0x02);
        })
        .compose(v -> expect(ctx, client, "PROTOCOL 7", "PROTOCOL", "PROTOCOL 7"))
        .compose(v -> {
          ctx.verify(() -> assertThat(client.lines()).startsWith("CONNSTATUS CONNECTING",
              "CONNSTATUS ONLINE", "USERSTATUS ONLINE", "CURRENTUSERHANDLE alice"));
          // reaction to CURRENTUSERHANDLE (§14.1)
          return expect(ctx, client, "GET USER alice FULLNAME", "USER alice FULLNAME",
              "USER alice FULLNAME Alice");
        })
        .compose(v -> expect(ctx, client, "GET CURRENTUSERHANDLE", "CURRENTUSERHANDLE",
            "CURRENTUSERHANDLE alice"))
        .compose(v -> expect(ctx, client, "GET PRIVILEGE SKYPEOUT", "PRIVILEGE SKYPEOUT",
            "PRIVILEGE SKYPEOUT FALSE"))
        .compose(v -> expect(ctx, client, "SEARCH FRIENDS", "USERS", "USERS bob, echo123"))
        .compose(v -> expect(ctx, client, "GET USER bob ONLINESTATUS", "USER bob ONLINESTATUS",
            "USER bob ONLINESTATUS OFFLINE"))
        .compose(v -> expect(ctx, client, "GET USER echo123 ONLINESTATUS",
            "USER echo123 ONLINESTATUS", "USER echo123 ONLINESTATUS ONLINE"))
        .compose(v -> expect(ctx, client, "CREATE APPLICATION libpurple_typing",
            "CREATE APPLICATION", "CREATE APPLICATION libpurple_typing"))
        .compose(v -> expect(ctx, client, "#FT FILE", "#FT ", "#FT ERROR 2 Unknown command"))
        .compose(v -> expect(ctx, client, "#UWA SEARCH USERSWAITINGMYAUTHORIZATION", "#UWA ",
            "#UWA USERS "))
        .compose(v -> expect(ctx, client, "#RCH SEARCH RECENTCHATS", "#RCH ", "#RCH CHATS "))
        .compose(v -> expect(ctx, client, "SEARCH MISSEDCHATMESSAGES", "CHATMESSAGES",
            "CHATMESSAGES "))
        .compose(v -> expect(ctx, client, "GET USERSTATUS", "USERSTATUS", "USERSTATUS ONLINE"))
        .compose(v -> {
          // the contact refresh after an ONLINESTATUS other than OFFLINE: every property answered
          List<String> properties = List.of("DISPLAYNAME", "FULLNAME", "BIRTHDAY", "COUNTRY",
              "SEX", "MOOD_TEXT", "TIMEZONE", "IS_VIDEO_CAPABLE", "LANGUAGE", "PROVINCE", "CITY",
              "PHONE_HOME", "PHONE_OFFICE", "PHONE_MOBILE", "HOMEPAGE", "ABOUT");
          Future<Void> chain = Future.succeededFuture();
          for (String property : properties) {
            chain = chain.compose(x -> client.ask("GET USER echo123 " + property,
                "USER echo123 " + property + " ").mapEmpty());
          }
          return chain;
        })
        .map(client));
  }

  /** §14.1's message fetch for an announced number; returns the body line. */
  private static Future<String> fetch(VertxTestContext ctx, SkypeProxyTestClient client,
      String n, String chat, String chatStatus, String from) {
    return expect(ctx, client, "GET CHATMESSAGE " + n + " CHATNAME", "CHATMESSAGE " + n + " CHATNAME",
            "CHATMESSAGE " + n + " CHATNAME " + chat)
        .compose(v -> expect(ctx, client, "GET CHAT " + chat + " STATUS", "CHAT " + chat + " STATUS",
            "CHAT " + chat + " STATUS " + chatStatus))
        .compose(v -> expect(ctx, client, "GET CHATMESSAGE " + n + " TYPE",
            "CHATMESSAGE " + n + " TYPE", "CHATMESSAGE " + n + " TYPE SAID"))
        .compose(v -> expect(ctx, client, "GET CHATMESSAGE " + n + " FROM_HANDLE",
            "CHATMESSAGE " + n + " FROM_HANDLE", "CHATMESSAGE " + n + " FROM_HANDLE " + from))
        .compose(v -> client.ask("GET CHATMESSAGE " + n + " BODY", "CHATMESSAGE " + n + " BODY"))
        .compose(body -> expect(ctx, client, "SET CHATMESSAGE " + n + " SEEN",
            "CHATMESSAGE " + n + " STATUS", "CHATMESSAGE " + n + " STATUS READ").map(body));
  }

  @Test
  void startUpThenMessagesGroupChatAndAuthorisation(Vertx vertx, VertxTestContext ctx) {
    startUp(vertx, ctx).compose(alice -> ChatScenarios.login(vertx, bridge.port(), "bob:bob-pw")
        .compose(bob -> alice.await("USER bob ONLINESTATUS ONLINE")
            // incoming message (§15)
            .compose(v -> bob.ask("MESSAGE alice lunch?", "CHATMESSAGE"))
            .compose(v -> alice.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED")))
            .compose(received -> fetch(ctx, alice, received.split(" ")[1], DIALOG,
                "DIALOG", "bob"))
            .compose(body -> {
              ctx.verify(() -> assertThat(body).endsWith(" BODY lunch?"));
              // outgoing message with the plugin's #M id (§15)
              return alice.ask("#M4 MESSAGE bob sure, 12:30", "#M4 ");
            })
            .compose(sending -> {
              ctx.verify(() -> assertThat(sending).matches("#M4 CHATMESSAGE \\d+ STATUS SENDING"));
              String n = sending.split(" ")[2];
              return alice.await("CHATMESSAGE " + n + " STATUS SENT")
                  .compose(v -> expect(ctx, alice, "GET CHATMESSAGE " + n + " FROM_HANDLE",
                      "CHATMESSAGE " + n + " FROM_HANDLE", "CHATMESSAGE " + n + " FROM_HANDLE alice"))
                  .compose(v -> bob.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED")));
            })
            // group chat: create (one handle: the dialog, as with real Skype), add a member
            // (imo.im cannot turn a dialog into a group: a new group takes its place, §4.12),
            // a member's message, topic
            // the plugin waits for any line containing "CHAT " and " STATUS " (§4.12)
            .compose(v -> alice.ask("CHAT CREATE bob",
                l -> l.contains("CHAT ") && l.contains(" STATUS ")))
            .compose(created -> {
              ctx.verify(() -> assertThat(created).isEqualTo("CHAT " + DIALOG + " STATUS DIALOG"));
              return alice.ask("ALTER CHAT " + DIALOG + " ADDMEMBERS bob", "ALTER CHAT");
            })
            .compose(added -> {
              ctx.verify(() -> assertThat(added).isEqualTo("ALTER CHAT ADDMEMBERS"));
              return alice.await(l -> l.matches("CHAT \\S+; STATUS MULTI_SUBSCRIBED"));
            })
            .compose(created -> {
              String chat = created.split(" ")[1];
              return bob.await("CHAT " + chat + " STATUS MULTI_SUBSCRIBED")
                  .compose(v -> alice.await("CHAT " + chat + " MEMBERS alice bob"))
                  // a round trip, so that the chat's own ADDEDMEMBERS event is already in
                  .compose(v -> alice.ask("PING", "PONG"))
                  .compose(v -> {
                    int seen = alice.lines().size();
                    return bob.ask("CHATMESSAGE " + chat + " who's in?", "CHATMESSAGE")
                        .compose(x -> alice.await(l -> alice.lines().lastIndexOf(l) >= seen
                            && l.matches("CHATMESSAGE \\d+ STATUS RECEIVED")));
                  })
                  .compose(received -> fetch(ctx, alice, received.split(" ")[1], chat,
                      "MULTI_SUBSCRIBED", "bob"))
                  .compose(body -> {
                    ctx.verify(() -> assertThat(body).endsWith(" BODY who's in?"));
                    return expect(ctx, alice, "GET CHAT " + chat + " ACTIVEMEMBERS",
                        "CHAT " + chat + " ACTIVEMEMBERS", "CHAT " + chat + " ACTIVEMEMBERS alice bob");
                  })
                  .compose(v -> alice.ask("GET CHAT " + chat + " MEMBEROBJECTS",
                      "CHAT " + chat + " MEMBEROBJECTS"))
                  .compose(objects -> {
                    String first = objects.split(" ")[3].replace(",", "");
                    return expect(ctx, alice, "GET CHATMEMBER " + first + " IDENTITY",
                        "CHATMEMBER " + first, "CHATMEMBER " + first + " IDENTITY alice");
                  })
                  .compose(v -> expect(ctx, alice, "ALTER CHAT " + chat + " SETTOPIC Friday beers",
                      "ALTER CHAT", "ALTER CHAT SETTOPIC"))
                  .compose(v -> bob.await("CHAT " + chat + " TOPIC Friday beers"))
                  .compose(v -> expect(ctx, alice, "GET CHAT " + chat + " TOPIC",
                      "CHAT " + chat + " TOPIC", "CHAT " + chat + " TOPIC Friday beers"))
                  .compose(v -> expect(ctx, alice, "#RCH SEARCH RECENTCHATS", "#RCH ",
                      "#RCH CHATS " + chat + ", " + DIALOG));
            })
            // authorisation request (§6, §4.8, §14.1)
            .compose(v -> bridge.simulator().injectEvent("alice", "im", new JsonObject()
                .put("name", "buddy_request").put("uid", "alice").put("proto", "prpl-skype")
                .put("edata", new JsonObject().put("buid", "carol").put("msg", "Hi, remember me?"))))
            .compose(v -> alice.await("USER carol RECEIVEDAUTHREQUEST Hi, remember me?"))
            .compose(v -> expect(ctx, alice, "GET USER carol BUDDYSTATUS", "USER carol BUDDYSTATUS",
                "USER carol BUDDYSTATUS 2"))
            .compose(v -> expect(ctx, alice, "#UWA SEARCH USERSWAITINGMYAUTHORIZATION", "#UWA ",
                "#UWA USERS carol"))
            .compose(v -> expect(ctx, alice, "SET USER carol ISAUTHORIZED TRUE",
                "USER carol ISAUTHORIZED", "USER carol ISAUTHORIZED TRUE"))
            .compose(v -> alice.await("USER carol BUDDYSTATUS 3"))
            .compose(v -> expect(ctx, alice, "#UWA SEARCH USERSWAITINGMYAUTHORIZATION", "#UWA ",
                "#UWA USERS "))
            .compose(v -> {
              ctx.verify(() -> assertThat(alice.lines()).noneMatch(l -> l.startsWith("ERROR")));
              return Future.all(alice.closeAsync(), bob.closeAsync());
            })))
        .onComplete(ctx.succeedingThenComplete());
  }
}
