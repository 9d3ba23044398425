package net.imo2sproxy.gateway;

import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.bridge.TcpBusBridgeVerticle;
import net.imo2sproxy.runtime.ClusterOptions;
import net.imo2sproxy.runtime.ServiceBootstrap;
import net.imo2sproxy.runtime.Setting;
import net.imo2sproxy.runtime.management.ManagementOptions;
import net.imo2sproxy.runtime.management.ReadinessCheck;

/** {@code java -jar imo-gateway-service.jar}: the gateway on its own, usually clustered. */
public final class GatewayMain {

  /** The gateway's settings table, then the management (port 9402) and cluster settings. */
  public static final List<Setting> SETTINGS = GatewayOptions.TABLE
      .with(ManagementOptions.settings(9402)).with(ClusterOptions.SETTINGS).settings();

  private GatewayMain() {
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** {@link #main} without the exit (see {@link ServiceBootstrap#run}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return ServiceBootstrap.run("imo-gateway-service",
        "Owns imo.im sessions and emulates the Skype API for SkypeProxy endpoints.",
        SETTINGS, config -> withTcpBridge(ServiceBootstrap.withManagement(
            new ImoGatewayVerticle(config), config,
            List.of(ReadinessCheck.httpReachable("imo.im", config.getString(GatewayOptions.IMO_URL)))),
            config),
        args, out, err);
  }

  /** Adds the TCP event-bus bridge role when {@code tcp-bridge-port} is set. */
  static List<Deployable> withTcpBridge(List<Deployable> roles, JsonObject config) {
    TcpBusBridgeVerticle bridge = TcpBusBridgeVerticle.fromConfig(config);
    if (bridge == null) {
      return roles;
    }
    List<Deployable> all = new ArrayList<>(roles);
    all.add(bridge);
    return all;
  }
}
