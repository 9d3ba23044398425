package net.imo2sproxy.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.ImoGatewayVerticle;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attach requests over the bus against a gateway with three login attempts per window: wrong
 * credentials are refused (401), then the account or the source address is throttled (429)
 * even for correct credentials, while other accounts and addresses are unaffected.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class AttachThrottlingTest {

  @Test
  void refusedCredentialsAreThrottledPerAccountAndPerAddress(Vertx vertx, VertxTestContext ctx) {
    List<Integer> codes = new ArrayList<>();
    ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
            .setHoldTime(Duration.ofSeconds(2)).setWorld(SimulatorWorld.demo()))
        .compose(simulator -> vertx.deployVerticle(new ImoGatewayVerticle(new JsonObject()
            .put(GatewayOptions.IMO_URL, simulator.baseUrl())
            .put(GatewayOptions.LOGIN_ATTEMPTS, 3))))
        // per account: bob's session runs; guessing its password from other addresses
        .compose(v -> attach(vertx, "10.0.0.1:1", "bob:bob-pw", codes))
        .compose(v -> attach(vertx, "10.0.0.2:1", "bob:guess1", codes))
        .compose(v -> attach(vertx, "10.0.0.3:1", "bob:guess2", codes))
        .compose(v -> attach(vertx, "10.0.0.5:1", "bob:bob-pw", codes))
        // per address: unknown tokens, then even a correct login from there is throttled
        .compose(v -> attach(vertx, "10.0.0.4:1", "no-such-token", codes))
        .compose(v -> attach(vertx, "10.0.0.4:2", "no-such-token", codes))
        .compose(v -> attach(vertx, "10.0.0.4:3", "no-such-token", codes))
        .compose(v -> attach(vertx, "10.0.0.4:4", "alice:alice-pw", codes))
        .compose(v -> attach(vertx, "10.0.0.6:1", "alice:alice-pw", codes))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(codes).containsExactly(200, 401, 401, 429, 401, 401, 401, 429, 200);
          ctx.completeNow();
        })));
  }

  private static Future<Void> attach(Vertx vertx, String remote, String credential,
      List<Integer> codes) {
    return vertx.eventBus().request(BusAddresses.GATEWAY_ATTACH,
            BusMessages.attach(UUID.randomUUID().toString(), "test-endpoint", remote, credential))
        .transform(ar -> {
          codes.add(ar.succeeded() ? 200
              : ar.cause() instanceof ReplyException re ? re.failureCode() : -1);
          return Future.succeededFuture();
        });
  }
}
