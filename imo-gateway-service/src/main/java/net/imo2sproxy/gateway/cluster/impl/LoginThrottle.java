package net.imo2sproxy.gateway.cluster.impl;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Sliding-window throttle of logins, per key (an account or a source address): at most
 * {@code attempts} counted events within {@code windowMillis}. Counted are refused credentials
 * and logins that open an upstream session, so neither password guessing nor a reconnect storm
 * reaches imo.im. Joining a running session with valid credentials is not counted.
 *
 * <p>Per gateway instance (attach requests are spread over the gateways, so the cluster-wide
 * limit is at most gateways x attempts). Confined to one context.
 */
public final class LoginThrottle {

  private final int attempts;
  private final long windowMillis;
  private final LongSupplier clock;
  private final Map<String, ArrayDeque<Long>> events = new HashMap<>();

  public LoginThrottle(int attempts, long windowMillis, LongSupplier clock) {
    this.attempts = attempts;
    this.windowMillis = windowMillis;
    this.clock = clock;
  }

  /** True when {@code key} still has attempts left (does not count one). */
  public boolean allowed(String key) {
    ArrayDeque<Long> times = events.get(key);
    if (times == null) {
      return true;
    }
    expire(times, clock.getAsLong());
    return times.size() < attempts;
  }

  /** Counts one event for {@code key}. */
  public void record(String key) {
    long now = clock.getAsLong();
    ArrayDeque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
    expire(times, now);
    times.addLast(now);
  }

  /** Drops keys without recent events (called periodically so the map cannot grow forever). */
  public void sweep() {
    long now = clock.getAsLong();
    for (Iterator<ArrayDeque<Long>> it = events.values().iterator(); it.hasNext(); ) {
      ArrayDeque<Long> times = it.next();
      expire(times, now);
      if (times.isEmpty()) {
        it.remove();
      }
    }
  }

  private void expire(ArrayDeque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
      times.pollFirst();
    }
  }
}
