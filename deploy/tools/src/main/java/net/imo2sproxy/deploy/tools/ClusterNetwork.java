package net.imo2sproxy.deploy.tools;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Prepares a container's cluster settings from its member list ({@code host[:port]}, comma
 * separated) and prints one line: {@code <own-address> <members>}.
 *
 * <ul>
 *   <li>{@code <own-address>}: this container's IPv4 address on the network through which it
 *       reaches the first member, so that Hazelcast and the event bus bind to the cluster
 *       network even when the container is on several networks (an endpoint also sits on the
 *       clients' network). The kernel picks it when a UDP socket is connected; nothing is sent.
 *   <li>{@code <members>}: the list with every host name replaced by all of its IPv4 addresses
 *       (a compose service name stands for all its replicas). Hazelcast, once bound to one
 *       interface, ignores host names whose addresses are not on that interface, and would
 *       take only one address of a name anyway.
 * </ul>
 *
 * Names are retried for up to {@code [seconds]} (default 30): container DNS entries appear as
 * containers start.
 *
 * <p>Usage: {@code java -cp imo2sproxy-deploy-tools.jar net.imo2sproxy.deploy.tools.ClusterNetwork
 * <members> [seconds]}
 */
public final class ClusterNetwork {

  private ClusterNetwork() {
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1 || args.length > 2 || args[0].isBlank()) {
      System.err.println("usage: ClusterNetwork <host[:port],...> [seconds]");
      System.exit(2);
    }
    long seconds;
    try {
      seconds = args.length > 1 ? Long.parseLong(args[1].trim()) : 30;
    } catch (NumberFormatException e) {
      System.err.println("ClusterNetwork: not a number of seconds: " + args[1]);
      System.exit(2);
      return;
    }
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (true) {
      try {
        List<Member> members = parse(args[0]);
        List<String> expanded = new ArrayList<>();
        InetAddress firstAddress = null;
        for (Member member : members) {
          for (InetAddress address : InetAddress.getAllByName(member.host())) {
            if (address instanceof Inet4Address) {
              firstAddress = firstAddress == null ? address : firstAddress;
              expanded.add(address.getHostAddress() + member.portSuffix());
            }
          }
        }
        if (firstAddress == null) {
          throw new UnknownHostException("no IPv4 address for " + args[0]);
        }
        Set<String> unique = new LinkedHashSet<>(expanded);
        System.out.println(localAddressTowards(firstAddress).getHostAddress() + " "
            + String.join(",", unique));
        return;
      } catch (IllegalArgumentException e) {
        System.err.println("ClusterNetwork: " + e.getMessage());
        System.exit(2);
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          System.err.println("ClusterNetwork: cannot resolve the cluster members: " + e);
          System.exit(1);
        }
        Thread.sleep(500);
      }
    }
  }

  /** One entry of the member list: host and the ":port" suffix as written (or empty). */
  record Member(String host, String portSuffix) {
  }

  static List<Member> parse(String list) {
    List<Member> members = new ArrayList<>();
    for (String raw : list.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        throw new IllegalArgumentException("empty entry in the member list '" + list + "'");
      }
      if (entry.startsWith("[")) {
        int end = entry.indexOf(']');
        if (end < 0) {
          throw new IllegalArgumentException("unclosed '[' in member '" + entry + "'");
        }
        members.add(new Member(entry.substring(1, end), entry.substring(end + 1)));
      } else {
        int colon = entry.indexOf(':');
        members.add(colon >= 0
            ? new Member(entry.substring(0, colon), entry.substring(colon))
            : new Member(entry, ""));
      }
    }
    return members;
  }

  static InetAddress localAddressTowards(InetAddress member) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress(member, 9));
      InetAddress local = socket.getLocalAddress();
      if (local == null || local.isAnyLocalAddress()) {
        throw new UnknownHostException("no route to " + member.getHostAddress());
      }
      return local;
    }
  }
}
