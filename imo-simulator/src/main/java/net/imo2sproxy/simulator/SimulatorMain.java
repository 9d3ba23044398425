package net.imo2sproxy.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Command line entry point: runs one simulator until SIGTERM / Ctrl-C. */
@Command(name = "imo-simulator", mixinStandardHelpOptions = true,
    versionProvider = SimulatorMain.Version.class,
    description = "Runs a fake imo.im web server (HTTP, JSON long polling) for imo2sproxy tests.")
public final class SimulatorMain implements Callable<Integer> {

  /** The project version from the jar manifest (the shade plugin writes it). */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SimulatorMain.class.getPackage().getImplementationVersion();
      return new String[] {"imo-simulator " + (v == null ? "development" : v)};
    }
  }

  @Option(names = "--port", paramLabel = "<port>", description = "TCP port, 0 = any free port (default: ${DEFAULT-VALUE})")
  int port = SimulatorOptions.DEFAULT_PORT;

  @Option(names = "--host", paramLabel = "<ip>", description = "address to bind (default: ${DEFAULT-VALUE})")
  String host = SimulatorOptions.DEFAULT_HOST;

  @Option(names = "--world", paramLabel = "<file>", description = "JSON world file (default: the demo world)")
  String world;

  @Option(names = "--hold", paramLabel = "<seconds>", description = "long-poll hold time (default: ${DEFAULT-VALUE})")
  double hold = SimulatorOptions.DEFAULT_HOLD.toSeconds();

  public static void main(String[] args) {
    // our logback config unless the user picked one; set before the first logger exists
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "imo-simulator-logback.xml");
    }
    int code = new CommandLine(new SimulatorMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--port must be 0..65535");
    }
    if (!(hold >= 0)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--hold must be >= 0");
    }
    SimulatorOptions options = new SimulatorOptions().setHost(host).setPort(port)
        .setHoldTime(Duration.ofMillis(Math.round(hold * 1000))).setWorldFile(world);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    ImoSimulator sim;
    try {
      sim = ImoSimulator.start(vertx, options).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("imo-simulator: could not start: " + cause);
      vertx.close();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // exiting anyway
      }
    }, "imo-simulator-shutdown"));
    System.out.println("imo simulator listening on " + sim.baseUrl());
    System.out.flush();
    // Vert.x threads keep the JVM alive until the shutdown hook closes it
    return 0;
  }
}
