package net.imo2sproxy.gateway.bridge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * A client of the TCP event-bus bridge in tests: 4-byte length + JSON frames; each request
 * gets its own reply address, and frames are matched to what waits for them.
 */
final class BridgeClient {

  private record Waiter(Predicate<JsonObject> match, Promise<JsonObject> promise) {
  }

  private final NetSocket socket;
  private final List<JsonObject> unclaimed = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private int nextReply;

  private BridgeClient(NetSocket socket) {
    this.socket = socket;
    RecordParser parser = RecordParser.newFixed(4);
    int[] length = {-1};
    parser.handler(buffer -> {
      if (length[0] < 0) {
        length[0] = buffer.getInt(0);
        parser.fixedSizeMode(length[0]);
        return;
      }
      length[0] = -1;
      parser.fixedSizeMode(4);
      received(buffer.toJsonObject());
    });
    socket.handler(parser);
  }

  static Future<BridgeClient> connect(Vertx vertx, int port) {
    return vertx.createNetClient().connect(port, "127.0.0.1").map(BridgeClient::new);
  }

  private void received(JsonObject frame) {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.match.test(frame)) {
        it.remove();
        waiter.promise.complete(frame);
        return;
      }
    }
    unclaimed.add(frame);
  }

  /** The next frame (already received or to come) matching {@code match}. */
  Future<JsonObject> next(Predicate<JsonObject> match) {
    for (Iterator<JsonObject> it = unclaimed.iterator(); it.hasNext(); ) {
      JsonObject frame = it.next();
      if (match.test(frame)) {
        it.remove();
        return Future.succeededFuture(frame);
      }
    }
    Promise<JsonObject> promise = Promise.promise();
    waiters.add(new Waiter(match, promise));
    return promise.future();
  }

  /**
   * A request; the future carries the answer frame: the reply ({@code "type":"message"}) or
   * the bridge's refusal ({@code "type":"err"}; the bridge names no reply address in it, so
   * send one request at a time when refusals are expected).
   */
  Future<JsonObject> request(String address, JsonObject body) {
    String replyAddress = "reply-" + nextReply++;
    Future<JsonObject> answer = next(frame -> replyAddress.equals(frame.getString("address"))
        || "err".equals(frame.getString("type")));
    write(new JsonObject().put("type", "send").put("address", address)
        .put("replyAddress", replyAddress).put("body", body));
    return answer;
  }

  /** A publish; the future carries the bridge's refusal. */
  Future<JsonObject> publish(String address, JsonObject body) {
    Future<JsonObject> answer = next(frame -> "err".equals(frame.getString("type")));
    write(new JsonObject().put("type", "publish").put("address", address).put("body", body));
    return answer;
  }

  /** The endpoint id the bridge gave this socket. */
  Future<String> endpoint() {
    return request(BusAddresses.BRIDGE_ENDPOINT, new JsonObject().put(BusMessages.V, 2))
        .map(frame -> frame.getJsonObject("body").getString(BusMessages.ENDPOINT));
  }

  /**
   * Registers on the endpoint's address; completes once the bridge took it (a ping, answered
   * in order after the registration, shows that no refusal came).
   */
  Future<Void> register(String endpointId) {
    return registerFrame(BusAddresses.endpoint(endpointId)).map(frame -> {
      if (!"pong".equals(frame.getString("type"))) {
        throw new IllegalStateException("registration refused: " + frame.encode());
      }
      return null;
    });
  }

  /** Registers on {@code address}; the future carries the refusal or the pong after it. */
  Future<JsonObject> registerFrame(String address) {
    Future<JsonObject> answer = next(frame -> "err".equals(frame.getString("type"))
        || "pong".equals(frame.getString("type")));
    write(new JsonObject().put("type", "register").put("address", address));
    write(new JsonObject().put("type", "ping"));
    // after a refusal the pong still comes: taken here, so it answers no later wait
    return answer.compose(frame -> "err".equals(frame.getString("type"))
        ? next(pong -> "pong".equals(pong.getString("type"))).map(frame)
        : Future.succeededFuture(frame));
  }

  Future<Void> close() {
    return socket.close();
  }

  private void write(JsonObject frame) {
    Buffer json = frame.toBuffer();
    socket.write(Buffer.buffer().appendInt(json.length()).appendBuffer(json));
  }
}
