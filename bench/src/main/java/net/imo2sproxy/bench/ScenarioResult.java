package net.imo2sproxy.bench;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scenario measured: throughput, latency percentiles, CPU time per operation of each
 * process, memory per session or connection of each process (idle scale), errors.
 */
public final class ScenarioResult {

  /** Memory growth of one process divided by the items (sessions, connections) added. */
  public record Memory(long heapBefore, long heapAfter, long rssBefore, long rssAfter, int items) {

    public double heapPerItem() {
      return items == 0 ? 0 : (double) (heapAfter - heapBefore) / items;
    }

    public double rssPerItem() {
      return items == 0 ? 0 : (double) (rssAfter - rssBefore) / items;
    }

    JsonObject toJson() {
      return new JsonObject().put("heapAfterGcBefore", heapBefore)
          .put("heapAfterGcAfter", heapAfter).put("rssBefore", rssBefore)
          .put("rssAfter", rssAfter).put("items", items)
          .put("heapBytesPerItem", Math.round(heapPerItem()))
          .put("rssBytesPerItem", Math.round(rssPerItem()));
    }
  }

  private final String name;
  private final String deployment;
  private long operations;
  private long errors;
  private double seconds;
  private double offeredRate;
  private LatencyRecorder latency = new LatencyRecorder();
  private String latencyMeasures = "";
  private final Map<String, Double> cpuMicrosPerOp = new LinkedHashMap<>();
  private final Map<String, Double> allocatedBytesPerOp = new LinkedHashMap<>();
  private final Map<String, GcPauses> gcPauses = new LinkedHashMap<>();
  private final Map<String, Long> jitMillis = new LinkedHashMap<>();
  private final Map<String, Memory> memory = new LinkedHashMap<>();
  private final JsonObject extra = new JsonObject();
  private MessageCounts messages;
  private MessageCounts warmupMessages;

  public ScenarioResult(String name, String deployment) {
    this.name = name;
    this.deployment = deployment;
  }

  public String name() {
    return name;
  }

  /** The deployment it ran on (single, cluster, local, echo, relay). */
  public String deployment() {
    return deployment;
  }

  public long operations() {
    return operations;
  }

  public long errors() {
    return errors;
  }

  public double seconds() {
    return seconds;
  }

  public double throughput() {
    return seconds <= 0 ? 0 : operations / seconds;
  }

  public LatencyRecorder latency() {
    return latency;
  }

  public Map<String, Double> cpuMicrosPerOp() {
    return cpuMicrosPerOp;
  }

  public Map<String, Memory> memory() {
    return memory;
  }

  /** Heap bytes each process allocated per operation (command, message, log-in). */
  public Map<String, Double> allocatedBytesPerOp() {
    return allocatedBytesPerOp;
  }

  /** The collector's pauses of each process (with a safepoint log) during the phase. */
  public Map<String, GcPauses> gcPauses() {
    return gcPauses;
  }

  public JsonObject extra() {
    return extra;
  }

  /** Exact message accounting of a chat run (null for the other scenarios). */
  public MessageCounts messages() {
    return messages;
  }

  public ScenarioResult messages(MessageCounts counts) {
    this.messages = counts;
    return this;
  }

  /** The same for the chat warm-up (not in the latency, but a loss is a loss). */
  public MessageCounts warmupMessages() {
    return warmupMessages;
  }

  public ScenarioResult warmupMessages(MessageCounts counts) {
    this.warmupMessages = counts;
    return this;
  }

  /** A message of this scenario (measured or warm-up) was lost or duplicated. */
  public boolean messagesLostOrDuplicated() {
    return (messages != null && messages.broken())
        || (warmupMessages != null && warmupMessages.broken());
  }

  public ScenarioResult operations(long operations, long errors, double seconds) {
    this.operations = operations;
    this.errors = errors;
    this.seconds = seconds;
    return this;
  }

  /** 0 = closed loop (saturation, log-in storm). */
  public ScenarioResult offeredRate(double rate) {
    this.offeredRate = rate;
    return this;
  }

  public ScenarioResult latency(LatencyRecorder latency, String measures) {
    this.latency = latency;
    this.latencyMeasures = measures;
    return this;
  }

  public ScenarioResult cpu(String process, long cpuNanos) {
    cpuMicrosPerOp.put(process, operations == 0 ? 0 : cpuNanos / 1_000.0 / operations);
    return this;
  }

  /** Call after {@link #operations}. */
  public ScenarioResult allocated(String process, long bytes) {
    allocatedBytesPerOp.put(process, operations == 0 ? 0 : (double) bytes / operations);
    return this;
  }

  /** Milliseconds each process's JIT compiled during the phase (the warm-up's remainder). */
  public Map<String, Long> jitMillis() {
    return jitMillis;
  }

  public ScenarioResult jitMillis(String process, long millis) {
    jitMillis.put(process, millis);
    return this;
  }

  public ScenarioResult gcPauses(String process, GcPauses pauses) {
    gcPauses.put(process, pauses);
    return this;
  }

  public ScenarioResult memory(String process, Memory m) {
    memory.put(process, m);
    return this;
  }

  public JsonObject toJson() {
    JsonObject cpu = new JsonObject();
    cpuMicrosPerOp.forEach((k, v) -> cpu.put(k, Math.round(v * 10) / 10.0));
    JsonObject allocated = new JsonObject();
    allocatedBytesPerOp.forEach((k, v) -> allocated.put(k, Math.round(v)));
    JsonObject pauses = new JsonObject();
    gcPauses.forEach((k, v) -> pauses.put(k, v.toJson()));
    JsonObject mem = new JsonObject();
    memory.forEach((k, v) -> mem.put(k, v.toJson()));
    JsonObject json = new JsonObject()
        .put("scenario", name)
        .put("deployment", deployment)
        .put("operations", operations)
        .put("errors", errors)
        .put("seconds", Math.round(seconds * 1000) / 1000.0)
        .put("offeredRate", offeredRate)
        .put("throughput", Math.round(throughput() * 10) / 10.0)
        .put("latencyMicros", new JsonObject()
            .put("measures", latencyMeasures)
            .put("count", latency.count())
            .put("mean", Math.round(latency.meanMicros()))
            .put("p50", latency.percentileMicros(50))
            .put("p99", latency.percentileMicros(99))
            .put("p99.9", latency.percentileMicros(99.9))
            .put("max", latency.maxMicros()))
        .put("cpuMicrosPerOp", cpu)
        .put("allocatedBytesPerOp", allocated)
        .put("gcPauses", pauses)
        .put("jitMillis", new JsonObject(new LinkedHashMap<>(jitMillis)))
        .put("memory", mem)
        .put("extra", extra.copy());
    if (messages != null) {
      json.put("messages", messages.toJson());
    }
    if (warmupMessages != null) {
      json.put("warmupMessages", warmupMessages.toJson());
    }
    return json;
  }
}
