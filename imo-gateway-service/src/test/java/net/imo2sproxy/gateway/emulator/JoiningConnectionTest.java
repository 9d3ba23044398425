package net.imo2sproxy.gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.emulator.impl.CommandRunner;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several connections of one account (docs/skype-api-emulation.md §2.4): each is told
 * CONNSTATUS ONLINE, CURRENTUSERHANDLE and USERSTATUS once, by the sign-on or, joining a
 * session already online, after the answer to its first command; never twice, never again to
 * the connections already attached, and not by a gateway taking a connection over.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class JoiningConnectionTest {

  private ImoSimulator simulator;
  private AccountSession session;
  /** Lines sent to each connection outside its commands' answers. */
  private final Map<String, List<String>> output = new LinkedHashMap<>();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
            .setHoldTime(Duration.ofMillis(400)).setWorld(SimulatorWorld.demo()))
        .onComplete(ctx.succeeding(sim -> {
          simulator = sim;
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop(Vertx vertx, VertxTestContext ctx) {
    Future<Void> closed = session == null ? Future.succeededFuture()
        : Future.future(p -> vertx.getOrCreateContext().runOnContext(v ->
            session.close().onComplete(p)));
    closed.compose(v -> simulator.close()).onComplete(ctx.succeedingThenComplete());
  }

  private AccountSession session(Vertx vertx, String id) {
    ImoClientOptions imo = new ImoClientOptions(simulator.baseUrl(), Duration.ofSeconds(5),
        Duration.ofSeconds(300), 8);
    return new AccountSession(vertx, vertx.createHttpClient(), imo, SessionSettings.defaults(),
        "alice", "alice-pw", id, this::sink);
  }

  private void sink(String address, JsonObject message) {
    if (BusMessages.TYPE_OUTPUT.equals(message.getString(BusMessages.TYPE))) {
      List<String> lines = output.computeIfAbsent(message.getString(BusMessages.CONNECTION),
          c -> new ArrayList<>());
      message.getJsonArray(BusMessages.LINES, new JsonArray())
          .forEach(line -> lines.add((String) line));
    }
  }

  private void attach(String connection) {
    session.attach(connection, ConnectionOutput.of(connection, "test-endpoint"));
  }

  @Test
  void aJoiningConnectionIsToldOnceAndTheOthersNothing(Vertx vertx, VertxTestContext ctx) {
    List<CommandRunner.Answer> answers = new ArrayList<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      session = session(vertx, "s1");
      attach("c1");
      session.run("c1", 1, false, "#1 NAME first")
          .compose(answer -> {
            answers.add(answer);
            attach("c2");
            return session.run("c2", 1, false, "#1 NAME second");
          })
          .compose(answer -> {
            answers.add(answer);
            return session.run("c2", 2, false, "#2 PING");
          })
          .compose(answer -> {
            answers.add(answer);
            return session.run("c1", 2, false, "#2 PING");
          })
          .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
            answers.add(answer);
            // the first connection saw the log-in: told once, before its answer
            List<String> login = answers.get(0).lines();
            assertThat(login).containsSubsequence("CONNSTATUS CONNECTING", "CONNSTATUS ONLINE",
                "USERSTATUS ONLINE", "CURRENTUSERHANDLE alice", "#1 OK");
            assertThat(login.stream().filter("CONNSTATUS ONLINE"::equals)).hasSize(1);
            assertThat(answers.get(1).lines()).containsExactly("#1 OK", "CONNSTATUS ONLINE",
                "CURRENTUSERHANDLE alice", "USERSTATUS ONLINE");
            assertThat(answers.get(2).lines()).containsExactly("#2 PONG");
            assertThat(answers.get(3).lines()).containsExactly("#2 PONG");
            assertThat(output).isEmpty();
            ctx.completeNow();
          })));
    });
  }

  /** Attached while the log-in runs: the sign-on tells it, its own first answer does not. */
  @Test
  void aConnectionAttachedDuringTheLoginIsToldByTheSignOnOnly(Vertx vertx,
      VertxTestContext ctx) {
    vertx.getOrCreateContext().runOnContext(v -> {
      session = session(vertx, "s2");
      attach("c1");
      Future<CommandRunner.Answer> first = session.run("c1", 1, false, "#1 NAME first");
      attach("c2");
      Future<CommandRunner.Answer> second = session.run("c2", 1, false, "#1 PROTOCOL 5");
      Future.all(first, second).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        List<String> lines = second.result().lines();
        assertThat(lines.stream().filter(l -> l.startsWith("CONNSTATUS ONLINE")
            || l.startsWith("CURRENTUSERHANDLE") || l.startsWith("USERSTATUS"))).hasSize(3);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("#1 PROTOCOL 5");
        assertThat(output).isEmpty();
        ctx.completeNow();
      })));
    });
  }

  /**
   * A survivor taking a connection over was not told by the sign-on, yet must not tell it
   * again: its previous gateway did. A connection new to the survivor is told.
   */
  @Test
  void aConnectionTakenOverIsNotToldAgain(Vertx vertx, VertxTestContext ctx) {
    vertx.getOrCreateContext().runOnContext(v -> {
      session = session(vertx, "s3");
      attach("c1");
      session.run("c1", 1, false, "#1 NAME first").compose(answer -> {
        JsonObject state = session.snapshot();
        JsonObject roster = session.rosterSnapshot();
        AccountSession survivor = session(vertx, "s3b");
        survivor.restore(state, roster);
        survivor.attachResumed("c1", ConnectionOutput.of("c1", "test-endpoint"), 7, List.of());
        survivor.attach("c9", ConnectionOutput.of("c9", "test-endpoint"));
        Future<Boolean> resumed = survivor.resumeUpstream(state.getJsonObject("upstream"),
            Duration.ofSeconds(5));
        return resumed.compose(r -> {
          survivor.attach("c10", ConnectionOutput.of("c10", "test-endpoint"));
          return survivor.run("c1", 2, false, "#2 PING");
        })
            .compose(ping -> survivor.run("c9", 1, false, "#1 NAME third")
                .map(third -> List.of(ping, third)))
            .compose(two -> survivor.run("c10", 1, false, "#1 NAME fourth")
                .map(fourth -> List.of(two.get(0), two.get(1), fourth)))
            .andThen(ar -> survivor.close());
      }).onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
        // c1 is told it is back online by the resume, not the rest again
        assertThat(output.get("c1")).containsExactly("CONNSTATUS ONLINE", "USERSTATUS ONLINE");
        assertThat(answers.get(0).lines()).containsExactly("#2 PONG");
        // c9, new to the session and attached during the resume, is told all by the resume
        assertThat(output.get("c9")).containsExactly("CONNSTATUS ONLINE",
            "CURRENTUSERHANDLE alice", "USERSTATUS ONLINE");
        assertThat(answers.get(1).lines()).containsExactly("#1 OK");
        // c10, attached after it, after its first answer
        assertThat(answers.get(2).lines()).containsExactly("#1 OK", "CONNSTATUS ONLINE",
            "CURRENTUSERHANDLE alice", "USERSTATUS ONLINE");
        ctx.completeNow();
      })));
    });
  }
}
