package net.imo2sproxy.deploy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/up", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
    server.createContext("/down", exchange -> answer(exchange, 503, "{\"status\":\"DOWN\"}"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void aTwoHundredAnswerIsHealthy() {
    assertThat(HealthCheck.checkUrl(url("/up"), 2000)).isZero();
  }

  @Test
  void anErrorAnswerOrNoServerIsUnhealthy() throws IOException {
    assertThat(HealthCheck.checkUrl(url("/down"), 2000)).isEqualTo(1);
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    assertThat(HealthCheck.checkUrl("http://127.0.0.1:" + closedPort + "/", 2000)).isEqualTo(1);
  }

  @Test
  void localAddressesStartWithLoopback() {
    assertThat(HealthCheck.localAddresses()).first().isEqualTo(InetAddress.getLoopbackAddress());
  }
}
