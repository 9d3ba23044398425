package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.FileInputStream;
import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SkypeProxy listener with TLS: a self-signed certificate made at test time, clients that
 * trust it over real sockets, and a plain-text client that gets nothing.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsListenerTest {

  private static SelfSignedCertificate certificate;
  private SkypeProxyEndpointVerticle endpoint;
  private FakeGateway gateway;

  @BeforeAll
  static void makeCertificate() {
    certificate = SelfSignedCertificate.create("localhost"); // a new key pair: made once
  }

  @AfterAll
  static void deleteCertificate() {
    certificate.delete();
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    gateway = new FakeGateway(true);
    endpoint = new SkypeProxyEndpointVerticle(options()
        .setTlsCertFile(certificate.certificatePath())
        .setTlsKeyFile(certificate.privateKeyPath()));
    vertx.deployVerticle(gateway)
        .compose(id -> vertx.deployVerticle(endpoint))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static EndpointOptions options() {
    return new EndpointOptions()
        .setPort(0)
        .setHandshakeTimeout(Duration.ofSeconds(10)) // TLS handshakes are slow on a busy machine
        .setBusRequestTimeout(Duration.ofSeconds(5))
        .setHeartbeatInterval(Duration.ofMillis(500));
  }

  /** A TLS client that trusts exactly the test's certificate. */
  private TestClient tlsClient() throws Exception {
    Certificate cert;
    try (InputStream in = new FileInputStream(certificate.certificatePath())) {
      cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("endpoint", cert);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    SSLSocket socket = (SSLSocket) context.getSocketFactory()
        .createSocket("127.0.0.1", endpoint.actualPort());
    socket.startHandshake();
    return new TestClient(socket);
  }

  @Test
  void skypeProxyRunsOverTls() throws Exception {
    try (TestClient client = tlsClient()) {
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("bob:pw");
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("PROTOCOL 7");
      assertThat(client.readFrame()).isEqualTo("PROTOCOL 3");
    }
    // the password travelled inside TLS and reached the gateway intact
    assertThat(gateway.attaches.poll(5, TimeUnit.SECONDS).getString("credential"))
        .isEqualTo("bob:pw");
  }

  @Test
  void aPlainTextClientGetsNothingAndItsNeighbourCarriesOn() throws Exception {
    try (TestClient good = tlsClient(); TestClient plain = new TestClient(endpoint.actualPort())) {
      good.frame("ECHO 1");
      assertThat(good.readFrame()).isEqualTo("ECHO 1");
      // not a TLS ClientHello, and long enough for the TLS layer to judge it at once: the
      // handshake fails and the connection ends, nothing echoed
      plain.frame("ECHO in clear " + "x".repeat(5000));
      assertThat(plain.awaitClosedDiscarding(10_000)).isTrue();
      good.frame("ECHO 2");
      assertThat(good.readFrame()).isEqualTo("ECHO 2");
    }
    assertThat(gateway.sessionMessages.stream()
        .noneMatch(m -> m.getString("line", "").startsWith("ECHO in clear"))).isTrue();
  }

  @Test
  void aCertificateWithoutKeyIsRefusedAtStart(Vertx vertx) throws Exception {
    Throwable failure = deployFailure(vertx, options()
        .setTlsCertFile(certificate.certificatePath()));
    assertThat(failure.getMessage()).contains(EndpointOptions.KEY_TLS_KEY_FILE);
  }

  @Test
  void aMissingKeyFileFailsTheStart(Vertx vertx) throws Exception {
    Throwable failure = deployFailure(vertx, options()
        .setTlsCertFile(certificate.certificatePath())
        .setTlsKeyFile(certificate.privateKeyPath() + ".missing"));
    assertThat(String.valueOf(failure)).contains(".missing");
  }

  private static Throwable deployFailure(Vertx vertx, EndpointOptions options) throws Exception {
    Throwable failure = vertx.deployVerticle(new SkypeProxyEndpointVerticle(options))
        .toCompletionStage().toCompletableFuture().handle((id, err) -> err)
        .get(10, TimeUnit.SECONDS);
    assertThat(failure).as("the deployment fails").isNotNull();
    return failure;
  }
}
