package net.imo2sproxy.launcher;

import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** Base of the tests that run against {@code ./imo2sproxy --demo -p 0}, one bridge per test. */
@ExtendWith(VertxExtension.class)
abstract class DemoBridgeTest {

  protected Imo2sproxyMain.Bridge bridge;

  @BeforeEach
  void startDemoBridge(VertxTestContext ctx) {
    LauncherOptions options = new LauncherOptions();
    new CommandLine(options).parseArgs("--demo", "-p", "0");
    Imo2sproxyMain.start(options, Map.of()).onComplete(ctx.succeeding(b -> {
      bridge = b;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stopDemoBridge(VertxTestContext ctx) {
    bridge.stop().onComplete(ctx.succeedingThenComplete());
  }
}
