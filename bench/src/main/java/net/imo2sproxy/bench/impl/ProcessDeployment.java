package net.imo2sproxy.bench.impl;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services as separate JVMs started from their runnable jars: the simulator and either the
 * single-process bridge ({@code single}) or a gateway and an endpoint joined by a Hazelcast
 * cluster of their own on 127.0.0.1 ({@code cluster}). Their output goes to log files in the
 * work directory.
 */
public final class ProcessDeployment implements Deployment {

  private static final Pattern SIMULATOR_READY =
      Pattern.compile("imo simulator listening on (http://\\S+/)");
  private static final Pattern BRIDGE_READY =
      Pattern.compile("imo2sproxy (?:\\S+ )?listening on ([^:\\s]+):(\\d+)");
  private static final Pattern HUB_READY =
      Pattern.compile("relay hub listening on (http://\\S+/)");
  private static final Pattern SERVICE_STARTED = Pattern.compile("\\S+ started");

  /**
   * Every load-generator connection comes from 127.0.0.1, so the gateway's per-address login
   * throttle (10 a minute by default) and the endpoint's connection limits would refuse the
   * storm: lift them for the benchmark (each service reads only its own settings).
   */
  public static final Map<String, String> GATEWAY_ENV = Map.of(
      "IMO2SPROXY_LOGIN_ATTEMPTS", "1000000000",
      "IMO2SPROXY_MAX_CONNECTIONS", "0",
      "IMO2SPROXY_MAX_CONNECTIONS_PER_ADDRESS", "0");

  private final String kind;
  private Map<String, String> endpointEnv = Map.of();
  private Map<String, String> gatewayEnv = Map.of();
  private final List<Process> children = new ArrayList<>();
  private final List<MeasuredProcess> processes = new ArrayList<>();
  private String simulatorUrl;
  private int port;

  private ProcessDeployment(String kind) {
    this.kind = kind;
    processes.add(MeasuredProcess.self("loadgen"));
  }

  /**
   * @param projectDir the project root (where the modules' target directories are)
   * @param workDir where the world file and the logs go
   * @param jvmOptions extra options for every child JVM
   */
  public static ProcessDeployment start(boolean clustered, Path projectDir, Path workDir,
      JsonObject world, double holdSeconds, List<String> jvmOptions) throws Exception {
    return start(clustered, projectDir, workDir, world, holdSeconds, jvmOptions, Map.of(),
        Map.of());
  }

  /**
   * {@link #start} with settings ({@code IMO2SPROXY_*}) of the clustered endpoint JVM only and
   * of the clustered gateway JVM only.
   */
  public static ProcessDeployment start(boolean clustered, Path projectDir, Path workDir,
      JsonObject world, double holdSeconds, List<String> jvmOptions,
      Map<String, String> endpointEnv, Map<String, String> gatewayEnv) throws Exception {
    ProcessDeployment d = new ProcessDeployment(clustered ? "cluster" : "single");
    d.endpointEnv = Map.copyOf(endpointEnv);
    d.gatewayEnv = Map.copyOf(gatewayEnv);
    try {
      d.launch(clustered, projectDir, workDir, world, holdSeconds, jvmOptions);
      return d;
    } catch (Exception e) {
      d.close();
      throw e;
    }
  }

  /**
   * A limit deployment from bench.jar itself: {@code echo} (one "bridge" JVM echoing frames) or
   * {@code relay} (a "simulator" JVM with the {@code RelayHub} and a "bridge" JVM relaying
   * through it), measured like the real ones.
   */
  public static ProcessDeployment startLimit(String kind, Path workDir, double holdSeconds,
      List<String> jvmOptions) throws Exception {
    ProcessDeployment d = new ProcessDeployment(kind);
    try {
      Files.createDirectories(workDir);
      Path jar = benchJar(workDir);
      String main = "net.imo2sproxy.bench.limit.LimitServerMain";
      List<String> proxyArgs = new ArrayList<>(List.of("-cp", jar.toString(), main, "proxy",
          "--port", "0"));
      if (kind.equals("relay")) {
        Matcher hub = d.spawn("simulator", List.of("-cp", jar.toString(), main, "hub",
            "--port", "0", "--hold", Double.toString(holdSeconds)), jvmOptions, Map.of(),
            workDir, HUB_READY);
        d.simulatorUrl = hub.group(1);
        proxyArgs.addAll(List.of("--hub", d.simulatorUrl));
      } else {
        d.simulatorUrl = "http://127.0.0.1:1/"; // none: the idle count reads -1
      }
      Matcher proxy = d.spawn("bridge", proxyArgs, jvmOptions, Map.of(), workDir, BRIDGE_READY);
      d.port = Integer.parseInt(proxy.group(2));
      return d;
    } catch (Exception e) {
      d.close();
      throw e;
    }
  }

  /** A private copy of the jar this class runs from (see {@link #jar}). */
  private static Path benchJar(Path workDir) throws IOException {
    Path self;
    try {
      self = Path.of(ProcessDeployment.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    if (!Files.isRegularFile(self)) {
      throw new IOException("the limit deployments run from bench.jar; this is " + self);
    }
    Path copy = workDir.resolve("bench-limit.jar");
    Files.copy(self, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  private void launch(boolean clustered, Path projectDir, Path workDir, JsonObject world,
      double holdSeconds, List<String> jvmOptions) throws Exception {
    Files.createDirectories(workDir);
    Path worldFile = workDir.resolve("world.json");
    Files.writeString(worldFile, world.encode());
    Matcher sim = spawn("simulator", jarArgs(jar(projectDir, workDir, "imo-simulator",
            "imo-simulator"), "--port", "0", "--world", worldFile.toString(),
            "--hold", Double.toString(holdSeconds)),
        jvmOptions, Map.of(), workDir, SIMULATOR_READY);
    simulatorUrl = sim.group(1);
    if (!clustered) {
      Matcher bridge = spawn("bridge", jarArgs(jar(projectDir, workDir, "launcher", "imo2sproxy"),
          "--imo-url", simulatorUrl, "-h", "127.0.0.1", "-p", "0"), jvmOptions, GATEWAY_ENV,
          workDir, BRIDGE_READY);
      port = Integer.parseInt(bridge.group(2));
      return;
    }
    String clusterName = "imo2sproxy-bench-" + UUID.randomUUID();
    int seedPort = freePort();
    Map<String, String> cluster = Map.of(
        "IMO2SPROXY_CLUSTER", "true",
        "IMO2SPROXY_CLUSTER_NAME", clusterName,
        "IMO2SPROXY_CLUSTER_HOST", "127.0.0.1",
        "IMO2SPROXY_CLUSTER_MEMBERS", "127.0.0.1:" + seedPort);
    Map<String, String> gateway = new java.util.HashMap<>(cluster);
    gateway.put("IMO2SPROXY_CLUSTER_PORT", Integer.toString(seedPort));
    gateway.put("IMO2SPROXY_IMO_URL", simulatorUrl);
    gateway.putAll(GATEWAY_ENV);
    gateway.putAll(gatewayEnv);
    spawn("gateway", jarArgs(jar(projectDir, workDir, "imo-gateway-service",
        "imo-gateway-service")), jvmOptions, gateway, workDir, SERVICE_STARTED);
    port = freePort();
    Map<String, String> endpoint = new java.util.HashMap<>(cluster);
    endpoint.put("IMO2SPROXY_CLUSTER_PORT", "0");
    endpoint.put("IMO2SPROXY_HOST", "127.0.0.1");
    endpoint.put("IMO2SPROXY_PORT", Integer.toString(port));
    endpoint.putAll(GATEWAY_ENV);
    endpoint.putAll(endpointEnv);
    spawn("endpoint", jarArgs(jar(projectDir, workDir, "skypeproxy-endpoint-service",
        "skypeproxy-endpoint-service")), jvmOptions, endpoint, workDir, SERVICE_STARTED);
  }

  /**
   * A private copy of a module's runnable jar in the work directory: a build running meanwhile
   * may rewrite target/*.jar, which breaks class loading in a JVM still reading it.
   */
  private static Path jar(Path projectDir, Path workDir, String module, String name)
      throws IOException {
    Path jar = projectDir.resolve(module).resolve("target").resolve(name + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IOException(jar + " is missing: build first (mvn -B -ntp -DskipTests package)");
    }
    Path copy = workDir.resolve(name + ".jar");
    Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  private static List<String> jarArgs(Path jar, String... args) {
    List<String> out = new ArrayList<>(List.of("-jar", jar.toString()));
    out.addAll(List.of(args));
    return out;
  }

  /** {@code launch}: what follows the JVM options ({@code -jar x.jar args}, {@code -cp ...}). */
  private Matcher spawn(String name, List<String> launch, List<String> jvmOptions,
      Map<String, String> env, Path workDir, Pattern ready) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // every safepoint, for the GC pauses of a measured phase (not rotated: the marks are offsets)
    Path safepoints = workDir.resolve(name + "-safepoint.log");
    Files.deleteIfExists(safepoints);
    command.add("-Xlog:safepoint:file=" + safepoints + ":uptime:filecount=0");
    command.add("-Djava.net.preferIPv4Stack=true");
    command.add("-Dhazelcast.phone.home.enabled=false");
    command.add("-Dhazelcast.wait.seconds.before.join=1");
    command.addAll(launch);
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // Only what we set: an inherited IMO2SPROXY_* variable must not change the set-up.
    builder.environment().keySet().removeIf(key -> key.startsWith("IMO2SPROXY_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    children.add(process);
    processes.add(MeasuredProcess.child(name, process, safepoints));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      Matcher m = ready.matcher(Files.readString(log));
      if (m.find()) {
        return m;
      }
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + ", see " + log);
      }
      Thread.sleep(100);
    }
    throw new IOException(name + " did not start within 90 s, see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String simulatorUrl() {
    return simulatorUrl;
  }

  @Override
  public List<MeasuredProcess> processes() {
    return List.copyOf(processes);
  }

  @Override
  public String describe() {
    return switch (kind) {
      case "cluster" ->
          "cluster: simulator, gateway and endpoint JVMs (Hazelcast on 127.0.0.1) + load generator";
      case "echo" -> "echo (limit): one JVM echoing SkypeProxy frames + load generator";
      case "relay" -> "relay (limit): hub JVM (long polls) + relay proxy JVM + load generator";
      default -> "single: simulator JVM, bridge JVM (endpoint + gateway) + load generator";
    };
  }

  @Override
  public void close() {
    for (int i = children.size() - 1; i >= 0; i--) {
      Process p = children.get(i);
      p.destroy();
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
