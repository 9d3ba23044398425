package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * bitlbee's way of reading skyped (docs/skyped-listener.md): one TLS record per read into a
 * 16 KiB buffer, split on {@code \n}, no partial line kept. A JDK TLS socket reads the same way
 * (one record per read), so every read must end at a line's end, however much output comes at
 * once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SkypedRecordsTest {

  /** bitlbee's IRC_LINE_SIZE, the buffer of each of its reads. */
  private static final int BITLBEE_BUFFER = 16384;

  private SkypeProxyEndpointVerticle endpoint;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    endpoint = new SkypeProxyEndpointVerticle(new EndpointOptions()
        .setPort(0)
        .setSkypedPort(0)
        .setBusRequestTimeout(Duration.ofSeconds(5))
        .setHeartbeatInterval(Duration.ofMillis(500)));
    vertx.deployVerticle(new FakeGateway(false))
        .compose(id -> vertx.deployVerticle(endpoint))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void everyRecordEndsAtTheEndOfALine() throws Exception {
    int notifications = 1000;
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory()
        .createSocket("127.0.0.1", endpoint.skypedActualPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      // FLOOD: the session writes 2 lines per notification, many within one flush
      out.write(("USERNAME bob\nPASSWORD bob:pw\nFLOOD " + notifications + "\n")
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[BITLBEE_BUFFER];
      List<String> lines = new ArrayList<>();
      int reads = 0;
      String last = "N " + (2 * notifications - 1);
      while (lines.isEmpty() || !lines.get(lines.size() - 1).equals(last)) {
        int n = in.read(buffer);
        assertThat(n).as("bytes of read %d", reads).isPositive().isLessThan(BITLBEE_BUFFER - 1);
        assertThat(buffer[n - 1]).as("last byte of read %d", reads).isEqualTo((byte) '\n');
        for (String line : new String(buffer, 0, n, StandardCharsets.UTF_8).split("\n")) {
          lines.add(line);
        }
        reads++;
      }
      assertThat(lines.get(0)).isEqualTo("PASSWORD OK");
      assertThat(lines).hasSize(1 + 2 * notifications);
    }
  }
}
