package net.imo2sproxy.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * bitlbee's Skype plugin scenarios login, group-read and group-add (its tests
 * {@code t/login-skyped.mock}, {@code group-read-skyped.mock}, {@code group-add-skyped.mock}:
 * what bitlbee sent and real Skype answered), replayed line for line over SkypeProxy against
 * the simulator, every line the client receives included (docs/skype-api-emulation.md §4.16).
 *
 * <p>Adapted where imo.im differs: imo.im knows the roster groups {@code Skype} and
 * {@code Buddies} only (docs/imo-protocol.md §10.3), so real Skype's "Family" and "Work" are
 * those two here, and the echo service, in imo.im's default group, is a member of
 * {@code Skype}; custom group ids start at 48 in every session, where real Skype's were 48
 * and 49 in one run and 70 and 71 in another. The log-in's notifications, which the mock files
 * leave out, are in the transcript, as is skyped's own {@code NAME} and {@code PROTOCOL}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class BitlbeeGroupTranscriptTest {

  private int port;

  /** alice's contacts: echo123, bob, cecil in "Skype", daniel, emily in "Buddies". */
  @BeforeEach
  void startBridge(Vertx vertx, VertxTestContext ctx) {
    JsonObject world = new JsonObject().put("echoBot", false)
        .put("accounts", new JsonArray()
            .add(new JsonObject().put("uid", "alice").put("password", "alice-pw")
                .put("alias", "Alice").put("buddies", new JsonArray()
                    .add(buddy("echo123", "Skype")).add(buddy("bob", "Skype"))
                    .add(buddy("cecil", "Skype")).add(buddy("daniel", "Buddies"))
                    .add(buddy("emily", "Buddies"))))
            .add(new JsonObject().put("uid", "emily").put("password", "emily-pw")
                .put("alias", "Emily")))
        .put("bots", new JsonArray()
            .add(bot("echo123", "Echo / Sound Test Service")).add(bot("bob", "Bob"))
            .add(bot("cecil", "Cecil")).add(bot("daniel", "Daniel")));
    WorldBridge.start(vertx, world).onComplete(ctx.succeeding(bridgePort -> {
      port = bridgePort;
      ctx.completeNow();
    }));
  }

  private static JsonObject buddy(String buid, String group) {
    return new JsonObject().put("buid", buid).put("group", group);
  }

  private static JsonObject bot(String uid, String alias) {
    return new JsonObject().put("uid", uid).put("alias", alias).put("everyone", false);
  }

  private Future<SkypeProxyTestClient> connect(Vertx vertx) {
    return SkypeProxyTestClient.connect(vertx, port).compose(client -> client
        .authenticate("alice:alice-pw").compose(ok -> client.command(2)).map(client));
  }

  /** skyped's attach and the log-in it starts; then what bitlbee asks first. */
  private static MockTranscript login(MockTranscript transcript) {
    return transcript.lines(
        ">> NAME skyped",
        "<< CONNSTATUS CONNECTING",
        "<< CONNSTATUS ONLINE",
        "<< USERSTATUS ONLINE",
        "<< CURRENTUSERHANDLE alice",
        "<< USER echo123 ONLINESTATUS ONLINE",
        "<< USER echo123 MOOD_TEXT ",
        "<< USER bob ONLINESTATUS ONLINE",
        "<< USER bob MOOD_TEXT ",
        "<< USER cecil ONLINESTATUS ONLINE",
        "<< USER cecil MOOD_TEXT ",
        "<< USER daniel ONLINESTATUS ONLINE",
        "<< USER daniel MOOD_TEXT ",
        "<< USER emily ONLINESTATUS OFFLINE",
        "<< USER emily MOOD_TEXT ",
        "<< OK",
        ">> PROTOCOL 5",
        "<< PROTOCOL 5",
        ">> SEARCH GROUPS CUSTOM",
        "<< GROUPS 48, 49",
        ">> SEARCH FRIENDS",
        "<< USERS echo123, bob, cecil, daniel, emily",
        ">> SET USERSTATUS ONLINE",
        "<< USERSTATUS ONLINE",
        ">> SET USERSTATUS ONLINE",
        "<< USERSTATUS ONLINE");
  }

  /** What bitlbee asks per contact after the groups. */
  private static MockTranscript contacts(MockTranscript transcript) {
    return transcript.lines(
        ">> GET USER echo123 ONLINESTATUS",
        "<< USER echo123 ONLINESTATUS ONLINE",
        ">> GET USER echo123 FULLNAME",
        "<< USER echo123 FULLNAME Echo / Sound Test Service",
        ">> GET USER bob ONLINESTATUS",
        "<< USER bob ONLINESTATUS ONLINE",
        ">> GET USER bob FULLNAME",
        "<< USER bob FULLNAME Bob",
        ">> GET USER cecil ONLINESTATUS",
        "<< USER cecil ONLINESTATUS ONLINE",
        ">> GET USER cecil FULLNAME",
        "<< USER cecil FULLNAME Cecil",
        ">> GET USER daniel ONLINESTATUS",
        "<< USER daniel ONLINESTATUS ONLINE",
        ">> GET USER daniel FULLNAME",
        "<< USER daniel FULLNAME Daniel",
        ">> GET USER emily ONLINESTATUS",
        "<< USER emily ONLINESTATUS OFFLINE",
        ">> GET USER emily FULLNAME",
        "<< USER emily FULLNAME Emily");
  }

  /** The groups bitlbee reads when its account's read_groups is on. */
  private static MockTranscript groups(MockTranscript transcript) {
    return transcript.lines(
        ">> GET GROUP 48 DISPLAYNAME",
        "<< GROUP 48 DISPLAYNAME Skype",
        ">> GET GROUP 48 USERS",
        "<< GROUP 48 USERS echo123, bob, cecil",
        ">> GET GROUP 49 DISPLAYNAME",
        "<< GROUP 49 DISPLAYNAME Buddies",
        ">> GET GROUP 49 USERS",
        "<< GROUP 49 USERS daniel, emily");
  }

  @Test
  void login(Vertx vertx, VertxTestContext ctx) {
    MockTranscript transcript = contacts(login(new MockTranscript("#b")))
        .lines(">> PING", "<< PONG");
    connect(vertx).compose(transcript::run).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void groupRead(Vertx vertx, VertxTestContext ctx) {
    MockTranscript transcript = contacts(groups(login(new MockTranscript("#b"))))
        .lines(">> PING", "<< PONG");
    connect(vertx).compose(transcript::run).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * group-add: bitlbee puts daniel into group 48 as well; then, as bitlbee does for a group it
   * does not know yet, makes one and adds emily to it once its id is told.
   */
  @Test
  void groupAdd(Vertx vertx, VertxTestContext ctx) {
    MockTranscript transcript = contacts(groups(login(new MockTranscript("#b")))).lines(
        ">> ALTER GROUP 48 ADDUSER daniel",
        "<< ALTER GROUP 48 ADDUSER daniel",
        "<< GROUP 48 NROFUSERS 4",
        "<< GROUP 48 NROFUSERS_ONLINE 4",
        // bitlbee asks the type of a group whose number of users changed
        ">> GET GROUP 48 TYPE",
        "<< GROUP 48 TYPE CUSTOM_GROUP",
        ">> GET GROUP 48 USERS",
        "<< GROUP 48 USERS echo123, bob, cecil, daniel",
        ">> CREATE GROUP Family",
        "<< CREATE GROUP Family",
        "<< GROUP 50 DISPLAYNAME Family",
        "<< GROUP 50 NROFUSERS 0",
        ">> ALTER GROUP 50 ADDUSER emily",
        "<< ALTER GROUP 50 ADDUSER emily",
        "<< GROUP 50 NROFUSERS 1",
        ">> SEARCH GROUPS CUSTOM",
        "<< GROUPS 48, 49, 50",
        ">> PING",
        "<< PONG");
    connect(vertx).compose(transcript::run).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A contact's presence changes the online count of its group: when emily logs in, alice's
   * client is told her status, then the count of "Buddies". Hardwired groups are not told.
   */
  @Test
  void aContactComingOnlineChangesItsGroupsOnlineCount(Vertx vertx, VertxTestContext ctx) {
    MockTranscript before = login(new MockTranscript("#a"))
        .lines(">> GET GROUP 49 NROFUSERS_ONLINE", "<< GROUP 49 NROFUSERS_ONLINE 1");
    MockTranscript after = new MockTranscript("#c").lines(
        "<< USER emily ONLINESTATUS ONLINE",
        "<< USER emily MOOD_TEXT ",
        "<< GROUP 49 NROFUSERS_ONLINE 2",
        ">> GET GROUP 5 NROFUSERS",
        "<< GROUP 5 NROFUSERS 5",
        ">> PING",
        "<< PONG");
    connect(vertx).compose(alice -> before.run(alice)
            .compose(v -> ChatScenarios.login(vertx, port, "emily:emily-pw"))
            .compose(emily -> after.run(alice)))
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * A second client of the same account, attaching while it is online, is told the state once
   * after its first answer, as real Skype told every attaching client; the first client, which
   * saw the log-in, is told nothing more.
   */
  @Test
  void secondClientIsToldTheStateOnce(Vertx vertx, VertxTestContext ctx) {
    MockTranscript first = login(new MockTranscript("#a")).lines(">> PING", "<< PONG");
    MockTranscript second = new MockTranscript("#b").lines(
        ">> NAME skyped",
        "<< OK",
        "<< CONNSTATUS ONLINE",
        "<< CURRENTUSERHANDLE alice",
        "<< USERSTATUS ONLINE",
        ">> PROTOCOL 5",
        "<< PROTOCOL 5",
        ">> GET CONNSTATUS",
        "<< CONNSTATUS ONLINE",
        ">> PING",
        "<< PONG");
    MockTranscript firstAfter = new MockTranscript("#c").lines(">> PING", "<< PONG");
    connect(vertx).compose(a -> first.run(a)
            .compose(v -> connect(vertx)).compose(second::run)
            .compose(v -> firstAfter.run(a)))
        .onComplete(ctx.succeedingThenComplete());
  }
}
