package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
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
      boolean expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ready(vertx, endpoint) != expected) {
      assertThat(System.nanoTime()).as("readiness %s in time", expected).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void passwordWithoutAGatewayIsToldConnectingThenOfflineNever00(Vertx vertx)
      throws Exception {
    SkypeProxyEndpointVerticle endpoint = endpoint(vertx, Duration.ofMillis(1500));
    awaitReady(vertx, endpoint, false);
    try (TestClient client = new TestClient(endpoint.actualPort())) {
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("bob:pw");
      assertThat(client.readByte()).isEqualTo(1);
      assertThat(client.readFrame()).isEqualTo("CONNSTATUS CONNECTING");
      client.frame("PROTOCOL 7"); // waits with the connection; never answered by a guess
      assertThat(client.readFrame()).isEqualTo("CONNSTATUS OFFLINE");
      assertThat(client.awaitClosed()).isTrue();
    }
    assertThat(ready(vertx, endpoint)).isFalse();
  }

  @Test
  void aGatewayThatAppearsTakesTheWaitingConnectionAndTheEndpointBecomesReady(Vertx vertx)
      throws Exception {
    SkypeProxyEndpointVerticle endpoint = endpoint(vertx, Duration.ofSeconds(20));
    awaitReady(vertx, endpoint, false);
    try (TestClient client = new TestClient(endpoint.actualPort());
        TestClient intruder = new TestClient(endpoint.actualPort())) {
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("bob:pw");
      assertThat(client.readByte()).isEqualTo(1);
      assertThat(client.readFrame()).isEqualTo("CONNSTATUS CONNECTING");
      client.frame("PROTOCOL 7");
      // a wrong password is accepted for now too: nobody could check it
      intruder.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(intruder.readByte()).isEqualTo(1);
      intruder.frame("mallory:guess");
      assertThat(intruder.readByte()).isEqualTo(1);
      assertThat(intruder.readFrame()).isEqualTo("CONNSTATUS CONNECTING");

      FakeGateway gateway = new FakeGateway(false);
      await(vertx.deployVerticle(gateway));
      // the waiting command goes out once the gateway answers
      assertThat(client.readFrame()).isEqualTo("PROTOCOL 3");
      awaitReady(vertx, endpoint, true);
      // the gateway refuses the guess: the client learns it is offline, as after a failover
      assertThat(intruder.readFrame()).isEqualTo("CONNSTATUS OFFLINE");
      assertThat(intruder.awaitClosed()).isTrue();

      // with a gateway there, a wrong password is answered 00 at once as before
      try (TestClient late = new TestClient(endpoint.actualPort())) {
        late.command(SkypeProxyCommand.AUTHENTICATE);
        assertThat(late.readByte()).isEqualTo(1);
        late.frame("mallory:guess");
        assertThat(late.readByte()).isEqualTo(0);
        assertThat(late.awaitClosed()).isTrue();
      }
      client.frame("ECHO still here");
      assertThat(client.readFrame()).isEqualTo("ECHO still here");
    }
  }
}
