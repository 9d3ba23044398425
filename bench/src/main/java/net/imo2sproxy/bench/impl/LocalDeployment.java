package net.imo2sproxy.bench.impl;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.launcher.Imo2sproxyMain;
import net.imo2sproxy.launcher.LauncherOptions;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import picocli.CommandLine;

/**
 * Everything in the load generator's JVM: the simulator on a Vert.x of its own, the bridge
 * (endpoint and gateway) started as {@code ./imo2sproxy} would. Quick, but one process: the CPU
 * and memory figures then include the load generator.
 */
public final class LocalDeployment implements Deployment {

  private final Vertx simulatorVertx;
  private final ImoSimulator simulator;
  private final Imo2sproxyMain.Bridge bridge;

  private LocalDeployment(Vertx simulatorVertx, ImoSimulator simulator,
      Imo2sproxyMain.Bridge bridge) {
    this.simulatorVertx = simulatorVertx;
    this.simulator = simulator;
    this.bridge = bridge;
  }

  public static LocalDeployment start(JsonObject world, Duration hold) throws Exception {
    Vertx simVertx = Vertx.vertx();
    try {
      ImoSimulator sim = ImoSimulator.start(simVertx, new SimulatorOptions().setPort(0)
              .setHoldTime(hold).setWorld(SimulatorWorld.load(world)))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      CommandLine cli = new CommandLine(new LauncherOptions());
      cli.parseArgs("--imo-url", sim.baseUrl(), "-h", "127.0.0.1", "-p", "0");
      LauncherOptions options = cli.getCommand();
      Imo2sproxyMain.Bridge bridge = Imo2sproxyMain.start(options, ProcessDeployment.GATEWAY_ENV)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new LocalDeployment(simVertx, sim, bridge);
    } catch (Exception e) {
      simVertx.close();
      throw e;
    }
  }

  @Override
  public String host() {
    return bridge.host();
  }

  @Override
  public int port() {
    return bridge.port();
  }

  @Override
  public String simulatorUrl() {
    return simulator.baseUrl();
  }

  @Override
  public List<MeasuredProcess> processes() {
    return List.of(MeasuredProcess.self("all-in-one"));
  }

  @Override
  public String describe() {
    return "local: simulator, gateway, endpoint and load generator in one JVM";
  }

  @Override
  public void close() {
    try {
      bridge.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      simulatorVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("bench: stopping the local deployment: " + e);
    }
  }
}
