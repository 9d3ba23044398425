package net.imo2sproxy.gateway.upstream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter, used for failed long polls, retried commands and re-logins.
 * Attempt {@code n} (1-based) waits {@code min(max, initial * 2^(n-1))}, of which the fraction
 * {@code jitter} is randomised so that many sessions do not retry in lock-step.
 *
 * @param initialDelay wait before the first retry
 * @param maxDelay upper bound of any wait
 * @param jitter 0 .. 1: share of each wait that is random (0 = exact waits, for tests)
 * @param maxAttempts retries before giving up (0 = never retry)
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, double jitter,
    int maxAttempts) {

  /** Long polls: 1 s .. 60 s (docs/imo-protocol.md §8), 8 attempts. */
  public static final ReconnectPolicy POLL = new ReconnectPolicy(
      Duration.ofSeconds(1), Duration.ofSeconds(60), 0.3, 8);
  /**
   * Commands are resent with their own seq (the server drops duplicates): 250 ms .. 10 s, 8
   * attempts. A command still unprocessed after them ends the upstream session (every later
   * command would be refused behind it), so they last about as long as a poll's back-off.
   */
  public static final ReconnectPolicy COMMAND = new ReconnectPolicy(
      Duration.ofMillis(250), Duration.ofSeconds(10), 0.3, 8);
  /** Re-login after a lost session: 2 s .. 5 min, 10 attempts. */
  public static final ReconnectPolicy RELOGIN = new ReconnectPolicy(
      Duration.ofSeconds(2), Duration.ofMinutes(5), 0.5, 10);

  public ReconnectPolicy {
    if (initialDelay == null || initialDelay.isNegative() || maxDelay == null
        || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("delays must satisfy 0 <= initial <= max");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be within 0 .. 1");
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts must be >= 0");
    }
  }

  /** Whether retry number {@code attempt} (1-based) is still allowed. */
  public boolean allows(int attempt) {
    return attempt >= 1 && attempt <= maxAttempts;
  }

  /** The wait before retry number {@code attempt} (1-based), in milliseconds, at least 1. */
  public long delayMillis(int attempt) {
    long initial = Math.max(1, initialDelay.toMillis());
    long base = initial << Math.min(Math.max(attempt - 1, 0), 30);
    base = Math.min(base < 0 ? Long.MAX_VALUE : base, Math.max(initial, maxDelay.toMillis()));
    long random = Math.round(base * jitter * ThreadLocalRandom.current().nextDouble());
    return Math.max(1, base - Math.round(base * jitter) + random);
  }
}
