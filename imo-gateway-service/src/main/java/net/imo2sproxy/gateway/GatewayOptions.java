package net.imo2sproxy.gateway;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import net.imo2sproxy.gateway.bridge.TcpBusBridgeVerticle;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.runtime.Setting;
import net.imo2sproxy.runtime.SettingsTable;

/**
 * Settings of the gateway service. Every one is a {@link Setting}: a JSON key in the config
 * file, an {@code IMO2SPROXY_*} environment variable, and a command-line override.
 */
public final class GatewayOptions {

  public static final String IMO_URL = "imo-url";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String AUTH_PASSWORD = "auth-password";
  public static final String MAX_PROTOCOL = "max-protocol";
  public static final String LOCAL_TIMESTAMPS = "local-timestamps";
  public static final String KEEPALIVE_SECONDS = "keepalive-seconds";
  public static final String REQUEST_TIMEOUT_SECONDS = "request-timeout-seconds";
  public static final String LOGIN_TIMEOUT_SECONDS = "login-timeout-seconds";
  public static final String SEND_ACK_TIMEOUT_SECONDS = "send-ack-timeout-seconds";
  public static final String MESSAGE_CAPACITY = "message-capacity";
  public static final String MAX_LINE_LENGTH = "max-line-length";
  public static final String ACCOUNTS_FILE = "accounts-file";
  public static final String LOGIN_ATTEMPTS = "login-attempts";
  public static final String LOGIN_WINDOW_SECONDS = "login-window-seconds";
  public static final String OWNER_LEASE_SECONDS = "owner-lease-seconds";
  public static final String ENDPOINT_TIMEOUT_SECONDS = "endpoint-timeout-seconds";
  public static final String SESSION_GRACE_SECONDS = "session-grace-seconds";
  public static final String OWNER_TIMEOUT_MILLIS = "owner-timeout-millis";
  public static final String MESSAGE_RETENTION_SECONDS = "message-retention-seconds";
  public static final String STATE_WRITE_DELAY_MILLIS = "state-write-delay-millis";
  public static final String SESSION_STATE_TTL_SECONDS = "session-state-ttl-seconds";

  /**
   * The gateway's settings table (the management and cluster settings come on top in
   * {@link GatewayMain}): the only place a gateway setting's default, range and meaning are
   * declared. README.md's gateway table is generated from it.
   */
  public static final SettingsTable TABLE = SettingsTable.of(
      Setting.string(IMO_URL, null,
          "base URL of the imo.im service (no default: the real service is gone)"),
      Setting.string(USERNAME, null, "imo.im username of the default account"),
      Setting.secret(PASSWORD, "imo.im password of the default account"),
      Setting.secret(AUTH_PASSWORD,
          "SkypeProxy password selecting the default account; disables password-less use"),
      Setting.integer(MAX_PROTOCOL, SessionSettings.DEFAULT_MAX_PROTOCOL,
          "highest Skype API PROTOCOL level granted").atLeast(1),
      Setting.bool(LOCAL_TIMESTAMPS, false,
          "stamp received messages with local time instead of the server's (the original's `-t`)"),
      Setting.integer(KEEPALIVE_SECONDS, 300, "imo.im keep-alive interval").atLeast(1),
      Setting.integer(REQUEST_TIMEOUT_SECONDS, 45,
          "imo.im request timeout; must exceed the server's long-poll hold").atLeast(1),
      Setting.integer(LOGIN_TIMEOUT_SECONDS, 30, "longest wait for an imo.im login").atLeast(1),
      Setting.integer(SEND_ACK_TIMEOUT_SECONDS, 60,
          "a sent message without acknowledgement becomes FAILED").atLeast(1),
      Setting.integer(MESSAGE_CAPACITY, 1000,
          "messages kept per session (unread incoming ones are evicted last; below 1 counts as 1)"),
      Setting.integer(MAX_LINE_LENGTH, SessionSettings.DEFAULT_MAX_LINE_LENGTH,
          "longest Skype API command in characters; longer ones get `ERROR 1` (below 1 counts"
          + " as 1)"),
      Setting.string(ACCOUNTS_FILE, null,
          "operator tokens: JSON file mapping SkypeProxy passwords to imo.im accounts (see"
          + " Scaling out)"),
      Setting.integer(LOGIN_ATTEMPTS, 10,
          "logins (refused, or opening an upstream session) per account and per source address"
          + " within the window").atLeast(1),
      Setting.integer(LOGIN_WINDOW_SECONDS, 60, "window of the login throttle").atLeast(1),
      Setting.integer(OWNER_LEASE_SECONDS, 6,
          "lease of a gateway on its sessions in the cluster's session directory; a dead"
          + " gateway's sessions are taken over after at most this").atLeast(2),
      Setting.integer(OWNER_TIMEOUT_MILLIS, 2000,
          "an owner that does not answer this fast is presumed dead and its sessions taken over")
          .atLeast(100),
      Setting.integer(ENDPOINT_TIMEOUT_SECONDS, 10,
          "connections whose endpoint sends no heartbeat for this long are detached").atLeast(1),
      Setting.integer(TcpBusBridgeVerticle.PORT, -1,
          "TCP event-bus bridge exposing only the session contract to other languages (-1 = off,"
          + " 0 = any)").range(-1, 65535),
      Setting.string(TcpBusBridgeVerticle.HOST, TcpBusBridgeVerticle.DEFAULT_HOST,
          "address the bridge binds to"),
      Setting.integer(SESSION_GRACE_SECONDS, 300,
          "a session whose connections were lost with their endpoint stays logged in this long")
          .atLeast(1),
      Setting.integer(MESSAGE_RETENTION_SECONDS, 1800,
          "bodies of read and sent messages are dropped after this (unread ones stay until"
          + " read); 30 min is how long the Miranda plugin remembers message numbers").atLeast(1),
      Setting.integer(STATE_WRITE_DELAY_MILLIS, 50,
          "a session's changes within this delay are saved for a take-over in one write")
          .range(0, 10_000),
      Setting.integer(SESSION_STATE_TTL_SECONDS, 900,
          "saved state nobody took over is dropped after this (the owner refreshes it)")
          .atLeast(1));

  /** The settings of {@link #TABLE}. */
  public static final List<Setting> SETTINGS = TABLE.settings();

  private final String imoUrl;
  private final String username;
  private final String password;
  private final String authPassword;
  private final SessionSettings sessionSettings;
  private final ImoClientOptions imoClientOptions;
  private final String accountsFile;
  private final int loginAttempts;
  private final Duration loginWindow;
  private final Duration ownerLease;
  private final Duration endpointTimeout;
  private final Duration sessionGrace;
  private final Duration ownerTimeout;
  private final Duration messageRetention;
  private final Duration stateWriteDelay;
  private final Duration sessionStateTtl;

  /**
   * Reads the options from a loaded config (or a hand-built one: absent keys take the table's
   * defaults).
   *
   * @throws IllegalArgumentException for a value out of its range, no imo.im URL, or a default
   *     account without password (messages never carry a password)
   */
  public GatewayOptions(JsonObject config) {
    this.imoUrl = TABLE.stringValue(config, IMO_URL);
    this.username = TABLE.stringValue(config, USERNAME);
    this.password = config.getString(PASSWORD);
    this.authPassword = TABLE.stringValue(config, AUTH_PASSWORD);
    if (imoUrl == null) {
      throw new IllegalArgumentException("no imo.im URL configured (setting " + IMO_URL + ")");
    }
    if (username != null && password == null) {
      throw new IllegalArgumentException("the default account " + username + " has no password");
    }
    this.sessionSettings = SessionSettings.defaults()
        .withMaxProtocol(TABLE.intValue(config, MAX_PROTOCOL))
        .withLocalTimestamps(TABLE.boolValue(config, LOCAL_TIMESTAMPS))
        .withSendAckTimeout(TABLE.seconds(config, SEND_ACK_TIMEOUT_SECONDS))
        .withLoginTimeout(TABLE.seconds(config, LOGIN_TIMEOUT_SECONDS))
        .withMessageCapacity(Math.max(1, TABLE.intValue(config, MESSAGE_CAPACITY)))
        .withMaxLineLength(Math.max(1, TABLE.intValue(config, MAX_LINE_LENGTH)));
    this.imoClientOptions = new ImoClientOptions(imoUrl,
        TABLE.seconds(config, REQUEST_TIMEOUT_SECONDS), TABLE.seconds(config, KEEPALIVE_SECONDS), 8);
    this.accountsFile = TABLE.stringValue(config, ACCOUNTS_FILE);
    this.loginAttempts = TABLE.intValue(config, LOGIN_ATTEMPTS);
    this.loginWindow = TABLE.seconds(config, LOGIN_WINDOW_SECONDS);
    this.ownerLease = TABLE.seconds(config, OWNER_LEASE_SECONDS);
    this.endpointTimeout = TABLE.seconds(config, ENDPOINT_TIMEOUT_SECONDS);
    this.sessionGrace = TABLE.seconds(config, SESSION_GRACE_SECONDS);
    this.ownerTimeout = TABLE.millis(config, OWNER_TIMEOUT_MILLIS);
    this.messageRetention = TABLE.seconds(config, MESSAGE_RETENTION_SECONDS);
    this.stateWriteDelay = TABLE.millis(config, STATE_WRITE_DELAY_MILLIS);
    this.sessionStateTtl = TABLE.seconds(config, SESSION_STATE_TTL_SECONDS);
  }

  public String imoUrl() {
    return imoUrl;
  }

  /** The default account's username, or null when there is none. */
  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** The SkypeProxy password selecting the default account, or null. */
  public String authPassword() {
    return authPassword;
  }

  /** A connection without AUTHENTICATE is accepted (a default account, no proxy password). */
  public boolean passwordless() {
    return username != null && authPassword == null;
  }

  public SessionSettings sessionSettings() {
    return sessionSettings;
  }

  public ImoClientOptions imoClientOptions() {
    return imoClientOptions;
  }

  /** Path of the operator-token accounts file, or null. */
  public String accountsFile() {
    return accountsFile;
  }

  public int loginAttempts() {
    return loginAttempts;
  }

  public Duration loginWindow() {
    return loginWindow;
  }

  public Duration ownerLease() {
    return ownerLease;
  }

  public Duration endpointTimeout() {
    return endpointTimeout;
  }

  public Duration sessionGrace() {
    return sessionGrace;
  }

  public Duration ownerTimeout() {
    return ownerTimeout;
  }

  public Duration messageRetention() {
    return messageRetention;
  }

  public Duration stateWriteDelay() {
    return stateWriteDelay;
  }

  public Duration sessionStateTtl() {
    return sessionStateTtl;
  }
}
