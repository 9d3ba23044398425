package net.imo2sproxy.bench.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.BiFunction;
import net.imo2sproxy.bench.GcPauses;
import net.imo2sproxy.bench.LatencyRecorder;
import net.imo2sproxy.bench.MessageCounts;
import net.imo2sproxy.bench.ScenarioResult;

/**
 * The four scenarios of the harness, run from the main thread against a {@link Deployment}
 * with one {@link LoadGroup} per event loop of the load generator.
 */
public final class Scenarios {

  /**
   * Sizes and rates of one run; {@code warmupChatRate} 0: a quarter of {@code chatRate}. The
   * warm-up lasts {@code warmupMs}, then goes on in rounds while the JIT still compiles, up to
   * {@code warmupMaxMs} in all.
   */
  public record Settings(int logins, int loginConcurrency, int connections, double rate,
      int window, int chatPairs, double chatRate, int idle, long durationMs, long idleHoldMs,
      long graceMs, long warmupMs, double warmupChatRate, long warmupMaxMs) {
  }

  private static final long LOGIN_TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final Deployment deployment;
  private final Settings settings;
  private final List<LoadGroup> groups = new ArrayList<>();
  private final String deploymentName;
  private final JitWarmup jitWarmup;

  public Scenarios(Vertx vertx, Deployment deployment, String deploymentName,
      Settings settings, int eventLoops) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.settings = settings;
    this.deploymentName = deploymentName;
    this.jitWarmup = new JitWarmup(deployment, settings.warmupMs(), settings.warmupMaxMs());
    for (int i = 0; i < eventLoops; i++) {
      groups.add(new LoadGroup(vertx, deployment.host(), deployment.port()));
    }
  }

  /** Blocks until the probe account can log in (the services are ready end to end). */
  public void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      LoadGroup.Outcome o = await(groups.get(0).login(List.of(BenchWorld.PROBE), 1, 10_000));
      await(groups.get(0).closeAll());
      if (o.errors() == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the bridge does not log the probe account in");
      }
      Thread.sleep(500);
    }
  }

  /** (1) log-in storm: N accounts connect and log in; then they disconnect. */
  public ScenarioResult loginStorm() throws Exception {
    ScenarioResult result = new ScenarioResult("login-storm", deploymentName);
    Snapshot before = Snapshot.cpu(deployment);
    long start = System.nanoTime();
    List<LoadGroup.Outcome> outcomes = awaitAll(loginGroups(BenchWorld.LOGIN, settings.logins(),
        Math.max(1, settings.loginConcurrency() / groups.size())));
    double seconds = (System.nanoTime() - start) / 1e9;
    Snapshot after = Snapshot.cpu(deployment);
    finish(result, outcomes, seconds, "connect to CONNSTATUS ONLINE", before, after);
    result.extra().put("concurrency", settings.loginConcurrency());
    closeAll();
    return result;
  }

  /** (2) PING and GET USER round trips from C connections at the fixed rate, then saturated. */
  public List<ScenarioResult> commandRoundTrips() throws Exception {
    List<ScenarioResult> results = new ArrayList<>();
    List<LoadGroup.Outcome> logins = awaitAll(loginGroups(BenchWorld.COMMANDS,
        settings.connections(), Math.max(1, settings.loginConcurrency() / groups.size())));
    long failedLogins = logins.stream().mapToLong(LoadGroup.Outcome::errors).sum();
    int n = settings.connections();
    // GET USER asks for the connection's first buddy: other handles are not its contacts.
    BiFunction<String, Integer, String> mix = (uid, id) -> id % 2 == 0 ? "PING"
        : "GET USER " + BenchWorld.firstBuddy(uid, n) + " FULLNAME";
    // Warm-up, not reported: the JIT compiles the paths first (half closed loop, half at the
    // fixed rate, then more fixed-rate rounds while the JIT is busy).
    long warmupHalf = Math.max(1, settings.warmupMs() / 2);
    awaitAll(each(g -> g.commands(0, settings.window(), warmupHalf, settings.graceMs(), mix)));
    Map<String, Long> jit = jitWarmup.jitMillis();
    LongFunction<List<LoadGroup.Outcome>> warmupRound = ms -> round(
        g -> settings.rate() > 0
            ? g.commands(settings.rate() / groups.size(), 0, ms, settings.graceMs(), mix)
            : g.commands(0, settings.window(), ms, settings.graceMs(), mix));
    warmupRound.apply(warmupHalf);
    long warmedMs = jitWarmup.extend(jit, warmupHalf, settings.warmupMs(), warmupRound, null);
    settle();
    if (settings.rate() > 0) {
      ScenarioResult fixed = new ScenarioResult(
          String.format("commands@%.0f/s", settings.rate()), deploymentName);
      Snapshot before = Snapshot.cpu(deployment);
      long start = System.nanoTime();
      List<LoadGroup.Outcome> outcomes = awaitAll(each(g -> g.commands(
          settings.rate() / groups.size(), 0, settings.durationMs(), settings.graceMs(), mix)));
      double seconds = (System.nanoTime() - start) / 1e9;
      finish(fixed, outcomes, Math.min(seconds, settings.durationMs() / 1e3),
          "intended send to reply (coordinated-omission corrected)", before,
          Snapshot.cpu(deployment));
      fixed.offeredRate(settings.rate()).extra().put("connections", n)
          .put("failedLogins", failedLogins).put("warmupSeconds", warmedMs / 1e3);
      results.add(fixed);
      settle();
    }
    ScenarioResult saturated = new ScenarioResult("commands-saturation", deploymentName);
    Snapshot before = Snapshot.cpu(deployment);
    List<LoadGroup.Outcome> outcomes = awaitAll(each(g -> g.commands(0, settings.window(),
        settings.durationMs(), settings.graceMs(), mix)));
    finish(saturated, outcomes, settings.durationMs() / 1e3,
        "send to reply, closed loop (service time)", before, Snapshot.cpu(deployment));
    saturated.extra().put("connections", n).put("window", settings.window())
        .put("failedLogins", failedLogins);
    results.add(saturated);
    closeAll();
    return results;
  }

  /** (3) chat between pairs at the fixed message rate. */
  public ScenarioResult chat() throws Exception {
    ScenarioResult result = new ScenarioResult(
        String.format("chat@%.0f/s", settings.chatRate()), deploymentName);
    List<LoadGroup.Outcome> logins = awaitAll(chatLogins());
    long failedLogins = logins.stream().mapToLong(LoadGroup.Outcome::errors).sum();
    // warm-up, not reported in the latency; its losses and duplicates are (warmupMessages)
    double warmupRate = settings.warmupChatRate() > 0 ? settings.warmupChatRate()
        : settings.chatRate() / 4;
    // the first part at the warm-up rate (a cold JIT would queue the full rate), the rounds
    // while the JIT compiles at least at the measured rate: a quarter of it left the paths of
    // the full rate compiling through the measured phase (bench README, thirteenth round)
    Map<String, Long> jit = jitWarmup.jitMillis();
    List<LoadGroup.Outcome> warmup = new ArrayList<>(
        chatWarmup(warmupRate, Math.max(1, settings.warmupMs())));
    double roundRate = Math.max(warmupRate, settings.chatRate());
    long warmedMs = jitWarmup.extend(jit, Math.max(1, settings.warmupMs()),
        Math.max(1, settings.warmupMs()), ms -> chatWarmup(roundRate, ms), warmup);
    result.extra().put("warmupSeconds", warmedMs / 1e3);
    settle();
    Snapshot before = Snapshot.cpu(deployment);
    // the measured phase in wall-clock time, for the delivery-hop trace
    java.time.Instant from = java.time.Instant.now();
    result.extra().put("measuredFromEpochMicros", epochMicros(from))
        .put("measuredToEpochMicros", epochMicros(from) + settings.durationMs() * 1000);
    List<LoadGroup.Outcome> outcomes = awaitAll(each(g -> g.chat("chat measured",
        settings.chatRate() / groups.size(), settings.durationMs(), settings.graceMs())));
    finish(result, outcomes, settings.durationMs() / 1e3,
        "intended MESSAGE send to partner's STATUS RECEIVED (coordinated-omission corrected;"
            + " the receiver then asks GET CHATMESSAGE n BODY to match the token)",
        before, Snapshot.cpu(deployment));
    result.messages(sum(outcomes)).warmupMessages(sum(warmup));
    result.extra()
        .put("messageReplyMicros", percentiles(outcomes, LoadGroup.Outcome::replyLatency))
        .put("bodyAnswerMicros", percentiles(outcomes, LoadGroup.Outcome::bodyLatency));
    result.offeredRate(settings.chatRate()).extra().put("pairs", settings.chatPairs())
        .put("failedLogins", failedLogins);
    closeAll();
    return result;
  }

  /** (4) idle scale: N logged-in idle sessions; memory per session, idle CPU, long polls. */
  public ScenarioResult idleScale() throws Exception {
    ScenarioResult result = new ScenarioResult("idle-scale", deploymentName);
    Map<String, long[]> memBefore = memory();
    Snapshot before = Snapshot.cpu(deployment);
    long start = System.nanoTime();
    List<LoadGroup.Outcome> logins = awaitAll(loginGroups(BenchWorld.IDLE, settings.idle(),
        Math.max(1, settings.loginConcurrency() / groups.size())));
    double loginSeconds = (System.nanoTime() - start) / 1e9;
    finish(result, logins, loginSeconds, "connect to CONNSTATUS ONLINE, under the growing load",
        before, Snapshot.cpu(deployment));
    // Let every session settle into its long poll before measuring.
    Thread.sleep(Math.min(5_000, settings.idleHoldMs()));
    Snapshot idleStart = Snapshot.cpu(deployment);
    Thread.sleep(settings.idleHoldMs());
    Snapshot idleEnd = Snapshot.cpu(deployment);
    int sessions = (int) result.operations();
    long polling = SimulatorSessions.polling(deployment.simulatorUrl(), BenchWorld.IDLE + "-");
    Map<String, long[]> memAfter = memory();
    for (Map.Entry<String, long[]> e : memAfter.entrySet()) {
      long[] b = memBefore.get(e.getKey());
      long[] a = e.getValue();
      result.memory(e.getKey(), new ScenarioResult.Memory(b[0], a[0], b[1], a[1], sessions));
    }
    var idleCpu = new io.vertx.core.json.JsonObject();
    double holdSeconds = (idleEnd.nanos - idleStart.nanos) / 1e9;
    for (String p : idleEnd.cpu.keySet()) {
      double cpuSeconds = (idleEnd.cpu.get(p) - idleStart.cpu.get(p)) / 1e9;
      idleCpu.put(p, Math.round(cpuSeconds / holdSeconds * 1000) / 10.0);
    }
    result.extra().put("sessions", sessions).put("sessionsHoldingLongPoll", polling)
        .put("idleCpuPercentOfOneCore", idleCpu).put("idleSeconds", holdSeconds);
    closeAll();
    return result;
  }

  private List<Future<LoadGroup.Outcome>> loginGroups(String group, int count, int concurrency) {
    List<List<String>> perGroup = new ArrayList<>();
    groups.forEach(g -> perGroup.add(new ArrayList<>()));
    for (int i = 0; i < count; i++) {
      perGroup.get(i % groups.size()).add(BenchWorld.uid(group, i));
    }
    List<Future<LoadGroup.Outcome>> futures = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      futures.add(groups.get(g).login(perGroup.get(g), concurrency, LOGIN_TIMEOUT_MS));
    }
    return futures;
  }

  /** Both partners of a pair on the same group, in order. */
  private List<Future<LoadGroup.Outcome>> chatLogins() {
    List<List<String>> perGroup = new ArrayList<>();
    groups.forEach(g -> perGroup.add(new ArrayList<>()));
    for (int p = 0; p < settings.chatPairs(); p++) {
      List<String> list = perGroup.get(p % groups.size());
      list.add(BenchWorld.uid(BenchWorld.CHAT, 2 * p));
      list.add(BenchWorld.uid(BenchWorld.CHAT, 2 * p + 1));
    }
    List<Future<LoadGroup.Outcome>> futures = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      futures.add(groups.get(g).login(perGroup.get(g),
          Math.max(1, settings.loginConcurrency() / groups.size()), LOGIN_TIMEOUT_MS));
    }
    return futures;
  }

  private List<Future<LoadGroup.Outcome>> each(
      Function<LoadGroup, Future<LoadGroup.Outcome>> run) {
    List<Future<LoadGroup.Outcome>> futures = new ArrayList<>();
    groups.forEach(g -> futures.add(run.apply(g)));
    return futures;
  }

  private List<LoadGroup.Outcome> chatWarmup(double rate, long ms) {
    return round(g -> g.chat("chat warm-up", Math.max(1, rate / groups.size()), ms,
        settings.graceMs()));
  }

  /** One round of load on every group, awaited (for the warm-up's callbacks). */
  private List<LoadGroup.Outcome> round(Function<LoadGroup, Future<LoadGroup.Outcome>> run) {
    try {
      return awaitAll(each(run));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until no late reply of the previous phase arrived for a second (at most a minute),
   * so that a backlog is not measured against the next phase.
   */
  private void settle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      long last = 0;
      for (LoadGroup g : groups) {
        last = Math.max(last, g.lastStrayNanos());
      }
      if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(1)) {
        return;
      }
      Thread.sleep(200);
    }
  }

  /** p50, p99 and max of one of the chat runs' side latencies, merged over the groups. */
  private static io.vertx.core.json.JsonObject percentiles(List<LoadGroup.Outcome> outcomes,
      Function<LoadGroup.Outcome, LatencyRecorder> which) {
    LatencyRecorder merged = new LatencyRecorder();
    outcomes.stream().map(which).filter(java.util.Objects::nonNull).forEach(merged::add);
    return new io.vertx.core.json.JsonObject().put("count", merged.count())
        .put("p50", merged.percentileMicros(50)).put("p99", merged.percentileMicros(99))
        .put("max", merged.maxMicros());
  }

  private static long epochMicros(java.time.Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  private static MessageCounts sum(List<LoadGroup.Outcome> outcomes) {
    MessageCounts total = MessageCounts.NONE;
    for (LoadGroup.Outcome o : outcomes) {
      if (o.messages() != null) {
        total = total.plus(o.messages());
      }
    }
    return total;
  }

  private void closeAll() throws Exception {
    List<Future<Void>> closing = new ArrayList<>();
    groups.forEach(g -> closing.add(g.closeAll()));
    await(Future.join(closing));
  }

  private void finish(ScenarioResult result, List<LoadGroup.Outcome> outcomes, double seconds,
      String measures, Snapshot before, Snapshot after) {
    LatencyRecorder merged = new LatencyRecorder();
    long done = 0;
    long errors = 0;
    for (LoadGroup.Outcome o : outcomes) {
      merged.add(o.latency());
      done += o.done();
      errors += o.errors();
    }
    result.operations(done, errors, seconds).latency(merged, measures);
    for (String p : after.cpu.keySet()) {
      result.cpu(p, after.cpu.get(p) - before.cpu.get(p));
      Long jitFrom = before.jit.get(p);
      Long jitTo = after.jit.get(p);
      if (jitFrom != null && jitTo != null && jitFrom >= 0 && jitTo >= jitFrom) {
        result.jitMillis(p, jitTo - jitFrom);
      }
    }
    for (MeasuredProcess p : deployment.processes()) {
      Long from = before.allocated.get(p.name());
      Long to = after.allocated.get(p.name());
      if (from != null && to != null && from >= 0 && to >= from) {
        result.allocated(p.name(), to - from);
      }
      Long fromMark = before.safepointMarks.get(p.name());
      Long toMark = after.safepointMarks.get(p.name());
      GcPauses pauses = fromMark == null || toMark == null ? null
          : p.gcPauses(fromMark, toMark);
      if (pauses != null) {
        result.gcPauses(p.name(), pauses);
      }
    }
  }

  /** Heap after GC and RSS of each process, name to {heap, rss}. */
  private Map<String, long[]> memory() {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (MeasuredProcess p : deployment.processes()) {
      out.put(p.name(), new long[] {p.heapAfterGcBytes(), p.rssBytes()});
    }
    return out;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
  }

  private static List<LoadGroup.Outcome> awaitAll(List<Future<LoadGroup.Outcome>> futures)
      throws Exception {
    List<LoadGroup.Outcome> out = new ArrayList<>();
    for (Future<LoadGroup.Outcome> f : futures) {
      out.add(await(f));
    }
    return out;
  }

  /** CPU time, allocated bytes, JIT time and safepoint-log mark of every process at once. */
  private record Snapshot(long nanos, Map<String, Long> cpu, Map<String, Long> allocated,
      Map<String, Long> jit, Map<String, Long> safepointMarks) {
    static Snapshot cpu(Deployment d) {
      Map<String, Long> cpu = new LinkedHashMap<>();
      Map<String, Long> allocated = new LinkedHashMap<>();
      Map<String, Long> jit = new LinkedHashMap<>();
      Map<String, Long> marks = new LinkedHashMap<>();
      for (MeasuredProcess p : d.processes()) {
        cpu.put(p.name(), p.cpuNanos());
        allocated.put(p.name(), p.allocatedBytes());
        jit.put(p.name(), p.compilationMillis());
        marks.put(p.name(), p.safepointLogMark());
      }
      return new Snapshot(System.nanoTime(), cpu, allocated, jit, marks);
    }
  }
}
