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
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.emulator.impl.CommandRunner;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.Test;

/**
 * A gateway that answered SENDING dies before imo.im answered the message's {@code send_im}:
 * the survivor, from the state saved before the send, matches imo.im's acknowledgement and
 * tells SENT, answers the command resent to it from the record, and sends nothing again.
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SendingTakeoverTest extends TakeoverTestBase {

  private static final String TEXT = "in flight at the kill";

  private final List<String> survivorLines = new ArrayList<>();

  private AccountSession session(Vertx vertx, String id, List<String> lines) {
    return sessions.alice(vertx, id, SimulatedSessions.lines(lines::add));
  }

  private List<JsonObject> processedSends() {
    return simulator.requests("send_im").stream().filter(r -> r.encode().contains(TEXT))
        .filter(r -> "processed".equals(r.getString("result"))).toList();
  }

  /**
   * The first gateway runs command 3, a send held back 2 s at imo.im, answers it SENDING,
   * keeps the state as it was saved for that reply, and dies before send_im is answered.
   */
  private Future<Object[]> answeredSendingThenKilled() {
    Context dead = deadGateway.getOrCreateContext();
    Promise<Object[]> saved = Promise.promise();
    dead.runOnContext(v -> {
      AccountSession first = session(deadGateway, "first", new ArrayList<>());
      first.attach("c1", ConnectionOutput.of("c1", "test-endpoint"));
      first.run("c1", 1, false, "#p PROTOCOL 7")
          .compose(ack -> sessions.loginDone(deadGateway, first)).compose(online -> {
        simulator.fail(new JsonObject().put("mode", "latency").put("on", "command")
            .put("account", "alice").put("delayMs", 2000).put("count", 1));
        return first.run("c1", 3, false, "#m3 CHATMESSAGE echo123 " + TEXT);
      }).map(answer -> new Object[] {answer, first.snapshot(), first.rosterSnapshot(),
          processedSends().size()}).onComplete(saved);
    });
    // dies once the held send_im reached imo.im (its latency rule was taken), before its answer
    return saved.future().compose(state -> Await.until(context.owner(), "send_im at imo.im",
        Duration.ofSeconds(10), this::heldRuleTaken).map(state))
        .compose(state -> deadGateway.close().map(state));
  }


  /** No 2 s latency rule is left: the held send_im reached the simulator. */
  private Future<Boolean> heldRuleTaken() {
    return Future.succeededFuture(simulator.faults().isEmpty());
  }

  @Test
  void aSendBetweenItsReplyAndSendImsAnswerIsNeitherLostNorSentTwice(VertxTestContext ctx) {
    List<CommandRunner.Answer> answers = new ArrayList<>();
    answeredSendingThenKilled().compose(state -> {
      CommandRunner.Answer first = (CommandRunner.Answer) state[0];
      String reply = first.lines().stream().filter(l -> l.startsWith("#m3 ")).findFirst()
          .orElseThrow();
      ctx.verify(() -> {
        assertThat(reply).matches("#m3 CHATMESSAGE \\d+ STATUS SENDING");
        assertThat((Integer) state[3]).as("imo.im had not processed it at the reply")
            .isZero();
      });
      answers.add(first);
      // the held send_im reaches imo.im after the gateway died; its answer is lost
      return Await.until(context.owner(), "the held send_im", Duration.ofSeconds(10),
          () -> Future.succeededFuture(processedSends().size() == 1)).map(state);
    }).compose(state -> {
      JsonObject savedState = (JsonObject) state[1];
      long number = Long.parseLong(answers.get(0).lines().stream()
          .filter(l -> l.startsWith("#m3 ")).findFirst().orElseThrow().split(" ")[2]);
      Promise<Long> done = Promise.promise();
      context.runOnContext(v -> {
        survivor = session(context.owner(), "survivor", survivorLines);
        survivor.restore(savedState, (JsonObject) state[2]);
        survivor.attachResumed("c1", ConnectionOutput.of("c1", "test-endpoint"), 7,
            List.of(number));
        survivor.resumeUpstream(savedState.getJsonObject("upstream"), Duration.ofSeconds(10));
        // as if the acknowledgement of command 3 had been lost too: resent
        survivor.run("c1", 3, true, "#m3 CHATMESSAGE echo123 " + TEXT)
            .onSuccess(answers::add)
            .compose(answer -> Await.until(context.owner(), "SENT", Duration.ofSeconds(20),
                () -> Future.succeededFuture(told(answers, number, "SENT"))))
            .map(number).onComplete(done);
      });
      return done.future();
    }).onComplete(ctx.succeeding(number -> ctx.verify(() -> {
      assertThat(answers.get(1).lines())
          .contains("#m3 CHATMESSAGE " + number + " STATUS SENDING");
      assertThat(told(answers, number, "FAILED")).as("never FAILED").isFalse();
      assertThat(processedSends()).as("imo.im got it once").hasSize(1);
      assertThat(simulator.requests("send_im").stream()
          .filter(r -> r.encode().contains(TEXT))).as("the survivor sent nothing")
          .hasSize(1);
      ctx.completeNow();
    })));
  }

  /** The survivor told {@code status} of message {@code number}, in an answer or as output. */
  private boolean told(List<CommandRunner.Answer> answers, long number, String status) {
    String line = "CHATMESSAGE " + number + " STATUS " + status;
    return survivorLines.contains(line) || (answers.size() > 1
        && answers.get(1).lines().contains(line));
  }
}
