package net.imo2sproxy.runtime.management;

import io.vertx.core.json.JsonObject;
import java.util.List;
import net.imo2sproxy.runtime.Setting;

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
            "management HTTP port: /health/live, /health/ready, /metrics, /status"
                + " (-1 = off, 0 = any)")
            .range(-1, 65535),
        Setting.string(HOST, "127.0.0.1", "address the management port binds to"),
        Setting.string(REGION, null,
            "region (or site) of this node, shown on the status page (unset = none)"));
  }

  public static ManagementOptions fromConfig(JsonObject config) {
    String region = config.getString(REGION);
    return new ManagementOptions(config.getInteger(PORT, -1),
        config.getString(HOST, "127.0.0.1"), region == null || region.isBlank() ? null : region);
  }

  public boolean enabled() {
    return port >= 0;
  }
}
