package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ./imo2sproxy --demo}: endpoint, gateway and simulator in one process. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SingleProcessBridgeTest extends DemoBridgeTest {

  @Test
  void demoListensOnLoopbackBecauseItIsPasswordless() {
    assertThat(bridge.host()).isEqualTo("127.0.0.1");
    assertThat(bridge.port()).isPositive();
  }

  @Test
  void aliceAndBobChat(Vertx vertx, VertxTestContext ctx) {
    ChatScenarios.aliceTellsBob(vertx, ctx, bridge.port(), null, bridge.port(), "bob:bob-pw");
  }

  @Test
  void echoBotAnswers(Vertx vertx, VertxTestContext ctx) {
    ChatScenarios.echoRoundTrip(vertx, ctx, bridge.port(), null);
  }

  @Test
  void pingAndProtocolAnsweredInOrder(Vertx vertx, VertxTestContext ctx) {
    ChatScenarios.login(vertx, bridge.port(), null)
        .compose(client -> client.ask("PING", "PONG").map(pong -> client))
        .onComplete(ctx.succeeding(client -> ctx.verify(() -> {
          assertThat(client.lines()).startsWith("CONNSTATUS CONNECTING", "CONNSTATUS ONLINE",
              "USERSTATUS ONLINE", "CURRENTUSERHANDLE alice");
          assertThat(client.lines()).contains("PROTOCOL 7", "PONG");
          client.closeAsync();
          ctx.completeNow();
        })));
  }

  @Test
  void wrongProxyPasswordIsRefusedAndClosed(Vertx vertx, VertxTestContext ctx) {
    SkypeProxyTestClient.connect(vertx, bridge.port())
        .compose(client -> client.authenticate("nobody-knows").compose(verdict -> {
          ctx.verify(() -> assertThat(verdict).isZero());
          return client.closed();
        }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
