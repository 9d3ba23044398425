package net.imo2sproxy.runtime.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import net.imo2sproxy.runtime.ClusterOptions;
import net.imo2sproxy.runtime.ConfigException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Programmatic Hazelcast config: the data structures of vertx-hazelcast's default-cluster.xml
 * plus TCP-IP join restricted to the configured members and interfaces. Open-source Hazelcast
 * neither authenticates nor encrypts member traffic: the member list says whom to contact, it
 * does not keep others out; the cluster network must be private (deploy/README.md).
 */
public final class HazelcastConfigFactory {

  /**
   * Seconds without heartbeat before a member is dropped (Hazelcast default is 60). Sessions of
   * a dead gateway must be taken over within 10 s, and the cluster maps' partitions of a dead
   * member are served by their backups only once it is dropped.
   */
  public static final int MAX_NO_HEARTBEAT_SECONDS = 5;
  /** Heartbeat interval, well below {@link #MAX_NO_HEARTBEAT_SECONDS}. */
  public static final int HEARTBEAT_INTERVAL_SECONDS = 1;
  /**
   * Seconds between searches for another cluster of the same name at the member addresses
   * (Hazelcast: 300 s for the first, 120 s after). When every gateway went away and new ones
   * started, they form a cluster of their own; the endpoints find and merge with it only at
   * such a search, so they told clients for minutes that no gateway was there.
   */
  public static final int MERGE_SEARCH_SECONDS = 5;

  private HazelcastConfigFactory() {
  }

  public static Config create(ClusterOptions options) {
    Config config = new Config();
    config.setClusterName(requireText(options.getClusterName(), ClusterOptions.CLUSTER_NAME));
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
    config.setProperty("hazelcast.heartbeat.interval.seconds",
      String.valueOf(HEARTBEAT_INTERVAL_SECONDS));
    config.setProperty("hazelcast.merge.first.run.delay.seconds",
      String.valueOf(MERGE_SEARCH_SECONDS));
    config.setProperty("hazelcast.merge.next.run.delay.seconds",
      String.valueOf(MERGE_SEARCH_SECONDS));
    // Vert.x must leave the cluster itself (unregistering its subscriptions first);
    // Hazelcast's own JVM hook would race with that.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.getJetConfig().setEnabled(false);
    // Owns no partition: no primary or backup of the subscription multimap, node infos or
    // the session maps. A cluster with no data member left cannot store anything (see
    // ClusterOptions.CLUSTER_LITE_MEMBER).
    config.setLiteMember(options.isLiteMember());

    // Mirrors default-cluster.xml shipped in vertx-hazelcast 5.0.x.
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs")
      .setBackupCount(1)
      .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    // What a surviving gateway continues from: the saved session states and the session
    // directory (imo2sproxy.*) and the counter of message-number blocks (Vert.x keeps counters
    // in __vertx.map.counter). With one backup, killing two data members at once lost the
    // partitions both held, and the sessions logged in afresh: whatever imo.im had queued for
    // the old upstream sessions was never read (kill -9 test, every gateway at once).
    for (String name : List.of("imo2sproxy.*", "__vertx.map.counter")) {
      config.addMapConfig(new MapConfig(name).setBackupCount(options.getStateBackups()));
    }

    NetworkConfig network = config.getNetworkConfig();
    int port = options.getClusterPort();
    if (port < 0 || port > 65535) {
      throw new ConfigException("Invalid " + ClusterOptions.CLUSTER_PORT + ": " + port);
    }
    network.setPort(port);
    // With a fixed port, let a second member on the same host take the next one (5702, ...).
    network.setPortAutoIncrement(port != 0);
    if (options.getPublicHost() != null && !options.getPublicHost().isBlank()) {
      network.setPublicAddress(options.getPublicHost());
    }

    InetAddress bind = resolve(requireText(options.getHost(), ClusterOptions.CLUSTER_HOST));
    List<String> patterns = new ArrayList<>();
    if (!bind.isAnyLocalAddress()) {
      patterns.add(bind.getHostAddress());
    }
    for (String pattern : options.getInterfaces()) {
      if (pattern != null && !pattern.isBlank()) {
        patterns.add(pattern.trim());
      }
    }
    boolean interfacesEnabled = !patterns.isEmpty();
    if (interfacesEnabled) {
      network.getInterfaces().setEnabled(true).setInterfaces(patterns);
      config.setProperty("hazelcast.socket.bind.any", "false");
    }

    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (String member : options.getMembers()) {
      String checked = checkMember(member);
      // With interfaces enabled Hazelcast keeps only those addresses of a member *name* that match
      // a local interface pattern, which drops every other host; literal addresses are kept as given.
      for (String address : interfacesEnabled ? resolveMember(checked) : List.of(checked)) {
        join.getTcpIpConfig().addMember(address);
      }
    }
    return config;
  }

  private static InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ConfigException("Cannot resolve " + ClusterOptions.CLUSTER_HOST + " '" + host + "'");
    }
  }

  /** A member host name as its addresses (each with the member's port); literals unchanged. */
  static List<String> resolveMember(String member) {
    String host = member;
    String port = "";
    if (member.startsWith("[")) {
      return List.of(member); // IPv6 literal
    }
    int colon = member.indexOf(':');
    if (colon >= 0) {
      if (colon != member.lastIndexOf(':')) {
        return List.of(member); // bare IPv6 literal
      }
      host = member.substring(0, colon);
      port = member.substring(colon);
    }
    if (isAddressLiteral(host)) {
      return List.of(member);
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new ConfigException("Cannot resolve " + ClusterOptions.CLUSTER_MEMBERS + " entry '" + member + "'");
    }
    List<String> resolved = new ArrayList<>();
    for (InetAddress address : addresses) {
      String literal = address.getHostAddress();
      resolved.add(address instanceof Inet6Address
        ? (port.isEmpty() ? literal : "[" + literal + "]" + port) : literal + port);
    }
    return resolved;
  }

  private static boolean isAddressLiteral(String host) {
    // Dotted IPv4 or a pattern such as 10.0.0.* / 10.0.0.10-20, which Hazelcast matches itself.
    return host.matches("[0-9.*\\-]+");
  }

  private static String checkMember(String member) {
    String m = member == null ? "" : member.trim();
    if (m.isEmpty()) {
      throw new ConfigException("Empty entry in " + ClusterOptions.CLUSTER_MEMBERS);
    }
    // IPv6 literals carry their own colons; only check the plain host:port form.
    if (!m.startsWith("[") && m.indexOf(':') == m.lastIndexOf(':') && m.indexOf(':') >= 0) {
      String p = m.substring(m.indexOf(':') + 1);
      int port;
      try {
        port = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new ConfigException("Invalid port in " + ClusterOptions.CLUSTER_MEMBERS + " entry '" + m + "'");
      }
      if (port < 1 || port > 65535) {
        throw new ConfigException("Invalid port in " + ClusterOptions.CLUSTER_MEMBERS + " entry '" + m + "'");
      }
    }
    return m;
  }

  private static String requireText(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new ConfigException("Setting '" + key + "' must not be empty");
    }
    return value.trim();
  }
}
