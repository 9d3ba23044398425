package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An endpoint that reaches no gateway never answers a password {@code 00} (that would tell a
 * plugin its password is wrong): it accepts, reports {@code CONNSTATUS CONNECTING} until a
 * gateway answers or the failover timeout ends, then {@code CONNSTATUS OFFLINE}; its readiness
 * says not ready meanwhile. Real sockets on 127.0.0.1; the gateway is {@link FakeGateway},
 * deployed only when the test wants one.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NoGatewayTest {

  private static SkypeProxyEndpointVerticle endpoint(Vertx vertx, Duration failoverTimeout)
      throws Exception {
    SkypeProxyEndpointVerticle endpoint = new SkypeProxyEndpointVerticle(new EndpointOptions()
        .setPort(0)
        .setBusRequestTimeout(Duration.ofSeconds(2))
        .setHeartbeatInterval(Duration.ofMillis(200))
        .setFailoverTimeout(failoverTimeout));
    await(vertx.deployVerticle(endpoint));
    return endpoint;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static boolean ready(Vertx vertx, SkypeProxyEndpointVerticle endpoint)
      throws Exception {
    return endpoint.gatewayReadiness().check(vertx).map(true).otherwise(false)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void awaitReady(Vertx vertx, SkypeProxyEndpointVerticle endpoint,
      boolean expected) {
    Await.until("readiness " + expected, Duration.ofSeconds(10),
        () -> ready(vertx, endpoint) == expected);
  }

  private static SkypeProxyTestClient connect(Vertx vertx, SkypeProxyEndpointVerticle endpoint) {
    return Await.result(SkypeProxyTestClient.connect(vertx, endpoint.actualPort()));
  }

  /** Sends AUTHENTICATE and a password; the answer byte to the password. */
  private static int authenticate(SkypeProxyTestClient client, String password) {
    assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
    return Await.result(client.password(password));
  }

  private static String nextLine(SkypeProxyTestClient client) {
    return Await.result(client.nextLine());
  }

  @Test
  void passwordWithoutAGatewayIsToldConnectingThenOfflineNever00(Vertx vertx)
      throws Exception {
    SkypeProxyEndpointVerticle endpoint = endpoint(vertx, Duration.ofMillis(1500));
    awaitReady(vertx, endpoint, false);
    try (SkypeProxyTestClient client = connect(vertx, endpoint)) {
      assertThat(authenticate(client, "bob:pw")).isEqualTo(1);
      assertThat(nextLine(client)).isEqualTo("CONNSTATUS CONNECTING");
      client.send("PROTOCOL 7"); // waits with the connection; never answered by a guess
      assertThat(nextLine(client)).isEqualTo("CONNSTATUS OFFLINE");
      Await.result(client.awaitClosed());
    }
    assertThat(ready(vertx, endpoint)).isFalse();
  }

  @Test
  void aGatewayThatAppearsTakesTheWaitingConnectionAndTheEndpointBecomesReady(Vertx vertx)
      throws Exception {
    SkypeProxyEndpointVerticle endpoint = endpoint(vertx, Duration.ofSeconds(20));
    awaitReady(vertx, endpoint, false);
    try (SkypeProxyTestClient client = connect(vertx, endpoint);
        SkypeProxyTestClient intruder = connect(vertx, endpoint)) {
      assertThat(authenticate(client, "bob:pw")).isEqualTo(1);
      assertThat(nextLine(client)).isEqualTo("CONNSTATUS CONNECTING");
      client.send("PROTOCOL 7");
      // a wrong password is accepted for now too: nobody could check it
      assertThat(authenticate(intruder, "mallory:guess")).isEqualTo(1);
      assertThat(nextLine(intruder)).isEqualTo("CONNSTATUS CONNECTING");

      FakeGateway gateway = new FakeGateway(false);
      await(vertx.deployVerticle(gateway));
      // the waiting command goes out once the gateway answers
      assertThat(nextLine(client)).isEqualTo("PROTOCOL 3");
      awaitReady(vertx, endpoint, true);
      // the gateway refuses the guess: the client learns it is offline, as after a failover
      assertThat(nextLine(intruder)).isEqualTo("CONNSTATUS OFFLINE");
      Await.result(intruder.awaitClosed());

      // with a gateway there, a wrong password is answered 00 at once as before
      try (SkypeProxyTestClient late = connect(vertx, endpoint)) {
        assertThat(authenticate(late, "mallory:guess")).isEqualTo(0);
        Await.result(late.awaitClosed());
      }
      client.send("ECHO still here");
      assertThat(nextLine(client)).isEqualTo("ECHO still here");
    }
  }
}
