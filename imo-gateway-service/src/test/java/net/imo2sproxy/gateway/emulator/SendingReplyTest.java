package net.imo2sproxy.gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.simulator.ImoSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code MESSAGE} is answered SENDING as soon as the message is stored, before imo.im answered
 * its {@code send_im} (as real Skype did); the outcome, SENT or FAILED, follows as a
 * notification, and the connection's next commands do not wait for imo.im.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SendingReplyTest {

  private ImoSimulator simulator;
  private AccountSession session;
  /** Every line the session wrote to connection c1, replies and notifications, in order. */
  private final List<String> lines = new ArrayList<>();
  private final List<Predicate<String>> filters = new ArrayList<>();
  private final List<Promise<String>> waiters = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    SimulatedSessions.start(vertx).onComplete(ctx.succeeding(started -> {
      simulator = started.simulator;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(Vertx vertx, VertxTestContext ctx) {
    Future<Void> closed = session == null ? Future.succeededFuture()
        : Future.future(p -> vertx.runOnContext(v -> session.close().onComplete(p)));
    closed.compose(v -> simulator.close()).onComplete(ctx.succeedingThenComplete());
  }

  private void told(String line) {
    lines.add(line);
    for (int i = filters.size() - 1; i >= 0; i--) {
      if (filters.get(i).test(line)) {
        filters.remove(i);
        waiters.remove(i).tryComplete(line);
      }
    }
  }

  /** The first line told so far or later that matches {@code regex}. */
  private Future<String> line(String regex) {
    for (String line : lines) {
      if (line.matches(regex)) {
        return Future.succeededFuture(line);
      }
    }
    Promise<String> waiter = Promise.promise();
    filters.add(l -> l.matches(regex));
    waiters.add(waiter);
    return waiter.future();
  }

  /** Logs alice in with connection c1 at PROTOCOL 7; runs on the test's context. */
  private Future<Void> online(Vertx vertx) {
    Promise<Void> online = Promise.promise();
    vertx.runOnContext(v -> {
      ImoClientOptions imo = new ImoClientOptions(simulator.baseUrl(), Duration.ofSeconds(5),
          Duration.ofSeconds(300), 8);
      session = new AccountSession(vertx, vertx.createHttpClient(), imo,
          SessionSettings.defaults(), "alice", "alice-pw", "s1", (address, message) -> {
            if (BusMessages.TYPE_OUTPUT.equals(message.getString(BusMessages.TYPE))) {
              message.getJsonArray(BusMessages.LINES, new JsonArray())
                  .forEach(line -> told((String) line));
            }
          });
      session.attach("c1", ConnectionOutput.of("c1", "test-endpoint"));
      session.command("c1", "PROTOCOL 7");
      session.loginNow();
      line("CONNSTATUS ONLINE").<Void>mapEmpty().onComplete(online);
    });
    return online.future();
  }

  /** Runs numbered command {@code id} of c1; its answer's lines are told in order. */
  private Future<Void> run(long id, String command) {
    return session.run("c1", id, false, command).map(answer -> {
      answer.lines().forEach(this::told);
      return null;
    });
  }

  private boolean imoGot(String text) {
    return simulator.requests("send_im").stream().anyMatch(r -> r.encode().contains(text));
  }

  @Test
  void theReplyAndTheNextCommandComeWhileSendImIsHeldBack(Vertx vertx, VertxTestContext ctx) {
    List<Boolean> imoHadItAtTheReplies = new ArrayList<>();
    online(vertx).compose(v -> {
      // imo.im answers the next command (the send_im) only after 3 s (within the call timeout)
      simulator.fail(new JsonObject().put("mode", "latency").put("on", "command")
          .put("account", "alice").put("delayMs", 3000).put("count", 1));
      Future<Void> sent = run(2, "#m MESSAGE echo123 held back")
          .andThen(ar -> imoHadItAtTheReplies.add(imoGot("held back")));
      // sent right behind it, on the same connection: not held behind the send_im
      Future<Void> pinged = run(3, "#p PING")
          .andThen(ar -> imoHadItAtTheReplies.add(imoGot("held back")));
      return Future.all(sent, pinged);
    }).compose(v -> line("#m CHATMESSAGE \\d+ STATUS SENDING"))
        .compose(reply -> line(reply.substring(3).replace("SENDING", "SENT")).map(reply))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(imoHadItAtTheReplies).as("imo.im had not processed send_im yet")
              .containsExactly(false, false);
          String sent = reply.substring(3).replace("SENDING", "SENT");
          assertThat(lines).containsSubsequence(reply, "#p PONG", sent);
          assertThat(lines.stream().filter(l -> l.startsWith("#m "))).hasSize(1);
          assertThat(simulator.requests("send_im").stream()
              .filter(r -> r.encode().contains("held back"))
              .filter(r -> "processed".equals(r.getString("result")))).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void aFailingSendImEndsInAFailedNotificationAfterTheReply(Vertx vertx,
      VertxTestContext ctx) {
    online(vertx).compose(v -> {
      // imo.im never answers a command again
      simulator.fail(new JsonObject().put("mode", "http500").put("on", "command")
          .put("account", "alice").put("count", -1));
      return run(2, "#m MESSAGE echo123 never answered");
    }).compose(v -> line("#m CHATMESSAGE \\d+ STATUS SENDING"))
        .compose(reply -> line(reply.substring(3).replace("SENDING", "FAILED")).map(reply))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          String number = reply.split(" ")[2];
          String failed = "CHATMESSAGE " + number + " STATUS FAILED";
          assertThat(lines).containsSubsequence(reply, failed);
          assertThat(lines).filteredOn(l -> l.contains("CHATMESSAGE " + number + " "))
              .as("told once: SENDING, then FAILED").containsExactly(reply, failed);
          assertThat(session.model().messages.get(Long.parseLong(number)).failureReason)
              .isEqualTo(1);
          ctx.completeNow();
        })));
  }
}
