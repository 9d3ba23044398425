package net.imo2sproxy.runtime.management;

import io.vertx.core.json.JsonObject;
import java.util.List;
import net.imo2sproxy.runtime.Setting;

/**
 * The management HTTP port of a service: liveness, readiness and Prometheus metrics.
 *
 * @param port the port, 0 for any free one, -1 for no management port
 * @param host the address it binds to
 */
public record ManagementOptions(int port, String host) {

  public static final String PORT = "management-port";
  public static final String HOST = "management-host";

  /** The settings with the given default port (-1 = off). */
  public static List<Setting> settings(int defaultPort) {
    return List.of(
        Setting.integer(PORT, defaultPort,
            "management HTTP port: /health/live, /health/ready, /metrics (-1 = off, 0 = any)")
            .range(-1, 65535),
        Setting.string(HOST, "127.0.0.1", "address the management port binds to"));
  }

  public static ManagementOptions fromConfig(JsonObject config) {
    return new ManagementOptions(config.getInteger(PORT, -1),
        config.getString(HOST, "127.0.0.1"));
  }

  public boolean enabled() {
    return port >= 0;
  }
}
