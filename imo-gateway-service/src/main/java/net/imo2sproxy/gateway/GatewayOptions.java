package net.imo2sproxy.gateway;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import net.imo2sproxy.gateway.imo.ImoClientOptions;
import net.imo2sproxy.gateway.skype.SessionSettings;
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
          "a sent message without acknowledgement becomes FAILED after this"));

  private final String imoUrl;
  private final String username;
  private final String password;
  private final String authPassword;
  private final SessionSettings sessionSettings;
  private final ImoClientOptions imoClientOptions;

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
        .withLoginTimeout(seconds(config, LOGIN_TIMEOUT_SECONDS, 30));
    this.imoClientOptions = new ImoClientOptions(imoUrl,
        seconds(config, REQUEST_TIMEOUT_SECONDS, 45),
        seconds(config, KEEPALIVE_SECONDS, 300), 8);
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
}
