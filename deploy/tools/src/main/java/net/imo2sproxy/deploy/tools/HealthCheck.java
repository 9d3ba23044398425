package net.imo2sproxy.deploy.tools;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Docker HEALTHCHECK without nc or curl. Two forms:
 *
 * <ul>
 *   <li>{@code <url>} ({@code http://...}): exits 0 when a GET answers 2xx (a service's own
 *       health endpoint, such as the management port's {@code /health/ready}), else 1.
 *   <li>{@code <port>}: exits 0 when a TCP connection to the port succeeds on one of this
 *       container's own addresses (loopback first), else 1. Services bind either to all
 *       interfaces or to the container's cluster address, so every local address is tried.
 * </ul>
 *
 * <p>Usage: {@code java -cp imo2sproxy-deploy-tools.jar net.imo2sproxy.deploy.tools.HealthCheck
 * <url>|<port> [timeout-millis]}
 */
public final class HealthCheck {

  private static final int DEFAULT_TIMEOUT_MILLIS = 2000;

  private HealthCheck() {
  }

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: HealthCheck <url>|<port> [timeout-millis]");
      System.exit(2);
    }
    int port;
    int timeout;
    try {
      timeout = args.length > 1 ? Integer.parseInt(args[1].trim()) : DEFAULT_TIMEOUT_MILLIS;
      if (args[0].startsWith("http://") || args[0].startsWith("https://")) {
        System.exit(checkUrl(args[0].trim(), timeout));
      }
      port = Integer.parseInt(args[0].trim());
    } catch (NumberFormatException e) {
      System.err.println("HealthCheck: not a number: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (port < 1 || port > 65535 || timeout < 1) {
      System.err.println("HealthCheck: port must be 1..65535 and the timeout positive");
      System.exit(2);
    }
    List<String> failures = new ArrayList<>();
    for (InetAddress address : localAddresses()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), timeout);
        System.out.println("healthy: " + address.getHostAddress() + ":" + port + " accepts connections");
        System.exit(0);
      } catch (IOException e) {
        failures.add(address.getHostAddress() + ": " + e.getMessage());
      }
    }
    System.err.println("unhealthy: nothing accepts connections on port " + port + " " + failures);
    System.exit(1);
  }

  /** GET {@code url}: 0 on a 2xx answer, else 1; the answer's body goes to the health log. */
  static int checkUrl(String url, int timeoutMillis) {
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
      http.setConnectTimeout(timeoutMillis);
      http.setReadTimeout(timeoutMillis);
      int status = http.getResponseCode();
      InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream();
      String body = in == null ? "" : new String(in.readNBytes(2000), StandardCharsets.UTF_8);
      http.disconnect();
      boolean healthy = status / 100 == 2;
      System.out.println((healthy ? "healthy: " : "unhealthy: ") + url + " answered " + status + " " + body);
      return healthy ? 0 : 1;
    } catch (IOException | IllegalArgumentException e) {
      System.out.println("unhealthy: " + url + ": " + e);
      return 1;
    }
  }

  /** Loopback first, then every IPv4 address of every interface that is up. */
  static List<InetAddress> localAddresses() {
    List<InetAddress> addresses = new ArrayList<>();
    addresses.add(InetAddress.getLoopbackAddress());
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address.getAddress().length == 4) {
            addresses.add(address);
          }
        }
      }
    } catch (IOException e) {
      System.err.println("HealthCheck: cannot list network interfaces: " + e.getMessage());
    }
    return addresses;
  }
}
