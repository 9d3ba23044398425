package net.imo2sproxy.runtime.management.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import net.imo2sproxy.runtime.metrics.RecentProblems;

/**
 * This node's status record, published every {@value #PUBLISH_MILLIS} ms into the shared map
 * {@value #MAP} (a Hazelcast map when clustered) with a time-to-live of {@value #TTL_MILLIS}
 * ms, so that a stopped or dead node drops off; and the cluster-wide view built from all the
 * records. Confined to the management verticle's context.
 */
public final class NodeStatus {

  /** Shared-data map: node id to the node's record (JSON text). */
  public static final String MAP = "imo2sproxy.node-status";
  public static final long PUBLISH_MILLIS = 2000;
  public static final long TTL_MILLIS = 10_000;
  /**
   * Window of the recent counts: messages and commands counted over the last 60 s, not a rate
   * extrapolated from a few seconds (two messages must read 2, not 98 per minute).
   */
  public static final long RECENT_WINDOW_MILLIS = 60_000;
  private static final int ERRORS_PER_NODE = 10;
  private static final int ERRORS_SHOWN = 30;

  private record Sample(long time, long in, long out, long commands) {
  }

  private final LongSupplier clock;
  private final Vertx vertx;
  private final BridgeMetrics metrics;
  private final String region;
  private final String host;
  private final String version;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private AsyncMap<String, String> map;

  public NodeStatus(Vertx vertx, String region, String host, String version) {
    this(vertx, region, host, version, System::currentTimeMillis);
  }

  /** With a clock of the caller's (tests move it past the window). */
  NodeStatus(Vertx vertx, String region, String host, String version, LongSupplier clock) {
    this.clock = clock;
    this.vertx = vertx;
    this.metrics = BridgeMetrics.of(vertx);
    this.region = region;
    this.host = host;
    this.version = version;
  }

  public String nodeId() {
    return metrics.nodeId();
  }

  private Future<AsyncMap<String, String>> map() {
    if (map != null) {
      return Future.succeededFuture(map);
    }
    return vertx.sharedData().<String, String>getAsyncMap(MAP).onSuccess(m -> map = m);
  }

  /** Writes this node's record (with its TTL). */
  public Future<Void> publish() {
    JsonObject record = record();
    return map().compose(m -> m.put(metrics.nodeId(), record.encode(), TTL_MILLIS));
  }

  /** Removes this node's record (a clean stop). */
  public Future<Void> withdraw() {
    return map().compose(m -> m.remove(metrics.nodeId())).mapEmpty();
  }

  /** This node's record: roles, region, figures, recent counts and its latest problems. */
  public JsonObject record() {
    long now = clock.getAsLong();
    JsonObject figures = metrics.snapshot();
    Sample sample = new Sample(now, figures.getLong("messagesIn"),
        figures.getLong("messagesOut"), figures.getLong("commands"));
    Sample base = windowStart(sample);
    Set<String> roles = new TreeSet<>(metrics.roles());
    return figures
        .put("node", metrics.nodeId())
        .put("roles", new JsonArray(List.copyOf(roles)))
        .put("region", region)
        .put("host", host)
        .put("version", version)
        .put("started", metrics.startedAt())
        .put("updated", now)
        .put("recent", new JsonObject()
            .put("windowSeconds", RECENT_WINDOW_MILLIS / 1000)
            .put("messagesIn", sample.in() - base.in())
            .put("messagesOut", sample.out() - base.out())
            .put("commands", sample.commands() - base.commands()))
        .put("recentErrors", RecentProblems.latest(ERRORS_PER_NODE));
  }

  /**
   * The counters as they were when the window began: all zero while the node is younger than
   * the window (everything it counted is recent), else the newest sample at least a window old.
   * Samples are taken at each publish, so the window is exact to within {@value
   * #PUBLISH_MILLIS} ms.
   */
  private Sample windowStart(Sample now) {
    samples.addLast(now);
    long since = now.time() - RECENT_WINDOW_MILLIS;
    while (samples.size() > 1) {
      Iterator<Sample> it = samples.iterator();
      it.next();
      if (it.next().time() > since) {
        break;
      }
      samples.removeFirst();
    }
    Sample oldest = samples.peekFirst();
    if (oldest.time() <= since) {
      return oldest;
    }
    return metrics.startedAt() >= since ? new Sample(metrics.startedAt(), 0, 0, 0) : oldest;
  }

  /**
   * The cluster's view: every node's record, the totals, and the latest problems of all nodes
   * (newest first, each once: nodes in one JVM share a log).
   */
  public Future<JsonObject> clusterView() {
    JsonObject self = record();
    return map().compose(AsyncMap::entries).map(entries -> {
      List<JsonObject> nodes = new ArrayList<>();
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        if (!entry.getKey().equals(metrics.nodeId())) {
          try {
            nodes.add(new JsonObject(entry.getValue()));
          } catch (RuntimeException e) {
            // a record from an incompatible version: left out
          }
        }
      }
      nodes.add(self);
      nodes.sort(Comparator.comparing((JsonObject n) -> String.valueOf(n.getValue("roles")))
          .thenComparing(n -> n.getString("node", "")));
      int sessions = 0;
      int connections = 0;
      long in = 0;
      long out = 0;
      List<JsonObject> problems = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      for (JsonObject node : nodes) {
        for (Object g : node.getJsonArray("gateways", new JsonArray())) {
          sessions += ((JsonObject) g).getInteger("sessions", 0);
        }
        for (Object e : node.getJsonArray("endpoints", new JsonArray())) {
          connections += ((JsonObject) e).getInteger("connections", 0);
        }
        JsonObject recent = node.getJsonObject("recent", new JsonObject());
        in += recent.getLong("messagesIn", 0L);
        out += recent.getLong("messagesOut", 0L);
        for (Object p : node.getJsonArray("recentErrors", new JsonArray())) {
          JsonObject problem = ((JsonObject) p).copy().put("node", node.getString("node"));
          if (seen.add(problem.getLong("time") + problem.getString("message", ""))) {
            problems.add(problem);
          }
        }
      }
      problems.sort(Comparator.comparing((JsonObject p) -> p.getLong("time", 0L)).reversed());
      JsonArray errors = new JsonArray();
      problems.stream().limit(ERRORS_SHOWN).forEach(errors::add);
      return new JsonObject()
          .put("self", metrics.nodeId())
          .put("generated", clock.getAsLong())
          .put("totals", new JsonObject()
              .put("nodes", nodes.size())
              .put("sessions", sessions)
              .put("connections", connections)
              .put("recent", new JsonObject()
                  .put("windowSeconds", RECENT_WINDOW_MILLIS / 1000)
                  .put("messagesIn", in)
                  .put("messagesOut", out)))
          .put("nodes", new JsonArray(new ArrayList<>(nodes)))
          .put("recentErrors", errors);
    });
  }
}
