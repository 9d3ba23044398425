package net.imo2sproxy.gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.Test;

/**
 * The dead gateway's last request is still on its way when the survivor resumes: imo.im runs
 * it after the survivor's probe, under the number the probe gave the survivor for its next
 * command. The survivor's own commands must not be taken for duplicates of it and dropped: a
 * message the survivor sends afterwards reaches imo.im, and the dead one's message ends SENT
 * if imo.im ran it and FAILED if not.
 */
@Timeout(value = 40, timeUnit = TimeUnit.SECONDS)
class LateRequestTakeoverTest extends TakeoverTestBase {

  private static final String DEAD = "sent by the dead gateway";
  private static final String SURVIVOR = "sent by the survivor";

  private final List<String> lines = new ArrayList<>();

  /** The result imo.im logged for the send_im carrying {@code text}, or null. */
  private String resultOf(String text) {
    return simulator.requests("send_im").stream().filter(r -> r.encode().contains(text))
        .map(r -> r.getString("result")).findFirst().orElse(null);
  }

  /**
   * Dies with its send_im held 3 s on the way to imo.im; the state and roster are the ones it
   * saved.
   */
  private Future<JsonObject[]> deadWithARequestOnItsWay() {
    Vertx dead = sessions.deadGateway();
    Promise<JsonObject[]> state = Promise.promise();
    dead.getOrCreateContext().runOnContext(v -> {
      AccountSession first = sessions.alice(dead, "first", (address, message) -> { });
      first.attach("c1", ConnectionOutput.of("c1", "endpoint-1"));
      first.run("c1", 1, false, "#p PROTOCOL 7")
          .compose(ack -> sessions.loginDone(dead, first))
          .compose(online -> {
            simulator.fail(new JsonObject().put("mode", "latency").put("on", "command")
                .put("account", "alice").put("delayMs", 3000).put("count", 1));
            return first.run("c1", 3, false, "#m3 CHATMESSAGE echo123 " + DEAD);
          })
          // on its way: the latency rule took it
          .compose(answer -> Await.until(dead, "send_im held", Duration.ofSeconds(10),
              () -> Future.succeededFuture(simulator.faults().isEmpty())))
          .map(held -> new JsonObject[] {first.snapshot(), first.rosterSnapshot()})
          .onComplete(state);
    });
    return state.future().compose(sessions::kill);
  }

  @Test
  void theSurvivorsCommandsAreNotTakenForTheLateOne(VertxTestContext ctx) {
    deadWithARequestOnItsWay().compose(state -> {
      Promise<ChatMessage> done = Promise.promise();
      context.runOnContext(v -> {
        survivor = sessions.alice(context.owner(), "survivor", SimulatedSessions.lines(lines::add));
        survivor.restore(state[0], state[1]);
        ChatMessage dead = survivor.model().messages.withStatus(ChatMessage.Status.SENDING)
            .get(0);
        survivor.attachResumed("c1", ConnectionOutput.of("c1", "endpoint-1"), 7, List.of());
        survivor.resumeUpstream(state[0].getJsonObject("upstream"), Duration.ofSeconds(5))
            // imo.im runs the late request (or drops it) only after the probe
            .compose(resumed -> Await.until(context.owner(), "the late send_im run",
                Duration.ofSeconds(10), () -> Future.succeededFuture(resultOf(DEAD) != null)))
            .compose(late -> survivor.run("c1", 4, false, "#m4 CHATMESSAGE echo123 " + SURVIVOR))
            .compose(answer -> Await.until(context.owner(), "the survivor's send_im run",
                Duration.ofSeconds(10), () -> Future.succeededFuture(resultOf(SURVIVOR) != null)))
            .compose(ran -> Await.until(context.owner(), "the dead one's message ended",
                Duration.ofSeconds(10), () -> Future.succeededFuture(
                    dead.status != ChatMessage.Status.SENDING)))
            .map(dead).onComplete(done);
      });
      return done.future();
    }).onComplete(ctx.succeeding(dead -> ctx.verify(() -> {
      assertThat(resultOf(SURVIVOR)).as("the survivor's send_im at imo.im")
          .isEqualTo("processed");
      assertThat(dead.status).as("the dead gateway's message, imo.im said " + resultOf(DEAD))
          .isEqualTo("processed".equals(resultOf(DEAD)) ? ChatMessage.Status.SENT
              : ChatMessage.Status.FAILED);
      ctx.completeNow();
    })));
  }
}
