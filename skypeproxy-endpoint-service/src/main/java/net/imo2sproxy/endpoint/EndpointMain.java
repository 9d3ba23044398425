package net.imo2sproxy.endpoint;

import java.io.PrintStream;
import java.util.List;
import net.imo2sproxy.runtime.ClusterOptions;
import net.imo2sproxy.runtime.ServiceBootstrap;
import net.imo2sproxy.runtime.Setting;
import net.imo2sproxy.runtime.management.ManagementOptions;

/** {@code java -jar skypeproxy-endpoint-service.jar}: the endpoint on its own, clustered. */
public final class EndpointMain {

  /** The endpoint's own settings ({@link EndpointSettings#TABLE}). */
  public static final List<Setting> ENDPOINT_SETTINGS = EndpointSettings.TABLE.settings();

  /** The endpoint's settings, then the management (port 9401) and cluster settings. */
  public static final List<Setting> SETTINGS = EndpointSettings.TABLE
      .with(ManagementOptions.settings(9401)).with(ClusterOptions.SETTINGS).settings();

  private EndpointMain() {
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** {@link #main} without the exit (see {@link ServiceBootstrap#run}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return ServiceBootstrap.run("skypeproxy-endpoint-service",
        "Terminates SkypeProxy TCP connections of Skype API plugins and relays them to gateways.",
        SETTINGS, config -> {
          SkypeProxyEndpointVerticle endpoint =
              new SkypeProxyEndpointVerticle(new EndpointOptions(config));
          return ServiceBootstrap.withManagement(endpoint, config,
              List.of(endpoint.gatewayReadiness()));
        },
        args, out, err);
  }
}
