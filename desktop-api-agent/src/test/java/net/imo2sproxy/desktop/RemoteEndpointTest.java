package net.imo2sproxy.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.gateway.GatewayOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent against a remote endpoint as {@code java -jar desktop-api-agent.jar} runs it: TLS
 * with a trusted certificate and the endpoint's proxy password; a wrong password is refused at
 * attach, not later. Over D-Bus (skips without dbus-daemon). Also the standalone command line.
 */
@ExtendWith(VertxExtension.class)
class RemoteEndpointTest {

  private static DesktopFixtures.Server daemon;
  private static SelfSignedCertificate certificate;
  private static TestBridge bridge;
  private static Vertx vertx;

  @BeforeAll
  static void startBusAndTlsBridge(Vertx v) throws Exception {
    daemon = DesktopFixtures.sessionBus();
    vertx = v;
    certificate = SelfSignedCertificate.create("localhost");
    bridge = TestBridge.start(vertx, new JsonObject().put(GatewayOptions.AUTH_PASSWORD,
            "proxy-secret"), new EndpointOptions().setTlsCertFile(certificate.certificatePath())
            .setTlsKeyFile(certificate.privateKeyPath()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
    if (certificate != null) {
      certificate.delete();
    }
  }

  private DesktopAgent agent(String password) throws Exception {
    return DesktopAgent.start(vertx, new DesktopAgentOptions().setX11(false)
            .setBusAddress(daemon.address()).setEndpoint("localhost:" + bridge.port())
            .setTls(true).setTrustFile(certificate.certificatePath()).setPassword(password))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void overTlsWithTheProxyPasswordAClientChats() throws Exception {
    DesktopAgent agent = agent("proxy-secret");
    try (DbusTestClient client = new DbusTestClient(daemon.address())) {
      DesktopConversations.chatWithEcho(client, "over TLS");
      assertThat(client.transcript()).contains("< USERS bob, echo123");
    } finally {
      agent.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWrongPasswordIsRefusedAtAttach() throws Exception {
    DesktopAgent agent = agent("wrong");
    try (DbusTestClient client = new DbusTestClient(daemon.address())) {
      assertThat(client.call("NAME Skype4Py")).isEqualTo("ERROR 9905 No connection to imo2sproxy");
    } finally {
      agent.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theStandaloneCommandLineExplainsItselfAndRefusesBadInput() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(DesktopAgentMain.run(new String[] {"--help"}, o, e)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--endpoint", "--tls",
        "--password-file", "--proxy-password", "--desktop-x11", "--desktop-dbus",
        "--desktop-allowed-applications", "127.0.0.1:1401");
    assertThat(DesktopAgentMain.run(new String[] {"--password-file", "/nonexistent/pw"}, o, e))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--password-file: cannot read /nonexistent/pw");
    assertThat(DesktopAgentMain.run(new String[] {"--endpoint", "nohost", "--desktop-x11",
        "false", "--desktop-bus-address", daemon.address()}, o, e)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("endpoint: expected host:port, not 'nohost'");
  }
}
