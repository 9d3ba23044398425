package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
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
  private Vertx vertx;

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
    this.vertx = vertx;
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
  private SkypeProxyTestClient tlsClient() throws Exception {
    // no host name check: the certificate names localhost, the client dials 127.0.0.1
    NetClientOptions tls = new NetClientOptions().setSsl(true)
        .setHostnameVerificationAlgorithm("")
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certificatePath()));
    return Await.result(SkypeProxyTestClient.connect(vertx, tls, "127.0.0.1",
        endpoint.actualPort()));
  }

  @Test
  void skypeProxyRunsOverTls() throws Exception {
    try (SkypeProxyTestClient client = tlsClient()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
      assertThat(Await.result(client.password("bob:pw"))).isEqualTo(1);
      client.send("PROTOCOL 7");
      assertThat(Await.result(client.nextLine())).isEqualTo("PROTOCOL 3");
    }
    // the password travelled inside TLS and reached the gateway intact
    assertThat(gateway.attaches.poll(5, TimeUnit.SECONDS).getString("credential"))
        .isEqualTo("bob:pw");
  }

  @Test
  void aPlainTextClientGetsNothingAndItsNeighbourCarriesOn() throws Exception {
    try (SkypeProxyTestClient good = tlsClient();
        SkypeProxyTestClient plain = Await.result(
            SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      good.send("ECHO 1");
      assertThat(Await.result(good.nextLine())).isEqualTo("ECHO 1");
      // not a TLS ClientHello, and long enough for the TLS layer to judge it at once: the
      // handshake fails and the connection ends, nothing echoed
      plain.send("ECHO in clear " + "x".repeat(5000));
      Await.result(plain.awaitClosed(), Duration.ofMillis(10_000));
      good.send("ECHO 2");
      assertThat(Await.result(good.nextLine())).isEqualTo("ECHO 2");
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
