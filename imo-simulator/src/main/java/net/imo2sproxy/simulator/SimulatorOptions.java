package net.imo2sproxy.simulator;

import java.time.Duration;
import java.util.Objects;

/** Settings of one {@link ImoSimulator}. Mutable builder style; copied when the simulator starts. */
public final class SimulatorOptions {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  /** Below the 40-45 s request timeout of real clients (docs/imo-protocol.md §2.4). */
  public static final Duration DEFAULT_HOLD = Duration.ofSeconds(25);
  /** A session nobody polled for this long is expired, like a real server would. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(3);

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private Duration holdTime = DEFAULT_HOLD;
  private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
  private String worldFile;
  private SimulatorWorld world;

  public SimulatorOptions() {
  }

  public SimulatorOptions(SimulatorOptions other) {
    this.host = other.host;
    this.port = other.port;
    this.holdTime = other.holdTime;
    this.sessionTimeout = other.sessionTimeout;
    this.worldFile = other.worldFile;
    this.world = other.world;
  }

  public String getHost() {
    return host;
  }

  public SimulatorOptions setHost(String host) {
    this.host = Objects.requireNonNull(host, "host");
    return this;
  }

  public int getPort() {
    return port;
  }

  /** 0 picks a free port; read it back with {@link ImoSimulator#port()}. */
  public SimulatorOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.port = port;
    return this;
  }

  public Duration getHoldTime() {
    return holdTime;
  }

  /** How long an empty long poll is held before it is answered with no messages. */
  public SimulatorOptions setHoldTime(Duration holdTime) {
    if (holdTime == null || holdTime.isNegative()) {
      throw new IllegalArgumentException("hold time must be >= 0");
    }
    this.holdTime = holdTime;
    return this;
  }

  public Duration getSessionTimeout() {
    return sessionTimeout;
  }

  /** Idle time after which a session expires; {@link Duration#ZERO} disables expiry. */
  public SimulatorOptions setSessionTimeout(Duration sessionTimeout) {
    if (sessionTimeout == null || sessionTimeout.isNegative()) {
      throw new IllegalArgumentException("session timeout must be >= 0");
    }
    this.sessionTimeout = sessionTimeout;
    return this;
  }

  public String getWorldFile() {
    return worldFile;
  }

  /** JSON world file; ignored when {@link #setWorld(SimulatorWorld)} is set. */
  public SimulatorOptions setWorldFile(String worldFile) {
    this.worldFile = worldFile;
    return this;
  }

  public SimulatorWorld getWorld() {
    return world;
  }

  /** In-memory world for tests; wins over the world file. Neither set = {@link SimulatorWorld#demo()}. */
  public SimulatorOptions setWorld(SimulatorWorld world) {
    this.world = world;
    return this;
  }
}
