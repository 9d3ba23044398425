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
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.Test;

/**
 * A survivor that resumes a dead gateway's upstream session gets from imo.im what the dead one
 * never acknowledged. It must not acknowledge that before its own saved state holds it: a
 * survivor that died in turn right after its resume would otherwise leave the message neither
 * in a saved state nor with imo.im.
 */
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ResumeAcknowledgementTest extends TakeoverTestBase {

  private AccountSession session(Vertx vertx, String id) {
    return sessions.alice(vertx, id, (address, message) -> { });
  }

  @Test
  void whatTheResumeBroughtIsAcknowledgedOnlyOnceSaved(VertxTestContext ctx) {
    HeldSavedState store = new HeldSavedState();
    Promise<JsonObject> deadState = Promise.promise();
    deadGateway.getOrCreateContext().runOnContext(v -> {
      AccountSession first = session(deadGateway, "first");
      first.attach("c1", ConnectionOutput.of("c1", "test-endpoint"));
      first.run("c1", 1, false, "#p PROTOCOL 7")
          .map(ack -> first.snapshot()).onComplete(deadState);
    });
    deadState.future()
        .compose(state -> deadGateway.close().map(state)) // killed: no sign-off, no more acks
        .compose(state -> simulator.inject("alice", "bob", "Bob", "while no gateway lived")
            .map(state))
        .compose(state -> {
          int savedAck = state.getJsonObject("upstream").getInteger("server-ack");
          String ssid = state.getJsonObject("upstream").getString("ssid");
          Promise<Void> checked = Promise.promise();
          context.runOnContext(v -> {
            survivor = session(context.owner(), "survivor");
            store.of(survivor);
            survivor.keepStateSaved(store);
            survivor.restore(state, null);
            survivor.attachResumed("c1", ConnectionOutput.of("c1", "test-endpoint"), 7,
                List.of());
            survivor.resumeUpstream(state.getJsonObject("upstream"), Duration.ofSeconds(5));
            // the long poll after the resume asks for a save before it acknowledges more
            store.asked()
                .compose(asked -> pollTaken(ssid))
                .compose(x -> {
                  ctx.verify(() -> assertThat(acks(ssid)).as("acks of the survivor before its save")
                      .isNotEmpty().allSatisfy(ack -> assertThat(ack).isEqualTo(savedAck)));
                  store.saveNow();
                  return pollWithAck(ssid, savedAck + 1);
                })
                .onComplete(checked);
          });
          return checked.future();
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  /** The survivor's requests (after the dead gateway's last) and the ack each carried. */
  private List<Integer> acks(String ssid) {
    List<JsonObject> log = simulator.requests();
    int probe = -1;
    for (int i = 0; i < log.size(); i++) {
      if (ssid.equals(log.get(i).getString("ssid")) && Long.valueOf(0).equals(log.get(i)
          .getLong("seq")) && "observed_user_activity".equals(log.get(i).getString("method"))) {
        probe = i;
      }
    }
    return log.subList(Math.max(probe, 0), log.size()).stream()
        .filter(e -> ssid.equals(e.getString("ssid")) && e.getValue("ack") != null)
        .map(e -> e.getInteger("ack")).toList();
  }

  /** Completes once the survivor has the kept message in its model. */
  private Future<Void> pollTaken(String ssid) {
    return Await.until(context.owner(), "the kept message stored", Duration.ofSeconds(10),
        () -> Future.succeededFuture(survivor.model().messages.values().stream()
            .anyMatch(m -> "while no gateway lived".equals(m.body))));
  }

  private Future<Void> pollWithAck(String ssid, int ack) {
    return Await.until(context.owner(), "a request with ack " + ack, Duration.ofSeconds(10),
        () -> Future.succeededFuture(acks(ssid).contains(ack)));
  }
}
