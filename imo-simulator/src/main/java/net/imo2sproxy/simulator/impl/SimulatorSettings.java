package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.JsonObject;

/**
 * Settings that tests may change while the simulator runs. Volatile because the in-process API
 * writes them from test threads while the event loop reads them.
 */
public final class SimulatorSettings {

  volatile long holdMillis;
  /**
   * The "deliver once" fault: a message leaves the server with its first answer instead of
   * staying until an {@code ack} covers it (the real rule, and the default).
   */
  volatile boolean deliverOnce;
  /** false = never send the internal ack for send_im, to test client timeouts. */
  volatile boolean sendAcks = true;
  volatile long ackDelayMillis;
  /** false = answer unknown ssids with ack 0 and no messages instead of an expired event. */
  volatile boolean expireUnknownSsid = true;
  /**
   * Fault rules for /imo requests (docs/imo-protocol.md §15, imo-simulator/README.md
   * "Fault rules").
   */
  final Faults faults = new Faults();

  SimulatorSettings(long holdMillis) {
    this.holdMillis = holdMillis;
  }

  public void holdMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("hold time must be >= 0");
    }
    this.holdMillis = millis;
  }

  public long holdMillis() {
    return holdMillis;
  }

  public Faults faults() {
    return faults;
  }

  /**
   * Applies the known keys of {@code json}; throws IllegalArgumentException on a wrong type or
   * value before changing anything.
   */
  public void apply(JsonObject json) {
    Long hold = json.containsKey("holdSeconds") ? Math.round(number(json, "holdSeconds") * 1000) : null;
    Long delay = json.containsKey("ackDelayMs") ? Math.round(number(json, "ackDelayMs")) : null;
    Boolean once = bool(json, "deliverOnce");
    Boolean acks = bool(json, "sendAcks");
    Boolean expire = bool(json, "expireUnknownSsid");
    if (hold != null) {
      holdMillis = hold;
    }
    if (delay != null) {
      ackDelayMillis = delay;
    }
    if (once != null) {
      deliverOnce = once;
    }
    if (acks != null) {
      sendAcks = acks;
    }
    if (expire != null) {
      expireUnknownSsid = expire;
    }
  }

  public synchronized JsonObject toJson() {
    return new JsonObject()
        .put("holdSeconds", holdMillis / 1000.0)
        .put("deliverOnce", deliverOnce)
        .put("sendAcks", sendAcks)
        .put("ackDelayMs", ackDelayMillis)
        .put("expireUnknownSsid", expireUnknownSsid)
        .put("faults", faults.toJson());
  }

  /** A number in 0 .. 1 day (in whatever unit the key uses), else IllegalArgumentException. */
  static double number(JsonObject json, String key) {
    if (!(json.getValue(key) instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 86_400_000)) {
      throw new IllegalArgumentException("'" + key + "' must be a number >= 0");
    }
    return n.doubleValue();
  }

  private static Boolean bool(JsonObject json, String key) {
    if (!json.containsKey(key)) {
      return null;
    }
    if (json.getValue(key) instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("'" + key + "' must be true or false");
  }
}
