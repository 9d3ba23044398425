package net.imo2sproxy.launcher;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.imo2sproxy.desktop.DesktopAgent;
import net.imo2sproxy.desktop.DesktopAgentOptions;
import net.imo2sproxy.desktop.DesktopAgentSettings;
import net.imo2sproxy.endpoint.EndpointMain;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.endpoint.SkypeProxyEndpointVerticle;
import net.imo2sproxy.gateway.GatewayMain;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.ImoGatewayVerticle;
import net.imo2sproxy.gateway.bridge.TcpBusBridgeVerticle;
import net.imo2sproxy.runtime.ConfigException;
import net.imo2sproxy.runtime.Logging;
import net.imo2sproxy.runtime.ServiceCommandLine;
import net.imo2sproxy.runtime.ServiceConfig;
import net.imo2sproxy.runtime.Setting;
import net.imo2sproxy.runtime.ServiceBootstrap;
import net.imo2sproxy.runtime.VertxRuntime;
import net.imo2sproxy.runtime.management.ManagementOptions;
import net.imo2sproxy.runtime.management.ManagementVerticle;
import net.imo2sproxy.runtime.management.ReadinessCheck;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code ./imo2sproxy}: the endpoint and the gateway in one process on a local event bus, with
 * the original's command line; {@code --demo} adds the embedded simulator.
 */
public final class Imo2sproxyMain {

  private static final Logger LOG = LoggerFactory.getLogger(Imo2sproxyMain.class);

  /** {@code -m a}: the desktop agent in the same process (the original's API mode). */
  static final String MODE_DESKTOP = "a";

  /** Demo world accounts (see the simulator's demo world). */
  static final String DEMO_USER = "alice";
  static final String DEMO_PASSWORD = "alice-pw";

  private Imo2sproxyMain() {
  }

  /** A started bridge: what tests and main need to know and stop. */
  public record Bridge(Vertx vertx, int port, String host, ImoSimulator simulator,
      int managementPort, int tcpBridgePort, String gatewayDeployment, DesktopAgent desktop,
      int skypedPort) {
    /**
     * Stops gracefully: the gateway first, which logs the sessions out and tells their
     * connections CONNSTATUS OFFLINE (queued on the endpoint before its own stop), then the
     * rest. Stopping everything at once would let the endpoint close the connections without
     * a word.
     */
    public Future<Void> stop() {
      // The desktop agent's clients first: their connections close like any client's.
      Future<Void> agent = desktop == null ? Future.succeededFuture()
          : desktop.stop().recover(err -> {
            LOG.warn("desktop agent did not stop cleanly: {}", err.toString());
            return Future.succeededFuture();
          });
      return agent.compose(v -> stopBridge());
    }

    private Future<Void> stopBridge() {
      Future<Void> gateway = gatewayDeployment == null || !vertx.deploymentIDs()
          .contains(gatewayDeployment) ? Future.succeededFuture()
          : vertx.undeploy(gatewayDeployment).recover(err -> {
            LOG.warn("gateway did not stop cleanly: {}", err.toString());
            return Future.succeededFuture();
          });
      // Of no context, like closeApart's: the gateway's loop is gone when the close completes.
      Promise<Void> closed = Promise.promise();
      gateway.onComplete(ignored -> closeApart(vertx).onComplete(closed));
      return closed.future();
    }
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * {@link #main} without the exit: 0 after help, version or a successful start (the bridge
   * then runs on its own threads); 2 for a bad command line, 1 when the start fails.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new LauncherOptions());
    commandLine.setCommandName("imo2sproxy");
    commandLine.getCommandSpec().version("imo2sproxy " + ServiceCommandLine.version());
    LauncherOptions options;
    try {
      CommandLine.ParseResult result = commandLine.parseArgs(args);
      if (result.isUsageHelpRequested()) {
        commandLine.usage(out);
        return 0;
      }
      if (result.isVersionHelpRequested()) {
        commandLine.printVersionHelp(out);
        return 0;
      }
      options = commandLine.getCommand();
      validate(options);
    } catch (CommandLine.ParameterException | ConfigException e) {
      err.println("imo2sproxy: " + e.getMessage());
      err.print(commandLine.getHelp().synopsis(0));
      err.println("Try 'imo2sproxy --help' for every option.");
      err.flush();
      return 2;
    }
    try {
      Logging.configure(options.verbose, options.logFile);
      if (options.flashCalls) {
        LOG.warn("-i: calls are signalling only here; no voice is carried");
      }
      Bridge bridge = start(options, System.getenv()).toCompletionStage().toCompletableFuture()
          .get();
      VertxRuntime.onShutdown(bridge::stop, Duration.ofSeconds(30));
      out.println("imo2sproxy " + ServiceCommandLine.version() + " listening on "
          + bridge.host() + ":" + bridge.port()
          + (bridge.simulator() != null
              ? " (demo: imo.im simulator at " + bridge.simulator().baseUrl() + ")" : "")
          + (bridge.skypedPort() >= 0
              ? "; skyped (bitlbee, TLS) on port " + bridge.skypedPort() : "")
          + (bridge.tcpBridgePort() >= 0
              ? "; TCP event-bus bridge on port " + bridge.tcpBridgePort() : "")
          + (bridge.managementPort() >= 0
              ? "; status page http://127.0.0.1:" + bridge.managementPort() + "/status" : "")
          + desktopSummary(bridge.desktop()));
      out.flush();
      return 0;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println("imo2sproxy: " + cause.getMessage());
      err.flush();
      return 1;
    }
  }

  private static String desktopSummary(DesktopAgent agent) {
    if (agent == null) {
      return "";
    }
    List<String> where = new ArrayList<>();
    if (agent.x11Display() != null) {
      where.add("X display " + agent.x11Display());
    }
    if (agent.busAddress() != null) {
      where.add("the D-Bus session bus");
    }
    return "; Skype API for desktop programs on " + String.join(" and ", where);
  }

  /** Rejects what the original accepted but this bridge cannot do. */
  static void validate(LauncherOptions options) {
    if (options.detach || options.pidFile != null) {
      throw new ConfigException("-d and --pid-file are handled by the ./imo2sproxy script "
          + "(a JVM cannot detach itself); run the script, or use nohup/systemd with java -jar");
    }
    if (options.mode != null && !options.mode.equals(MODE_DESKTOP)) {
      throw new ConfigException("-m " + options.mode + ": only -m a (the Skype API for desktop "
          + "programs, over X11 and D-Bus) is available; the original's other Windows-only "
          + "modes are not, and the bridge always runs as a SkypeProxy socket server");
    }
    if (options.account.size() == 1) {
      throw new ConfigException("give both <username> and <password>, or neither "
          + "(the password may also come from --password-file or IMO2SPROXY_PASSWORD)");
    }
    if (!options.demo && options.imoUrl == null && System.getenv("IMO2SPROXY_IMO_URL") == null) {
      throw new ConfigException("--imo-url is required (or --demo to use the embedded "
          + "simulator)");
    }
    if (options.port != null && (options.port < 0 || options.port > 65535)) {
      throw new ConfigException("-p: port must be between 0 and 65535");
    }
    if (options.managementPort != null
        && (options.managementPort < 0 || options.managementPort > 65535)) {
      throw new ConfigException("--management-port: port must be between 0 and 65535");
    }
    if (options.tcpBridgePort != null
        && (options.tcpBridgePort < 0 || options.tcpBridgePort > 65535)) {
      throw new ConfigException("--tcp-bridge-port: port must be between 0 and 65535");
    }
    if (options.skypedPort != null && (options.skypedPort < 0 || options.skypedPort > 65535)) {
      throw new ConfigException("--skyped-port: port must be between 0 and 65535");
    }
  }

  /** Starts the bridge (and, for --demo, the simulator) on a local Vert.x. */
  public static Future<Bridge> start(LauncherOptions options, Map<String, String> env) {
    List<Setting> settings = new ArrayList<>(GatewayMain.SETTINGS);
    settings.addAll(DesktopAgentSettings.DESKTOP.settings());
    for (Setting setting : EndpointMain.ENDPOINT_SETTINGS) {
      // No default bind address here: it follows from the password rule unless configured.
      settings.add(setting.key().equals(EndpointOptions.KEY_HOST)
          ? setting.withDefault(null) : setting);
    }
    JsonObject management = new JsonObject();
    if (options.managementPort != null) {
      management.put(ManagementOptions.PORT, options.managementPort);
    }
    VertxOptions vertxOptions = ServiceBootstrap.vertxOptions(management);
    Vertx vertx = VertxRuntime.logTransport(Vertx.vertx(vertxOptions), vertxOptions);
    BridgeMetrics.of(vertx).role("launcher");
    ImoSimulator[] simulator = new ImoSimulator[1];
    // Of no context: a failed start reports after Vert.x, and the loop it failed on, is closed.
    Promise<Bridge> result = Promise.promise();
    overrides(vertx, options)
        .compose(cli -> ServiceConfig.load(vertx, settings, options.configFile, cli, env))
        .compose(config -> {
          // Nothing starts (not even the demo's simulator) before the ports are known free.
          String host = config.getString(EndpointOptions.KEY_HOST, passwordless(config)
              ? "127.0.0.1" : "0.0.0.0");
          return ListenCheck.check(vertx, List.of(
                  new ListenCheck.Listen("SkypeProxy port", host,
                      config.getInteger(EndpointOptions.KEY_PORT, 0)),
                  new ListenCheck.Listen("management port",
                      config.getString(ManagementOptions.HOST, "127.0.0.1"),
                      options.managementPort == null ? 0 : options.managementPort),
                  new ListenCheck.Listen("skyped port", host,
                      config.getInteger(EndpointOptions.KEY_SKYPED_PORT, 0)),
                  new ListenCheck.Listen("TCP event-bus bridge",
                      config.getString(TcpBusBridgeVerticle.HOST, TcpBusBridgeVerticle.DEFAULT_HOST),
                      config.getInteger(TcpBusBridgeVerticle.PORT, 0))))
              .compose(v -> !options.demo ? Future.succeededFuture(config)
                  : ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
                      .setWorld(SimulatorWorld.demo())).map(sim -> {
                        simulator[0] = sim;
                        return options.imoUrl != null ? config
                            : config.put(GatewayOptions.IMO_URL, sim.baseUrl());
                      }));
        })
        .compose(config -> {
          ImoSimulator sim = simulator[0];
          GatewayOptions gateway = new GatewayOptions(config);
          EndpointOptions endpoint = new EndpointOptions(config);
          if (!config.containsKey(EndpointOptions.KEY_HOST)) {
            // Without a password anyone who can connect gets the default account: loopback.
            endpoint.setHost(gateway.passwordless() ? "127.0.0.1" : "0.0.0.0");
          }
          if (!gateway.passwordless() && gateway.authPassword() == null
              && gateway.username() != null) {
            LOG.info("default account {} reachable only with a password", gateway.username());
          }
          SkypeProxyEndpointVerticle endpointVerticle = new SkypeProxyEndpointVerticle(endpoint);
          ManagementVerticle managementVerticle = options.managementPort == null ? null
              : new ManagementVerticle(ManagementOptions.fromConfig(management.copy()
                  .put(ManagementOptions.HOST, config.getString(ManagementOptions.HOST,
                      "127.0.0.1"))
                  .put(ManagementOptions.REGION, config.getString(ManagementOptions.REGION))),
                  List.of(ReadinessCheck.httpReachable("imo.im", gateway.imoUrl())));
          TcpBusBridgeVerticle tcpBridge = TcpBusBridgeVerticle.fromConfig(config);
          String[] gatewayDeployment = new String[1];
          return vertx.deployVerticle(new ImoGatewayVerticle(gateway))
              .compose(id -> {
                gatewayDeployment[0] = id;
                return tcpBridge == null ? Future.succeededFuture()
                    : vertx.deployVerticle(tcpBridge).mapEmpty();
              })
              .compose(id -> vertx.deployVerticle(endpointVerticle))
              .compose(id -> managementVerticle == null ? Future.succeededFuture()
                  : vertx.deployVerticle(managementVerticle).mapEmpty())
              .compose(id -> MODE_DESKTOP.equals(options.mode)
                  ? DesktopAgent.start(vertx, desktopOptions(config, gateway, endpoint,
                      endpointVerticle.actualPort()))
                  : Future.<DesktopAgent>succeededFuture())
              .map(desktop -> new Bridge(vertx, endpointVerticle.actualPort(),
                  endpoint.getHost(), sim,
                  managementVerticle == null ? -1 : managementVerticle.actualPort(),
                  tcpBridge == null ? -1 : tcpBridge.actualPort(), gatewayDeployment[0],
                  desktop, endpointVerticle.skypedActualPort()));
        })
        .onComplete(started -> {
          if (started.succeeded()) {
            result.complete(started.result());
          } else {
            closeApart(vertx).onComplete(x -> result.fail(started.cause()));
          }
        });
    return result.future();
  }

  /**
   * Closes {@code vertx} from a thread of its own: a close begun on one of its event loops
   * would report its completion to that (by then terminated) loop, and never complete.
   */
  private static Future<Void> closeApart(Vertx vertx) {
    Promise<Void> closed = Promise.promise();
    new Thread(() -> VertxRuntime.stop(vertx).onComplete(closed), "imo2sproxy-close").start();
    return closed.future();
  }

  /** As {@link GatewayOptions#passwordless()}, before the gateway's options can be built. */
  private static boolean passwordless(JsonObject config) {
    String username = config.getString(GatewayOptions.USERNAME);
    String authPassword = config.getString(GatewayOptions.AUTH_PASSWORD);
    return username != null && !username.isBlank()
        && (authPassword == null || authPassword.isBlank());
  }

  /**
   * {@code -m a}: the agent forwards each desktop client to this process's own SkypeProxy
   * listener over loopback, with the proxy password when one is configured, so that a desktop
   * client is a connection like any other (sessions, limits, metrics).
   */
  static DesktopAgentOptions desktopOptions(JsonObject config, GatewayOptions gateway,
      EndpointOptions endpoint, int port) {
    if (endpoint.getTlsCertFile() != null) {
      throw new ConfigException("-m a with a TLS SkypeProxy listener: run the standalone "
          + "desktop-api-agent with --tls against it instead");
    }
    String host = endpoint.getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return new DesktopAgentOptions(config)
        .setEndpoint(host.contains(":") ? "[" + host + "]:" + port : host + ":" + port)
        .setPassword(gateway.authPassword());
  }

  /** The command line as config overrides (they win over the environment and the file). */
  private static Future<JsonObject> overrides(Vertx vertx, LauncherOptions options) {
    return vertx.executeBlocking(() -> {
      JsonObject cli = new JsonObject();
      if (options.demo) {
        // The simulator's URL is added once it runs (start), after the ports are checked.
        if (options.account.isEmpty()) {
          cli.put(GatewayOptions.USERNAME, DEMO_USER).put(GatewayOptions.PASSWORD, DEMO_PASSWORD);
        }
      }
      if (options.imoUrl != null) {
        cli.put(GatewayOptions.IMO_URL, options.imoUrl);
      }
      if (options.account.size() == 2) {
        cli.put(GatewayOptions.USERNAME, options.account.get(0))
            .put(GatewayOptions.PASSWORD, options.account.get(1));
      }
      if (options.passwordFile != null) {
        cli.put(GatewayOptions.PASSWORD, readSecret(options.passwordFile, "--password-file"));
      }
      if (options.authPassword != null) {
        cli.put(GatewayOptions.AUTH_PASSWORD, options.authPassword);
      }
      if (options.authPasswordFile != null) {
        cli.put(GatewayOptions.AUTH_PASSWORD,
            readSecret(options.authPasswordFile, "--auth-password-file"));
      }
      if (options.localTimestamps) {
        cli.put(GatewayOptions.LOCAL_TIMESTAMPS, true);
      }
      if (options.bindHost != null) {
        cli.put(EndpointOptions.KEY_HOST, options.bindHost);
      }
      if (options.port != null) {
        cli.put(EndpointOptions.KEY_PORT, options.port);
      }
      if (options.tcpBridgePort != null) {
        cli.put(TcpBusBridgeVerticle.PORT, options.tcpBridgePort);
      }
      if (options.skypedPort != null) {
        cli.put(EndpointOptions.KEY_SKYPED_PORT, options.skypedPort);
      }
      return cli;
    });
  }

  private static String readSecret(String file, String option) {
    try {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new ConfigException(option + ": cannot read " + file);
    }
  }
}
