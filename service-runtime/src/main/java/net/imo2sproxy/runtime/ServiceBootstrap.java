package net.imo2sproxy.runtime;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import net.imo2sproxy.runtime.management.ManagementOptions;
import net.imo2sproxy.runtime.management.ManagementVerticle;
import net.imo2sproxy.runtime.management.ReadinessCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Starts a standalone service: command line, configuration (file, environment, command line),
 * a local or clustered Vert.x, the service's verticles, and a graceful stop on SIGTERM.
 */
public final class ServiceBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceBootstrap.class);

  private ServiceBootstrap() {
  }

  /** A running service: its Vert.x and the configuration it started with. */
  public record Running(Vertx vertx, JsonObject config) {
  }

  /**
   * Loads the configuration of {@code settings} (which must include
   * {@link ClusterOptions#SETTINGS}) on a short-lived Vert.x: the cluster settings are part of
   * it, so the real Vert.x cannot exist yet. Blocks the calling thread (a main thread).
   */
  public static JsonObject loadConfig(List<Setting> settings, String configFile,
      JsonObject overrides) throws Exception {
    Vertx loader = Vertx.vertx();
    try {
      return ServiceConfig.load(loader, settings, configFile, overrides)
          .toCompletionStage().toCompletableFuture().get();
    } finally {
      loader.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  /**
   * Starts Vert.x (clustered when the configuration says so) and deploys what
   * {@code verticles} makes of the configuration, one verticle per role.
   */
  public static Future<Running> start(JsonObject config, List<Setting> settings,
      Function<JsonObject, List<Deployable>> verticles) {
    LOG.info("configuration: {}", ServiceConfig.redact(config, settings).encode());
    List<Deployable> roles;
    try {
      roles = verticles.apply(config);
    } catch (RuntimeException e) {
      return Future.failedFuture(new ConfigException(e.getMessage(), e));
    }
    return VertxRuntime.start(ClusterOptions.fromConfig(config), vertxOptions(config))
        .compose(vertx -> {
      Future<Void> chain = Future.succeededFuture();
      for (Deployable role : roles) {
        chain = chain.compose(v -> vertx.deployVerticle(role).mapEmpty());
      }
      return chain.map(v -> new Running(vertx, config))
          .recover(err -> VertxRuntime.stop(vertx).transform(x -> Future.failedFuture(err)));
    });
  }

  /**
   * The {@code main} of a standalone service: parses {@code args}, prints help or version, or
   * starts the service and keeps it running until SIGTERM. Exits non-zero with a clear message
   * on a bad option or configuration.
   */
  public static void main(String name, String description, List<Setting> settings,
      Function<JsonObject, List<Deployable>> verticles, String[] args) {
    int code = run(name, description, settings, verticles, args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * {@link #main} without the exit: 0 after help, version or a successful start (the service
   * then runs on its own threads); 2 for a bad command line (with the reason and a pointer to
   * {@code --help}), 1 when the configuration or the start fails.
   */
  public static int run(String name, String description, List<Setting> settings,
      Function<JsonObject, List<Deployable>> verticles, String[] args, PrintStream out,
      PrintStream err) {
    ServiceCommandLine commandLine = new ServiceCommandLine(name, description, settings);
    ServiceCommandLine.Parsed parsed;
    try {
      parsed = commandLine.parse(args);
    } catch (CommandLine.ParameterException | ConfigException e) {
      err.println(name + ": " + e.getMessage());
      err.println("Try '" + name + " --help' for every option.");
      err.flush();
      return 2;
    }
    if (parsed.help()) {
      commandLine.printUsage(new PrintWriter(out));
      return 0;
    }
    if (parsed.version()) {
      out.println(name + " " + ServiceCommandLine.version());
      out.flush();
      return 0;
    }
    try {
      JsonObject config = loadConfig(settings, parsed.configFile(), parsed.overrides());
      Running running = start(config, settings, verticles)
          .toCompletionStage().toCompletableFuture().get();
      VertxRuntime.stopOnShutdown(running.vertx(), Duration.ofSeconds(30));
      LOG.info("{} {} started", name, ServiceCommandLine.version());
      return 0;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println(name + ": " + cause.getMessage());
      err.flush();
      return 1;
    }
  }

  /**
   * Vert.x options for a service: Micrometer metrics with the Prometheus backend when the
   * management port is on (its {@code /metrics} serves them).
   */
  public static VertxOptions vertxOptions(JsonObject config) {
    // epoll where available (netty-transport-native-epoll): fewer system calls per event
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
    if (ManagementOptions.fromConfig(config).enabled()) {
      // A registry of its own per Vert.x: several in one JVM (tests) must not mix figures.
      options.setMetricsOptions(new MicrometerMetricsOptions()
          .setRegistryName("imo2sproxy-" + java.util.UUID.randomUUID())
          .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
          .setJvmMetricsEnabled(true)
          .setEnabled(true));
    }
    return options;
  }

  /** The service's role, plus the management verticle when its port is configured. */
  public static List<Deployable> withManagement(Deployable role, JsonObject config,
      List<ReadinessCheck> readinessChecks) {
    List<Deployable> list = new ArrayList<>();
    list.add(role);
    ManagementOptions management = ManagementOptions.fromConfig(config);
    if (management.enabled()) {
      list.add(new ManagementVerticle(management, readinessChecks));
    }
    return list;
  }
}
