package net.imo2sproxy.endpoint;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.runtime.ClusterOptions;
import net.imo2sproxy.runtime.ServiceBootstrap;
import net.imo2sproxy.runtime.Setting;
import net.imo2sproxy.runtime.management.ManagementOptions;

/** {@code java -jar skypeproxy-endpoint-service.jar}: the endpoint on its own, clustered. */
public final class EndpointMain {

  /** The endpoint's own settings (keys of {@link EndpointOptions}). */
  public static final List<Setting> ENDPOINT_SETTINGS = List.of(
      Setting.string(EndpointOptions.KEY_HOST, EndpointOptions.DEFAULT_HOST,
          "address the SkypeProxy listener binds to"),
      Setting.integer(EndpointOptions.KEY_PORT, EndpointOptions.DEFAULT_PORT,
          "SkypeProxy TCP port (0 = any free port)").range(0, 65535),
      Setting.integer(EndpointOptions.KEY_MAX_FRAME_LENGTH,
          EndpointOptions.DEFAULT_MAX_FRAME_LENGTH,
          "largest frame accepted; a longer one closes the connection"),
      Setting.integer(EndpointOptions.KEY_HANDSHAKE_TIMEOUT,
          (int) EndpointOptions.DEFAULT_HANDSHAKE_TIMEOUT.toSeconds(),
          "seconds a client may take to send its first command"),
      Setting.integer(EndpointOptions.KEY_BUS_TIMEOUT,
          (int) EndpointOptions.DEFAULT_BUS_REQUEST_TIMEOUT.toSeconds(),
          "seconds to wait for a gateway's answer"),
      Setting.integer(EndpointOptions.KEY_MAX_CONNECTIONS,
          EndpointOptions.DEFAULT_MAX_CONNECTIONS,
          "open client connections accepted in total (0 = no limit)").range(0, Integer.MAX_VALUE),
      Setting.integer(EndpointOptions.KEY_MAX_CONNECTIONS_PER_ADDRESS,
          EndpointOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
          "open client connections accepted from one source address (0 = no limit)")
          .range(0, Integer.MAX_VALUE),
      Setting.integer(EndpointOptions.KEY_LOGIN_IDLE_TIMEOUT,
          (int) EndpointOptions.DEFAULT_LOGIN_IDLE_TIMEOUT.toSeconds(),
          "seconds a connection may stay without any command reaching its session (0 = no"
              + " limit); a logged-in connection may be silent for ever")
          .range(0, Integer.MAX_VALUE),
      Setting.integer(EndpointOptions.KEY_MAX_HELD_OUTPUT, EndpointOptions.DEFAULT_MAX_HELD_OUTPUT,
          "bytes of output held for a client that does not read; past it the connection is"
              + " dropped").range(1, Integer.MAX_VALUE),
      Setting.string(EndpointOptions.KEY_TLS_CERT_FILE, null,
          "PEM certificate file: with skypeproxy-tls-key-file, the SkypeProxy listener speaks"
              + " TLS"),
      Setting.string(EndpointOptions.KEY_TLS_KEY_FILE, null,
          "PEM private key file of skypeproxy-tls-cert-file"),
      Setting.string(EndpointOptions.KEY_ENDPOINT_ID, null,
          "id of this endpoint instance (random by default)"),
      Setting.integer(EndpointOptions.KEY_HEARTBEAT_INTERVAL,
          (int) EndpointOptions.DEFAULT_HEARTBEAT_INTERVAL.toSeconds(),
          "seconds between heartbeats to the sessions (also how fast a dead gateway is noticed)"),
      Setting.integer(EndpointOptions.KEY_FAILOVER_TIMEOUT,
          (int) EndpointOptions.DEFAULT_FAILOVER_TIMEOUT.toSeconds(),
          "seconds a connection may spend re-attaching after its gateway was lost"),
      Setting.bool(EndpointOptions.KEY_DATA_SLOTS, true,
          "offer data slots (CAPABILITIES bit 02) and push avatars to clients that accept them"),
      Setting.string(EndpointOptions.KEY_AVATAR_DIR, null,
          "directory on this host where avatars may be written for clients without data slots"
              + " (only paths inside it; unset = never)"));

  /** The endpoint's settings and the cluster settings. */
  public static final List<Setting> SETTINGS;

  static {
    List<Setting> all = new ArrayList<>(ENDPOINT_SETTINGS);
    all.addAll(ManagementOptions.settings(9401));
    all.addAll(ClusterOptions.SETTINGS);
    SETTINGS = List.copyOf(all);
  }

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
        SETTINGS, config -> ServiceBootstrap.withManagement(
            new SkypeProxyEndpointVerticle(new EndpointOptions(config)), config, List.of()),
        args, out, err);
  }
}
