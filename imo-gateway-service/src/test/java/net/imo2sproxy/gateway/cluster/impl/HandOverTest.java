package net.imo2sproxy.gateway.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;

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
import net.imo2sproxy.gateway.emulator.AccountSession;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A hand-over waits for the session's commands by their completion, not by polling. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HandOverTest {

  @Test
  void waitsForEveryCommandTakenIncludingOnesTakenMeanwhile(Vertx vertx, VertxTestContext ctx) {
    List<String> lines = new ArrayList<>();
    Promise<Void> simulatorClosed = Promise.promise();
    ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
            .setHoldTime(Duration.ofMillis(400)).setWorld(SimulatorWorld.demo()))
        .onComplete(ctx.succeeding(simulator -> vertx.runOnContext(v -> {
          AccountSession session = new AccountSession(vertx, vertx.createHttpClient(),
              new ImoClientOptions(simulator.baseUrl(), Duration.ofSeconds(5),
                  Duration.ofSeconds(300), 8),
              SessionSettings.defaults(), "alice", "alice-pw", "s1",
              (address, message) -> collect(message, lines));
          session.attach("c1", ConnectionOutput.of("c1", "test-endpoint"));
          session.command("c1", "#p PROTOCOL 7");
          session.command("c1", "#u GET USERSTATUS"); // waits for the login
          assertThat(session.pendingCommands()).isEqualTo(2);
          HandOver.commandsAnswered(session).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
            assertThat(session.pendingCommands()).isZero();
            assertThat(lines).anyMatch(line -> line.startsWith("#u "))
                .anyMatch(line -> line.startsWith("#late "));
            session.close().compose(c -> simulator.close()).onComplete(simulatorClosed);
          })));
          session.command("c1", "#late GET CURRENTUSERHANDLE"); // taken during the wait
        })));
    simulatorClosed.future().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void waitsNoLongerThanItsBound(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      long started = System.currentTimeMillis();
      Waits.within(vertx, Promise.promise().future(), 100)
          .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
            assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(90);
            ctx.completeNow();
          })));
    });
  }

  private static void collect(JsonObject message, List<String> lines) {
    if (BusMessages.TYPE_OUTPUT.equals(message.getString(BusMessages.TYPE))) {
      for (Object line : message.getJsonArray(BusMessages.LINES, new JsonArray())) {
        lines.add((String) line);
      }
    }
  }
}
