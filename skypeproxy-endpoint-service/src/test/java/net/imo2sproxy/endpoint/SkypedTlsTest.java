package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypedTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which certificate the skyped listener presents (docs/skyped-listener.md §2): its own, else
 * the SkypeProxy listener's; a client trusting only the expected one logs in.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SkypedTlsTest {

  private static SelfSignedCertificate skypeProxyCertificate;
  private static SelfSignedCertificate skypedCertificate;

  @BeforeAll
  static void makeCertificates() {
    skypeProxyCertificate = SelfSignedCertificate.create("localhost");
    skypedCertificate = SelfSignedCertificate.create("localhost");
  }

  @AfterAll
  static void deleteCertificates() {
    skypeProxyCertificate.delete();
    skypedCertificate.delete();
  }

  private static EndpointOptions options() {
    return new EndpointOptions().setPort(0).setSkypedPort(0)
        .setHandshakeTimeout(Duration.ofSeconds(10))
        .setBusRequestTimeout(Duration.ofSeconds(5))
        .setHeartbeatInterval(Duration.ofMillis(500))
        .setTlsCertFile(skypeProxyCertificate.certificatePath())
        .setTlsKeyFile(skypeProxyCertificate.privateKeyPath());
  }

  /** Logs in as bob trusting only {@code certificate}; the verdict line, or the failure. */
  private static String logInTrusting(Vertx vertx, int port, SelfSignedCertificate certificate)
      throws Exception {
    NetClientOptions trustingOne = new NetClientOptions().setSsl(true)
        .setHostnameVerificationAlgorithm("")
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certificatePath()));
    try {
      SkypedTestClient client = Await.result(
          SkypedTestClient.connect(vertx, trustingOne, "127.0.0.1", port));
      try {
        return Await.result(client.logIn("bob", "bob:pw"));
      } finally {
        client.close();
      }
    } catch (AssertionError | Exception e) { // Await fails with an AssertionError
      return "failed: " + e;
    }
  }

  @Test
  void withoutItsOwnCertificateTheSkypeProxyListenersIsPresented(Vertx vertx) throws Exception {
    SkypeProxyEndpointVerticle endpoint = new SkypeProxyEndpointVerticle(options());
    Await.result(vertx.deployVerticle(new FakeGateway(false)));
    Await.result(vertx.deployVerticle(endpoint));
    int port = endpoint.skypedActualPort();
    assertThat(logInTrusting(vertx, port, skypeProxyCertificate)).isEqualTo("PASSWORD OK");
    assertThat(logInTrusting(vertx, port, skypedCertificate)).startsWith("failed");
  }

  @Test
  void itsOwnCertificateWins(Vertx vertx) throws Exception {
    SkypeProxyEndpointVerticle endpoint = new SkypeProxyEndpointVerticle(options()
        .setSkypedTlsCertFile(skypedCertificate.certificatePath())
        .setSkypedTlsKeyFile(skypedCertificate.privateKeyPath()));
    Await.result(vertx.deployVerticle(new FakeGateway(false)));
    Await.result(vertx.deployVerticle(endpoint));
    int port = endpoint.skypedActualPort();
    assertThat(logInTrusting(vertx, port, skypedCertificate)).isEqualTo("PASSWORD OK");
    assertThat(logInTrusting(vertx, port, skypeProxyCertificate)).startsWith("failed");
  }

  @Test
  void aCertificateWithoutKeyFailsTheStart(Vertx vertx) throws Exception {
    Throwable failure = vertx.deployVerticle(new SkypeProxyEndpointVerticle(options()
            .setSkypedTlsCertFile(skypedCertificate.certificatePath())))
        .toCompletionStage().toCompletableFuture().handle((id, err) -> err)
        .get(10, TimeUnit.SECONDS);
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains(EndpointOptions.KEY_SKYPED_TLS_KEY_FILE);
  }
}
