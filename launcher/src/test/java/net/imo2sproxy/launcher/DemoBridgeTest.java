package net.imo2sproxy.launcher;

import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * Base of the tests that run against {@code ./imo2sproxy --demo -p 0} (plus
 * {@link #extraArguments()}), one bridge per test.
 */
@ExtendWith(VertxExtension.class)
abstract class DemoBridgeTest {

  protected Imo2sproxyMain.Bridge bridge;

  @BeforeEach
  void startDemoBridge(VertxTestContext ctx) {
    LauncherOptions options = new LauncherOptions();
    List<String> args = new ArrayList<>(List.of("--demo", "-p", "0"));
    args.addAll(extraArguments());
    new CommandLine(options).parseArgs(args.toArray(String[]::new));
    Imo2sproxyMain.start(options, Map.of()).onComplete(ctx.succeeding(b -> {
      bridge = b;
      ctx.completeNow();
    }));
  }

  /** Further command-line arguments of the bridge. */
  protected List<String> extraArguments() {
    return List.of();
  }

  @AfterEach
  void stopDemoBridge(VertxTestContext ctx) {
    bridge.stop().onComplete(ctx.succeedingThenComplete());
  }
}
