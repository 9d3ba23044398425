package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;

/**
 * The connections attached to one session as the registry tracks them: where their output
 * goes (to ask them to re-attach at a hand-over), their endpoints' last heartbeats, and the
 * grace timer that keeps a session without connections for a while.
 */
final class AttachedConnections {

  private final Vertx vertx;
  private final Map<String, ConnectionOutput> outputs = new LinkedHashMap<>();
  /** Last heartbeat per connection; connections of endpoints that never send one are absent. */
  private final Map<String, Long> heartbeats = new HashMap<>();
  private long graceTimer = -1;

  AttachedConnections(Vertx vertx) {
    this.vertx = vertx;
  }

  void add(String connectionId, ConnectionOutput output, boolean heartbeat) {
    outputs.put(connectionId, output);
    if (heartbeat) {
      // swept like any heartbeating connection even if its endpoint dies before the first one
      heartbeats.put(connectionId, System.currentTimeMillis());
    }
    cancelGrace();
  }

  void remove(String connectionId) {
    outputs.remove(connectionId);
    heartbeats.remove(connectionId);
  }

  void beat(String connectionId, long now) {
    heartbeats.put(connectionId, now);
  }

  /** Connections whose last heartbeat is older than {@code limit}. */
  List<String> silentSince(long limit) {
    List<String> lost = new ArrayList<>();
    heartbeats.forEach((connectionId, last) -> {
      if (last < limit) {
        lost.add(connectionId);
      }
    });
    return lost;
  }

  List<ConnectionOutput> outputs() {
    return new ArrayList<>(outputs.values());
  }

  /** Runs {@code expired} after {@code millis} unless a connection attaches; false if running. */
  boolean startGrace(long millis, Runnable expired) {
    if (graceTimer >= 0) {
      return false;
    }
    graceTimer = vertx.setTimer(millis, id -> {
      graceTimer = -1;
      expired.run();
    });
    return true;
  }

  void cancelGrace() {
    if (graceTimer >= 0) {
      vertx.cancelTimer(graceTimer);
      graceTimer = -1;
    }
  }
}
