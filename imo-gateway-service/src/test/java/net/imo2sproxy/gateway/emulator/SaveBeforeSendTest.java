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
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.simulator.ImoSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A clustered session saves an own message, with the request id its acknowledgement will name,
 * before {@code send_im} goes out: a survivor of the gateway then knows every send that may
 * have reached imo.im.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SaveBeforeSendTest {

  private ImoSimulator simulator;
  private AccountSession session;

  /** Saves at once, except while a gate is set; records the state each save would write. */
  private final class GatedSaves implements SavedState {
    final List<JsonObject> snapshots = new ArrayList<>();
    Promise<Void> gate;
    Promise<JsonObject> gatedSnapshot = Promise.promise();

    @Override
    public Future<Void> saved() {
      JsonObject snapshot = session.snapshot();
      snapshots.add(snapshot);
      if (gate == null) {
        return Future.succeededFuture();
      }
      gatedSnapshot.tryComplete(snapshot);
      return gate.future();
    }
  }

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    SimulatedSessions.start(vertx).onComplete(ctx.succeeding(started -> {
      simulator = started.simulator;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(Vertx vertx, VertxTestContext ctx) {
    Future<Void> closed = session == null ? Future.succeededFuture() : session.close();
    closed.compose(v -> simulator.close()).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theMessageAndItsRequestIdAreSavedBeforeSendIm(Vertx vertx, VertxTestContext ctx) {
    GatedSaves saves = new GatedSaves();
    Promise<Void> online = Promise.promise();
    Promise<String> reply = Promise.promise();
    Promise<String> sentNotice = Promise.promise();
    vertx.runOnContext(v -> {
      ImoClientOptions imo = new ImoClientOptions(simulator.baseUrl(), Duration.ofSeconds(5),
          Duration.ofSeconds(300), 8);
      session = new AccountSession(vertx, vertx.createHttpClient(), imo,
          SessionSettings.defaults(), "alice", "alice-pw", "s1", (address, message) -> {
            if (BusMessages.TYPE_OUTPUT.equals(message.getString(BusMessages.TYPE))) {
              for (Object line : message.getJsonArray(BusMessages.LINES, new JsonArray())) {
                if ("CONNSTATUS ONLINE".equals(line)) {
                  online.tryComplete();
                } else if (((String) line).matches("CHATMESSAGE \\d+ STATUS SENT")) {
                  sentNotice.tryComplete((String) line);
                } else if (((String) line).startsWith("#m ")) {
                  reply.tryComplete((String) line);
                }
              }
            }
          });
      session.keepStateSaved(saves);
      session.attach("c1", ConnectionOutput.of("c1", "test-endpoint"));
      session.command("c1", "PROTOCOL 7");
      session.loginNow();
    });
    online.future().compose(v -> {
      saves.gate = Promise.promise();
      // numbered, as from the bus: the command key is saved with the message
      session.run("c1", 4, false, "#m MESSAGE echo123 saved first")
          .onSuccess(answer -> answer.lines().stream().filter(l -> l.startsWith("#m "))
              .findFirst().ifPresent(reply::tryComplete));
      return saves.gatedSnapshot.future();
    }).compose(snapshot -> {
      JsonObject saved = snapshot.getJsonArray("messages").stream()
          .map(JsonObject.class::cast).filter(m -> "saved first".equals(m.getString("b")))
          .findFirst().orElseThrow();
      ctx.verify(() -> {
        assertThat(saved.getString("s")).isEqualTo("SENDING");
        assertThat(saved.getInteger("r")).as("request id saved with it").isNotNull();
        assertThat(saved.getString("kc")).as("command key saved with it").isEqualTo("c1");
        assertThat(saved.getLong("ki")).isEqualTo(4L);
        assertThat(simulator.requests("send_im")).as("nothing sent before the save")
            .noneMatch(r -> r.encode().contains("saved first"));
      });
      saves.gate.complete();
      // SENDING is the reply; SENT follows once send_im was answered and acknowledged
      return reply.future().compose(line -> sentNotice.future()).map(line -> saved.getInteger("r"));
    }).onComplete(ctx.succeeding(requestId -> ctx.verify(() -> {
      assertThat(reply.future().result()).matches("#m CHATMESSAGE \\d+ STATUS SENDING");
      assertThat(sentNotice.future().result())
          .isEqualTo(reply.future().result().substring(3).replace("SENDING", "SENT"));
      List<JsonObject> sent = simulator.requests("send_im");
      assertThat(sent).filteredOn(r -> r.encode().contains("saved first")).singleElement()
          .satisfies(r -> assertThat(r.getInteger("requestId")).isEqualTo(requestId));
      ctx.completeNow();
    })));
  }
}
