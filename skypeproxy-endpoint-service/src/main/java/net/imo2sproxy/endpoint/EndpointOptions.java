package net.imo2sproxy.endpoint;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import net.imo2sproxy.protocol.wire.SkypeProxyFrameDecoder;
import net.imo2sproxy.runtime.SettingsTable;

/**
 * Settings of {@link SkypeProxyEndpointVerticle}.
 *
 * <p>The JSON keys, their defaults, ranges and meanings are declared once, in
 * {@link EndpointSettings}; a missing key keeps its default.
 */
public class EndpointOptions {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 1401;
  public static final int DEFAULT_MAX_FRAME_LENGTH = SkypeProxyFrameDecoder.DEFAULT_MAX_FRAME_LENGTH;
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_BUS_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(30);

  public static final String KEY_HOST = "host";
  public static final String KEY_PORT = "port";
  public static final String KEY_MAX_FRAME_LENGTH = "max-frame-length";
  public static final String KEY_HANDSHAKE_TIMEOUT = "handshake-timeout-seconds";
  public static final String KEY_BUS_TIMEOUT = "bus-timeout-seconds";
  public static final String KEY_ENDPOINT_ID = "endpoint-id";
  public static final String KEY_HEARTBEAT_INTERVAL = "heartbeat-interval-seconds";
  public static final String KEY_FAILOVER_TIMEOUT = "failover-timeout-seconds";
  public static final String KEY_DATA_SLOTS = "data-slots";
  public static final String KEY_AVATAR_DIR = "avatar-dir";
  public static final String KEY_MAX_CONNECTIONS = "max-connections";
  public static final String KEY_MAX_CONNECTIONS_PER_ADDRESS = "max-connections-per-address";
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
  public static final String KEY_LOGIN_IDLE_TIMEOUT = "login-idle-timeout-seconds";
  public static final String KEY_MAX_HELD_OUTPUT = "max-held-output-bytes";
  public static final String KEY_TLS_CERT_FILE = "skypeproxy-tls-cert-file";
  public static final String KEY_TLS_KEY_FILE = "skypeproxy-tls-key-file";
  public static final String KEY_SKYPED_PORT = "skyped-port";
  public static final String KEY_SKYPED_TLS_CERT_FILE = "skyped-tls-cert-file";
  public static final String KEY_SKYPED_TLS_KEY_FILE = "skyped-tls-key-file";
  /** skyped's own port, where bitlbee's Skype plugin looks by default. */
  public static final int SKYPED_DEFAULT_PORT = 2727;
  /** Twice the handshake timeout: real clients send NAME/PROTOCOL right after logging in. */
  public static final Duration DEFAULT_LOGIN_IDLE_TIMEOUT = Duration.ofSeconds(120);
  /** Twice the largest frame: a backlog this big means the client has stopped reading. */
  public static final int DEFAULT_MAX_HELD_OUTPUT = 2 * DEFAULT_MAX_FRAME_LENGTH;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
  private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
  private Duration busRequestTimeout = DEFAULT_BUS_REQUEST_TIMEOUT;
  private String endpointId = UUID.randomUUID().toString();
  private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
  private Duration failoverTimeout = DEFAULT_FAILOVER_TIMEOUT;
  private boolean dataSlots = true;
  private String avatarDir;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
  private Duration loginIdleTimeout = DEFAULT_LOGIN_IDLE_TIMEOUT;
  private int maxHeldOutput = DEFAULT_MAX_HELD_OUTPUT;
  private String tlsCertFile;
  private String tlsKeyFile;
  private Integer skypedPort;
  private String skypedTlsCertFile;
  private String skypedTlsKeyFile;

  public EndpointOptions() {
  }

  public EndpointOptions(EndpointOptions other) {
    this.host = other.host;
    this.port = other.port;
    this.maxFrameLength = other.maxFrameLength;
    this.handshakeTimeout = other.handshakeTimeout;
    this.busRequestTimeout = other.busRequestTimeout;
    this.endpointId = other.endpointId;
    this.heartbeatInterval = other.heartbeatInterval;
    this.failoverTimeout = other.failoverTimeout;
    this.dataSlots = other.dataSlots;
    this.avatarDir = other.avatarDir;
    this.maxConnections = other.maxConnections;
    this.maxConnectionsPerAddress = other.maxConnectionsPerAddress;
    this.loginIdleTimeout = other.loginIdleTimeout;
    this.maxHeldOutput = other.maxHeldOutput;
    this.tlsCertFile = other.tlsCertFile;
    this.tlsKeyFile = other.tlsKeyFile;
    this.skypedPort = other.skypedPort;
    this.skypedTlsCertFile = other.skypedTlsCertFile;
    this.skypedTlsKeyFile = other.skypedTlsKeyFile;
  }

  /**
   * Reads the options from JSON; absent keys take the defaults of {@link EndpointSettings}.
   * Durations are whole seconds, or fractions of a second for in-process use.
   *
   * @throws IllegalArgumentException on a value of the wrong type or out of range
   */
  public EndpointOptions(JsonObject json) {
    this();
    if (json == null) {
      return;
    }
    SettingsTable t = EndpointSettings.TABLE;
    try {
      setHost(t.stringValue(json, KEY_HOST));
      setPort(t.intValue(json, KEY_PORT));
      setMaxFrameLength(t.intValue(json, KEY_MAX_FRAME_LENGTH));
      setHandshakeTimeout(duration(json, KEY_HANDSHAKE_TIMEOUT));
      setBusRequestTimeout(duration(json, KEY_BUS_TIMEOUT));
      String id = t.stringValue(json, KEY_ENDPOINT_ID);
      if (id != null) {
        setEndpointId(id);
      }
      setHeartbeatInterval(duration(json, KEY_HEARTBEAT_INTERVAL));
      setFailoverTimeout(duration(json, KEY_FAILOVER_TIMEOUT));
      setDataSlots(t.boolValue(json, KEY_DATA_SLOTS));
      setAvatarDir(t.stringValue(json, KEY_AVATAR_DIR));
      setMaxConnections(t.intValue(json, KEY_MAX_CONNECTIONS));
      setMaxConnectionsPerAddress(t.intValue(json, KEY_MAX_CONNECTIONS_PER_ADDRESS));
      setLoginIdleTimeout(duration(json, KEY_LOGIN_IDLE_TIMEOUT));
      setMaxHeldOutput(t.intValue(json, KEY_MAX_HELD_OUTPUT));
      setTlsCertFile(t.stringValue(json, KEY_TLS_CERT_FILE));
      setTlsKeyFile(t.stringValue(json, KEY_TLS_KEY_FILE));
      // no default: the skyped listener is off unless a port is given
      setSkypedPort(json.getValue(KEY_SKYPED_PORT) == null ? null
          : t.intValue(json, KEY_SKYPED_PORT));
      setSkypedTlsCertFile(t.stringValue(json, KEY_SKYPED_TLS_CERT_FILE));
      setSkypedTlsKeyFile(t.stringValue(json, KEY_SKYPED_TLS_KEY_FILE));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("invalid endpoint options: " + e.getMessage(), e);
    }
  }

  /** Whole seconds through the table (default, range), fractional ones as they are. */
  private static Duration duration(JsonObject json, String key) {
    Object raw = json.getValue(key);
    if (raw instanceof Number n && !(raw instanceof Integer || raw instanceof Long)) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    return Duration.ofSeconds(EndpointSettings.TABLE.intValue(json, key));
  }

  private static Number seconds(Duration value) {
    long millis = value.toMillis();
    return millis % 1000 == 0 ? (Number) (millis / 1000) : (Number) (millis / 1000.0);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put(KEY_HOST, host)
        .put(KEY_PORT, port)
        .put(KEY_MAX_FRAME_LENGTH, maxFrameLength)
        .put(KEY_HANDSHAKE_TIMEOUT, seconds(handshakeTimeout))
        .put(KEY_BUS_TIMEOUT, seconds(busRequestTimeout))
        .put(KEY_ENDPOINT_ID, endpointId)
        .put(KEY_HEARTBEAT_INTERVAL, seconds(heartbeatInterval))
        .put(KEY_FAILOVER_TIMEOUT, seconds(failoverTimeout))
        .put(KEY_DATA_SLOTS, dataSlots)
        .put(KEY_AVATAR_DIR, avatarDir)
        .put(KEY_MAX_CONNECTIONS, maxConnections)
        .put(KEY_MAX_CONNECTIONS_PER_ADDRESS, maxConnectionsPerAddress)
        .put(KEY_LOGIN_IDLE_TIMEOUT, seconds(loginIdleTimeout))
        .put(KEY_MAX_HELD_OUTPUT, maxHeldOutput)
        .put(KEY_TLS_CERT_FILE, tlsCertFile)
        .put(KEY_TLS_KEY_FILE, tlsKeyFile)
        .put(KEY_SKYPED_PORT, skypedPort)
        .put(KEY_SKYPED_TLS_CERT_FILE, skypedTlsCertFile)
        .put(KEY_SKYPED_TLS_KEY_FILE, skypedTlsKeyFile);
  }

  public String getHost() {
    return host;
  }

  /** Bind address; the default is loopback because the protocol is plain text. */
  public EndpointOptions setHost(String host) {
    this.host = Objects.requireNonNull(host, "host");
    return this;
  }

  public int getPort() {
    return port;
  }

  /** TCP port; 0 picks a free one (see {@link SkypeProxyEndpointVerticle#actualPort()}). */
  public EndpointOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.port = port;
    return this;
  }

  public int getMaxFrameLength() {
    return maxFrameLength;
  }

  /** Largest frame payload accepted from a client (and written to it). */
  public EndpointOptions setMaxFrameLength(int maxFrameLength) {
    if (maxFrameLength < 1) {
      throw new IllegalArgumentException("max frame length must be >= 1: " + maxFrameLength);
    }
    this.maxFrameLength = maxFrameLength;
    return this;
  }

  public Duration getHandshakeTimeout() {
    return handshakeTimeout;
  }

  /** Time a new connection gets until its first accepted non-empty frame. */
  public EndpointOptions setHandshakeTimeout(Duration handshakeTimeout) {
    this.handshakeTimeout = positive(handshakeTimeout, "handshake timeout");
    return this;
  }

  public Duration getBusRequestTimeout() {
    return busRequestTimeout;
  }

  /** Timeout of every event-bus request to the gateway. */
  public EndpointOptions setBusRequestTimeout(Duration busRequestTimeout) {
    this.busRequestTimeout = positive(busRequestTimeout, "bus request timeout");
    return this;
  }

  public String getEndpointId() {
    return endpointId;
  }

  /** Id of this endpoint instance, sent with every attach (random by default). */
  public EndpointOptions setEndpointId(String endpointId) {
    if (endpointId == null || endpointId.isEmpty()) {
      throw new IllegalArgumentException("endpoint id must not be empty");
    }
    this.endpointId = endpointId;
    return this;
  }

  public Duration getHeartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * Interval of the heartbeats each session gets for this endpoint's connections; a heartbeat
   * that fails means the session's gateway is gone and the connections re-attach.
   */
  public EndpointOptions setHeartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval = positive(heartbeatInterval, "heartbeat interval");
    return this;
  }

  public Duration getFailoverTimeout() {
    return failoverTimeout;
  }

  /** Longest time a connection keeps trying to re-attach before it is closed. */
  public EndpointOptions setFailoverTimeout(Duration failoverTimeout) {
    this.failoverTimeout = positive(failoverTimeout, "failover timeout");
    return this;
  }

  public boolean isDataSlots() {
    return dataSlots;
  }

  /**
   * Whether CAPABILITIES offers data slots (bit 02), so that avatars are pushed to clients that
   * accept them (docs/skypeproxy-wire.md §7.1).
   */
  public EndpointOptions setDataSlots(boolean dataSlots) {
    this.dataSlots = dataSlots;
    return this;
  }

  public int getMaxConnections() {
    return maxConnections;
  }

  /** Open client connections this endpoint accepts in total; 0 = no limit. */
  public EndpointOptions setMaxConnections(int maxConnections) {
    if (maxConnections < 0) {
      throw new IllegalArgumentException(KEY_MAX_CONNECTIONS + " must be >= 0");
    }
    this.maxConnections = maxConnections;
    return this;
  }

  public int getMaxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /** Open client connections accepted from one source address; 0 = no limit. */
  public EndpointOptions setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
    if (maxConnectionsPerAddress < 0) {
      throw new IllegalArgumentException(KEY_MAX_CONNECTIONS_PER_ADDRESS + " must be >= 0");
    }
    this.maxConnectionsPerAddress = maxConnectionsPerAddress;
    return this;
  }

  public Duration getLoginIdleTimeout() {
    return loginIdleTimeout;
  }

  /**
   * Time a connection may stay open without logging in, counted from its accept: logged in
   * means a command of it was accepted by its session (a password alone does not log in to
   * imo.im: the session does on the first command). Once logged in, a connection may stay
   * silent for ever. {@link Duration#ZERO} = no limit.
   */
  public EndpointOptions setLoginIdleTimeout(Duration loginIdleTimeout) {
    this.loginIdleTimeout = Objects.requireNonNull(loginIdleTimeout, "login idle timeout")
        .isZero() ? Duration.ZERO : positive(loginIdleTimeout, "login idle timeout");
    return this;
  }

  public int getMaxHeldOutput() {
    return maxHeldOutput;
  }

  /**
   * Bytes of output held for a client whose socket write queue is full (it does not read);
   * past this the connection is dropped. Keep it at least {@code max-frame-length}.
   */
  public EndpointOptions setMaxHeldOutput(int maxHeldOutput) {
    if (maxHeldOutput < 1) {
      throw new IllegalArgumentException(KEY_MAX_HELD_OUTPUT + " must be >= 1");
    }
    this.maxHeldOutput = maxHeldOutput;
    return this;
  }

  public String getTlsCertFile() {
    return tlsCertFile;
  }

  /** PEM certificate (chain) of the SkypeProxy listener; with the key file, TLS is on. */
  public EndpointOptions setTlsCertFile(String tlsCertFile) {
    this.tlsCertFile = tlsCertFile == null || tlsCertFile.isEmpty() ? null : tlsCertFile;
    return this;
  }

  public String getTlsKeyFile() {
    return tlsKeyFile;
  }

  /** PEM private key (PKCS#8 or PKCS#1) of the SkypeProxy listener's certificate. */
  public EndpointOptions setTlsKeyFile(String tlsKeyFile) {
    this.tlsKeyFile = tlsKeyFile == null || tlsKeyFile.isEmpty() ? null : tlsKeyFile;
    return this;
  }

  /**
   * True when the listener speaks TLS (certificate and key both set).
   *
   * @throws IllegalArgumentException when only one of the two is set
   */
  public boolean isTls() {
    if ((tlsCertFile == null) != (tlsKeyFile == null)) {
      throw new IllegalArgumentException(KEY_TLS_CERT_FILE + " and " + KEY_TLS_KEY_FILE
          + " must be set together");
    }
    return tlsCertFile != null;
  }

  /** The skyped listener's port (0 = any free one), or null: no skyped listener. */
  public Integer getSkypedPort() {
    return skypedPort;
  }

  public EndpointOptions setSkypedPort(Integer skypedPort) {
    if (skypedPort != null && (skypedPort < 0 || skypedPort > 65535)) {
      throw new IllegalArgumentException(KEY_SKYPED_PORT + " out of range: " + skypedPort);
    }
    this.skypedPort = skypedPort;
    return this;
  }

  public String getSkypedTlsCertFile() {
    return skypedTlsCertFile;
  }

  /** PEM certificate (chain) of the skyped listener; unset = the SkypeProxy one, or made up. */
  public EndpointOptions setSkypedTlsCertFile(String file) {
    this.skypedTlsCertFile = file == null || file.isEmpty() ? null : file;
    return this;
  }

  public String getSkypedTlsKeyFile() {
    return skypedTlsKeyFile;
  }

  public EndpointOptions setSkypedTlsKeyFile(String file) {
    this.skypedTlsKeyFile = file == null || file.isEmpty() ? null : file;
    return this;
  }

  /**
   * The skyped listener's certificate and key files: its own, else the SkypeProxy listener's,
   * else null (a self-signed one is made at start).
   *
   * @throws IllegalArgumentException when only one of a pair is set
   */
  public String[] skypedTlsFiles() {
    if ((skypedTlsCertFile == null) != (skypedTlsKeyFile == null)) {
      throw new IllegalArgumentException(KEY_SKYPED_TLS_CERT_FILE + " and "
          + KEY_SKYPED_TLS_KEY_FILE + " must be set together");
    }
    if (skypedTlsCertFile != null) {
      return new String[] {skypedTlsCertFile, skypedTlsKeyFile};
    }
    return isTls() ? new String[] {tlsCertFile, tlsKeyFile} : null;
  }

  public String getAvatarDir() {
    return avatarDir;
  }

  /**
   * Directory on this host where avatars may be written for clients without data slots (only
   * paths inside it); null or empty = never write files.
   */
  public EndpointOptions setAvatarDir(String avatarDir) {
    this.avatarDir = avatarDir == null || avatarDir.isEmpty() ? null : avatarDir;
    return this;
  }

  private static Duration positive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero() || value.toMillis() < 1) {
      throw new IllegalArgumentException(what + " must be at least 1 ms: " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "EndpointOptions" + toJson().encode();
  }
}
