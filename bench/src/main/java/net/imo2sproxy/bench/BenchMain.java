package net.imo2sproxy.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.bench.impl.BenchWorld;
import net.imo2sproxy.bench.impl.Deployment;
import net.imo2sproxy.bench.impl.HopRecordings;
import net.imo2sproxy.bench.impl.LocalDeployment;
import net.imo2sproxy.bench.impl.ProcessDeployment;
import net.imo2sproxy.bench.impl.Scenarios;
import net.imo2sproxy.bench.impl.WorkDirLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load generator: starts the simulator and the bridge (one JVM, or gateway and endpoint
 * clustered), drives them through real SkypeProxy sockets, prints a table and writes JSON.
 * Every scenario is bounded by count and time. See bench/README.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "imo2sproxy load generator (loopback only).")
public final class BenchMain implements Callable<Integer> {

  @Option(names = "--scenario", split = ",", defaultValue = "all",
      description = "all, or a comma list of: login, commands, chat, idle (default: ${DEFAULT-VALUE})")
  List<String> scenarios;

  @Option(names = "--deploy", defaultValue = "single", description = "local (everything in this "
      + "JVM), single (simulator JVM + bridge JVM), cluster (simulator, gateway, endpoint "
      + "JVMs on a Hazelcast cluster), or a limit: echo (a JVM echoing SkypeProxy frames) or "
      + "relay (a bare long-poll relay: hub JVM + relay JVM); default: ${DEFAULT-VALUE}")
  String deploy;

  @Option(names = "--limit", description = "also run each scenario on its limit deployment "
      + "(echo for login and commands, relay for chat and idle) and print every figure's ratio "
      + "to the limit row")
  boolean limit;

  @Option(names = "--trace-hops", description = "record a JFR DeliveryHop event at each hop of"
      + " a received chat message (simulator, gateway, emulator, endpoint) and print per-hop"
      + " latency percentiles of the measured chat phase")
  boolean traceHops;

  @Option(names = "--accounts", defaultValue = "200",
      description = "accounts of the log-in storm, and idle sessions unless --idle (default: ${DEFAULT-VALUE})")
  int accounts;

  @Option(names = "--idle", description = "idle sessions of the idle-scale scenario")
  Integer idle;

  @Option(names = "--login-concurrency", defaultValue = "100",
      description = "log-ins in flight at once (default: ${DEFAULT-VALUE})")
  int loginConcurrency;

  @Option(names = "--connections", defaultValue = "50",
      description = "connections of the command scenario (default: ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--rate", defaultValue = "5000",
      description = "offered commands per second; 0 skips the fixed-rate run (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--window", defaultValue = "8",
      description = "commands in flight per connection at saturation (default: ${DEFAULT-VALUE})")
  int window;

  @Option(names = "--pairs", defaultValue = "50",
      description = "chatting account pairs (default: ${DEFAULT-VALUE})")
  int pairs;

  @Option(names = "--chat-rate", defaultValue = "1000",
      description = "messages per second in total (default: ${DEFAULT-VALUE})")
  double chatRate;

  @Option(names = "--duration", defaultValue = "10",
      description = "seconds of each measured phase (default: ${DEFAULT-VALUE})")
  int durationSeconds;

  @Option(names = "--warmup", defaultValue = "10",
      description = "seconds of unreported load before the command and chat phases, so the "
          + "JIT has compiled the paths; it goes on in 5 s rounds while a JVM's JIT compiled "
          + "more than 50 ms in the last round (default: ${DEFAULT-VALUE})")
  int warmupSeconds;

  @Option(names = "--warmup-max", defaultValue = "120",
      description = "seconds of warm-up at most, however busy the JIT still is (default: "
          + "${DEFAULT-VALUE})")
  int warmupMaxSeconds;

  @Option(names = "--warmup-chat-rate", defaultValue = "0",
      description = "messages per second of the chat warm-up (default: a quarter of --chat-rate);"
          + " a low-rate run needs a faster warm-up, or the JIT compiles during the measured"
          + " phase; the rounds while the JIT is busy run at least at --chat-rate")
  double warmupChatRate;

  @Option(names = "--idle-hold", defaultValue = "10",
      description = "seconds the idle sessions are watched (default: ${DEFAULT-VALUE})")
  int idleHoldSeconds;

  @Option(names = "--hold", defaultValue = "25",
      description = "simulator long-poll hold in seconds (default: ${DEFAULT-VALUE})")
  double holdSeconds;

  @Option(names = "--roster", defaultValue = "5",
      description = "buddies per generated account (default: ${DEFAULT-VALUE})")
  int roster;

  @Option(names = "--event-loops", defaultValue = "2",
      description = "event loops of the load generator (default: ${DEFAULT-VALUE})")
  int eventLoops;

  @Option(names = "--child-jvm-options", defaultValue = "-Xmx1g -XX:+UseG1GC",
      description = "options of the service JVMs (default: ${DEFAULT-VALUE})")
  String childJvmOptions;

  @Option(names = "--endpoint-env", mapFallbackValue = "",
      description = "with --deploy cluster: an IMO2SPROXY_* setting of the endpoint JVM only, "
          + "KEY=VALUE, repeatable (e.g. IMO2SPROXY_CLUSTER_LITE_MEMBER=true)")
  java.util.Map<String, String> endpointEnv = new java.util.LinkedHashMap<>();

  @Option(names = "--gateway-env", mapFallbackValue = "",
      description = "with --deploy cluster: an IMO2SPROXY_* setting of the gateway JVM only, "
          + "KEY=VALUE, repeatable (e.g. IMO2SPROXY_OWNER_LEASE_SECONDS=60)")
  java.util.Map<String, String> gatewayEnv = new java.util.LinkedHashMap<>();

  @Option(names = "--project-dir", defaultValue = ".",
      description = "project root with the built jars (default: ${DEFAULT-VALUE})")
  Path projectDir;

  @Option(names = "--work-dir", defaultValue = "bench/target/bench-run",
      description = "world file and service logs (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(names = "--results", description = "JSON results file (default: "
      + "bench/target/results/<deploy>-<time>.json)")
  Path results;

  /** One bench at a time in {@link #workDir}. */
  private WorkDirLock workDirLock;

  /** Exit status when a chat run lost or duplicated a message (1 and 2 are picocli's). */
  public static final int EXIT_LOST_OR_DUPLICATED = 3;
  /** Exit status when another bench runs in the same work directory. */
  public static final int EXIT_WORK_DIR_BUSY = 4;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (roster < 1 || connections < 1 || accounts < 0 || pairs < 0 || durationSeconds < 1
        || warmupSeconds < 0 || warmupChatRate < 0 || warmupMaxSeconds < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--roster, --connections and --duration must be at least 1; --accounts, --pairs,"
              + " --warmup, --warmup-max and --warmup-chat-rate not negative");
    }
    Set<String> chosen = new LinkedHashSet<>();
    for (String s : scenarios) {
      String name = s.trim().toLowerCase(Locale.ROOT);
      if (name.equals("all")) {
        chosen.addAll(List.of("login", "commands", "chat", "idle"));
      } else if (List.of("login", "commands", "chat", "idle").contains(name)) {
        chosen.add(name);
      } else {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "unknown scenario: " + s);
      }
    }
    if (!List.of("local", "single", "cluster", "echo", "relay").contains(deploy)) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--deploy must be local, single, cluster, echo or relay");
    }
    int idleSessions = idle != null ? idle : accounts;
    JsonObject world = BenchWorld.generate(chosen.contains("login") ? accounts : 0,
        chosen.contains("commands") ? connections : 0, chosen.contains("chat") ? pairs : 0,
        chosen.contains("idle") ? idleSessions : 0, roster);
    Scenarios.Settings settings = new Scenarios.Settings(accounts, loginConcurrency, connections,
        rate, window, pairs, chatRate, idleSessions, durationSeconds * 1000L,
        idleHoldSeconds * 1000L, 10_000, warmupSeconds * 1000L, warmupChatRate,
        Math.max(warmupSeconds, warmupMaxSeconds) * 1000L);
    try {
      workDirLock = WorkDirLock.acquire(workDir); // held until the JVM exits (System.exit)
    } catch (java.io.IOException e) {
      System.err.println("bench: " + e.getMessage());
      return EXIT_WORK_DIR_BUSY;
    }
    List<ScenarioResult> done = new ArrayList<>();
    List<ScenarioResult> limits = new ArrayList<>();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)
        .setPreferNativeTransport(true));
    try {
      if (limit) {
        // the limit rows first, each on its own deployment
        for (String kind : List.of("echo", "relay")) {
          Set<String> theirs = new LinkedHashSet<>(chosen);
          theirs.removeIf(sc -> !LimitComparison.limitOf(sc).equals(kind));
          if (!theirs.isEmpty() && !kind.equals(deploy)) {
            limits.addAll(runOn(vertx, kind, theirs, world, settings, null));
          }
        }
      }
      if (traceHops) {
        try (HopRecordings hops = new HopRecordings(workDir.resolve("hops"))) {
          done.addAll(runOn(vertx, deploy, chosen, world, settings, hops));
        }
      } else {
        done.addAll(runOn(vertx, deploy, chosen, world, settings, null));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    List<ScenarioResult> all = new ArrayList<>(limits);
    all.addAll(done);
    System.out.println();
    System.out.print(Report.table(all));
    List<LimitComparison.Ratio> ratios = LimitComparison.compare(done, limits);
    if (!ratios.isEmpty()) {
      System.out.println();
      System.out.print(LimitComparison.table(ratios));
    }
    Path file = results != null ? results : Path.of("bench", "target", "results",
        deploy + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + ".json");
    JsonObject json = Report.json(settingsJson(chosen, idleSessions), all);
    if (!ratios.isEmpty()) {
      json.put("limitRatios", LimitComparison.json(ratios));
    }
    Report.write(file, json);
    System.out.println("results: " + file);
    if (all.stream().anyMatch(ScenarioResult::messagesLostOrDuplicated)) {
      System.err.println("bench: messages were lost or duplicated (exit status "
          + EXIT_LOST_OR_DUPLICATED + ")");
      return EXIT_LOST_OR_DUPLICATED;
    }
    return 0;
  }

  /**
   * Starts deployment {@code kind}, runs the scenarios on it, stops it; with {@code hops}, the
   * services record the delivery hops and the chat row gets their latencies.
   */
  private List<ScenarioResult> runOn(Vertx vertx, String kind, Set<String> chosen,
      JsonObject world, Scenarios.Settings settings, HopRecordings hops) throws Exception {
    List<ScenarioResult> done = new ArrayList<>();
    System.out.println("bench: starting the " + kind + " deployment ("
        + world.getJsonArray("accounts").size() + " accounts) ...");
    List<String> options = new ArrayList<>(jvmOptions());
    if (hops != null) {
      options.add(hops.jvmOption());
    }
    try (Deployment deployment = start(kind, world, options)) {
      // Ctrl-C must not leave service JVMs behind.
      Thread stopper = new Thread(deployment::close, "bench-stop");
      Runtime.getRuntime().addShutdownHook(stopper);
      System.out.println("bench: " + deployment.describe() + "; SkypeProxy on "
          + deployment.host() + ":" + deployment.port());
      Scenarios run = new Scenarios(vertx, deployment, kind, settings, eventLoops);
      run.awaitReady();
      if (chosen.contains("login")) {
        progress(done, run.loginStorm());
      }
      if (chosen.contains("commands")) {
        for (ScenarioResult r : run.commandRoundTrips()) {
          progress(done, r);
        }
      }
      if (chosen.contains("chat")) {
        ScenarioResult chat = run.chat();
        progress(done, chat);
        if (hops != null) {
          HopTrace trace = HopTrace.of(hops.collect(deployment.processes()),
              chat.extra().getLong("measuredFromEpochMicros") * 1000,
              chat.extra().getLong("measuredToEpochMicros") * 1000);
          chat.extra().put("deliveryHops", trace.toJson());
          System.out.print(trace.table());
        }
      }
      if (chosen.contains("idle")) {
        progress(done, run.idleScale());
      }
      Runtime.getRuntime().removeShutdownHook(stopper);
    }
    return done;
  }

  private Deployment start(String kind, JsonObject world, List<String> options)
      throws Exception {
    Duration hold = Duration.ofMillis((long) (holdSeconds * 1000));
    return switch (kind) {
      case "local" -> LocalDeployment.start(world, hold);
      case "echo", "relay" -> ProcessDeployment.startLimit(kind, workDir, holdSeconds, options);
      case "cluster" -> ProcessDeployment.start(true, projectDir, workDir, world, holdSeconds,
          options, endpointEnv, gatewayEnv);
      default -> ProcessDeployment.start(false, projectDir, workDir, world, holdSeconds,
          options);
    };
  }

  private List<String> jvmOptions() {
    String trimmed = childJvmOptions.trim();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }

  private static void progress(List<ScenarioResult> done, ScenarioResult r) {
    done.add(r);
    System.out.print(Report.table(List.of(r)).lines().skip(1)
        .map(l -> "bench: " + l + "\n").reduce("", String::concat));
  }

  private JsonObject settingsJson(Set<String> chosen, int idleSessions) {
    return new JsonObject().put("scenarios", new JsonArray(new ArrayList<>(chosen)))
        .put("deploy", deploy).put("limit", limit).put("traceHops", traceHops)
        .put("accounts", accounts).put("idle", idleSessions)
        .put("loginConcurrency", loginConcurrency).put("connections", connections)
        .put("rate", rate).put("window", window).put("pairs", pairs).put("chatRate", chatRate)
        .put("durationSeconds", durationSeconds).put("warmupSeconds", warmupSeconds)
        .put("warmupChatRate", warmupChatRate).put("warmupMaxSeconds", warmupMaxSeconds)
        .put("idleHoldSeconds", idleHoldSeconds)
        .put("holdSeconds", holdSeconds).put("roster", roster).put("eventLoops", eventLoops)
        .put("childJvmOptions", childJvmOptions);
  }
}
