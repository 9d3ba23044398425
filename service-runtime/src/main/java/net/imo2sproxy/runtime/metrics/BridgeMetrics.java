package net.imo2sproxy.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.micrometer.impl.MicrometerMetrics;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The bridge's own metrics (names start with {@code imo2sproxy_}), one instance per Vert.x:
 * in the Micrometer registry of Vert.x Micrometer metrics when enabled (so {@code /metrics}
 * shows them next to Vert.x's own), in a private registry otherwise (the status record still
 * counts). Meters are created once and cached: the per-event calls are an atomic increment,
 * at most after one {@link ConcurrentHashMap#get} for tagged meters. Tag values come from
 * bounded sets (reasons and verbs named by the code, ids of this node's roles); never an
 * account name or a password.
 */
public final class BridgeMetrics implements Shareable {

  /** Prefix of every meter name ({@code imo2sproxy_...} in Prometheus). */
  public static final String PREFIX = "imo2sproxy.";
  /** Tag value for anything outside a bounded set. */
  public static final String OTHER = "other";

  private static final String LOCAL_MAP = "imo2sproxy.runtime";
  private static final String KEY = "metrics";

  /** Why a connection was closed: the reasons the endpoint gives; anything else is "other". */
  private static final Set<String> CLOSE_REASONS = Set.of("client closed", "socket error",
      "bus registration failed", "handshake timeout", "protocol error", "internal error",
      "authentication failed", "refused", "session unavailable", "closed by the gateway",
      "no slot number", "write failed", "endpoint stopping", "login idle timeout",
      "client not reading", "no gateway");

  private final MeterRegistry registry;
  private final String nodeId;
  private final long startedAt = System.currentTimeMillis();
  private final Set<String> roles = ConcurrentHashMap.newKeySet();
  private final Map<String, IntSupplier> endpoints = new ConcurrentHashMap<>();
  private final Map<String, IntSupplier> gateways = new ConcurrentHashMap<>();
  private final Map<String, Meter> roleMeters = new ConcurrentHashMap<>();

  private final Counter accepted;
  private final Counter logins;
  private final Counter messagesIn;
  private final Counter messagesOut;
  private final AtomicLong commandTotal = new AtomicLong();
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Map<String, Counter> limitHits = new ConcurrentHashMap<>();
  private final Map<String, Counter> closed = new ConcurrentHashMap<>();
  private final Map<String, Counter> loginFailures = new ConcurrentHashMap<>();
  private final Map<String, Counter> commands = new ConcurrentHashMap<>();
  private final Map<String, Timer> upstreamOk = new ConcurrentHashMap<>();
  private final Map<String, Timer> upstreamFailed = new ConcurrentHashMap<>();

  private BridgeMetrics(MeterRegistry registry, String nodeId) {
    this.registry = registry;
    this.nodeId = nodeId;
    accepted = Counter.builder(PREFIX + "connections.accepted")
        .description("SkypeProxy connections accepted").register(registry);
    logins = Counter.builder(PREFIX + "logins")
        .description("imo.im sign-ons (first logins and re-logins)").register(registry);
    messagesIn = Counter.builder(PREFIX + "messages.in")
        .description("chat messages received from imo.im").register(registry);
    messagesOut = Counter.builder(PREFIX + "messages.out")
        .description("chat messages sent by clients to imo.im").register(registry);
    RecentProblems.install();
    FunctionCounter.builder(PREFIX + "log.events", this, m -> RecentProblems.warnings())
        .tag("level", "warn").description("warnings logged by this process").register(registry);
    FunctionCounter.builder(PREFIX + "log.events", this, m -> RecentProblems.errors())
        .tag("level", "error").description("errors logged by this process").register(registry);
  }

  /**
   * The metrics of {@code vertx}, created on first use: in the registry of Vert.x Micrometer
   * metrics if enabled, else in a private one.
   */
  public static BridgeMetrics of(Vertx vertx) {
    LocalMap<String, BridgeMetrics> map = vertx.sharedData().getLocalMap(LOCAL_MAP);
    BridgeMetrics existing = map.get(KEY);
    if (existing != null) {
      return existing;
    }
    String node = vertx instanceof VertxInternal internal && internal.clusterManager() != null
        ? internal.clusterManager().getNodeId() : UUID.randomUUID().toString();
    BridgeMetrics created = new BridgeMetrics(registryOf(vertx), node);
    BridgeMetrics raced = map.putIfAbsent(KEY, created);
    return raced != null ? raced : created;
  }

  private static MeterRegistry registryOf(Vertx vertx) {
    if (vertx instanceof VertxInternal internal
        && internal.metrics() instanceof MicrometerMetrics micrometer) {
      return micrometer.registry();
    }
    return new SimpleMeterRegistry();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** This node's id: the cluster member id when clustered. */
  public String nodeId() {
    return nodeId;
  }

  public long startedAt() {
    return startedAt;
  }

  // ---------------------------------------------------------------- roles

  /** Names a role of this node without meters of its own (e.g. "launcher"). */
  public void role(String role) {
    roles.add(role);
  }

  public Set<String> roles() {
    return Set.copyOf(roles);
  }

  /** An endpoint of this node and its open connections (gauge {@code imo2sproxy_connections_open}). */
  public void endpointStarted(String endpointId, IntSupplier openConnections) {
    roles.add("endpoint");
    endpoints.put(endpointId, openConnections);
    roleMeters.put("endpoint:" + endpointId, Gauge.builder(PREFIX + "connections.open",
            openConnections, s -> s.getAsInt())
        .tag("endpoint", endpointId).description("open SkypeProxy connections")
        .register(registry));
  }

  public void endpointStopped(String endpointId) {
    endpoints.remove(endpointId);
    remove("endpoint:" + endpointId);
  }

  /** A gateway of this node and its account sessions (gauge {@code imo2sproxy_sessions}). */
  public void gatewayStarted(String gatewayId, IntSupplier sessions) {
    roles.add("gateway");
    gateways.put(gatewayId, sessions);
    roleMeters.put("gateway:" + gatewayId, Gauge.builder(PREFIX + "sessions",
            sessions, s -> s.getAsInt())
        .tag("gateway", gatewayId).description("account sessions held by the gateway")
        .register(registry));
  }

  public void gatewayStopped(String gatewayId) {
    gateways.remove(gatewayId);
    remove("gateway:" + gatewayId);
  }

  private void remove(String key) {
    Meter meter = roleMeters.remove(key);
    if (meter != null) {
      registry.remove(meter);
    }
  }

  // ---------------------------------------------------------------- events

  public void connectionAccepted() {
    accepted.increment();
  }

  /** A connection refused by a limit; {@code limit} names it (a setting key). */
  public void connectionRefused(String limit) {
    tagged(refused, "connections.refused", "reason", limit,
        "SkypeProxy connections refused by a connection limit").increment();
  }

  /**
   * One hit of an endpoint defence (a connection limit, a timeout, the output bound...);
   * {@code limit} is the setting that configures it, from a fixed set.
   */
  public void limitHit(String limit) {
    tagged(limitHits, "endpoint.limit.hits", "limit", limit,
        "hits of the endpoint's connection limits and timeouts, by setting").increment();
  }

  /** A connection closed; reasons outside the endpoint's known set count as "other". */
  public void connectionClosed(String reason) {
    String bounded = reason != null && CLOSE_REASONS.contains(reason) ? reason : OTHER;
    tagged(closed, "connections.closed", "reason", bounded,
        "SkypeProxy connections closed, by reason").increment();
  }

  public void loginSucceeded() {
    logins.increment();
  }

  /**
   * A refused or failed login; {@code reason} is one of a few fixed words chosen by the caller
   * (credentials, throttled, timeout, upstream, rejected).
   */
  public void loginFailed(String reason) {
    tagged(loginFailures, "login.failures", "reason", reason,
        "refused attaches and failed imo.im logins, by reason").increment();
  }

  /**
   * One Skype API command; {@code verb} must come from the gateway's command table (its keys)
   * or be {@link #OTHER}.
   */
  public void command(String verb) {
    commandTotal.incrementAndGet();
    tagged(commands, "commands", "verb", verb, "Skype API commands, by verb").increment();
  }

  public void messageIn() {
    messagesIn.increment();
  }

  public void messageOut() {
    messagesOut.increment();
  }

  /**
   * Times one upstream (imo.im) request of {@code method} (a name from the imo.im client's
   * code): {@code imo2sproxy_upstream_requests_seconds{method,outcome}}.
   */
  public <T> Future<T> upstream(String method, Future<T> request) {
    long start = System.nanoTime();
    return request.andThen(ar -> (ar.succeeded() ? upstreamOk : upstreamFailed)
        .computeIfAbsent(method, m -> Timer.builder(PREFIX + "upstream.requests")
            .tag("method", m).tag("outcome", ar.succeeded() ? "ok" : "error")
            .description("requests to imo.im, by method and outcome")
            .register(registry))
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
  }

  private Counter tagged(Map<String, Counter> cache, String name, String tag, String value,
      String description) {
    String key = value == null ? OTHER : value;
    Counter counter = cache.get(key);
    if (counter == null) {
      counter = cache.computeIfAbsent(key, v -> Counter.builder(PREFIX + name)
          .tag(tag, v).description(description).register(registry));
    }
    return counter;
  }

  // ---------------------------------------------------------------- status record

  /** Totals and role figures of this node for the status record. */
  public JsonObject snapshot() {
    JsonArray endpointList = new JsonArray();
    endpoints.forEach((id, open) -> endpointList.add(new JsonObject()
        .put("id", id).put("connections", open.getAsInt())));
    JsonArray gatewayList = new JsonArray();
    gateways.forEach((id, sessions) -> gatewayList.add(new JsonObject()
        .put("id", id).put("sessions", sessions.getAsInt())));
    return new JsonObject()
        .put("endpoints", endpointList)
        .put("gateways", gatewayList)
        .put("connectionsAccepted", (long) accepted.count())
        .put("logins", (long) logins.count())
        .put("loginFailures", (long) sum(loginFailures))
        .put("commands", commandTotal.get())
        .put("messagesIn", (long) messagesIn.count())
        .put("messagesOut", (long) messagesOut.count())
        .put("warnings", RecentProblems.warnings())
        .put("errors", RecentProblems.errors());
  }

  private static double sum(Map<String, Counter> counters) {
    double total = 0;
    for (Counter counter : counters.values()) {
      total += counter.count();
    }
    return total;
  }
}
