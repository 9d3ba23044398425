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
 * A session's commands and detach reach it through its gateway's address, the session named in
 * the body, as through the session's own address (older endpoints, TCP-bridge clients); a
 * session not held there is answered {@code 404} at once (never queued), a body without a
 * session {@code 400}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SessionRouteTest {

  private static final String ENDPOINT = "route-endpoint";

  @Test
  void commandsAndDetachByTheGatewayAddressAndTheSessionAddressAlike(Vertx vertx,
      VertxTestContext ctx) {
    vertx.eventBus().consumer(BusAddresses.endpoint(ENDPOINT), message -> { });
    ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
            .setHoldTime(Duration.ofSeconds(2)).setWorld(SimulatorWorld.demo()))
        .compose(simulator -> vertx.deployVerticle(new ImoGatewayVerticle(new JsonObject()
            .put(GatewayOptions.IMO_URL, simulator.baseUrl()))))
        .compose(v -> vertx.eventBus().<JsonObject>request(BusAddresses.GATEWAY_ATTACH,
            BusMessages.attach("c1", ENDPOINT, "127.0.0.1:1", "bob:bob-pw")))
        .compose(attached -> {
          String session = attached.body().getString(BusMessages.SESSION);
          String gateway = BusAddresses.gateway(attached.body().getString(BusMessages.GATEWAY));
          ctx.verify(() -> assertThat(attached.body().getBoolean(BusMessages.GATEWAY_ROUTE))
              .isTrue());
          JsonObject ping = BusMessages.command("c1", 0, "#1 PING", false);
          return answerLines(vertx, gateway, ping.copy().put(BusMessages.SESSION, session))
              .compose(lines -> {
                // the first command's answer waits for the log-in and brings its lines too
                ctx.verify(() -> assertThat(lines).endsWith(",\"#1 PONG\"]"));
                return answerLines(vertx, BusAddresses.session(session),
                    BusMessages.command("c1", 1, "#2 PING", false));
              })
              .compose(lines -> {
                ctx.verify(() -> assertThat(lines).isEqualTo("[\"#2 PONG\"]"));
                return failureCode(vertx, gateway,
                    ping.copy().put(BusMessages.SESSION, "no-such-session"));
              })
              .compose(code -> {
                ctx.verify(() -> assertThat(code).isEqualTo(BusMessages.FAILURE_UNKNOWN));
                return failureCode(vertx, gateway, ping);
              })
              .compose(code -> {
                ctx.verify(() -> assertThat(code).isEqualTo(BusMessages.FAILURE_BAD_REQUEST));
                return vertx.eventBus().request(gateway,
                    BusMessages.detach("c1", "done").put(BusMessages.SESSION, session));
              })
              // the last connection left: the session ended, its gateway no longer holds it
              .compose(v -> failureCode(vertx, gateway,
                  BusMessages.command("c1", 2, "#3 PING", false).put(BusMessages.SESSION,
                      session)))
              .map(code -> {
                ctx.verify(() -> assertThat(code).isEqualTo(BusMessages.FAILURE_UNKNOWN));
                return null;
              });
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<String> answerLines(Vertx vertx, String address, JsonObject command) {
    return vertx.eventBus().<JsonObject>request(address, command)
        .map(reply -> BusMessages.lines(reply.body()).encode());
  }

  private static Future<Integer> failureCode(Vertx vertx, String address, JsonObject body) {
    return vertx.eventBus().request(address, body).transform(ar -> Future.succeededFuture(
        ar.failed() && ar.cause() instanceof ReplyException re ? re.failureCode() : -1));
  }
}
