package net.imo2sproxy.endpoint;

import static net.imo2sproxy.endpoint.EndpointOptions.*;

import net.imo2sproxy.runtime.Setting;
import net.imo2sproxy.runtime.SettingsTable;

/**
 * The endpoint's settings table: the only place an endpoint setting's key, default, range and
 * meaning are declared. {@link EndpointOptions} reads its values through it, {@link EndpointMain}
 * loads and documents ({@code --help}) it, and README.md's endpoint table is generated from it.
 */
public final class EndpointSettings {

  /** The table, in the order of {@code --help} and the README. */
  public static final SettingsTable TABLE = SettingsTable.of(
      Setting.string(KEY_HOST, DEFAULT_HOST, "SkypeProxy listen address"),
      Setting.integer(KEY_PORT, DEFAULT_PORT, "SkypeProxy port (0 = any)").range(0, 65535),
      Setting.integer(KEY_MAX_FRAME_LENGTH, DEFAULT_MAX_FRAME_LENGTH,
          "longer frames close the connection").atLeast(1),
      Setting.integer(KEY_HANDSHAKE_TIMEOUT, (int) DEFAULT_HANDSHAKE_TIMEOUT.toSeconds(),
          "time to the first frame (the password or the first command)").atLeast(1),
      Setting.integer(KEY_BUS_TIMEOUT, (int) DEFAULT_BUS_REQUEST_TIMEOUT.toSeconds(),
          "wait for a gateway's answer").atLeast(1),
      Setting.string(KEY_ENDPOINT_ID, null,
          "id of this endpoint instance; unique in the cluster (the gateways send all its"
              + " connections' output to `imo2sproxy.endpoint.<id>`)")
          .documentedDefault("random"),
      Setting.integer(KEY_HEARTBEAT_INTERVAL, (int) DEFAULT_HEARTBEAT_INTERVAL.toSeconds(),
          "heartbeats to the gateways (one per gateway for all its sessions); one unanswered"
              + " for two intervals means the gateway is gone").atLeast(1),
      Setting.integer(KEY_FAILOVER_TIMEOUT, (int) DEFAULT_FAILOVER_TIMEOUT.toSeconds(),
          "how long a connection keeps re-attaching before it reports OFFLINE and closes")
          .atLeast(1),
      Setting.bool(KEY_DATA_SLOTS, true,
          "CAPABILITIES also sets bit 02; clients answering MY_CAPABILITIES 02 get"
              + " `GET USER <h> AVATAR 1 <path>` pictures pushed over data slots"),
      Setting.string(KEY_AVATAR_DIR, null,
          "for clients without data slots: avatars are written on the endpoint's host, only to"
              + " paths inside this directory; unset = `ERROR 122`"),
      Setting.integer(KEY_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS,
          "open client connections accepted in total; more are closed at once (0 = no limit)")
          .atLeast(0),
      Setting.integer(KEY_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
          "open client connections from one source address (0 = no limit); refusals are logged"
              + " once a minute per address and counted").atLeast(0),
      Setting.integer(KEY_LOGIN_IDLE_TIMEOUT, (int) DEFAULT_LOGIN_IDLE_TIMEOUT.toSeconds(),
          "a connection none of whose commands reached its session this long after it was"
              + " accepted is closed (0 = no limit); once one did, it may stay silent for ever")
          .atLeast(0),
      Setting.integer(KEY_MAX_HELD_OUTPUT, DEFAULT_MAX_HELD_OUTPUT,
          "output held for a client that does not read (its socket's write queue is full);"
              + " past it the connection is dropped and detached").atLeast(1),
      Setting.string(KEY_TLS_CERT_FILE, null,
          "PEM certificate (chain); with the key file the SkypeProxy listener speaks TLS"),
      Setting.string(KEY_TLS_KEY_FILE, null, "PEM private key of that certificate"),
      Setting.integer(KEY_SKYPED_PORT, null,
          "port of the skyped-compatible listener for bitlbee's Skype plugin (always TLS;"
              + " docs/skyped-listener.md); skyped used 2727 (0 = any)")
          .range(0, 65535).documentedDefault("off"),
      Setting.string(KEY_SKYPED_TLS_CERT_FILE, null,
          "PEM certificate (chain) of the skyped listener; unset = the SkypeProxy listener's,"
              + " else a self-signed one made at start"),
      Setting.string(KEY_SKYPED_TLS_KEY_FILE, null, "PEM private key of that certificate"));

  private EndpointSettings() {
  }
}
