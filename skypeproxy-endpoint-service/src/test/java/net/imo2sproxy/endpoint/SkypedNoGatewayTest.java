package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypedTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A skyped log-in that reaches no gateway is never told {@code PASSWORD KO} (nobody could check
 * the password): {@code PASSWORD OK} and {@code CONNSTATUS CONNECTING}, then the waiting
 * commands run once a gateway answers (docs/skyped-listener.md §3).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SkypedNoGatewayTest {

  @Test
  void aLogInWithoutAGatewayWaitsAndThenCarriesOn(Vertx vertx) throws Exception {
    SkypeProxyEndpointVerticle endpoint = new SkypeProxyEndpointVerticle(new EndpointOptions()
        .setPort(0)
        .setSkypedPort(0)
        .setBusRequestTimeout(Duration.ofSeconds(2))
        .setHeartbeatInterval(Duration.ofMillis(200))
        .setFailoverTimeout(Duration.ofSeconds(20)));
    Await.result(vertx.deployVerticle(endpoint));
    Await.until("no gateway answers", Duration.ofSeconds(10), () -> !Await.result(
        endpoint.gatewayReadiness().check(vertx).map(true).otherwise(false)));
    try (SkypedTestClient client = Await.result(
        SkypedTestClient.connect(vertx, endpoint.skypedActualPort()))) {
      assertThat(Await.result(client.logIn("bob", "bob:pw", "ECHO waited")))
          .isEqualTo("PASSWORD OK");
      assertThat(Await.result(client.nextLine())).isEqualTo("PASSWORD OK");
      assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS CONNECTING");

      FakeGateway gateway = new FakeGateway(false);
      Await.result(vertx.deployVerticle(gateway));
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO waited");
      JsonObject attach = gateway.attaches.poll(5, TimeUnit.SECONDS);
      assertThat(attach.getString(BusMessages.CLIENT_USERNAME)).isEqualTo("bob");
    }
  }
}
