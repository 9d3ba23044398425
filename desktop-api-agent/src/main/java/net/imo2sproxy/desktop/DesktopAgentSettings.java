package net.imo2sproxy.desktop;

import java.util.List;
import net.imo2sproxy.runtime.Setting;
import net.imo2sproxy.runtime.SettingsTable;

/**
 * The desktop agent's settings tables: the only place their keys, defaults and meanings are
 * declared. {@link #DESKTOP} is what the agent offers on the desktop (also settings of
 * {@code ./imo2sproxy -m a}); {@link #REMOTE} is where the standalone agent forwards to.
 */
public final class DesktopAgentSettings {

  public static final String X11 = "desktop-x11";
  public static final String DISPLAY = "desktop-display";
  public static final String DBUS = "desktop-dbus";
  public static final String BUS_ADDRESS = "desktop-bus-address";
  public static final String ALLOWED_APPLICATIONS = "desktop-allowed-applications";
  public static final String DBUS_REPLY_WAIT = "desktop-dbus-reply-wait-ms";

  public static final String ENDPOINT = "endpoint";
  public static final String TLS = "tls";
  public static final String TLS_TRUST_FILE = "tls-trust-file";
  public static final String PROXY_PASSWORD = "proxy-password";
  public static final String PASSWORD_FILE = "password-file";
  public static final String HANDSHAKE_TIMEOUT = "handshake-timeout-seconds";

  /** The desktop side, in the order of {@code --help} and the README. */
  public static final SettingsTable DESKTOP = SettingsTable.of(
      Setting.bool(X11, true, "offer the Skype API over X11 (a window named in the root"
          + " window's `_SKYPE_INSTANCE`), as Skype for Linux did"),
      Setting.string(DISPLAY, null, "X display to offer it on").documentedDefault("$DISPLAY"),
      Setting.bool(DBUS, true, "offer the Skype API on the D-Bus session bus (`com.Skype.API`)"),
      Setting.string(BUS_ADDRESS, null, "D-Bus bus address to offer it on")
          .documentedDefault("$DBUS_SESSION_BUS_ADDRESS"),
      Setting.list(ALLOWED_APPLICATIONS, List.of("*"), "applications (the name of their"
          + " `NAME <app>`) that may attach; `*` = any; others get `ERROR 68 Access denied`"),
      Setting.integer(DBUS_REPLY_WAIT, 2000, "how long a D-Bus `Invoke` waits for its reply;"
          + " a later reply is returned empty and sent with `Notify` (skype4pidgin gives up on"
          + " `Invoke` after 3 s)").range(1, 60000));

  /** Where the standalone agent forwards each client. */
  public static final SettingsTable REMOTE = SettingsTable.of(
      Setting.string(ENDPOINT, "127.0.0.1:1401", "SkypeProxy endpoint (`host:port`) each"
          + " attached client gets a connection to"),
      Setting.bool(TLS, false, "speak TLS to the endpoint (its `skypeproxy-tls-*` listener)"),
      Setting.string(TLS_TRUST_FILE, null, "PEM certificate(s) to trust for TLS; unset = the"
          + " JVM's trust store"),
      Setting.secret(PROXY_PASSWORD, "SkypeProxy password: the endpoint's proxy password, or"
          + " `user:password` of an imo.im account; unset = connect without one"),
      Setting.string(PASSWORD_FILE, null, "read the SkypeProxy password from this file")
          .withEnv("IMO2SPROXY_DESKTOP_PASSWORD_FILE"),
      Setting.integer(HANDSHAKE_TIMEOUT, 10, "connect and SkypeProxy handshake, per client")
          .range(1, 300));

  /** Both tables, the standalone agent's whole configuration. */
  public static final List<Setting> ALL = DESKTOP.with(REMOTE.settings()).settings();

  private DesktopAgentSettings() {
  }
}
