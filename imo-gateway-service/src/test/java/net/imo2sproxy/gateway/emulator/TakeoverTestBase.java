package net.imo2sproxy.gateway.emulator;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import net.imo2sproxy.simulator.ImoSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The take-over tests' frame: {@link SimulatedSessions} started before each test, and after it
 * the {@link #survivor} (if one was made), the dead gateway and the simulator closed.
 */
@ExtendWith(VertxExtension.class)
abstract class TakeoverTestBase {

  SimulatedSessions sessions;
  ImoSimulator simulator;
  /** The Vert.x of the gateway that dies. */
  Vertx deadGateway;
  /** The session that takes over, on {@link #context}; closed after the test. */
  AccountSession survivor;
  Context context;

  @BeforeEach
  void startSimulator(Vertx vertx, VertxTestContext ctx) {
    context = vertx.getOrCreateContext();
    SimulatedSessions.start(vertx).onComplete(ctx.succeeding(started -> {
      sessions = started;
      simulator = started.simulator;
      deadGateway = started.deadGateway();
      ctx.completeNow();
    }));
  }

  @AfterEach
  void closeAll(VertxTestContext ctx) {
    sessions.close(context, survivor).onComplete(ctx.succeedingThenComplete());
  }
}
