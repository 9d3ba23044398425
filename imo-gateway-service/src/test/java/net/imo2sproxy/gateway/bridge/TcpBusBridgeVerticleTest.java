package net.imo2sproxy.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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
   * The attach carries the peer's real address whatever the client claims, and a publish to a
   * session address (one message to every consumer) is refused even though sends are allowed.
   */
  @Test
  void attachGetsThePeerAddressAndPublishIsRefused(Vertx vertx, VertxTestContext ctx) {
    TcpBusBridgeVerticle bridge = new TcpBusBridgeVerticle(null, 0);
    vertx.eventBus().<JsonObject>consumer(BusAddresses.GATEWAY_ATTACH, request -> {
      ctx.verify(() -> assertThat(request.body().getString(BusMessages.REMOTE))
          .startsWith("127.0.0.1:").isNotEqualTo("10.0.0.1:1"));
      request.reply(BusMessages.attached("s1", "bob"));
    });
    vertx.eventBus().consumer(BusAddresses.session("s1"),
        message -> ctx.failNow("a publish passed the bridge"));
    vertx.deployVerticle(bridge)
        .compose(id -> vertx.createNetClient().connect(bridge.actualPort(), "127.0.0.1"))
        .onComplete(ctx.succeeding(socket -> {
          java.util.List<JsonObject> frames = new java.util.ArrayList<>();
          RecordParser parser = RecordParser.newFixed(4);
          int[] length = {-1};
          parser.handler(buffer -> {
            if (length[0] < 0) {
              length[0] = buffer.getInt(0);
              parser.fixedSizeMode(length[0]);
              return;
            }
            frames.add(buffer.toJsonObject());
            length[0] = -1;
            parser.fixedSizeMode(4);
            if (frames.size() == 2) {
              // The refusal of the publish may come before the attach's reply.
              ctx.verify(() -> assertThat(frames)
                  .anySatisfy(frame -> assertThat(frame.getJsonObject("body"))
                      .isEqualTo(BusMessages.attached("s1", "bob")))
                  .anySatisfy(frame -> assertThat(frame.getString("type")).isEqualTo("err")));
              socket.close().onComplete(ctx.succeedingThenComplete());
            }
          });
          socket.handler(parser);
          write(socket, new JsonObject().put("type", "send")
              .put("address", BusAddresses.GATEWAY_ATTACH).put("replyAddress", "r1")
              .put("body", BusMessages.attach("c1", "e1", "10.0.0.1:1", "bob:pw")));
          write(socket, new JsonObject().put("type", "publish")
              .put("address", BusAddresses.session("s1"))
              .put("body", BusMessages.command("c1", "PING")));
        }));
  }

  private static void write(io.vertx.core.net.NetSocket socket, JsonObject frame) {
    Buffer json = frame.toBuffer();
    socket.write(Buffer.buffer().appendInt(json.length()).appendBuffer(json));
  }
}
