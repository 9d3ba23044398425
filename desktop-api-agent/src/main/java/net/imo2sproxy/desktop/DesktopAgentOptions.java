package net.imo2sproxy.desktop;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import net.imo2sproxy.runtime.ConfigException;

/**
 * What the agent offers and where it forwards to. Read from a configuration through
 * {@link DesktopAgentSettings}; {@code ./imo2sproxy -m a} sets the bridge fields itself.
 */
public final class DesktopAgentOptions {

  private boolean x11;
  private String display;
  private boolean dbus;
  private String busAddress;
  private List<String> allowedApplications;
  private Duration dbusReplyWait;
  private String host;
  private int port;
  private boolean tls;
  private String trustFile;
  private String password;
  private Duration handshakeTimeout;

  /** The defaults of both tables. */
  public DesktopAgentOptions() {
    this(new JsonObject());
  }

  /** From a loaded configuration; keys it lacks take the tables' defaults. */
  public DesktopAgentOptions(JsonObject config) {
    x11 = DesktopAgentSettings.DESKTOP.boolValue(config, DesktopAgentSettings.X11);
    display = DesktopAgentSettings.DESKTOP.stringValue(config, DesktopAgentSettings.DISPLAY);
    dbus = DesktopAgentSettings.DESKTOP.boolValue(config, DesktopAgentSettings.DBUS);
    busAddress = DesktopAgentSettings.DESKTOP.stringValue(config,
        DesktopAgentSettings.BUS_ADDRESS);
    allowedApplications = DesktopAgentSettings.DESKTOP.listValue(config,
        DesktopAgentSettings.ALLOWED_APPLICATIONS);
    dbusReplyWait = DesktopAgentSettings.DESKTOP.millis(config,
        DesktopAgentSettings.DBUS_REPLY_WAIT);
    setEndpoint(DesktopAgentSettings.REMOTE.stringValue(config, DesktopAgentSettings.ENDPOINT));
    tls = DesktopAgentSettings.REMOTE.boolValue(config, DesktopAgentSettings.TLS);
    trustFile = DesktopAgentSettings.REMOTE.stringValue(config,
        DesktopAgentSettings.TLS_TRUST_FILE);
    password = DesktopAgentSettings.REMOTE.stringValue(config,
        DesktopAgentSettings.PROXY_PASSWORD);
    handshakeTimeout = DesktopAgentSettings.REMOTE.seconds(config,
        DesktopAgentSettings.HANDSHAKE_TIMEOUT);
  }

  /** {@code host:port}; an IPv6 host in brackets. */
  public DesktopAgentOptions setEndpoint(String endpoint) {
    int colon = endpoint == null ? -1 : endpoint.lastIndexOf(':');
    if (colon <= 0 || colon == endpoint.length() - 1) {
      throw new ConfigException("endpoint: expected host:port, not '" + endpoint + "'");
    }
    String h = endpoint.substring(0, colon);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    int p;
    try {
      p = Integer.parseInt(endpoint.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException("endpoint: the port of '" + endpoint + "' is not a number");
    }
    if (p < 1 || p > 65535) {
      throw new ConfigException("endpoint: port must be between 1 and 65535");
    }
    host = h;
    port = p;
    return this;
  }

  public DesktopAgentOptions setX11(boolean x11) {
    this.x11 = x11;
    return this;
  }

  public DesktopAgentOptions setDisplay(String display) {
    this.display = display;
    return this;
  }

  public DesktopAgentOptions setDbus(boolean dbus) {
    this.dbus = dbus;
    return this;
  }

  public DesktopAgentOptions setBusAddress(String busAddress) {
    this.busAddress = busAddress;
    return this;
  }

  public DesktopAgentOptions setAllowedApplications(List<String> allowedApplications) {
    this.allowedApplications = List.copyOf(allowedApplications);
    return this;
  }

  public DesktopAgentOptions setTls(boolean tls) {
    this.tls = tls;
    return this;
  }

  public DesktopAgentOptions setTrustFile(String trustFile) {
    this.trustFile = trustFile;
    return this;
  }

  /** The SkypeProxy password; null to connect without one. */
  public DesktopAgentOptions setPassword(String password) {
    this.password = password;
    return this;
  }

  public boolean x11() {
    return x11;
  }

  public String display() {
    return display;
  }

  public boolean dbus() {
    return dbus;
  }

  public String busAddress() {
    return busAddress;
  }

  public List<String> allowedApplications() {
    return allowedApplications;
  }

  public Duration dbusReplyWait() {
    return dbusReplyWait;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean tls() {
    return tls;
  }

  public String trustFile() {
    return trustFile;
  }

  public String password() {
    return password;
  }

  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  @Override
  public String toString() { // never the password
    return "DesktopAgentOptions[x11=" + x11 + ", dbus=" + dbus + ", endpoint=" + host + ":"
        + port + (tls ? ", tls" : "") + (password != null ? ", with password" : "") + "]";
  }
}
