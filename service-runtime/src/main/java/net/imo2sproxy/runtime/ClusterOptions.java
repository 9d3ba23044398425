package net.imo2sproxy.runtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Event bus mode (local or Hazelcast-clustered) and the cluster's network settings. */
public final class ClusterOptions {

  public static final String CLUSTER = "cluster";
  public static final String CLUSTER_NAME = "cluster-name";
  public static final String CLUSTER_MEMBERS = "cluster-members";
  public static final String CLUSTER_HOST = "cluster-host";
  public static final String CLUSTER_PUBLIC_HOST = "cluster-public-host";
  public static final String CLUSTER_PORT = "cluster-port";
  public static final String EVENT_BUS_PORT = "event-bus-port";
  public static final String CLUSTER_INTERFACES = "cluster-interfaces";
  public static final String CLUSTER_LITE_MEMBER = "cluster-lite-member";
  public static final String CLUSTER_STATE_BACKUPS = "cluster-state-backups";
  public static final String EVENT_BUS_TLS = "event-bus-tls";
  public static final String EVENT_BUS_TLS_KEY_FILE = "event-bus-tls-key-file";
  public static final String EVENT_BUS_TLS_CERT_FILE = "event-bus-tls-cert-file";
  public static final String EVENT_BUS_TLS_TRUST_FILE = "event-bus-tls-trust-file";

  public static final String DEFAULT_CLUSTER_NAME = "imo2sproxy";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_CLUSTER_PORT = 5701;

  /** The cluster settings table (services append it to their own); env IMO2SPROXY_ + upper snake key. */
  public static final SettingsTable TABLE = SettingsTable.of(
    Setting.bool(CLUSTER, false, "clustered (Hazelcast) event bus instead of a local one"),
    Setting.string(CLUSTER_NAME, DEFAULT_CLUSTER_NAME, "Hazelcast cluster name; members must share it"),
    Setting.list(CLUSTER_MEMBERS, List.of(DEFAULT_HOST), "TCP-IP join list, `host[:port]`, comma separated"),
    Setting.string(CLUSTER_HOST, DEFAULT_HOST, "address Hazelcast and the event bus bind to"),
    Setting.string(CLUSTER_PUBLIC_HOST, null, "address advertised to other members (containers)"),
    Setting.integer(CLUSTER_PORT, DEFAULT_CLUSTER_PORT, "Hazelcast port (0 = any)").range(0, 65535),
    Setting.integer(EVENT_BUS_PORT, 0, "event-bus TCP port (0 = any)").range(0, 65535),
    Setting.list(CLUSTER_INTERFACES, List.of(), "further interface patterns Hazelcast may bind to and accept"
      + " members on (`10.0.1.*`); with none, only `cluster-host`"),
    Setting.bool(CLUSTER_LITE_MEMBER, false, "join as a Hazelcast lite member (holds no"
      + " partitions of the cluster maps, less heap); only with data members (gateways) that never"
      + " all go: a cluster of lite members only loses its bus registrations (deploy/README.md)"),
    Setting.integer(CLUSTER_STATE_BACKUPS, 2, "synchronous backups of the saved session states,"
      + " session directory and message-number counter: they outlive that many data members"
      + " dying at once (every gateway, when the endpoints are data members)").range(1, 6),
    Setting.bool(EVENT_BUS_TLS, false,
      "mutually authenticated TLS on the event bus between nodes (needs the three files below)"),
    Setting.string(EVENT_BUS_TLS_KEY_FILE, null, "this node's PEM private key (PKCS#8)"),
    Setting.string(EVENT_BUS_TLS_CERT_FILE, null, "this node's PEM certificate (chain), presented to its peers"),
    Setting.string(EVENT_BUS_TLS_TRUST_FILE, null,
      "PEM CA certificate(s) every peer's certificate must chain to"));

  /** The settings of {@link #TABLE}. */
  public static final List<Setting> SETTINGS = TABLE.settings();

  private boolean clustered;
  private String clusterName = DEFAULT_CLUSTER_NAME;
  private List<String> members = new ArrayList<>(List.of(DEFAULT_HOST));
  private String host = DEFAULT_HOST;
  private String publicHost;
  private int clusterPort = DEFAULT_CLUSTER_PORT;
  private int eventBusPort;
  private List<String> interfaces = new ArrayList<>();
  private boolean liteMember;
  private int stateBackups = 2;
  private boolean eventBusTls;
  private String eventBusTlsKeyFile;
  private String eventBusTlsCertFile;
  private String eventBusTlsTrustFile;

  public ClusterOptions() {
  }

  /** Reads the cluster keys from a config loaded with {@link #SETTINGS}; absent keys keep defaults. */
  public static ClusterOptions fromConfig(JsonObject config) {
    ClusterOptions o = new ClusterOptions();
    o.clustered = TABLE.boolValue(config, CLUSTER);
    o.clusterName = TABLE.stringValue(config, CLUSTER_NAME);
    o.members = TABLE.listValue(config, CLUSTER_MEMBERS);
    o.host = TABLE.stringValue(config, CLUSTER_HOST);
    o.publicHost = TABLE.stringValue(config, CLUSTER_PUBLIC_HOST);
    o.clusterPort = TABLE.intValue(config, CLUSTER_PORT);
    o.eventBusPort = TABLE.intValue(config, EVENT_BUS_PORT);
    o.interfaces = TABLE.listValue(config, CLUSTER_INTERFACES);
    o.liteMember = TABLE.boolValue(config, CLUSTER_LITE_MEMBER);
    o.stateBackups = TABLE.intValue(config, CLUSTER_STATE_BACKUPS);
    o.eventBusTls = TABLE.boolValue(config, EVENT_BUS_TLS);
    o.eventBusTlsKeyFile = TABLE.stringValue(config, EVENT_BUS_TLS_KEY_FILE);
    o.eventBusTlsCertFile = TABLE.stringValue(config, EVENT_BUS_TLS_CERT_FILE);
    o.eventBusTlsTrustFile = TABLE.stringValue(config, EVENT_BUS_TLS_TRUST_FILE);
    return o;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put(CLUSTER, clustered)
      .put(CLUSTER_NAME, clusterName)
      .put(CLUSTER_MEMBERS, new JsonArray(new ArrayList<>(members)))
      .put(CLUSTER_HOST, host)
      .put(CLUSTER_PORT, clusterPort)
      .put(EVENT_BUS_PORT, eventBusPort)
      .put(CLUSTER_INTERFACES, new JsonArray(new ArrayList<>(interfaces)))
      .put(CLUSTER_LITE_MEMBER, liteMember)
      .put(CLUSTER_STATE_BACKUPS, stateBackups)
      .put(EVENT_BUS_TLS, eventBusTls);
    if (publicHost != null) {
      json.put(CLUSTER_PUBLIC_HOST, publicHost);
    }
    putIfSet(json, EVENT_BUS_TLS_KEY_FILE, eventBusTlsKeyFile);
    putIfSet(json, EVENT_BUS_TLS_CERT_FILE, eventBusTlsCertFile);
    putIfSet(json, EVENT_BUS_TLS_TRUST_FILE, eventBusTlsTrustFile);
    return json;
  }

  public boolean isClustered() {
    return clustered;
  }

  public ClusterOptions setClustered(boolean clustered) {
    this.clustered = clustered;
    return this;
  }

  public String getClusterName() {
    return clusterName;
  }

  public ClusterOptions setClusterName(String clusterName) {
    this.clusterName = clusterName;
    return this;
  }

  public List<String> getMembers() {
    return List.copyOf(members);
  }

  public ClusterOptions setMembers(List<String> members) {
    this.members = new ArrayList<>(members);
    return this;
  }

  public String getHost() {
    return host;
  }

  public ClusterOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public String getPublicHost() {
    return publicHost;
  }

  public ClusterOptions setPublicHost(String publicHost) {
    this.publicHost = publicHost;
    return this;
  }

  public int getClusterPort() {
    return clusterPort;
  }

  public ClusterOptions setClusterPort(int clusterPort) {
    this.clusterPort = clusterPort;
    return this;
  }

  public int getEventBusPort() {
    return eventBusPort;
  }

  public ClusterOptions setEventBusPort(int eventBusPort) {
    this.eventBusPort = eventBusPort;
    return this;
  }

  /** Interface patterns (Hazelcast syntax: 10.0.1.*, 10.0.1.10-20); empty: only cluster-host. */
  public List<String> getInterfaces() {
    return List.copyOf(interfaces);
  }

  public ClusterOptions setInterfaces(List<String> interfaces) {
    this.interfaces = new ArrayList<>(interfaces);
    return this;
  }

  /** A Hazelcast lite member: a member of the cluster that owns no partition of its maps. */
  public boolean isLiteMember() {
    return liteMember;
  }

  public ClusterOptions setLiteMember(boolean liteMember) {
    this.liteMember = liteMember;
    return this;
  }

  /** Synchronous backups of the maps that hold what a survivor needs (sessions, numbers). */
  public int getStateBackups() {
    return stateBackups;
  }

  public ClusterOptions setStateBackups(int stateBackups) {
    this.stateBackups = stateBackups;
    return this;
  }

  public boolean isEventBusTls() {
    return eventBusTls;
  }

  public ClusterOptions setEventBusTls(boolean eventBusTls) {
    this.eventBusTls = eventBusTls;
    return this;
  }

  public String getEventBusTlsKeyFile() {
    return eventBusTlsKeyFile;
  }

  public ClusterOptions setEventBusTlsKeyFile(String eventBusTlsKeyFile) {
    this.eventBusTlsKeyFile = eventBusTlsKeyFile;
    return this;
  }

  public String getEventBusTlsCertFile() {
    return eventBusTlsCertFile;
  }

  public ClusterOptions setEventBusTlsCertFile(String eventBusTlsCertFile) {
    this.eventBusTlsCertFile = eventBusTlsCertFile;
    return this;
  }

  public String getEventBusTlsTrustFile() {
    return eventBusTlsTrustFile;
  }

  public ClusterOptions setEventBusTlsTrustFile(String eventBusTlsTrustFile) {
    this.eventBusTlsTrustFile = eventBusTlsTrustFile;
    return this;
  }

  private static void putIfSet(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
