package net.imo2sproxy.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.imo2sproxy.gateway.emulator.AccountSession;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The recovery rules of docs/imo-protocol.md §7.4 as a Skype client sees them through
 * {@link AccountSession}: a lost session (expired, reset, disconnect, ack 0, unreachable) gives
 * CONNSTATUS CONNECTING then ONLINE on a fresh imo.im session; a rejected password gives OFFLINE
 * once and is never retried; a message in flight ends FAILED, never stuck in SENDING.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class AccountRecoveryTest {

  private ImoTestSupport t;
  private AccountSession account;
  private final List<String> lines = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(int from, Predicate<String> filter, Promise<Integer> promise) {
  }

  @BeforeEach
  void start(Vertx vertx) {
    t = new ImoTestSupport(vertx);
  }

  @AfterEach
  void stop() {
    if (account != null) {
      t.on(account::close);
    }
    t.close();
  }

  private void open(String password) {
    SessionSettings settings = SessionSettings.defaults()
        .withSendAckTimeout(Duration.ofSeconds(20)).withLoginTimeout(Duration.ofSeconds(15));
    account = t.on(() -> Future.succeededFuture(new AccountSession(t.vertx, t.http, t.options(),
        settings, "alice", password, "recovery-test", (address, message) -> {
          if (BusMessages.TYPE_OUTPUT.equals(message.getString(BusMessages.TYPE))) {
            JsonArray output = message.getJsonArray(BusMessages.LINES);
            output.forEach(line -> received((String) line));
          }
        })));
    t.on(() -> {
      account.attach("c1", ConnectionOutput.of("c1", "test-endpoint"));
      account.command("c1", "PROTOCOL 7");
      return Future.succeededFuture();
    });
  }

  private void received(String line) {
    lines.add(line);
    for (Waiter w : List.copyOf(waiters)) {
      if (lines.size() - 1 >= w.from && w.filter.test(line)) {
        waiters.remove(w);
        w.promise.complete(lines.size() - 1);
      }
    }
  }

  /** Index of the first line at or after {@code from} that matches, waiting for it. */
  private int await(int from, Predicate<String> filter) {
    return t.on(() -> {
      for (int i = from; i < lines.size(); i++) {
        if (filter.test(lines.get(i))) {
          return Future.succeededFuture(i);
        }
      }
      Promise<Integer> p = Promise.promise();
      waiters.add(new Waiter(from, filter, p));
      return p.future();
    });
  }

  private int await(int from, String line) {
    return await(from, line::equals);
  }

  private List<String> snapshot() {
    return t.on(() -> Future.succeededFuture(List.copyOf(lines)));
  }

  private int online() {
    return await(0, "CONNSTATUS ONLINE");
  }

  private void admin(String action, JsonObject body) {
    t.on(() -> t.simulator.admin(action, body));
  }

  /** After a loss: CONNECTING, then ONLINE with a new ssid and a second login. */
  private void assertRecovered(int from) {
    int connecting = await(from, "CONNSTATUS CONNECTING");
    int online = await(connecting, "CONNSTATUS ONLINE");
    assertThat(snapshot().subList(connecting, online)).doesNotContain("CONNSTATUS OFFLINE");
    await(online, "CURRENTUSERHANDLE alice");
    List<JsonObject> logins = t.requests("account_login");
    assertThat(logins).hasSize(2);
    assertThat(logins.get(0).getString("ssid")).isNotEqualTo(logins.get(1).getString("ssid"));
    assertThat(t.requests("get_cookie_and_ssid")).hasSize(2);
  }

  @Test
  void expiredGivesAFreshSessionAndReLogin() {
    open("alice-pw");
    int from = online();
    admin("expire", new JsonObject().put("to", "alice"));
    assertRecovered(from + 1);
  }

  @Test
  void resetGivesAFreshSessionAndReLogin() {
    open("alice-pw");
    int from = online();
    admin("reset", new JsonObject().put("to", "alice"));
    assertRecovered(from + 1);
  }

  @Test
  void disconnectAfterSignOnGivesReLogin() {
    open("alice-pw");
    int from = online();
    admin("disconnect", new JsonObject().put("to", "alice").put("msg", "maintenance"));
    assertRecovered(from + 1);
  }

  @Test
  void ackResetGivesReLogin() {
    open("alice-pw");
    int from = online();
    t.simulator.fail(new JsonObject().put("mode", "ack0").put("on", "command")
        .put("account", "alice"));
    t.on(() -> {
      account.command("c1", "SET USERSTATUS AWAY");
      return Future.succeededFuture();
    });
    assertRecovered(from + 1);
  }

  @Test
  void unreachableServerGivesReLogin() {
    open("alice-pw");
    int from = online();
    t.simulator.fail(new JsonObject().put("mode", "reset").put("on", "poll")
        .put("account", "alice").put("count", 6));
    assertRecovered(from + 1);
  }

  @Test
  void wrongPasswordGivesOfflineOnceAndIsNeverRetried() {
    open("wrong-pw");
    int offline = await(0, "CONNSTATUS OFFLINE");
    assertThat(snapshot().subList(0, offline)).containsOnlyOnce("CONNSTATUS CONNECTING")
        .doesNotContain("CONNSTATUS ONLINE");
    // several times the longest re-login back-off: no second attempt may follow
    ImoTestSupport.await(t.vertx.timer(6 * ImoTestSupport.FAST.maxDelay().toMillis()));
    assertThat(t.requests("account_login")).hasSize(1);
    assertThat(snapshot()).containsOnlyOnce("CONNSTATUS CONNECTING");
    assertThat(String.join("\n", snapshot())).doesNotContain("wrong-pw");
  }

  @Test
  void passwordRejectedAfterSignOnGivesOfflineWithoutRetry() {
    open("alice-pw");
    int from = online();
    admin("disconnect", new JsonObject().put("to", "alice").put("msg", "uidpassword"));
    await(from, "CONNSTATUS OFFLINE");
    ImoTestSupport.await(t.vertx.timer(6 * ImoTestSupport.FAST.maxDelay().toMillis()));
    assertThat(t.requests("account_login")).hasSize(1);
    assertThat(snapshot().subList(from + 1, snapshot().size()))
        .doesNotContain("CONNSTATUS CONNECTING");
  }

  @Test
  void reLoginGivesUpAfterThePolicyAttemptsWithOffline() {
    open("alice-pw");
    int from = online();
    // every new session fails at bootstrap from now on
    t.simulator.fail(new JsonObject().put("mode", "http500").put("on", "command")
        .put("count", -1));
    admin("expire", new JsonObject().put("to", "alice"));
    int connecting = await(from, "CONNSTATUS CONNECTING");
    await(connecting, "CONNSTATUS OFFLINE");
    assertThat(t.requests("account_login")).hasSize(1);
  }

  @Test
  void aMessageInFlightEndsFailedWhenTheSessionIsLost() {
    open("alice-pw");
    int from = online();
    t.simulator.configure(new JsonObject().put("sendAcks", false));
    t.on(() -> {
      account.command("c1", "MESSAGE bob are you there?");
      return Future.succeededFuture();
    });
    int sending = await(from, l -> l.matches("(CHAT)?MESSAGE \\d+ STATUS SENDING"));
    String id = snapshot().get(sending).split(" ")[1];
    admin("expire", new JsonObject().put("to", "alice"));
    int failed = await(sending, l -> l.matches("(CHAT)?MESSAGE " + id + " STATUS FAILED"));
    await(failed, "CONNSTATUS ONLINE");
  }
}
