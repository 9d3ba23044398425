package net.imo2sproxy.runtime.management;

import io.vertx.core.json.JsonObject;
import java.util.List;
import net.imo2sproxy.runtime.Setting;
import net.imo2sproxy.runtime.SettingsTable;

/**
 * The management HTTP port of a service: liveness, readiness, Prometheus metrics and the
 * status page.
 *
 * @param port the port, 0 for any free one, -1 for no management port
 * @param host the address it binds to
 * @param region label of this node on the status page (null = none)
 */
public record ManagementOptions(int port, String host, String region) {

  public static final String PORT = "management-port";
  public static final String HOST = "management-host";
  public static final String REGION = "region";

  public ManagementOptions(int port, String host) {
    this(port, host, null);
  }

  /** The settings with the given default port (-1 = off). */
  public static List<Setting> settings(int defaultPort) {
    return List.of(
        Setting.integer(PORT, defaultPort,
            "`/health/live`, `/health/ready` (cluster membership; for the gateway also imo.im"
                + " reachable), Prometheus `/metrics` (the bridge's own `imo2sproxy_*` figures and"
                + " Vert.x Micrometer's: TCP connections, event-bus traffic, upstream HTTP"
                + " requests, JVM), the status page `/status`; -1 = off, 0 = any")
            .range(-1, 65535),
        Setting.string(HOST, "127.0.0.1", "address it binds to"),
        Setting.string(REGION, null,
            "label of the node on the status page (e.g. `eu`, `us`); nothing else depends on it"));
  }

  /** The settings as the README documents them for both services (default "9401 / 9402"). */
  public static List<Setting> documented() {
    List<Setting> settings = new java.util.ArrayList<>(settings(-1));
    settings.set(0, settings.get(0).documentedDefault("9401 / 9402"));
    return List.copyOf(settings);
  }

  /** The management options of a config; without a port, none (-1). */
  public static ManagementOptions fromConfig(JsonObject config) {
    SettingsTable table = SettingsTable.of(settings(-1));
    return new ManagementOptions(table.intValue(config, PORT), table.stringValue(config, HOST),
        table.stringValue(config, REGION));
  }

  public boolean enabled() {
    return port >= 0;
  }
}
