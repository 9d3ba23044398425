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
import net.imo2sproxy.gateway.emulator.connection.OutputSink;
import net.imo2sproxy.gateway.emulator.impl.RestoredAnnouncements;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.Test;

/**
 * A gateway saved a received message and died before it could save that it announced it (it
 * may have announced it to some connections, or none). The survivor tells every connection
 * that re-attaches, each announcement naming the message in {@code sends} as RECEIVED so that
 * an endpoint that wrote it already drops the repeat, and keeps the message flagged in its own
 * saved state for a survivor of its own.
 */
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class RestoredAnnouncementTest extends TakeoverTestBase {

  /** What the survivor sent, as {address, message}. */
  private final List<JsonObject> output = new ArrayList<>();

  private AccountSession session(Vertx vertx, String id, OutputSink sink) {
    return sessions.alice(vertx, id, sink);
  }

  /**
   * The state of a gateway that stored a received message, saved it with its flag and died
   * before that save's answer came back (so before announcing it), with connections c1 and c2.
   */
  private Future<JsonObject> savedButNotAnnounced() {
    HeldSavedState deadStore = new HeldSavedState();
    Promise<JsonObject> deadState = Promise.promise();
    deadGateway.getOrCreateContext().runOnContext(v -> {
      AccountSession first = session(deadGateway, "first", (address, message) -> { });
      deadStore.of(first);
      first.keepStateSaved(deadStore);
      first.attach("c1", ConnectionOutput.of("c1", "endpoint-1"));
      first.attach("c2", ConnectionOutput.of("c2", "endpoint-2"));
      first.run("c1", 1, false, "#p PROTOCOL 7")
          .compose(ack -> {
            deadStore.saveNow(); // the login's state: from now on the store holds saves back
            return simulator.inject("alice", "bob", "Bob", "saved, maybe never announced");
          })
          .compose(injected -> Await.until(deadGateway, "the message stored, not announced",
              Duration.ofSeconds(10), () -> Future.succeededFuture(first.model().messages
                  .withStatus(ChatMessage.Status.RECEIVED).stream()
                  .anyMatch(m -> m.unannounced))))
          .map(stored -> first.snapshot())
          .onComplete(deadState);
    });
    return deadState.future().compose(sessions::kill);
  }

  private AccountSession survivor() {
    return session(context.owner(), "survivor",
        (address, message) -> output.add(new JsonObject().put("address", address)
            .put("message", message)));
  }

  @Test
  void everyReattachingConnectionIsToldAndTheFlagIsSavedAgain(VertxTestContext ctx) {
    savedButNotAnnounced()
        .onComplete(ctx.succeeding(state -> context.runOnContext(v -> {
          survivor = survivor();
          survivor.restore(state, null);
          survivor.attachResumed("c1", ConnectionOutput.of("c1", "endpoint-1"), 7, List.of());
          survivor.attachResumed("c2", ConnectionOutput.of("c2", "endpoint-2"), 7, List.of());
          ctx.verify(() -> {
            ChatMessage restored = survivor.model().messages
                .withStatus(ChatMessage.Status.RECEIVED).stream()
                .filter(m -> m.body.equals("saved, maybe never announced")).findFirst()
                .orElseThrow();
            String line = "CHATMESSAGE " + restored.id + " STATUS RECEIVED";
            for (String endpoint : List.of("endpoint-1", "endpoint-2")) {
              assertThat(output).as("told to " + endpoint).anySatisfy(sent -> {
                assertThat(sent.getString("address")).contains(endpoint);
                JsonObject message = sent.getJsonObject("message");
                assertThat(BusMessages.lines(message)).containsExactly(line);
                assertThat(BusMessages.sends(message)).containsEntry(restored.id, "RECEIVED");
              });
            }
            // a survivor of this survivor tells them too: still flagged in its saved state
            JsonArray saved = survivor.snapshot().getJsonArray("messages");
            assertThat(saved.stream().map(JsonObject.class::cast)
                .filter(m -> m.getValue("un") != null)).hasSize(1);
          });
          ctx.completeNow();
        })));
  }

  /**
   * The window counts from the message's first store, not from each take-over: a flag older
   * than it (chained take-overs) is dropped, not told again, so an endpoint that no longer
   * remembers the number does not write it twice.
   */
  @Test
  void aFlagOlderThanTheWindowIsDroppedNotTold(VertxTestContext ctx) {
    savedButNotAnnounced()
        .onComplete(ctx.succeeding(state -> context.runOnContext(v -> {
          long longAgo = System.currentTimeMillis()
              - RestoredAnnouncements.WINDOW.toMillis() - 1000;
          state.getJsonArray("messages").stream().map(JsonObject.class::cast)
              .filter(m -> m.getValue("un") != null).forEach(m -> m.put("un", longAgo));
          survivor = survivor();
          survivor.restore(state, null);
          survivor.attachResumed("c1", ConnectionOutput.of("c1", "endpoint-1"), 7, List.of());
          ctx.verify(() -> {
            assertThat(output).as("nothing told").isEmpty();
            assertThat(survivor.snapshot().getJsonArray("messages").stream()
                .map(JsonObject.class::cast).filter(m -> m.getValue("un") != null)).isEmpty();
          });
          ctx.completeNow();
        })));
  }
}
