package net.imo2sproxy.gateway.emulator;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.function.Consumer;
import net.imo2sproxy.gateway.emulator.connection.OutputSink;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import net.imo2sproxy.testsupport.Await;

/**
 * The fixture of the session tests on the simulator: the demo world with short long polls,
 * alice's sessions on it, and a Vert.x of its own standing for a gateway that dies (closed
 * without a sign-off), made on first use.
 */
final class SimulatedSessions {

  final ImoSimulator simulator;
  private Vertx deadGateway;

  private SimulatedSessions(ImoSimulator simulator) {
    this.simulator = simulator;
  }

  static Future<SimulatedSessions> start(Vertx vertx) {
    return ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
            .setHoldTime(Duration.ofMillis(400)).setWorld(SimulatorWorld.demo()))
        .map(SimulatedSessions::new);
  }

  /** The Vert.x of the gateway that dies. */
  Vertx deadGateway() {
    if (deadGateway == null) {
      deadGateway = Vertx.vertx();
    }
    return deadGateway;
  }

  /** Kills the dead gateway: its sessions stop without a word to imo.im. */
  <T> Future<T> kill(T state) {
    return deadGateway().close().map(state);
  }

  /** A session of alice on {@code vertx}, its output going to {@code sink}. */
  AccountSession alice(Vertx vertx, String password, String id, OutputSink sink) {
    ImoClientOptions imo = new ImoClientOptions(simulator.baseUrl(), Duration.ofSeconds(5),
        Duration.ofSeconds(300), 8);
    return new AccountSession(vertx, vertx.createHttpClient(), imo,
        SessionSettings.defaults().withLoginTimeout(Duration.ofSeconds(10)), "alice", password,
        id, sink);
  }

  AccountSession alice(Vertx vertx, String id, OutputSink sink) {
    return alice(vertx, "alice-pw", id, sink);
  }

  /**
   * Completes once {@code session} is online and its login's last command (the first
   * keep-alive) reached imo.im: a fault rule for "the next command" set after that catches a
   * command of the test, not one of the login. Runs on the session's context.
   */
  Future<Void> loginDone(Vertx vertx, AccountSession session) {
    return Await.until(vertx, "alice logged in", Duration.ofSeconds(10),
        () -> Future.succeededFuture(session.loggedIn()
            && !simulator.requests("observed_user_activity").isEmpty()));
  }

  /** An output sink that hands each line of every output message to {@code lines}. */
  static OutputSink lines(Consumer<String> lines) {
    return (address, message) -> {
      if (BusMessages.TYPE_OUTPUT.equals(message.getString(BusMessages.TYPE))) {
        message.getJsonArray(BusMessages.LINES, new JsonArray())
            .forEach(line -> lines.accept((String) line));
      }
    };
  }

  /** Closes {@code session} (if any) on {@code context}, then the dead gateway and simulator. */
  Future<Void> close(Context context, AccountSession session) {
    Future<Void> closed = session == null ? Future.succeededFuture()
        : Future.future(p -> context.runOnContext(v -> session.close().onComplete(p)));
    return closed.compose(v -> deadGateway == null ? Future.succeededFuture()
        : deadGateway.close()).compose(v -> simulator.close());
  }
}
