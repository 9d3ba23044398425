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
import java.util.function.Function;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scenarios of bitlbee's Skype plugin tests (its recordings of what real Skype answered),
 * played as the project's own golden transcripts against the simulator's demo world (alice,
 * bob, echo123), plus skype4pidgin's start-up (docs/skype-api-emulation.md §4.15, §14.2).
 * Where imo.im cannot do what Skype did, the transcript says so and expects the bridge's
 * documented answer instead. bitlbee's first command, {@code SEARCH GROUPS CUSTOM}, belongs to
 * the GROUP objects and is left out here.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class BitlbeeScenarioTranscriptTest extends DemoBridgeTest {

  /** alice over skyped's level, her roster in; bob logged in too when {@code withBob}. */
  private Future<SkypeProxyTestClient> alice(Vertx vertx, boolean withBob) {
    Future<SkypeProxyTestClient> alice = ChatScenarios.login(vertx, bridge.port(), null)
        .compose(client -> client.await("USER echo123 ONLINESTATUS ONLINE").map(client));
    if (!withBob) {
      return alice;
    }
    return alice.compose(client -> ChatScenarios.login(vertx, bridge.port(), "bob:bob-pw")
        .compose(bob -> client.await("USER bob ONLINESTATUS ONLINE").map(client)));
  }

  /** What bitlbee sends after attaching, as real Skype answered it (bob's status aside). */
  private static Transcript loggedIn(String bobStatus) {
    return new Transcript()
        .step("NAME skyped", "OK")
        .step("PROTOCOL 5", "PROTOCOL 5")
        .step("SEARCH FRIENDS", "USERS bob, echo123")
        .step("SET USERSTATUS ONLINE", "USERSTATUS ONLINE")
        .step("SET USERSTATUS ONLINE", "USERSTATUS ONLINE")
        .step("GET USER echo123 ONLINESTATUS", "USER echo123 ONLINESTATUS ONLINE")
        .step("GET USER echo123 FULLNAME", "USER echo123 FULLNAME Echo Test Service")
        .step("GET USER bob ONLINESTATUS", "USER bob ONLINESTATUS " + bobStatus)
        .step("GET USER bob FULLNAME", "USER bob FULLNAME Bob");
  }

  private void play(Vertx vertx, VertxTestContext ctx, boolean withBob,
      Function<SkypeProxyTestClient, Future<?>> scenario) {
    alice(vertx, withBob)
        .compose(client -> loggedIn(withBob ? "ONLINE" : "OFFLINE").run(client)
            .compose(v -> scenario.apply(client))
            .compose(v -> client.closeAsync()))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** bitlbee's {@code info}: imo.im has no profile fields, so they are empty or 0. */
  @Test
  void info(Vertx vertx, VertxTestContext ctx) {
    play(vertx, ctx, true, client -> new Transcript()
        .step("GET USER bob FULLNAME", "USER bob FULLNAME Bob")
        .step("GET USER bob PHONE_HOME", "USER bob PHONE_HOME ")
        .step("GET USER bob PHONE_OFFICE", "USER bob PHONE_OFFICE ")
        .step("GET USER bob PHONE_MOBILE", "USER bob PHONE_MOBILE ")
        .step("GET USER bob NROF_AUTHED_BUDDIES", "USER bob NROF_AUTHED_BUDDIES 0")
        .step("GET USER bob TIMEZONE", "USER bob TIMEZONE 0")
        .step("GET USER bob LASTONLINETIMESTAMP", "USER bob LASTONLINETIMESTAMP 0")
        .step("GET USER bob SEX", "USER bob SEX UNKNOWN")
        .step("GET USER bob LANGUAGE", "USER bob LANGUAGE ")
        .step("GET USER bob COUNTRY", "USER bob COUNTRY ")
        .step("GET USER bob PROVINCE", "USER bob PROVINCE ")
        .step("GET USER bob CITY", "USER bob CITY ")
        .step("GET USER bob HOMEPAGE", "USER bob HOMEPAGE ")
        .step("GET USER bob ABOUT", "USER bob ABOUT ")
        .step("GET USER bob BIRTHDAY", "USER bob BIRTHDAY 0")
        .run(client));
  }

  /**
   * bitlbee's {@code add-yes}. The demo world has no stranger to add, so echo123 is removed
   * first and added back; imo.im's buddy_added makes it a friend (BUDDYSTATUS 3).
   */
  @Test
  void addYes(Vertx vertx, VertxTestContext ctx) {
    play(vertx, ctx, false, client -> new Transcript()
        .step("SET USER echo123 BUDDYSTATUS 1", "USER echo123 BUDDYSTATUS 1")
        .run(client)
        .compose(v -> client.await("USER echo123 BUDDYSTATUS 1"))
        .compose(v -> new Transcript()
            .step("SET USER echo123 BUDDYSTATUS 2 Please authorize me",
                "USER echo123 BUDDYSTATUS 2")
            .run(client))
        .compose(v -> client.await("USER echo123 BUDDYSTATUS 3"))
        .compose(v -> new Transcript()
            .step("GET USER echo123 BUDDYSTATUS", "USER echo123 BUDDYSTATUS 3")
            .run(client)));
  }

  private Future<String> requestFromCarol(SkypeProxyTestClient client) {
    JsonObject request = new JsonObject().put("name", "buddy_request").put("uid", "alice")
        .put("proto", "prpl-skype").put("edata", new JsonObject().put("buid", "carol")
            .put("msg", "Please allow me to see when you are online"));
    return bridge.simulator().injectEvent("alice", "im", request)
        .compose(v -> client.await(
            "USER carol RECEIVEDAUTHREQUEST Please allow me to see when you are online"));
  }

  /** bitlbee's {@code added-yes}: carol asks, alice authorises. */
  @Test
  void addedYes(Vertx vertx, VertxTestContext ctx) {
    play(vertx, ctx, false, client -> requestFromCarol(client)
        .compose(v -> new Transcript()
            .step("SEARCH USERSWAITINGMYAUTHORIZATION", "USERS carol")
            .step("SET USER carol ISAUTHORIZED TRUE", "USER carol ISAUTHORIZED TRUE")
            .step("SEARCH USERSWAITINGMYAUTHORIZATION", "USERS ")
            .run(client)));
  }

  /** bitlbee's {@code added-no}: carol asks, alice refuses. */
  @Test
  void addedNo(Vertx vertx, VertxTestContext ctx) {
    play(vertx, ctx, false, client -> requestFromCarol(client)
        .compose(v -> new Transcript()
            .step("SET USER carol ISAUTHORIZED FALSE", "USER carol ISAUTHORIZED FALSE")
            .step("SEARCH USERSWAITINGMYAUTHORIZATION", "USERS ")
            .run(client)));
  }

  /** bitlbee's {@code away-set}. */
  @Test
  void awaySet(Vertx vertx, VertxTestContext ctx) {
    play(vertx, ctx, true, client -> new Transcript()
        .step("SET USERSTATUS AWAY", "USERSTATUS AWAY")
        .step("GET USER alice ONLINESTATUS", "USER alice ONLINESTATUS AWAY")
        .run(client));
  }

  /** bitlbee's {@code set-mood-text}. */
  @Test
  void setMoodText(Vertx vertx, VertxTestContext ctx) {
    play(vertx, ctx, false, client -> new Transcript()
        .step("SET PROFILE MOOD_TEXT foo bar", "PROFILE MOOD_TEXT foo bar")
        .step("GET PROFILE MOOD_TEXT", "PROFILE MOOD_TEXT foo bar")
        .run(client));
  }

  /**
   * bitlbee's {@code call}: UNPLACED, ROUTING, RINGING (imo.im rings bob), then hung up before
   * bob answered: CANCELLED.
   */
  @Test
  void call(Vertx vertx, VertxTestContext ctx) {
    Transcript call = new Transcript().step("CALL bob", "CALL {c=} STATUS UNPLACED");
    play(vertx, ctx, true, client -> call.run(client)
        .compose(v -> client.await("CALL " + call.values.get("c") + " STATUS RINGING"))
        .compose(v -> new Transcript()
            .step("GET CALL {c} PARTNER_HANDLE", "CALL {c} PARTNER_HANDLE bob")
            .step("SET CALL {c} STATUS FINISHED", "CALL {c} STATUS CANCELLED")
            .step("GET CALL {c} PARTNER_HANDLE", "CALL {c} PARTNER_HANDLE bob")
            .run(call.values, client))
        .compose(v -> {
          ctx.verify(() -> assertThat(callLines(client, call.values.get("c"))).containsExactly(
              "STATUS ROUTING", "STATUS RINGING"));
          return Future.succeededFuture();
        }));
  }

  /** bitlbee's {@code call-failed}: bob is offline, the call fails with reason 3 at once. */
  @Test
  void callFailed(Vertx vertx, VertxTestContext ctx) {
    Transcript call = new Transcript().step("CALL bob", "CALL {c=} STATUS UNPLACED")
        .step("GET CALL {c} FAILUREREASON", "CALL {c} FAILUREREASON 3")
        .step("GET CALL {c} STATUS", "CALL {c} STATUS FAILED")
        .step("SEARCH ACTIVECALLS", "CALLS ");
    play(vertx, ctx, false, client -> call.run(client).compose(v -> {
      ctx.verify(() -> {
        assertThat(callLines(client, call.values.get("c"))).containsExactly(
            "STATUS ROUTING", "FAILUREREASON 3", "STATUS FAILED");
        assertThat(bridge.simulator().requests("start_audio_chat")).isEmpty();
      });
      return Future.succeededFuture();
    }));
  }

  /** bob calls alice over imo.im; {@code then} gets the call's number. */
  private Future<Void> bobCalls(Vertx vertx, SkypeProxyTestClient alice,
      Function<String, Future<?>> then) {
    return ChatScenarios.login(vertx, bridge.port(), "bob:bob-pw").compose(bob ->
        alice.await("USER bob ONLINESTATUS ONLINE")
            .compose(v -> bob.ask("CALL alice", "CALL "))
            .compose(v -> alice.await(l -> l.matches("CALL \\d+ STATUS RINGING")))
            .compose(ringing -> then.apply(ringing.split(" ")[1]))
            .compose(v -> bob.closeAsync()));
  }

  /**
   * bitlbee's {@code called-yes}. Adapted: there is no audio path over imo.im, so answering
   * fails the call the way real Skype failed one (FAILUREREASON 1, then STATUS FAILED) where
   * real Skype went INPROGRESS.
   */
  @Test
  void calledYes(Vertx vertx, VertxTestContext ctx) {
    play(vertx, ctx, false, client -> bobCalls(vertx, client, c -> new Transcript()
        .step("GET CALL " + c + " PARTNER_HANDLE", "CALL " + c + " PARTNER_HANDLE bob")
        .step("SET CALL " + c + " STATUS INPROGRESS", "CALL " + c + " STATUS FAILED")
        .step("GET CALL " + c + " FAILUREREASON", "CALL " + c + " FAILUREREASON 1")
        .run(client)));
  }

  /** bitlbee's {@code called-no}: the ringing call is refused. */
  @Test
  void calledNo(Vertx vertx, VertxTestContext ctx) {
    play(vertx, ctx, false, client -> bobCalls(vertx, client, c -> new Transcript()
        .step("GET CALL " + c + " PARTNER_HANDLE", "CALL " + c + " PARTNER_HANDLE bob")
        .step("SET CALL " + c + " STATUS FINISHED", "CALL " + c + " STATUS REFUSED")
        .step("GET CALL " + c + " PARTNER_HANDLE", "CALL " + c + " PARTNER_HANDLE bob")
        .run(client)));
  }

  /**
   * bitlbee's {@code filetransfer}. Adapted: imo.im's web client offers no file transfer the
   * bridge could carry, so no FILETRANSFER object ever appears; the searches are empty and a
   * transfer asked for by number is unknown.
   */
  @Test
  void filetransfer(Vertx vertx, VertxTestContext ctx) {
    play(vertx, ctx, true, client -> new Transcript()
        .step("SEARCH FILETRANSFERS", "FILETRANSFERS ")
        .step("SEARCH ACTIVEFILETRANSFERS", "FILETRANSFERS ")
        .step("GET FILETRANSFER 208 PARTNER_HANDLE", "ERROR 7 Invalid property")
        .run(client));
  }

  /** bitlbee's {@code ctcp-help}: the help is bitlbee's own; Skype only sees the log-in. */
  @Test
  void ctcpHelp(Vertx vertx, VertxTestContext ctx) {
    play(vertx, ctx, true, client -> Future.succeededFuture());
  }

  /** skype4pidgin's start-up (spec §15) and what it asks about chats: no ERROR any more. */
  @Test
  void skype4pidginStartUp(Vertx vertx, VertxTestContext ctx) {
    Transcript startUp = new Transcript()
        .step("NAME pidgin", "OK")
        .step("PROTOCOL 7", "PROTOCOL 7")
        .step("SET SILENT_MODE ON", "SILENT_MODE ON")
        .step("MINIMIZE", "MINIMIZE")
        .step("GET PROFILE FULLNAME", "PROFILE FULLNAME Alice")
        .step("GET CURRENTUSERHANDLE", "CURRENTUSERHANDLE alice")
        .step("SET USERSTATUS ONLINE", "USERSTATUS ONLINE")
        .step("SET PROFILE MOOD_TEXT ", "PROFILE MOOD_TEXT ")
        .step("CREATE APPLICATION libpurple_typing", "CREATE APPLICATION libpurple_typing")
        .step("GET SKYPEVERSION", "SKYPEVERSION 3.8.0.188")
        .step("GET AUTH_CONTACTS_PROFILES", "AUTH_CONTACTS_PROFILES "
            + "bob;Bob;;;;OFFLINE;Bob;FALSE;,"
            + "echo123;Echo Test Service;;;;ONLINE;Echo Test Service;FALSE;")
        .step("SEARCH FRIENDS", "USERS bob, echo123")
        .step("GET USER bob FULLNAME", "USER bob FULLNAME Bob")
        .step("GET USER bob ONLINESTATUS", "USER bob ONLINESTATUS OFFLINE")
        .step("GET USER bob IS_VIDEO_CAPABLE", "USER bob IS_VIDEO_CAPABLE FALSE")
        .step("GET USER bob MOOD_TEXT", "USER bob MOOD_TEXT ")
        .step("GET USER bob RICH_MOOD_TEXT", "USER bob RICH_MOOD_TEXT ")
        .step("MESSAGE echo123 hello", "CHATMESSAGE {m=} STATUS SENDING")
        .step("GET CHATMESSAGE {m} LEAVEREASON", "CHATMESSAGE {m} LEAVEREASON ")
        .step("GET CHAT #alice/$echo123 MEMBEROBJECTS",
            "CHAT #alice/$echo123 MEMBEROBJECTS {own=}, {partner=}")
        .step("GET CHATMEMBER {own} IDENTITY", "CHATMEMBER {own} IDENTITY alice")
        .step("GET CHATMEMBER {partner} IDENTITY", "CHATMEMBER {partner} IDENTITY echo123")
        .step("GET CHATMEMBER {partner} ROLE", "CHATMEMBER {partner} ROLE USER")
        .step("GET CHATMEMBER {partner} IS_ACTIVE", "CHATMEMBER {partner} IS_ACTIVE TRUE")
        .step("SET SILENT_MODE OFF", "SILENT_MODE OFF");
    alice(vertx, false).compose(client -> startUp.run(client).compose(v -> {
      ctx.verify(() -> assertThat(client.lines()).noneMatch(l -> l.contains("ERROR")));
      return client.closeAsync();
    })).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Beyond the recordings: bob's call ends before alice answered (imo.im's {@code ended}); as in
   * real Skype it is MISSED (bitlbee then tells "You have missed a call").
   */
  @Test
  void missedCall(Vertx vertx, VertxTestContext ctx) {
    JsonObject ringing = new JsonObject().put("name", "streams_info").put("uid", "alice")
        .put("type", "call").put("edata", new JsonObject().put("buid", "bob")
            .put("is_initiator", false));
    JsonObject ended = new JsonObject().put("name", "ended").put("uid", "alice")
        .put("type", "call").put("edata", new JsonObject().put("buid", "bob"));
    play(vertx, ctx, false, client -> bridge.simulator().injectEvent("alice", "av", ringing)
        .compose(v -> client.await(l -> l.matches("CALL \\d+ STATUS RINGING")))
        .compose(line -> {
          String c = line.split(" ")[1];
          return bridge.simulator().injectEvent("alice", "av", ended)
              .compose(v -> client.await("CALL " + c + " STATUS MISSED"))
              .compose(v -> new Transcript()
                  .step("SEARCH MISSEDCALLS", "CALLS " + c)
                  .step("GET CALL " + c + " PARTNER_HANDLE", "CALL " + c + " PARTNER_HANDLE bob")
                  .step("SEARCH ACTIVECALLS", "CALLS ")
                  .run(client));
        }));
  }

  /** The notifications about call {@code id}, without the number, in order. */
  private static List<String> callLines(SkypeProxyTestClient client, String id) {
    String prefix = "CALL " + id + " ";
    return client.lines().stream().filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length())).toList();
  }
}
