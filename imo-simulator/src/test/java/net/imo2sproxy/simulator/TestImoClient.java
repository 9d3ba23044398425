package net.imo2sproxy.simulator;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A minimal imo.im client for the tests: builds requests exactly as docs/imo-protocol.md §3.1 says,
 * keeps the client seq counter and the server ack, and records every message it received.
 */
final class TestImoClient {

  private static final String TEMP_SSID = "TmpClientId000001";

  private final WebClient web;
  private final String base;
  String ssid = TEMP_SSID;
  long seq;
  long ack;
  final List<JsonObject> received = new ArrayList<>();

  TestImoClient(WebClient web, ImoSimulator sim) {
    this.web = web;
    this.base = sim.baseUrl();
  }

  /** Blocks the test thread (never an event loop) for a result. */
  static <T> T await(Future<T> f) {
    try {
      return f.await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  /** GET / then rest_rpc get_cookie_and_ssid; returns the raw bootstrap response. */
  Future<HttpResponse<Buffer>> bootstrapRaw() {
    JsonObject env = new JsonObject().put("ack", 0).put("ssid", ssid).put("messages", new JsonArray().add(
        message("session", new JsonObject().put("method", "get_cookie_and_ssid").put("data", new JsonObject()
            .put("ssid", ssid).put("kind", "reui").put("version", "1336611734.48")), 0)));
    return web.getAbs(base).send().compose(r -> post("rest_rpc", env.encode()));
  }

  TestImoClient bootstrap() {
    JsonObject body = await(bootstrapRaw()).bodyAsJsonObject();
    ssid = body.getJsonObject("data").getJsonArray("messages").getJsonObject(0).getJsonObject("data")
        .getString("ssid");
    seq = 0;
    return this;
  }

  /** Sends one message with the next seq; returns the decoded response after processing it. */
  JsonObject call(String system, String method, JsonObject args) {
    return call(system, method, null, args);
  }

  JsonObject call(String system, String method, Integer requestId, JsonObject args) {
    return await(callAsync(system, method, requestId, args));
  }

  Future<JsonObject> callAsync(String system, String method, Integer requestId, JsonObject args) {
    JsonObject payload = new JsonObject().put("method", method);
    if (requestId != null) {
      payload.put("request_id", requestId);
    }
    payload.put("data", args);
    return sendWithSeq(payload, system, seq++);
  }

  /** Sends a message with an explicit seq (for duplicate and gap tests); the counter is untouched. */
  Future<JsonObject> sendWithSeq(JsonObject payload, String system, long explicitSeq) {
    JsonObject env = new JsonObject().put("ack", ack).put("ssid", ssid)
        .put("messages", new JsonArray().add(message(system, payload, explicitSeq)));
    return forward(env);
  }

  JsonObject login(String uid, String passwd) {
    return call("im", "account_login", new JsonObject().put("uid", uid).put("proto", "prpl-skype")
        .put("passwd", passwd).putNull("captcha").put("ssid", ssid));
  }

  JsonObject sendIm(String to, String msg, int requestId) {
    return call("im", "send_im", requestId, new JsonObject().put("ssid", ssid).put("uid", "x")
        .put("proto", "prpl-skype").put("buid", to).put("msg", msg));
  }

  Future<JsonObject> poll() {
    return forward(new JsonObject().put("ack", ack).put("ssid", ssid).put("messages", new JsonArray()));
  }

  private Future<JsonObject> forward(JsonObject env) {
    return post("forward_to_server", env.encode()).map(r -> {
      JsonObject body = r.bodyAsJsonObject();
      for (Object o : body.getJsonObject("data").getJsonArray("messages")) {
        JsonObject m = (JsonObject) o;
        Long s = m.getLong("seq");
        if (s != null && s >= ack) {
          ack = s + 1;
          received.add(m);
        }
      }
      return body;
    });
  }

  Future<HttpResponse<Buffer>> post(String httpMethod, String json) {
    return web.postAbs(base + "imo")
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .putHeader("X-Requested-With", "XMLHttpRequest")
        .sendBuffer(Buffer.buffer("method=" + httpMethod + "&data=" + encode(json)));
  }

  private JsonObject message(String system, JsonObject payload, long s) {
    return new JsonObject().put("data", payload).put("to", new JsonObject().put("system", system))
        .put("from", new JsonObject().put("system", "client").put("ssid", ssid)).put("seq", s);
  }

  /** Spec 2.1: every byte except A-Z a-z 0-9 - . _ ~ as %XX, uppercase. */
  static String encode(String text) {
    StringBuilder sb = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }

  static JsonArray messages(JsonObject response) {
    return response.getJsonObject("data").getJsonArray("messages");
  }

  static long ackOf(JsonObject response) {
    return response.getJsonObject("data").getLong("ack");
  }

  /** The event names of a response, in order. */
  static List<String> names(JsonObject response) {
    List<String> out = new ArrayList<>();
    for (Object o : messages(response)) {
      JsonObject d = ((JsonObject) o).getJsonObject("data");
      out.add(d.containsKey("name") ? d.getString("name") : ((JsonObject) o).getJsonObject("from").getString("system"));
    }
    return out;
  }
}
