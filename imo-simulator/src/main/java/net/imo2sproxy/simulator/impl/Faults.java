package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Fault rules for {@code POST /imo} (docs/imo-protocol.md §15, imo-simulator/README.md
 * "Fault rules"), global or per account, limited by a count or drawn with a seeded probability,
 * so that tests can rely on them. Rules are checked in the order they were added; the first that
 * applies to a request is used. Thread-safe: the admin API and the in-process API add rules while
 * the event loop takes them.
 */
public final class Faults {

  /** What happens to a request. */
  public enum Mode {
    /** HTTP 500 with an HTML page; the request is not processed. */
    HTTP500,
    /** 200 with a body that is not JSON; not processed. */
    GARBAGE,
    /** 200 with an empty body; not processed. */
    EMPTY,
    /** Processed, but only the first half of the JSON answer is sent (its messages are redelivered). */
    TRUNCATED,
    /** The connection is closed before processing. */
    RESET,
    /** A long poll is held and its connection closed after {@code delayMs}; commands as DROP_RESPONSE. */
    DROP_POLL,
    /** Processed, then the connection is closed instead of answering (the answer is lost). */
    DROP_RESPONSE,
    /** An empty answer with {@code ack} 0; not processed (the server lost the session). */
    ACK0,
    /** Processed normally after {@code delayMs}. */
    LATENCY,
    /** Processed, but the request's {@code ack} is ignored, as if lost (delivered messages come again until a later ack covers them). */
    LOST_ACK
  }

  /** One rule; {@code account} null = every request, {@code on} = any, poll or command. */
  static final class Rule {
    final Mode mode;
    final String account;
    final String on;
    final double probability;
    final Long seed;
    final Random random;
    final long delayMs;
    int remaining;

    Rule(Mode mode, String account, String on, int count, double probability, Long seed,
        long delayMs) {
      this.mode = mode;
      this.account = account;
      this.on = on;
      this.remaining = count;
      this.probability = probability;
      this.seed = seed;
      this.random = seed == null ? new Random() : new Random(seed);
      this.delayMs = delayMs;
    }

    boolean matches(String accountKey, boolean poll) {
      if (account != null && !account.equals(accountKey)) {
        return false;
      }
      return switch (on) {
        case "poll" -> poll;
        case "command" -> !poll;
        default -> true;
      };
    }

    JsonObject toJson() {
      return new JsonObject().put("mode", mode.name().toLowerCase(Locale.ROOT))
          .put("account", account).put("on", on).put("remaining", remaining)
          .put("probability", probability).put("seed", seed).put("delayMs", delayMs);
    }
  }

  private final List<Rule> rules = new ArrayList<>();

  /**
   * Adds a rule from its JSON form: {@code mode} (required), {@code count} (default 1, or
   * unlimited when a probability is given; -1 = unlimited), {@code account}, {@code on}
   * ({@code any}, {@code poll}, {@code command}), {@code probability} (0 .. 1, default 1),
   * {@code seed}, {@code delayMs} (latency, or when a dropped poll is cut; default 100).
   *
   * @throws IllegalArgumentException on bad input (nothing is added then)
   */
  public synchronized JsonArray add(JsonObject json, java.util.function.Function<String, String> accountKey) {
    if (!(json.getValue("mode") instanceof String modeText)) {
      throw new IllegalArgumentException("'mode' is required");
    }
    Mode mode;
    try {
      mode = Mode.valueOf(modeText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'mode' must be one of " + modes());
    }
    String account = null;
    if (json.getValue("account") != null) {
      if (!(json.getValue("account") instanceof String a) || a.isEmpty()) {
        throw new IllegalArgumentException("'account' must be a non-empty string");
      }
      account = accountKey.apply(a);
    }
    String on = json.getValue("on") == null ? "any" : String.valueOf(json.getValue("on"));
    if (!List.of("any", "poll", "command").contains(on)) {
      throw new IllegalArgumentException("'on' must be any, poll or command");
    }
    double probability = 1;
    if (json.containsKey("probability")) {
      if (!(json.getValue("probability") instanceof Number p) || !(p.doubleValue() > 0
          && p.doubleValue() <= 1)) {
        throw new IllegalArgumentException("'probability' must be a number in (0, 1]");
      }
      probability = p.doubleValue();
    }
    int count = probability < 1 ? -1 : 1;
    if (json.containsKey("count")) {
      if (!(json.getValue("count") instanceof Number c) || c.intValue() < -1) {
        throw new IllegalArgumentException("'count' must be a number >= -1");
      }
      count = c.intValue();
    }
    Long seed = null;
    if (json.containsKey("seed")) {
      if (!(json.getValue("seed") instanceof Number s)) {
        throw new IllegalArgumentException("'seed' must be a number");
      }
      seed = s.longValue();
    }
    long delay = json.containsKey("delayMs")
        ? Math.round(SimulatorSettings.number(json, "delayMs")) : 100;
    if (count != 0) {
      rules.add(new Rule(mode, account, on, count, probability, seed, delay));
    }
    return toJson();
  }

  /** Removes every rule. */
  public synchronized void clear() {
    rules.clear();
  }

  /** The rule to apply to a request, consuming one use of it, or null. */
  synchronized Rule take(String accountKey, boolean poll) {
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule r = it.next();
      if (!r.matches(accountKey, poll)) {
        continue;
      }
      if (r.probability < 1 && r.random.nextDouble() >= r.probability) {
        continue;
      }
      if (r.remaining > 0 && --r.remaining == 0) {
        it.remove();
      }
      return r;
    }
    return null;
  }

  public synchronized JsonArray toJson() {
    JsonArray out = new JsonArray();
    rules.forEach(r -> out.add(r.toJson()));
    return out;
  }

  static String modes() {
    StringBuilder sb = new StringBuilder();
    for (Mode m : Mode.values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(m.name().toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }
}
