package net.imo2sproxy.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class TcpBusBridgeVerticleTest {

  @Test
  void offByDefaultAndOnLoopbackWhenEnabled() {
    assertThat(GatewayOptions.SETTINGS).anySatisfy(setting -> {
      assertThat(setting.key()).isEqualTo(TcpBusBridgeVerticle.PORT);
      assertThat(setting.defaultValue()).isEqualTo(-1);
    });
    assertThat(TcpBusBridgeVerticle.fromConfig(new JsonObject())).isNull();
    assertThat(TcpBusBridgeVerticle.fromConfig(new JsonObject()
        .put(TcpBusBridgeVerticle.PORT, -1))).isNull();
    assertThat(TcpBusBridgeVerticle.fromConfig(new JsonObject()
        .put(TcpBusBridgeVerticle.PORT, 0))).isNotNull();
    assertThatThrownBy(() -> new TcpBusBridgeVerticle(null, 70000))
        .hasMessageContaining(TcpBusBridgeVerticle.PORT);
  }

  /**
   * The attach carries the peer's real address and the socket's endpoint id whatever the
   * client claims; the socket consumes that endpoint's address and gets its output there.
   */
  @Test
  void aSocketIsAnEndpointOfItsOwn(Vertx vertx, VertxTestContext ctx) {
    TcpBusBridgeVerticle bridge = new TcpBusBridgeVerticle(null, 0);
    vertx.eventBus().<JsonObject>consumer(BusAddresses.GATEWAY_ATTACH, request -> {
      JsonObject body = request.body();
      request.reply(BusMessages.attached("s1", "bob"));
      // the gateway's output for the connection goes to the endpoint the attach names
      vertx.eventBus().send(BusAddresses.endpoint(body.getString(BusMessages.ENDPOINT)),
          BusMessages.output(BusMessages.KIND_NOTIFICATION, List.of("CONNSTATUS ONLINE"))
              .put(BusMessages.CONNECTION, body.getString(BusMessages.CONNECTION))
              .put("remote-seen", body.getString(BusMessages.REMOTE)));
    });
    vertx.deployVerticle(bridge)
        .compose(id -> BridgeClient.connect(vertx, bridge.actualPort()))
        .compose(client -> client.endpoint().compose(endpoint -> client.register(endpoint)
            .compose(v -> client.request(BusAddresses.GATEWAY_ATTACH,
                BusMessages.attach("c1", "claimed-endpoint", "10.0.0.1:1", "bob:pw")))
            .compose(reply -> {
              ctx.verify(() -> assertThat(reply.getJsonObject("body"))
                  .isEqualTo(BusMessages.attached("s1", "bob")));
              return client.next(frame -> "message".equals(frame.getString("type")));
            })
            .map(output -> {
              ctx.verify(() -> {
                assertThat(output.getString("address"))
                    .isEqualTo(BusAddresses.endpoint(endpoint));
                JsonObject body = output.getJsonObject("body");
                assertThat(body.getString(BusMessages.CONNECTION)).isEqualTo("c1");
                assertThat(body.getString("remote-seen")).startsWith("127.0.0.1:")
                    .isNotEqualTo("10.0.0.1:1");
              });
              return client;
            })))
        .compose(BridgeClient::close)
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * What a client may not do: consume another endpoint's address (another socket's, or one it
   * names), claim a connection another socket attached, command, detach or heartbeat a
   * connection it did not attach, or publish. None of these reaches a consumer.
   */
  @Test
  void aClientDrivesOnlyWhatItAttached(Vertx vertx, VertxTestContext ctx) {
    TcpBusBridgeVerticle bridge = new TcpBusBridgeVerticle(null, 0);
    List<JsonObject> atSession = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(BusAddresses.GATEWAY_ATTACH,
        request -> request.reply(BusMessages.attached("s1", "bob")));
    vertx.eventBus().<JsonObject>consumer(BusAddresses.session("s1"), message -> {
      atSession.add(message.body());
      message.reply(BusMessages.accepted(List.of("#1 PONG"), null, 0));
    });
    BridgeClient[] clients = new BridgeClient[2];
    String[] endpoints = new String[2];
    vertx.deployVerticle(bridge)
        .compose(id -> BridgeClient.connect(vertx, bridge.actualPort()))
        .compose(a -> {
          clients[0] = a;
          return BridgeClient.connect(vertx, bridge.actualPort());
        })
        .compose(b -> {
          clients[1] = b;
          return clients[0].endpoint();
        })
        .compose(e -> {
          endpoints[0] = e;
          return clients[1].endpoint();
        })
        .compose(e -> {
          endpoints[1] = e;
          ctx.verify(() -> assertThat(endpoints[0]).isNotEqualTo(endpoints[1]));
          return clients[0].register(endpoints[0]);
        })
        .compose(v -> clients[0].request(BusAddresses.GATEWAY_ATTACH,
            BusMessages.attach("mine", endpoints[0], "r", "bob:pw")))
        .compose(v -> clients[0].request(BusAddresses.session("s1"),
            BusMessages.command("mine", 1, "#1 PING", false)))
        .compose(allowed -> {
          ctx.verify(() -> assertThat(allowed.getString("type")).isEqualTo("message"));
          BridgeClient other = clients[1];
          return refused(ctx, other.registerFrame(BusAddresses.endpoint(endpoints[0])))
              .compose(v -> refused(ctx, other.registerFrame(BusAddresses.endpoint("chosen"))))
              .compose(v -> refused(ctx, other.request(BusAddresses.GATEWAY_ATTACH,
                  BusMessages.attach("mine", endpoints[1], "r", "bob:pw"))))
              .compose(v -> refused(ctx, other.request(BusAddresses.session("s1"),
                  BusMessages.command("mine", 2, "#2 PING", false))))
              .compose(v -> refused(ctx, other.request(BusAddresses.session("s1"),
                  BusMessages.detach("mine", "taken over"))))
              .compose(v -> refused(ctx, other.request(BusAddresses.session("s1"),
                  BusMessages.heartbeat(endpoints[1], List.of("mine")))))
              .compose(v -> refused(ctx, other.publish(BusAddresses.session("s1"),
                  BusMessages.command("mine", 3, "#3 PING", false))));
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          // only the owner's own command arrived
          assertThat(atSession).hasSize(1);
          assertThat(atSession.get(0).getString(BusMessages.LINE)).isEqualTo("#1 PING");
          ctx.completeNow();
        })));
  }

  private static io.vertx.core.Future<Void> refused(VertxTestContext ctx,
      io.vertx.core.Future<JsonObject> answer) {
    return answer.map(frame -> {
      ctx.verify(() -> assertThat(frame.getString("type")).as(frame.encode()).isEqualTo("err"));
      return null;
    });
  }

}
