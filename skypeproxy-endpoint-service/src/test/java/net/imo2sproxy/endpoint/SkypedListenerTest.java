package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import net.imo2sproxy.testsupport.SkypedTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The skyped listener (docs/skyped-listener.md) over real TLS sockets against a fake gateway:
 * bitlbee's log-in, its refusal, the limits shared with the SkypeProxy listener.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SkypedListenerTest {

  private static final int MAX_LINE = 4096;

  private FakeGateway gateway;
  private SkypeProxyEndpointVerticle endpoint;
  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    gateway = new FakeGateway(false);
    endpoint = new SkypeProxyEndpointVerticle(options());
    vertx.deployVerticle(gateway)
        .compose(id -> vertx.deployVerticle(endpoint))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static EndpointOptions options() {
    return new EndpointOptions()
        .setPort(0)
        .setSkypedPort(0) // no certificate set: a self-signed one is made
        .setMaxFrameLength(MAX_LINE)
        .setHandshakeTimeout(Duration.ofSeconds(3))
        .setBusRequestTimeout(Duration.ofSeconds(5))
        .setHeartbeatInterval(Duration.ofMillis(500));
  }

  private SkypedTestClient connect() throws Exception {
    return Await.result(SkypedTestClient.connect(vertx, endpoint.skypedActualPort()));
  }

  /** The session's commands so far, in order, as lines. */
  private List<String> sessionLines() {
    List<String> lines = new ArrayList<>();
    for (JsonObject message : gateway.sessionMessages) {
      if (BusMessages.TYPE_COMMAND.equals(message.getString(BusMessages.TYPE))) {
        lines.add(message.getString(BusMessages.LINE));
      }
    }
    return lines;
  }

  @Test
  void bitlbeesLogInIsAnsweredOkAndItsPipelinedCommandsFollowIt() throws Exception {
    try (SkypedTestClient client = connect()) {
      // bitlbee sends its first commands right behind the password, without waiting
      assertThat(Await.result(client.logIn("bob", "bob:pw", "ECHO 1", "PONG", "ECHO 2")))
          .isEqualTo("PASSWORD OK");
      assertThat(Await.result(client.nextLine())).isEqualTo("PASSWORD OK");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO 1");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO 2");
    }
    JsonObject attach = gateway.attaches.poll(5, TimeUnit.SECONDS);
    assertThat(attach.getString(BusMessages.CREDENTIAL)).isEqualTo("bob:pw");
    assertThat(attach.getString(BusMessages.CLIENT_USERNAME)).isEqualTo("bob");
    // skyped's own NAME and PROTOCOL first; bitlbee's PONG answers skyped, it is not a command
    assertThat(sessionLines()).containsExactly("NAME skyped", "PROTOCOL 5", "ECHO 1", "ECHO 2");
  }

  @Test
  void linesEndedByCrLfOrSplitAcrossWritesArriveWhole() throws Exception {
    try (SkypedTestClient client = Await.result(
        SkypedTestClient.login(vertx, endpoint.skypedActualPort(), "bob", "bob:pw"))) {
      Await.result(client.sendBytes(Buffer.buffer("ECHO cr\r\nECHO sp")));
      Await.result(client.sendBytes(
          Buffer.buffer("lit \u00e9\n".getBytes(StandardCharsets.UTF_8))));
      assertThat(Await.result(client.await("ECHO cr"::equals, "ECHO cr"))).isNotNull();
      assertThat(Await.result(client.await("ECHO split \u00e9"::equals, "ECHO split")))
          .isNotNull();
    }
  }

  @Test
  void aWrongPasswordIsAnsweredKoAndTheConnectionClosed() throws Exception {
    try (SkypedTestClient client = connect()) {
      assertThat(Await.result(client.logIn("alice", "wrong", "SEARCH FRIENDS")))
          .isEqualTo("PASSWORD KO");
      Await.result(client.awaitClosed());
      assertThat(client.lines()).containsExactly("PASSWORD KO");
    }
    JsonObject attach = gateway.attaches.poll(5, TimeUnit.SECONDS);
    // the username travels with the password: the gateway may take them as the imo.im account's
    assertThat(attach.getString(BusMessages.CLIENT_USERNAME)).isEqualTo("alice");
    assertThat(attach.getString(BusMessages.CREDENTIAL)).isEqualTo("wrong");
    assertThat(sessionLines()).isEmpty();
  }

  @Test
  void aCommandBeforeTheLogInIsRefusedAndReachesNoSession() throws Exception {
    try (SkypedTestClient client = connect()) {
      Await.result(client.send("SEARCH FRIENDS"));
      Await.result(client.awaitClosed());
      assertThat(client.lines()).containsExactly("PASSWORD KO");
    }
    try (SkypedTestClient client = connect()) {
      Await.result(client.send("USERNAME bob"));
      Await.result(client.send("SEARCH FRIENDS")); // not the password
      Await.result(client.awaitClosed());
      assertThat(client.lines()).containsExactly("PASSWORD KO");
    }
    assertThat(gateway.attaches).isEmpty();
    assertThat(sessionLines()).isEmpty();
  }

  @Test
  void anOversizeLineGetsAClearErrorAndTheConnectionCloses() throws Exception {
    try (SkypedTestClient client = Await.result(
        SkypedTestClient.login(vertx, endpoint.skypedActualPort(), "bob", "bob:pw"))) {
      Await.result(client.sendBytes(Buffer.buffer("ECHO " + "x".repeat(MAX_LINE))));
      Await.result(client.awaitClosed());
      assertThat(client.lines()).contains(
          "ERROR 1 General syntax error: line longer than " + MAX_LINE + " bytes");
    }
    assertThat(endpoint.limitHits(EndpointLimit.MAX_FRAME_LENGTH)).isEqualTo(1);
    assertThat(sessionLines()).noneMatch(l -> l.startsWith("ECHO"));
  }

  @Test
  void aClientThatNeverLogsInIsClosedAfterTheHandshakeTimeout() throws Exception {
    try (SkypedTestClient client = connect()) {
      Await.result(client.send("USERNAME bob")); // and then nothing
      Await.result(client.awaitClosed());
    }
    assertThat(endpoint.limitHits(EndpointLimit.HANDSHAKE_TIMEOUT)).isEqualTo(1);
    assertThat(gateway.attaches).isEmpty();
  }

  @Test
  void thePerAddressCapCountsConnectionsOfBothListeners(Vertx vertx) throws Exception {
    SkypeProxyEndpointVerticle capped = new SkypeProxyEndpointVerticle(options()
        .setMaxConnectionsPerAddress(2)
        .setHandshakeTimeout(Duration.ofSeconds(30)));
    Await.result(vertx.deployVerticle(capped));
    try (SkypeProxyTestClient proxy = Await.result(
            SkypeProxyTestClient.connect(vertx, capped.actualPort()));
        SkypedTestClient skyped = Await.result(
            SkypedTestClient.login(vertx, capped.skypedActualPort(), "bob", "bob:pw"));
        SkypedTestClient thirdSkyped = Await.result(
            SkypedTestClient.connect(vertx, capped.skypedActualPort()));
        SkypeProxyTestClient thirdProxy = Await.result(
            SkypeProxyTestClient.connect(vertx, capped.actualPort()))) {
      Await.result(thirdSkyped.awaitClosed());
      Await.result(thirdProxy.awaitClosed());
      // the two accepted ones carry on
      assertThat(Await.result(proxy.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
      assertThat(Await.result(skyped.ask("ECHO still", "ECHO"))).isEqualTo("ECHO still");
    }
    assertThat(capped.limitHits(EndpointLimit.MAX_CONNECTIONS_PER_ADDRESS)).isEqualTo(2);
  }

  @Test
  void theListenerIsOffUnlessAPortIsSet(Vertx vertx) throws Exception {
    SkypeProxyEndpointVerticle plain = new SkypeProxyEndpointVerticle(new EndpointOptions()
        .setPort(0));
    Await.result(vertx.deployVerticle(plain));
    assertThat(plain.skypedActualPort()).isEqualTo(-1);
    assertThat(new EndpointOptions(new JsonObject()).getSkypedPort()).isNull();
    assertThat(new EndpointOptions(new JsonObject().put("skyped-port", 2727)).getSkypedPort())
        .isEqualTo(2727);
  }
}
