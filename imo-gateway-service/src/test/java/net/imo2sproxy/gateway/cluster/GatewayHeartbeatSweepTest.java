package net.imo2sproxy.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * The gateway keeps connections alive from one heartbeat per endpoint to its own address
 * (listing them by session) as from the older per-session form, and still detaches the
 * connections nobody heartbeats once {@code endpoint-timeout-seconds} passed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 40, timeUnit = TimeUnit.SECONDS)
class GatewayHeartbeatSweepTest {

  private static final String ENDPOINT = "test-endpoint";
  private static final java.util.concurrent.atomic.AtomicLong IDS =
      new java.util.concurrent.atomic.AtomicLong();

  @Test
  void bothHeartbeatFormsKeepTheirConnectionsAndTheSilentOneIsDetached(Vertx vertx,
      VertxTestContext ctx) {
    JsonObject[] replies = new JsonObject[3];
    vertx.eventBus().consumer(BusAddresses.endpoint(ENDPOINT), message -> { });
    ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
            .setHoldTime(Duration.ofSeconds(2)).setWorld(SimulatorWorld.demo()))
        .compose(simulator -> vertx.deployVerticle(new ImoGatewayVerticle(new JsonObject()
            .put(GatewayOptions.IMO_URL, simulator.baseUrl())
            .put(GatewayOptions.ENDPOINT_TIMEOUT_SECONDS, 1))))
        .compose(v -> attach(vertx, "c1", "bob:bob-pw")).map(r -> replies[0] = r)
        .compose(v -> attach(vertx, "c2", "alice:alice-pw")).map(r -> replies[1] = r)
        .compose(v -> attach(vertx, "c3", "bob:bob-pw")).map(r -> replies[2] = r)
        .compose(v -> {
          String gateway = replies[0].getString(BusMessages.GATEWAY);
          String bob = replies[0].getString(BusMessages.SESSION);
          String alice = replies[1].getString(BusMessages.SESSION);
          ctx.verify(() -> {
            assertThat(gateway).isNotBlank();
            assertThat(replies[1].getString(BusMessages.GATEWAY)).isEqualTo(gateway);
            assertThat(replies[2].getString(BusMessages.SESSION)).isEqualTo(bob);
          });
          // c1 by the per-gateway form, c2 by the per-session form, c3 by none
          long timer = vertx.setPeriodic(200, id -> {
            vertx.eventBus().request(BusAddresses.gateway(gateway), BusMessages.gatewayHeartbeat(
                ENDPOINT, Map.of(bob, List.of("c1"))));
            vertx.eventBus().request(BusAddresses.session(alice),
                BusMessages.heartbeat(ENDPOINT, List.of("c2")));
          });
          return vertx.eventBus().<JsonObject>request(BusAddresses.gateway(gateway),
                  BusMessages.gatewayHeartbeat(ENDPOINT,
                      Map.of(bob, List.of("c1", "ghost"), "no-such-session", List.of("c9"))))
              .map(reply -> {
                ctx.verify(() -> assertThat(reply.body().getJsonArray(BusMessages.UNKNOWN)
                    .getList()).containsExactlyInAnyOrder("ghost", "c9"));
                return null;
              })
              .compose(v2 -> untilDetached(vertx, bob, "c3", 60))
              .compose(v2 -> command(vertx, bob, "c1"))
              .compose(v2 -> command(vertx, alice, "c2"))
              .onComplete(ar -> vertx.cancelTimer(timer));
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<JsonObject> attach(Vertx vertx, String connection, String credential) {
    return vertx.eventBus().<JsonObject>request(BusAddresses.GATEWAY_ATTACH,
            BusMessages.attach(connection, ENDPOINT, "127.0.0.1:1", credential)
                .put(BusMessages.HEARTBEAT, true))
        .map(message -> message.body());
  }

  private static Future<Void> command(Vertx vertx, String session, String connection) {
    return vertx.eventBus().request(BusAddresses.session(session),
            BusMessages.command(connection, IDS.incrementAndGet(), "#p PING", false))
        .mapEmpty();
  }

  /** Commands {@code connection} every 200 ms until its session no longer knows it. */
  private static Future<Void> untilDetached(Vertx vertx, String session, String connection,
      int attempts) {
    if (attempts == 0) {
      return Future.failedFuture("connection " + connection + " was never detached");
    }
    return command(vertx, session, connection).transform(ar -> {
      if (ar.failed() && ar.cause() instanceof ReplyException re
          && re.failureCode() == BusMessages.FAILURE_UNKNOWN) {
        return Future.succeededFuture();
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(200, t -> untilDetached(vertx, session, connection, attempts - 1)
          .onComplete(later));
      return later.future();
    });
  }
}
