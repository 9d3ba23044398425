package net.imo2sproxy.endpoint.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TlsRecords#onePerWrite}: many writes made at once (while the socket's input is being
 * handled, when Vert.x flushes them together) still go out one TLS record each, so a reader that
 * takes one record per read, as bitlbee does, never sees a line cut in two.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsRecordsTest {

  @Test
  void writesFlushedTogetherStayOneRecordEach(Vertx vertx) throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    int lines = 1000;
    NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1")
        .setPort(0).setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(certificate.certificatePath())
            .setKeyPath(certificate.privateKeyPath())));
    server.connectHandler(socket -> {
      TlsRecords.onePerWrite(socket, "test");
      // written while a read is handled: Vert.x flushes them together at the read's end
      socket.handler(request -> {
        for (int i = 0; i < lines; i++) {
          socket.write(Buffer.buffer("CHATMESSAGE " + i + " STATUS RECEIVED\n"));
        }
      });
    });
    int port = Await.result(server.listen()).actualPort();
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
      try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1",
          port)) {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write("go\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[16384]; // bitlbee's buffer
        int received = 0;
        for (int reads = 0; received < lines; reads++) {
          int n = in.read(buffer);
          assertThat(n).as("read %d", reads).isPositive();
          assertThat(buffer[n - 1]).as("last byte of read %d", reads).isEqualTo((byte) '\n');
          received += new String(buffer, 0, n, StandardCharsets.UTF_8).split("\n").length;
        }
        assertThat(received).isEqualTo(lines);
      }
    } finally {
      Await.result(server.close());
      certificate.delete();
    }
  }
}
