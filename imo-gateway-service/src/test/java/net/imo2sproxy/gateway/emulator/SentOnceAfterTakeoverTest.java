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
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.Test;

/**
 * A gateway dies with an own message SENDING; imo.im's acknowledgement comes to the survivor,
 * whose announcement of SENT waits for its save. A connection that re-attaches meanwhile
 * (listing the message as SENDING) and resends the command is told SENT exactly once: by the
 * announcement, not also by the re-attach reply or the resent command's answer. (Under load
 * the kill -9 test saw SENT twice.)
 */
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SentOnceAfterTakeoverTest extends TakeoverTestBase {

  private static final String SEND = "#m3 CHATMESSAGE echo123 acknowledged after the kill";

  private final List<String> linesToC1 = new ArrayList<>();

  private AccountSession session(Vertx vertx, String id) {
    return sessions.alice(vertx, id, (address, message) -> {
      if (address.contains("endpoint-1") && "c1".equals(message.getString("connection"))) {
        BusMessages.lines(message).forEach(line -> linesToC1.add((String) line));
      }
    });
  }

  /** The dead gateway's state once imo.im got its send_im, whose acknowledgement it delays. */
  private Future<JsonObject> stateOfADeadSender() {
    simulator.configure(new JsonObject().put("ackDelayMs", 1500));
    Promise<JsonObject> state = Promise.promise();
    deadGateway.getOrCreateContext().runOnContext(v -> {
      AccountSession first = session(deadGateway, "first");
      first.attach("c1", ConnectionOutput.of("c1", "endpoint-1"));
      first.run("c1", 1, false, "#p PROTOCOL 7")
          .compose(ack -> first.run("c1", 3, false, SEND).otherwiseEmpty())
          .compose(ack -> Await.until(deadGateway, "send_im at imo.im", Duration.ofSeconds(10),
              () -> Future.succeededFuture(!simulator.requests("send_im").isEmpty())))
          .map(sent -> first.snapshot())
          .onComplete(state);
    });
    return state.future().compose(s -> deadGateway.close().map(s));
  }

  @Test
  void theStatusIsToldOnceWhenItsAnnouncementWaitsForASave(VertxTestContext ctx) {
    HeldSavedState store = new HeldSavedState();
    List<CommandRunner.Answer> answers = new ArrayList<>();
    List<Resumed> resumed = new ArrayList<>();
    stateOfADeadSender().compose(state -> {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> {
        survivor = session(context.owner(), "survivor");
        store.of(survivor);
        survivor.keepStateSaved(store);
        survivor.restore(state, null);
        ChatMessage sending = survivor.model().messages.withStatus(ChatMessage.Status.SENDING)
            .get(0);
        survivor.resumeUpstream(state.getJsonObject("upstream"), Duration.ofSeconds(10));
        Await.until(context.owner(), "SENT at the survivor", Duration.ofSeconds(10),
                () -> Future.succeededFuture(sending.status == ChatMessage.Status.SENT))
            .compose(sent -> {
              // the announcement waits for the held save; the connection comes back now
              resumed.add(survivor.attachResumed("c1", ConnectionOutput.of("c1", "endpoint-1"),
                  7, List.of(sending.id)));
              return survivor.run("c1", 3, true, SEND);
            })
            .map(answer -> {
              answers.add(answer);
              store.saveNow();
              return (Void) null;
            })
            .compose(saved -> Await.until(context.owner(), "the announcement",
                Duration.ofSeconds(10), () -> Future.succeededFuture(linesToC1.stream()
                    .anyMatch(l -> l.endsWith(" STATUS SENT")))))
            .onComplete(done);
      });
      return done.future();
    }).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      List<String> told = new ArrayList<>(resumed.get(0).lines());
      told.addAll(answers.get(0).lines());
      told.addAll(linesToC1);
      assertThat(told.stream().filter(l -> l.endsWith(" STATUS SENT")))
          .as("SENT told to the connection, in %s", told).hasSize(1);
      assertThat(answers.get(0).lines()).anyMatch(l -> l.matches("#m3 CHATMESSAGE \\d+ STATUS SENDING"));
      assertThat(new JsonArray(told).encode()).doesNotContain("FAILED");
      ctx.completeNow();
    })));
  }
}
