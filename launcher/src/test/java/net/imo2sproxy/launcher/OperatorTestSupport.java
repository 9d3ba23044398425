package net.imo2sproxy.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.imo2sproxy.testsupport.Await;
import picocli.CommandLine;

/**
 * Helpers of the operator tests (metrics, status page): a demo bridge with a management port,
 * scraping, and waiting for a condition without sleeping blindly. Called from the test thread:
 * the futures are awaited there, never on an event loop.
 */
final class OperatorTestSupport {

  static final Duration PATIENCE = Duration.ofSeconds(40);

  private OperatorTestSupport() {
  }

  static Imo2sproxyMain.Bridge startDemo(String... extraArgs) {
    return startDemo(Map.of(), extraArgs);
  }

  static Imo2sproxyMain.Bridge startDemo(Map<String, String> env, String... extraArgs) {
    LauncherOptions options = new LauncherOptions();
    String[] args = new String[extraArgs.length + 5];
    args[0] = "--demo";
    args[1] = "-p";
    args[2] = "0";
    args[3] = "--management-port";
    args[4] = "0";
    System.arraycopy(extraArgs, 0, args, 5, extraArgs.length);
    new CommandLine(options).parseArgs(args);
    return await(Imo2sproxyMain.start(options, env));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no result in " + PATIENCE, e);
    } catch (RuntimeException e) {
      // Vert.x failures often carry no stack trace: this one shows the test's line.
      throw new AssertionError("failed: " + e, e);
    }
  }

  static String get(WebClient client, int port, String path) {
    return await(client.get(port, "127.0.0.1", path).send()
        .map(response -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
          }
          return response.bodyAsString();
        }));
  }

  static JsonObject status(WebClient client, int port) {
    return new JsonObject(get(client, port, "/status.json"));
  }

  /** Polls {@code probe} until {@code done} holds; fails with the last value after PATIENCE. */
  static <T> T eventually(java.util.function.Supplier<T> probe, Predicate<T> done) {
    return Await.value("the awaited value", PATIENCE, probe::get, done);
  }

  /**
   * The sum of the samples of {@code name} (Prometheus text) whose labels contain every one of
   * {@code labels} (each {@code key="value"}); 0 when there is none.
   */
  static double sample(String scrape, String name, String... labels) {
    double total = 0;
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$")
        .matcher(scrape);
    while (m.find()) {
      String found = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= found.contains(label);
      }
      if (all) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  /** Stops the bridge (waiting for it). */
  static void stop(Imo2sproxyMain.Bridge bridge) {
    if (bridge != null) {
      await(bridge.stop());
    }
  }

  static Vertx clientVertx() {
    return Vertx.vertx();
  }
}
