package net.imo2sproxy.gateway;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import net.imo2sproxy.gateway.bridge.TcpBusBridgeVerticle;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.runtime.Setting;

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

  /** The gateway's own settings (the cluster settings come on top). */
  public static final List<Setting> SETTINGS = List.of(
      Setting.string(IMO_URL, null,
          "base URL of the imo.im service (no default: the real service is gone)"),
      Setting.string(USERNAME, null, "imo.im username of the default account"),
      Setting.secret(PASSWORD, "imo.im password of the default account"),
      Setting.secret(AUTH_PASSWORD,
          "SkypeProxy password that selects the default account; disables password-less use"),
      Setting.integer(MAX_PROTOCOL, SessionSettings.DEFAULT_MAX_PROTOCOL,
          "highest Skype API PROTOCOL level granted"),
      Setting.bool(LOCAL_TIMESTAMPS, false,
          "stamp received messages with local time instead of the server's"),
      Setting.integer(KEEPALIVE_SECONDS, 300, "interval of the imo.im keep-alive"),
      Setting.integer(REQUEST_TIMEOUT_SECONDS, 45,
          "imo.im request timeout; must exceed the server's long-poll hold time"),
      Setting.integer(LOGIN_TIMEOUT_SECONDS, 30, "longest wait for an imo.im login"),
      Setting.integer(SEND_ACK_TIMEOUT_SECONDS, 60,
          "a sent message without acknowledgement becomes FAILED after this"),
      Setting.integer(MESSAGE_CAPACITY, 1000,
          "messages kept per session (unread incoming ones are evicted last)"),
      Setting.integer(MAX_LINE_LENGTH, SessionSettings.DEFAULT_MAX_LINE_LENGTH,
          "longest Skype API command in characters; longer ones get ERROR 1"),
      Setting.string(ACCOUNTS_FILE, null,
          "JSON file mapping operator tokens (SkypeProxy passwords) to imo.im accounts"),
      Setting.integer(LOGIN_ATTEMPTS, 10,
          "logins (failed or opening a session) allowed per account and per source address "
          + "within the login window"),
      Setting.integer(LOGIN_WINDOW_SECONDS, 60, "window of the login throttle"),
      Setting.integer(OWNER_LEASE_SECONDS, 6,
          "lease of a gateway on its sessions in the cluster map; a dead gateway's sessions "
          + "are taken over after at most this"),
      Setting.integer(ENDPOINT_TIMEOUT_SECONDS, 10,
          "connections whose endpoint sent no heartbeat for this long are detached"),
      Setting.integer(SESSION_GRACE_SECONDS, 300,
          "a session whose connections were lost with their endpoint stays logged in this long"),
      Setting.integer(OWNER_TIMEOUT_MILLIS, 2000,
          "wait for another gateway's answer before its sessions are presumed lost"),
      Setting.integer(MESSAGE_RETENTION_SECONDS, 1800,
          "bodies of read and sent messages are dropped after this; unread ones stay until "
          + "read (the Miranda plugin remembers message numbers for 30 minutes)"),
      Setting.integer(STATE_WRITE_DELAY_MILLIS, 50,
          "changes of a session within this delay are saved for a take-over in one write"),
      Setting.integer(SESSION_STATE_TTL_SECONDS, 900,
          "saved state of a session nobody took over is dropped after this (the owner "
          + "refreshes it while the session lives)"),
      Setting.integer(TcpBusBridgeVerticle.PORT, -1,
          "port of the TCP event-bus bridge exposing the session contract to other languages "
          + "(-1 = off, 0 = any free port)").range(-1, 65535),
      Setting.string(TcpBusBridgeVerticle.HOST, TcpBusBridgeVerticle.DEFAULT_HOST,
          "address the TCP event-bus bridge listens on"));

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

  public GatewayOptions(JsonObject config) {
    this.imoUrl = blankToNull(config.getString(IMO_URL));
    this.username = blankToNull(config.getString(USERNAME));
    this.password = config.getString(PASSWORD);
    this.authPassword = blankToNull(config.getString(AUTH_PASSWORD));
    if (imoUrl == null) {
      throw new IllegalArgumentException("no imo.im URL configured (setting " + IMO_URL + ")");
    }
    if (username != null && password == null) {
      throw new IllegalArgumentException("the default account " + username + " has no password");
    }
    int maxProtocol = config.getInteger(MAX_PROTOCOL, SessionSettings.DEFAULT_MAX_PROTOCOL);
    if (maxProtocol < 1) {
      throw new IllegalArgumentException(MAX_PROTOCOL + " must be at least 1");
    }
    this.sessionSettings = SessionSettings.defaults()
        .withMaxProtocol(maxProtocol)
        .withLocalTimestamps(config.getBoolean(LOCAL_TIMESTAMPS, false))
        .withSendAckTimeout(seconds(config, SEND_ACK_TIMEOUT_SECONDS, 60))
        .withLoginTimeout(seconds(config, LOGIN_TIMEOUT_SECONDS, 30))
        .withMessageCapacity(Math.max(1, config.getInteger(MESSAGE_CAPACITY, 1000)))
        .withMaxLineLength(Math.max(1, config.getInteger(MAX_LINE_LENGTH,
            SessionSettings.DEFAULT_MAX_LINE_LENGTH)));
    this.imoClientOptions = new ImoClientOptions(imoUrl,
        seconds(config, REQUEST_TIMEOUT_SECONDS, 45),
        seconds(config, KEEPALIVE_SECONDS, 300), 8);
    this.accountsFile = blankToNull(config.getString(ACCOUNTS_FILE));
    this.loginAttempts = config.getInteger(LOGIN_ATTEMPTS, 10);
    if (loginAttempts < 1) {
      throw new IllegalArgumentException(LOGIN_ATTEMPTS + " must be at least 1");
    }
    this.loginWindow = seconds(config, LOGIN_WINDOW_SECONDS, 60);
    this.ownerLease = seconds(config, OWNER_LEASE_SECONDS, 6);
    if (ownerLease.getSeconds() < 2) {
      throw new IllegalArgumentException(OWNER_LEASE_SECONDS + " must be at least 2");
    }
    this.endpointTimeout = seconds(config, ENDPOINT_TIMEOUT_SECONDS, 10);
    this.sessionGrace = seconds(config, SESSION_GRACE_SECONDS, 300);
    int ownerMillis = config.getInteger(OWNER_TIMEOUT_MILLIS, 2000);
    if (ownerMillis < 100) {
      throw new IllegalArgumentException(OWNER_TIMEOUT_MILLIS + " must be at least 100");
    }
    this.ownerTimeout = Duration.ofMillis(ownerMillis);
    this.messageRetention = seconds(config, MESSAGE_RETENTION_SECONDS, 1800);
    int writeDelay = config.getInteger(STATE_WRITE_DELAY_MILLIS, 50);
    if (writeDelay < 0 || writeDelay > 10_000) {
      throw new IllegalArgumentException(STATE_WRITE_DELAY_MILLIS + " must be 0..10000");
    }
    this.stateWriteDelay = Duration.ofMillis(writeDelay);
    this.sessionStateTtl = seconds(config, SESSION_STATE_TTL_SECONDS, 900);
  }

  private static Duration seconds(JsonObject config, String key, int fallback) {
    int value = config.getInteger(key, fallback);
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive");
    }
    return Duration.ofSeconds(value);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
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
