package net.imo2sproxy.bench.impl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The end of a warm-up: more rounds of load while any JVM's JIT compilers are still busy,
 * bounded by {@code --warmup-max}. A fixed 3-10 s warm-up left the clustered deployment's C2
 * compiling through the measured phase at 0.2-0.5 of a core per JVM (bench README,
 * thirteenth round). Blocking: from the main thread only.
 */
final class JitWarmup {

  /** One extra warm-up round. */
  static final long ROUND_MS = 5_000;
  /** JIT time in one round (per JVM) under which the JVMs count as warm: 1 % of a core. */
  static final long QUIET_MS = 50;

  private final Deployment deployment;
  private final long warmupMs;
  private final long warmupMaxMs;

  /** {@code warmupMs} 0: no warm-up asked for, so none is added either. */
  JitWarmup(Deployment deployment, long warmupMs, long warmupMaxMs) {
    this.deployment = deployment;
    this.warmupMs = warmupMs;
    this.warmupMaxMs = warmupMaxMs;
  }

  /** Each JVM's JIT time so far, the load generator's included (it measures). */
  Map<String, Long> jitMillis() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (MeasuredProcess p : deployment.processes()) {
      out.put(p.name(), p.compilationMillis());
    }
    return out;
  }

  /**
   * Runs rounds of {@value #ROUND_MS} ms while any JVM's JIT compiled more than
   * {@value #QUIET_MS} ms in the last one (the first check covers the last {@code lastMs}
   * since {@code jitBefore}), until the warm-up has lasted {@code warmupMaxMs}; returns how
   * long it lasted in all, {@code spentMs} included. Each round's outcomes go to
   * {@code outcomes} when not null.
   */
  long extend(Map<String, Long> jitBefore, long lastMs, long spentMs,
      LongFunction<List<LoadGroup.Outcome>> round, List<LoadGroup.Outcome> outcomes) {
    if (warmupMs == 0) {
      return 0;
    }
    Map<String, Long> before = jitBefore;
    long roundMs = lastMs;
    long spent = spentMs;
    while (true) {
      Map<String, Long> after = jitMillis();
      StringBuilder compiled = new StringBuilder();
      boolean busy = false;
      for (Map.Entry<String, Long> e : after.entrySet()) {
        Long from = before.get(e.getKey());
        if (from == null || from < 0 || e.getValue() < 0) {
          continue;
        }
        long ms = e.getValue() - from;
        compiled.append(' ').append(e.getKey()).append('=').append(ms);
        busy |= ms > QUIET_MS;
      }
      String last = String.format(Locale.ROOT, "JIT ms in the last %.1f s:%s", roundMs / 1e3,
          compiled);
      if (!busy) {
        System.err.printf(Locale.ROOT, "bench: warm-up done after %.0f s (%s)%n", spent / 1e3,
            last);
        return spent;
      }
      if (spent + ROUND_MS > warmupMaxMs) {
        System.err.printf(Locale.ROOT, "bench: warm-up stopped at --warmup-max %.0f s with the"
            + " JIT still compiling (%s)%n", warmupMaxMs / 1e3, last);
        return spent;
      }
      System.err.println("bench: warm-up goes on, the JIT is compiling (" + last + ")");
      before = after;
      roundMs = ROUND_MS;
      List<LoadGroup.Outcome> done = round.apply(ROUND_MS);
      if (outcomes != null) {
        outcomes.addAll(done);
      }
      spent += ROUND_MS;
    }
  }
}
