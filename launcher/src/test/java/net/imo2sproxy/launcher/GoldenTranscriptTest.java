package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Golden transcripts of the Skype API emulation (docs/skype-api-emulation.md §4 with
 * the fixes of §13): each command with the exact line expected back, over a real
 * SkypeProxy socket, against the simulator's demo world (alice, bob, echo123). The expected
 * lines are written from the docs, not recorded from the bridge.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class GoldenTranscriptTest extends DemoBridgeTest {

  private Future<SkypeProxyTestClient> alice(Vertx vertx) {
    return ChatScenarios.login(vertx, bridge.port(), null)
        .compose(client -> client.await("USER echo123 ONLINESTATUS ONLINE").map(client));
  }

  @Test
  void sessionCommands(Vertx vertx, VertxTestContext ctx) {
    Transcript transcript = new Transcript()
        .step("PING", "PONG")
        .step("NAME miranda", "OK")
        .step("PROTOCOL 99", "PROTOCOL 7")
        .step("PROTOCOL abc", "PROTOCOL 7")
        .step("PROTOCOL", "PROTOCOL 7")
        .step("PROTOCOL 0", "PROTOCOL 1")
        .step("PROTOCOL 5", "PROTOCOL 5")
        .step("PROTOCOL 7", "PROTOCOL 7")
        .step("GET CURRENTUSERHANDLE", "CURRENTUSERHANDLE alice")
        .step("GET USERSTATUS", "USERSTATUS ONLINE")
        .step("GET CONNSTATUS", "CONNSTATUS ONLINE")
        .step("GET SKYPEVERSION", "SKYPEVERSION 3.8.0.188")
        .step("GET PRIVILEGE SKYPEOUT", "PRIVILEGE SKYPEOUT FALSE")
        .step("get privilege voicemail", "PRIVILEGE VOICEMAIL FALSE")
        .step("GET PRIVILEGE FOO", "ERROR 40 Unknown Privilege")
        .step("SET USERSTATUS BUSY", "ERROR 28 Unknown userstatus")
        .step("SET USERSTATUS", "ERROR 28 Unknown userstatus")
        .step("SET USERSTATUS away", "USERSTATUS AWAY")
        .step("GET USERSTATUS", "USERSTATUS AWAY")
        .step("SET USERSTATUS ONLINE", "USERSTATUS ONLINE")
        .step("SET PROFILE MOOD_TEXT at lunch", "PROFILE MOOD_TEXT at lunch")
        .step("SET PROFILE MOOD_TEXT ", "PROFILE MOOD_TEXT ")
        .step("SET PROFILE NICKNAME Alice", "ERROR 552 Invalid property")
        .step("SET PROFILE", "ERROR 10 Invalid property")
        .step("SET CONNSTATUS ONLINE", "ERROR 7 Invalid property")
        .step("SET AVATAR 1 /tmp/me.jpg", "ERROR 7 Invalid property")
        .step("SET", "ERROR 7 Invalid property")
        .step("GET", "ERROR 7 Invalid property")
        .step("GET AUDIO_DEVICES", "ERROR 7 Invalid property")
        .step("OPEN ADDAFRIEND", "OPEN ADDAFRIEND")
        .step("FILE", "ERROR 2 Unknown command")
        .step("FOO bar", "ERROR 2 Unknown command");
    alice(vertx).compose(client -> transcript.run(client).compose(v -> client.closeAsync()))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void userCommands(Vertx vertx, VertxTestContext ctx) {
    Transcript transcript = new Transcript()
        .step("SEARCH FRIENDS", "USERS bob, echo123")
        .step("SEARCH", "ERROR 2 Invalid command")
        .step("SEARCH SPACESHIPS", "ERROR 2 Invalid command")
        .step("SEARCH USERSWAITINGMYAUTHORIZATION", "USERS ")
        .step("SEARCH USERS", "ERROR 4 Empty target not allowed")
        .step("SEARCH USERS carol", "USERS carol")
        .step("GET USER carol BUDDYSTATUS", "USER carol BUDDYSTATUS 2")
        .step("GET USER carol ISAUTHORIZED", "USER carol ISAUTHORIZED FALSE")
        .step("SEARCH FRIENDS", "USERS bob, echo123")
        .step("GET USER bob HANDLE", "USER bob HANDLE bob")
        .step("GET USER bob FULLNAME", "USER bob FULLNAME Bob")
        .step("GET USER bob DISPLAYNAME", "USER bob DISPLAYNAME Bob")
        .step("GET USER bob ONLINESTATUS", "USER bob ONLINESTATUS OFFLINE")
        .step("GET USER echo123 ONLINESTATUS", "USER echo123 ONLINESTATUS ONLINE")
        .step("get user bob buddystatus", "USER bob BUDDYSTATUS 3")
        .step("GET USER bob ISAUTHORIZED", "USER bob ISAUTHORIZED TRUE")
        .step("GET USER bob ISBLOCKED", "USER bob ISBLOCKED FALSE")
        .step("GET USER bob HASCALLEQUIPMENT", "USER bob HASCALLEQUIPMENT TRUE")
        .step("GET USER bob SEX", "USER bob SEX UNKNOWN")
        .step("GET USER bob BIRTHDAY", "USER bob BIRTHDAY 0")
        .step("GET USER bob MOOD_TEXT", "USER bob MOOD_TEXT ")
        .step("GET USER bob COUNTRY", "USER bob COUNTRY ")
        .step("GET USER bob IS_VIDEO_CAPABLE", "USER bob IS_VIDEO_CAPABLE FALSE")
        .step("GET USER bob RECEIVEDAUTHREQUEST", "ERROR 10 Invalid propery")
        .step("GET USER bob NICKNAME", "ERROR 10 Invalid propery")
        .step("GET USER bob", "ERROR 10 Invalid property")
        .step("GET USER", "ERROR 26 Invalid user handle")
        .step("GET USER nobody FULLNAME", "ERROR 26 Invalid user handle")
        .step("GET USER nobody BUDDYSTATUS", "USER nobody BUDDYSTATUS 0")
        .step("GET USER alice FULLNAME", "USER alice FULLNAME Alice")
        .step("GET USER ALICE ONLINESTATUS", "USER alice ONLINESTATUS ONLINE")
        .step("GET USER alice BUDDYSTATUS", "USER alice BUDDYSTATUS 3")
        .step("GET USER bob AVATAR 2 /tmp/bob.jpg", "ERROR 116 GET invalid ID")
        .step("GET USER bob AVATAR 1", "ERROR 7 GET: invalid WHAT")
        .step("GET USER bob AVATAR 1 /tmp/bob.jpg", "ERROR 122 GET Unable to load avatar")
        .step("SET USER", "ERROR 26 Invalid user handle")
        .step("SET USER bob", "ERROR 7 Invalid property")
        .step("SET USER bob FULLNAME Bobby", "ERROR 7 Not implemented")
        .step("SET USER bob ISBLOCKED MAYBE", "ERROR 7 Invalid property")
        .step("SET USER nobody ISAUTHORIZED TRUE", "ERROR 26 Invalid user handle")
        .step("SET USER nobody BUDDYSTATUS 1", "ERROR 26 Invalid user handle")
        .step("SET USER bob BUDDYSTATUS 7", "ERROR 518 Invalid status given for BUDDYSTATUS")
        .step("SET USER bob BUDDYSTATUS 3", "USER bob BUDDYSTATUS 3")
        .step("SET USER bob ISBLOCKED TRUE", "USER bob ISBLOCKED TRUE")
        .step("GET USER bob ISBLOCKED", "USER bob ISBLOCKED TRUE")
        .step("SET USER bob ISBLOCKED FALSE", "USER bob ISBLOCKED FALSE")
        .step("GET USER bob ISBLOCKED", "USER bob ISBLOCKED FALSE")
        .step("SET USER echo123 BUDDYSTATUS 1", "USER echo123 BUDDYSTATUS 1");
    alice(vertx).compose(client -> transcript.run(client)
            // the deletion reaches the roster: imo.im's buddy_removed
            .compose(v -> client.await("USER echo123 BUDDYSTATUS 1"))
            .compose(v -> new Transcript()
                .step("SEARCH FRIENDS", "USERS ")
                .step("GET USER bob BUDDYSTATUS", "USER bob BUDDYSTATUS 1")
                .step("SET USER echo123 BUDDYSTATUS 2 please add me", "USER echo123 BUDDYSTATUS 2")
                .run(client))
            .compose(v -> client.await("USER echo123 BUDDYSTATUS 3"))
            .compose(v -> new Transcript()
                .step("SEARCH FRIENDS", "USERS echo123")
                .run(client))
            .compose(v -> client.closeAsync()))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void messageCommands(Vertx vertx, VertxTestContext ctx) {
    Transcript transcript = new Transcript()
        .step("MESSAGE nobody hi", "ERROR 26 Invalid user handle")
        .step("MESSAGE", "ERROR 26 Invalid user handle")
        .step("MESSAGE echo123 ", "ERROR 43 Cannot send empty message")
        .step("GET CHATMESSAGE 1 BODY", "ERROR 14 Invalid message id")
        .step("GET CHATMESSAGE", "ERROR 14 Invalid message id")
        .step("SET CHATMESSAGE 1 SEEN", "ERROR 14 Invalid message id")
        .step("SEARCH MISSEDCHATMESSAGES", "CHATMESSAGES ")
        .step("SEARCH MISSEDMESSAGES", "MESSAGES ")
        .step("CHATMESSAGE #alice/$echo123 golden hello", "CHATMESSAGE {out=} STATUS SENDING")
        .step("GET CHATMESSAGE {out} FROM_HANDLE", "CHATMESSAGE {out} FROM_HANDLE alice")
        .step("GET CHATMESSAGE {out} TYPE", "CHATMESSAGE {out} TYPE SAID")
        .step("GET CHATMESSAGE {out} BODY", "CHATMESSAGE {out} BODY golden hello")
        .step("GET CHATMESSAGE {out} CHATNAME", "CHATMESSAGE {out} CHATNAME #alice/$echo123;ed43a2b2d49614d6")
        .step("GET CHATMESSAGE {out}", "ERROR 10 Invalid property")
        .step("GET CHATMESSAGE {out} OPTIONS", "ERROR 10 Invalid property / not implemented")
        .step("SET CHATMESSAGE {out} EDITED", "ERROR 10 Invalid property / not implemented");
    alice(vertx).compose(client -> transcript.run(client)
            .compose(v -> client.await("CHATMESSAGE " + transcript.values.get("out")
                + " STATUS SENT"))
            .compose(v -> client.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED")))
            .compose(received -> {
              transcript.values.put("in", received.split(" ")[1]);
              return new Transcript().step("GET CHATMESSAGE {in} BODY", "CHATMESSAGE {in} BODY golden hello")
                  .step("SEARCH MISSEDCHATMESSAGES", "CHATMESSAGES {in}")
                  .step("GET CHATMESSAGE {in} FROM_HANDLE", "CHATMESSAGE {in} FROM_HANDLE echo123")
                  .step("GET CHATMESSAGE {in} FROM_DISPNAME", "CHATMESSAGE {in} FROM_DISPNAME Echo Test Service")
                  .step("GET CHATMESSAGE {in} STATUS", "CHATMESSAGE {in} STATUS RECEIVED")
                  .step("GET CHATMESSAGE {in} USERS", "CHATMESSAGE {in} USERS echo123")
                  .step("GET CHAT #alice/$echo123 NAME", "CHAT #alice/$echo123 NAME #alice/$echo123;ed43a2b2d49614d6")
                  .step("GET CHAT #alice/$echo123;ed43a2b2d49614d6 NAME", "CHAT #alice/$echo123;ed43a2b2d49614d6 NAME #alice/$echo123;ed43a2b2d49614d6")
                  .step("GET CHAT #alice/$echo123 STATUS", "CHAT #alice/$echo123 STATUS DIALOG")
                  .step("GET CHAT #alice/$echo123 TYPE", "CHAT #alice/$echo123 TYPE DIALOG")
                  .step("GET CHAT #alice/$echo123 ACTIVEMEMBERS", "CHAT #alice/$echo123 ACTIVEMEMBERS alice echo123")
                  .step("GET CHAT #alice/$echo123 MYSTATUS", "CHAT #alice/$echo123 MYSTATUS SUBSCRIBED")
                  .step("GET CHAT #alice/$echo123 GUIDELINES", "ERROR 7 Invalid property / not implemented")
                  .step("GET CHAT #alice/$echo123", "ERROR 10 Invalid property")
                  .step("GET CHAT nochat; STATUS", "ERROR 14 Invalid message id")
                  .step("SEARCH RECENTCHATS", "CHATS #alice/$echo123;ed43a2b2d49614d6")
                  .step("SET CHATMESSAGE {in} SEEN", "CHATMESSAGE {in} STATUS READ")
                  .step("SEARCH MISSEDCHATMESSAGES", "CHATMESSAGES ")
                  .run(transcript.values, client);
            })
            .compose(v -> client.closeAsync()))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void chatApplicationAndCallErrors(Vertx vertx, VertxTestContext ctx) {
    Transcript transcript = new Transcript()
        .step("CHAT", "ERROR 536 CREATE: no object or type given")
        .step("CHAT FOO", "ERROR 503 CHAT: Invalid or unknown action")
        .step("CHAT CREATE nobody", "ERROR 26 Invalid user handle")
        .step("ALTER CHAT nochat; LEAVE", "ERROR 14 Invalid message id")
        .step("ALTER CHAT", "ERROR 14 Invalid message id")
        .step("ALTER", "ERROR 526 ALTER: no object type given")
        .step("ALTER FOO", "ERROR 527 ALTER: unknown object type given")
        .step("CREATE", "ERROR 536 CREATE: no object or type given")
        .step("CREATE FOO", "ERROR 537 CREATE: Unknown object type given")
        .step("CREATE APPLICATION other", "ERROR 540 CREATE APPLICATION: Missing or invalid name")
        .step("CREATE APPLICATION libpurple_typing", "CREATE APPLICATION libpurple_typing")
        .step("ALTER APPLICATION other CONNECT bob",
            "ERROR 545 ALTER: missing or invalid action")
        .step("ALTER APPLICATION libpurple_typing", "ERROR 545 ALTER: missing or invalid action")
        .step("ALTER APPLICATION libpurple_typing CONNECT nobody",
            "ERROR 547 ALTER APPLICATION CONNECT: Invalid user handle")
        .step("ALTER APPLICATION libpurple_typing CONNECT bob",
            "ALTER APPLICATION libpurple_typing CONNECT bob")
        .step("ALTER APPLICATION libpurple_typing DATAGRAM bob",
            "ERROR 551 ALTER APPLICATION DATAGRAM: Missing or invalid stream identifier")
        .step("ALTER APPLICATION libpurple_typing DATAGRAM bob:1",
            "ERROR 541 APPLICATION: Operation failed")
        .step("ALTER APPLICATION libpurple_typing DATAGRAM bob:1 PURPLE_TYPING",
            "ALTER APPLICATION libpurple_typing DATAGRAM bob:1")
        .step("ALTER APPLICATION libpurple_typing DISCONNECT bob",
            "ALTER APPLICATION libpurple_typing DISCONNECT bob")
        .step("DELETE", "ERROR 538 DELETE: no object or type given")
        .step("DELETE FOO", "ERROR 539 DELETE: Unknown object type given")
        .step("DELETE APPLICATION other",
            "ERROR 542 DELETE APPLICATION: Missing or invalid application name")
        .step("DELETE APPLICATION libpurple_typing", "DELETE APPLICATION libpurple_typing")
        .step("CALL nobody", "ERROR 26 Invalid user handle")
        .step("GET CALL 0 STATUS", "ERROR 11 Invalid call id")
        .step("SET CALL x STATUS FINISHED", "ERROR 11 Invalid call id")
        .step("SEARCH ACTIVECALLS", "CALLS ");
    alice(vertx).compose(client -> transcript.run(client)
            .compose(v -> client.await("APPLICATION libpurple_typing STREAMS bob:1"))
            .compose(v -> {
              ctx.verify(() -> assertThat(bridge.simulator().requests("im_typing").toString())
                  .contains("\"typing_state\":\"typing\""));
              return client.closeAsync();
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void callsAreSignalledWithoutAudio(Vertx vertx, VertxTestContext ctx) {
    Transcript transcript = new Transcript()
        .step("CALL echo123", "CALL {c=} STATUS UNPLACED")
        .step("GET CALL {c} TYPE", "CALL {c} TYPE OUTGOING_P2P")
        .step("GET CALL {c} PARTNER_HANDLE", "CALL {c} PARTNER_HANDLE echo123")
        .step("GET CALL {c} PARTNER_DISPNAME", "CALL {c} PARTNER_DISPNAME Echo Test Service")
        .step("GET CALL {c} CONF_ID", "CALL {c} CONF_ID 0")
        .step("GET CALL {c} VIDEO_STATUS", "CALL {c} VIDEO_STATUS VIDEO_NONE")
        .step("GET CALL {c} DURATION", "CALL {c} DURATION 0")
        .step("GET CALL {c}", "ERROR 10 Invalid property")
        .step("GET CALL {c} SUBJECT", "ERROR 10 Invalid property / not implemented")
        .step("SEARCH ACTIVECALLS", "CALLS {c}");
    Transcript later = new Transcript()
        .step("GET CALL {c} STATUS", "CALL {c} STATUS RINGING")
        .step("SET CALL {c} STATUS RINGING", "ERROR 21 Unknown/disallowed call prop")
        .step("SET CALL {c} JOIN_CONFERENCE 5", "ERROR 21 Unknown/disallowed call prop")
        .step("SET CALL {c}", "ERROR 10 Invalid property")
        .step("SET CALL {c} STATUS ONHOLD", "CALL {c} STATUS LOCALHOLD")
        .step("PROTOCOL 1", "PROTOCOL 1")
        .step("GET CALL {c} STATUS", "CALL {c} STATUS ONHOLD")
        .step("PROTOCOL 7", "PROTOCOL 7")
        .step("SET CALL {c} STATUS FINISHED", "CALL {c} STATUS FINISHED")
        .step("SEARCH ACTIVECALLS", "CALLS ");
    alice(vertx).compose(client -> transcript.run(client)
            .compose(v -> client.await("CALL " + transcript.values.get("c") + " STATUS RINGING"))
            .compose(v -> later.run(transcript.values, client))
            .compose(v -> client.closeAsync()))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void protocolLevelsRenderObjectsAsTheRealApiDid(Vertx vertx, VertxTestContext ctx) {
    Transcript levelTwo = new Transcript()
        .step("PROTOCOL 2", "PROTOCOL 2")
        .step("MESSAGE echo123 level two", "MESSAGE {m=} STATUS SENDING");
    Transcript later = new Transcript()
        .step("GET MESSAGE {m} TYPE", "MESSAGE {m} TYPE TEXT")
        .step("GET MESSAGE {m} PARTNER_HANDLE", "MESSAGE {m} PARTNER_HANDLE echo123")
        .step("GET MESSAGE {in} PARTNER_HANDLE", "MESSAGE {in} PARTNER_HANDLE echo123")
        .step("GET MESSAGE {in} TYPE", "MESSAGE {in} TYPE TEXT")
        .step("SEARCH MISSEDMESSAGES", "MESSAGES {in}")
        .step("SET USERSTATUS SKYPEME", "USERSTATUS SKYPEME")
        .step("PROTOCOL 1", "PROTOCOL 1")
        .step("GET USERSTATUS", "USERSTATUS ONLINE")
        .step("GET USER alice ONLINESTATUS", "USER alice ONLINESTATUS ONLINE")
        .step("PROTOCOL 3", "PROTOCOL 3")
        .step("GET USERSTATUS", "USERSTATUS SKYPEME")
        .step("GET CHATMESSAGE {m} TYPE", "CHATMESSAGE {m} TYPE SAID")
        .step("GET CHATMESSAGE {m} FROM_HANDLE", "CHATMESSAGE {m} FROM_HANDLE alice")
        .step("GET CHATMESSAGE {m} PARTNER_HANDLE", "CHATMESSAGE {m} PARTNER_HANDLE alice")
        .step("SET MESSAGE {in} SEEN", "MESSAGE {in} STATUS READ");
    alice(vertx).compose(client -> levelTwo.run(client)
            .compose(v -> client.await("MESSAGE " + levelTwo.values.get("m") + " STATUS SENT"))
            .compose(v -> client.await(l -> l.matches("MESSAGE \\d+ STATUS RECEIVED")))
            .compose(received -> {
              levelTwo.values.put("in", received.split(" ")[1]);
              return later.run(levelTwo.values, client);
            })
            .compose(v -> client.closeAsync()))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void groupChatEventsAndIncomingCalls(Vertx vertx, VertxTestContext ctx) {
    Transcript values = new Transcript();
    alice(vertx).compose(alice -> ChatScenarios.login(vertx, bridge.port(), "bob:bob-pw")
        .compose(bob -> alice.await("USER bob ONLINESTATUS ONLINE")
            // a group of one, then bob added (CHAT CREATE bob would be the dialog)
            .compose(v -> alice.ask("CHAT CREATE", l -> l.contains(" STATUS ")))
            .compose(created -> {
              values.values.put("chat", created.split(" ")[1].replace(";", ""));
              return alice.ask("ALTER CHAT " + created.split(" ")[1] + " ADDMEMBERS bob",
                      "ALTER CHAT")
                  .compose(added -> {
                    assertThat(added).isEqualTo("ALTER CHAT ADDMEMBERS");
                    return bob.await("CHAT " + created.split(" ")[1] + " MEMBERS alice bob");
                  });
            })
            .compose(v -> new Transcript()
                .step("GET CHAT {chat}; TYPE", "CHAT {chat}; TYPE MULTICHAT")
                .step("GET CHAT {chat}; STATUS", "CHAT {chat}; STATUS MULTI_SUBSCRIBED")
                .step("GET CHAT {chat}; MEMBERS", "CHAT {chat}; MEMBERS alice bob")
                .step("PROTOCOL 5", "PROTOCOL 5")
                .step("GET CHAT {chat}; MEMBEROBJECTS", "ERROR 7 Invalid property / not implemented")
                .step("PROTOCOL 7", "PROTOCOL 7")
                .step("GET USER alice ISBLOCKED", "USER alice ISBLOCKED FALSE")
                .step("ALTER CHAT {chat}; FOO", "ERROR 503 CHAT: Invalid or unknown action")
                .step("ALTER CHAT {chat}; KICK", "ERROR 26 Invalid user handle")
                .step("ALTER CHAT {chat}; KICK alice", "ALTER CHAT KICK")
                .run(values.values, bob))
            // bob removed alice: the chat is gone for her; bob asked for it, so no message
            .compose(v -> alice.await(l -> l.startsWith("CHAT " + values.values.get("chat")
                + "; MEMBERS bob")))
            .compose(v -> alice.await("CHAT " + values.values.get("chat") + "; STATUS UNSUBSCRIBED"))
            .compose(v -> bob.await("CHAT " + values.values.get("chat") + "; MEMBERS bob"))
            .compose(v -> {
              // bob's one message: alice added him (ADDEDMEMBERS); none for his own removal
              assertThat(bob.lines()).filteredOn(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED"))
                  .hasSize(1);
              return new Transcript()
                  .step("ALTER CHAT {chat}; LEAVE", "ALTER CHAT LEAVE")
                  .run(values.values, bob);
            })
            .compose(v -> bob.await("CHAT " + values.values.get("chat") + "; STATUS UNSUBSCRIBED"))
            // an incoming call: RINGING, answered without an audio path, so it finishes
            .compose(v -> bob.ask("CALL alice", "CALL "))
            .compose(v -> alice.await(l -> l.matches("CALL \\d+ STATUS RINGING")))
            .compose(ringing -> {
              values.values.put("c", ringing.split(" ")[1]);
              return new Transcript()
                  .step("GET CALL {c} TYPE", "CALL {c} TYPE INCOMING_P2P")
                  .step("GET CALL {c} PARTNER_HANDLE", "CALL {c} PARTNER_HANDLE bob")
                  .step("SEARCH ACTIVECALLS", "CALLS {c}")
                  .step("SET CALL {c} STATUS INPROGRESS", "CALL {c} STATUS FAILED")
                  .step("SEARCH ACTIVECALLS", "CALLS ")
                  .run(values.values, alice);
            })
            .compose(v -> Future.all(alice.closeAsync(), bob.closeAsync()))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void incomingTypingReachesConnectionsWithTheApplication(Vertx vertx, VertxTestContext ctx) {
    JsonObject typing = new JsonObject().put("name", "im_typing").put("uid", "alice")
        .put("proto", "prpl-skype")
        .put("edata", new JsonObject().put("buid", "bob").put("typing_state", "typing"));
    alice(vertx).compose(client -> new Transcript()
            .step("CREATE APPLICATION libpurple_typing", "CREATE APPLICATION libpurple_typing")
            .run(client)
            .compose(v -> bridge.simulator().injectEvent("alice", "im", typing))
            .compose(v -> client.await("APPLICATION libpurple_typing DATAGRAM bob:1 PURPLE_TYPING"))
            .compose(v -> new Transcript()
                .step("DELETE APPLICATION libpurple_typing", "DELETE APPLICATION libpurple_typing")
                .run(client))
            .compose(v -> bridge.simulator().injectEvent("alice", "im", typing.copy()
                .put("edata", new JsonObject().put("buid", "bob").put("typing_state", "typed"))))
            // an event queued behind it arrives: by then the typing state was handled, unsent
            .compose(v -> bridge.simulator().injectEvent("alice", "im", new JsonObject()
                .put("name", "buddy_request").put("uid", "alice").put("proto", "prpl-skype")
                .put("edata", new JsonObject().put("buid", "marker").put("msg", "after"))))
            .compose(v -> client.await("USER marker RECEIVEDAUTHREQUEST after"))
            .compose(v -> {
              ctx.verify(() -> assertThat(client.lines())
                  .noneMatch(l -> l.endsWith("PURPLE_TYPED")));
              return client.closeAsync();
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void badInputIsAnsweredAndTheConnectionGoesOn(Vertx vertx, VertxTestContext ctx) {
    String longLine = "MESSAGE echo123 " + "x".repeat(64 * 1024);
    alice(vertx).compose(client -> client.ask("#L1 " + longLine, "#L1 ")
            .compose(reply -> {
              ctx.verify(() -> assertThat(reply).isEqualTo("#L1 ERROR 1 General syntax error"));
              byte[] invalid = "#U1 GET USER bo\u0000b FULLNAME".getBytes(StandardCharsets.UTF_8);
              invalid[15] = (byte) 0xff; // replaces the NUL: an invalid UTF-8 byte
              Future<String> answer = client.await(l -> l.startsWith("#U1 "));
              return client.sendPayload(invalid).compose(v -> answer);
            })
            .compose(reply -> {
              ctx.verify(() -> assertThat(reply).isEqualTo("#U1 ERROR 26 Invalid user handle"));
              return client.ask("#N1 GET USER bo\u0000b FULLNAME", "#N1 ");
            })
            .compose(reply -> {
              ctx.verify(() -> assertThat(reply).isEqualTo("#N1 ERROR 1 General syntax error"));
              return client.ask("#P1 PING", "#P1 ");
            })
            .compose(pong -> {
              ctx.verify(() -> assertThat(pong).isEqualTo("#P1 PONG"));
              return client.closeAsync();
            }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
