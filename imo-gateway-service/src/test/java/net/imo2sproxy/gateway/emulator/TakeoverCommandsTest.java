package net.imo2sproxy.gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.emulator.impl.CommandRunner;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.junit.jupiter.api.Test;

/**
 * Commands that arrive while a session taken over from a dead gateway is still resuming its
 * upstream session: each waits for the outcome, then runs, and is answered exactly once.
 */
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class TakeoverCommandsTest extends TakeoverTestBase {

  /** Lines one session sent to its connections, with waiters for lines to come. */
  private static final class Transcript {
    final List<String> lines = new ArrayList<>();
    private final List<Predicate<String>> filters = new ArrayList<>();
    private final List<Promise<String>> waiters = new ArrayList<>();

    void sink(String address, JsonObject message) {
      if (BusMessages.TYPE_OUTPUT.equals(message.getString(BusMessages.TYPE))) {
        for (Object line : message.getJsonArray(BusMessages.LINES, new JsonArray())) {
          lines.add((String) line);
          for (int i = filters.size() - 1; i >= 0; i--) {
            if (filters.get(i).test((String) line)) {
              filters.remove(i);
              waiters.remove(i).tryComplete((String) line);
            }
          }
        }
      }
    }

    Future<String> next(Predicate<String> filter) {
      for (String line : lines) {
        if (filter.test(line)) {
          return Future.succeededFuture(line);
        }
      }
      Promise<String> waiter = Promise.promise();
      filters.add(filter);
      waiters.add(waiter);
      return waiter.future();
    }
  }

  private AccountSession session(Vertx vertx, String password, String id, Transcript out) {
    return sessions.alice(vertx, password, id, out::sink);
  }

  /**
   * A first gateway logs alice in and saves the state; then it dies (its Vert.x is closed, no
   * sign-off), and the survivor's sessions are created from the saved state.
   */
  private Future<JsonObject[]> savedByADeadGateway() {
    Transcript out = new Transcript();
    Context dead = deadGateway.getOrCreateContext();
    Promise<JsonObject[]> saved = Promise.promise();
    dead.runOnContext(v -> {
      AccountSession first = session(deadGateway, "alice-pw", "first", out);
      first.attach("c1", ConnectionOutput.of("c1", "test-endpoint"));
      first.command("c1", "#p PROTOCOL 7");
      out.next("#p PROTOCOL 7"::equals)
          .map(reply -> new JsonObject[] {first.snapshot(), first.rosterSnapshot()})
          .onComplete(saved);
    });
    return saved.future().compose(state -> deadGateway.close().map(state));
  }

  /**
   * A first gateway logs alice in, runs command 3 of connection c1, a message send, until the
   * message is SENT, saves the state and dies.
   */
  private Future<JsonObject[]> savedAfterASend(String send) {
    Transcript out = new Transcript();
    Context dead = deadGateway.getOrCreateContext();
    Promise<JsonObject[]> saved = Promise.promise();
    dead.runOnContext(v -> {
      AccountSession first = session(deadGateway, "alice-pw", "first", out);
      first.attach("c1", ConnectionOutput.of("c1", "test-endpoint"));
      first.run("c1", 1, false, "#p PROTOCOL 7")
          .compose(ack -> first.run("c1", 3, false, send))
          .compose(ack -> out.next(line -> line.matches("CHATMESSAGE \\d+ STATUS SENT")))
          .map(sent -> new JsonObject[] {first.snapshot(), first.rosterSnapshot()})
          .onComplete(saved);
    });
    return saved.future().compose(state -> deadGateway.close().map(state));
  }

  /**
   * After the take-over, the endpoint resends command 3 (its acknowledgement was lost with the
   * dead gateway): the survivor knows the message it sent from the saved state and answers
   * from that record, the reply the first run gave and then the status it has now; imo.im
   * gets the message once. Command 4, which the dead gateway never ran, runs.
   */
  @Test
  void aResentSendIsAnsweredFromTheRecordAndAnUnknownOneRuns(VertxTestContext ctx) {
    Transcript out = new Transcript();
    String send = "#m3 CHATMESSAGE echo123 sent before the kill";
    String unknown = "#m4 CHATMESSAGE echo123 never reached the dead gateway";
    List<CommandRunner.Answer> answers = new ArrayList<>();
    savedAfterASend(send).compose(saved -> {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> {
        survivor = session(context.owner(), "alice-pw", "survivor", out);
        survivor.restore(saved[0], saved[1]);
        Resumed resumed = survivor.attachResumed("c1",
            ConnectionOutput.of("c1", "test-endpoint"), 7, List.of());
        ctx.verify(() -> assertThat(resumed.protocol()).isEqualTo(7));
        survivor.resumeUpstream(saved[0].getJsonObject("upstream"), Duration.ofSeconds(5));
        survivor.run("c1", 3, true, send)
            .compose(answer -> {
              answers.add(answer);
              return survivor.run("c1", 4, true, unknown);
            })
            .<Void>map(answer -> {
              answers.add(answer);
              return null;
            })
            // the SENDING reply comes before send_im goes out
            .compose(none -> sendImOf("never reached the dead gateway"))
            .onComplete(done);
      });
      return done.future();
    }).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      // the resumed session's own notifications (CONNSTATUS ...) may come first
      List<String> first = answers.get(0).lines();
      String reply = first.stream().filter(l -> l.startsWith("#m3 ")).findFirst().orElseThrow();
      assertThat(reply).matches("#m3 CHATMESSAGE \\d+ STATUS SENDING");
      String number = reply.split(" ")[2];
      assertThat(first.subList(first.indexOf(reply), first.size()))
          .containsExactly(reply, "CHATMESSAGE " + number + " STATUS SENT");
      assertThat(BusMessages.sends(new JsonObject().put(BusMessages.SENDS,
          answers.get(0).sends()))).containsEntry(Long.parseLong(number), "SENT");
      assertThat(simulator.requests("send_im").stream()
          .filter(r -> r.encode().contains("sent before the kill"))).hasSize(1);
      assertThat(answers.get(1).lines())
          .anyMatch(l -> l.matches("#m4 CHATMESSAGE \\d+ STATUS SENDING"));
      assertThat(simulator.requests("send_im").stream()
          .filter(r -> r.encode().contains("never reached the dead gateway"))).hasSize(1);
      ctx.completeNow();
    })));
  }

  /** Completes once imo.im got a send_im with {@code text} (it follows the SENDING reply). */
  private Future<Void> sendImOf(String text) {
    return net.imo2sproxy.testsupport.Await.until(context.owner(), "send_im of " + text,
        Duration.ofSeconds(10), () -> Future.succeededFuture(simulator.requests("send_im")
            .stream().anyMatch(r -> r.encode().contains(text))));
  }

  /** Takes the saved state over and sends a message while the resume is still under way. */
  private Future<String> takeOverAndSend(JsonObject[] saved, String password,
      Transcript out) {
    Promise<String> reply = Promise.promise();
    context.runOnContext(v -> {
      survivor = session(context.owner(), password, "survivor", out);
      survivor.restore(saved[0], saved[1]);
      survivor.attachResumed("c2", ConnectionOutput.of("c2", "test-endpoint"), 7, List.of());
      survivor.resumeUpstream(saved[0].getJsonObject("upstream"), Duration.ofSeconds(5));
      survivor.command("c2", "#m1 CHATMESSAGE echo123 sent during the take-over");
      out.next(line -> line.startsWith("#m1 ")).onComplete(reply);
    });
    return reply.future();
  }

  @Test
  void aCommandDuringTheResumeWaitsForItThenRuns(VertxTestContext ctx) {
    Transcript out = new Transcript();
    savedByADeadGateway().compose(saved -> {
      assertThat(saved[0].getJsonObject("upstream")).isNotNull();
      // the resume probe is slow: the command arrives while the session is resuming
      simulator.fail(new JsonObject().put("mode", "latency").put("on", "command")
          .put("account", "alice").put("delayMs", 1500).put("count", 1));
      return takeOverAndSend(saved, "alice-pw", out);
    }).compose(reply -> sendImOf("sent during the take-over").map(reply))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertThat(reply).matches("#m1 CHATMESSAGE \\d+ STATUS SENDING");
      assertThat(out.lines.indexOf("CONNSTATUS ONLINE")).isBetween(0,
          out.lines.indexOf(reply));
      assertThat(out.lines.stream().filter(l -> l.startsWith("#m1 "))).hasSize(1);
      assertThat(simulator.requests("send_im")).anyMatch(r -> r.encode()
          .contains("sent during the take-over"));
      ctx.completeNow();
    })));
  }

  @Test
  void aCommandDuringAResumeThatEndsOfflineGetsAnErrorLineAfterIt(VertxTestContext ctx) {
    Transcript out = new Transcript();
    savedByADeadGateway().compose(saved -> {
      // imo.im does not know the saved session, and the fresh login is refused
      saved[0].getJsonObject("upstream").put("ssid", "forgotten-by-imo");
      return takeOverAndSend(saved, "wrong-password", out);
    }).onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertThat(reply).isEqualTo("#m1 ERROR 9902 Not logged in");
      assertThat(out.lines).containsSubsequence("CONNSTATUS CONNECTING", "CONNSTATUS OFFLINE",
          reply);
      assertThat(out.lines.stream().filter(l -> l.startsWith("#m1 "))).hasSize(1);
      assertThat(simulator.requests("send_im")).noneMatch(r -> r.encode()
          .contains("sent during the take-over"));
      ctx.completeNow();
    })));
  }
}
