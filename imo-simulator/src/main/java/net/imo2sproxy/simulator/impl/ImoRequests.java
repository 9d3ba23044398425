package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /imo} endpoint after HTTP decoding: the request envelope (docs/imo-protocol.md §3),
 * the bootstrap (§6), the client seq check (§4.1), dispatch to {@link ImoMethods} and the request
 * log. Runs on the simulator's event loop.
 */
final class ImoRequests {

  private static final Logger LOG = LoggerFactory.getLogger(ImoRequests.class);
  /** The original client stores at most 17 characters (docs/imo-protocol.md §5). */
  private static final int SSID_LENGTH = 17;

  private final ImoCore core;
  private final DeliveryQueues queues;
  private final ImoMethods methods;
  private final SimulatorSettings settings;
  private final RequestLog requestLog;

  ImoRequests(ImoCore core, SimulatorSettings settings, RequestLog requestLog) {
    this.core = core;
    this.queues = core.queues;
    this.methods = new ImoMethods(core);
    this.settings = settings;
    this.requestLog = requestLog;
  }

  /** Who a /imo request belongs to, for fault rules: ssid, account key (null = none), long poll or not. */
  record Target(String ssid, String accountKey, boolean poll) {
  }

  /** Classifies a request without processing it. */
  Target target(String httpMethod, String rawData) {
    JsonObject env = parseObject(rawData);
    if (env == null) {
      return new Target(null, null, false);
    }
    String ssid = Wire.asString(env.getValue("ssid"));
    Session s = ssid == null ? null : core.sessions.get(ssid);
    boolean poll = "forward_to_server".equals(httpMethod)
        && !(env.getValue("messages") instanceof JsonArray a && !a.isEmpty());
    return new Target(ssid, s == null || s.account == null ? null : s.account.key, poll);
  }

  /** The request body with its top-level {@code ack} removed (the LOST_ACK fault). */
  static String withoutAck(String rawData) {
    JsonObject env = parseObject(rawData);
    if (env == null) {
      return rawData;
    }
    env.remove("ack");
    return env.encode();
  }

  /** The answer {@code response} to a request of {@code ssid} never reached the client. */
  void undeliver(String ssid, JsonObject response) {
    Session s = ssid == null ? null : core.sessions.get(ssid);
    if (s != null) {
      queues.undeliver(s, response);
    }
  }

  /** Handles one decoded POST /imo body. */
  void handle(String httpMethod, String rawData, Exchange ex) {
    JsonObject env = parseObject(rawData);
    long now = System.currentTimeMillis();
    if (httpMethod == null || env == null) {
      LOG.warn("invalid /imo request (method={}, data {}): answered empty", httpMethod,
          rawData == null ? "missing" : "not a JSON object, " + rawData.length() + " chars");
      requestLog.add(new JsonObject().put("time", now).put("kind", "invalid").put("http", httpMethod));
      ex.reply(Wire.response(0, new JsonArray()));
      return;
    }
    switch (httpMethod) {
      case "rest_rpc" -> restRpc(env, ex, now);
      case "forward_to_server" -> forward(env, ex, now);
      case "echo" -> {
        // no envelope: the whole body is the data
        record(now, "echo", null, "echo", null, null, null, new JsonObject().put("data", env), "accepted");
        ex.reply(new JsonObject().put("method", "echo").put("data", env));
      }
      default -> {
        LOG.warn("unknown HTTP-level method '{}': answered empty", httpMethod);
        record(now, httpMethod, Wire.asString(env.getValue("ssid")), null, null, null, null, env, "unknown");
        ex.reply(emptyFor(env));
      }
    }
  }

  private void restRpc(JsonObject env, Exchange ex, long now) {
    JsonObject msg = firstMessage(env);
    JsonObject payload = msg == null ? null : Wire.asObject(msg.getValue("data"));
    String method = payload == null ? null : Wire.asString(payload.getValue("method"));
    String oldSsid = Wire.asString(env.getValue("ssid"));
    if (!"get_cookie_and_ssid".equals(method)) {
      LOG.warn("rest_rpc with unsupported method '{}': answered empty", method);
      record(now, "rest_rpc", oldSsid, method, system(msg), seq(msg), null, payload, "unknown");
      ex.reply(emptyFor(env));
      return;
    }
    Session s = new Session(core.newId(SSID_LENGTH));
    core.sessions.put(s.ssid, s);
    LOG.info("new session {} (client id {})", s.ssid, oldSsid);
    record(now, "rest_rpc", oldSsid, method, system(msg), seq(msg), null, payload, "session " + s.ssid);
    ex.reply(Wire.bootstrap(s.ssid));
  }

  private void forward(JsonObject env, Exchange ex, long now) {
    long startCounter = queues.responsesSoFar();
    String ssid = Wire.asString(env.getValue("ssid"));
    Long ack = Wire.asLong(env.getValue("ack"));
    JsonArray messages = env.getValue("messages") instanceof JsonArray a ? a : new JsonArray();
    Session s = ssid == null ? null : core.sessions.get(ssid);
    if (s == null) {
      LOG.info("request for unknown or ended ssid {}: {}", ssid,
          settings.expireUnknownSsid ? "expired" : "ack 0");
      record(now, "forward_to_server", ssid, null, null, null, ack, null, "unknown ssid");
      ex.reply(unknownSsid(ack));
      return;
    }
    s.lastSeen = now;
    if (ack != null) {
      s.acknowledge(ack);
    }
    if (messages.isEmpty()) {
      requestLog.add(new JsonObject().put("time", now).put("kind", "poll").put("http", "forward_to_server")
          .put("ssid", ssid).put("ack", ack));
      queues.longPoll(s, ack, startCounter, ex);
      return;
    }
    for (Object m : messages) {
      process(s, m, ack, now);
    }
    ex.reply(queues.answer(s, ack, startCounter));
  }

  /** Checks the client seq (docs/imo-protocol.md §4.1) and dispatches. */
  private void process(Session s, Object raw, Long ack, long now) {
    JsonObject msg = Wire.asObject(raw);
    JsonObject payload = msg == null ? null : Wire.asObject(msg.getValue("data"));
    String method = payload == null ? null : Wire.asString(payload.getValue("method"));
    String system = system(msg);
    Long seq = seq(msg);
    String result;
    if (seq == null) {
      LOG.warn("{}: message without seq ignored (method {})", s.ssid, method);
      result = "no seq";
    } else if (seq < s.expectedSeq) {
      LOG.info("{}: duplicate seq {} (expected {}), not processed again", s.ssid, seq, s.expectedSeq);
      result = "duplicate";
    } else if (seq > s.expectedSeq) {
      LOG.warn("{}: protocol error, seq {} but expected {}; not processed", s.ssid, seq, s.expectedSeq);
      result = "out of order";
    } else {
      s.expectedSeq++;
      result = "processed";
      if (method == null) {
        LOG.warn("{}: message seq {} without data.method", s.ssid, seq);
        result = "no method";
      } else {
        JsonObject args = payload.getValue("data") instanceof JsonObject o ? o : new JsonObject();
        try {
          if (!methods.dispatch(s, system, method, args, payload)) {
            result = "unknown method";
          }
        } catch (RuntimeException e) {
          LOG.error("{}: method {} failed", s.ssid, method, e);
          result = "error";
        }
      }
    }
    record(now, "forward_to_server", s.ssid, method, system, seq, ack, payload, result);
  }

  private JsonObject unknownSsid(Long ack) {
    JsonArray msgs = new JsonArray();
    if (settings.expireUnknownSsid) {
      // seq = the client's ack, so a client that drops seq < ack still processes it
      long seq = ack == null || ack < 0 ? 0 : ack;
      msgs.add(Wire.message("im", seq, Wire.event("expired", null, null)));
    }
    return Wire.response(0, msgs);
  }

  private JsonObject emptyFor(JsonObject env) {
    Session s = core.sessions.get(Wire.asString(env.getValue("ssid")));
    return Wire.response(s == null ? 0 : s.expectedSeq, new JsonArray());
  }

  private void record(long time, String http, String ssid, String method, String system, Long seq, Long ack,
                      JsonObject payload, String result) {
    JsonObject e = new JsonObject().put("time", time).put("kind", "message").put("http", http)
        .put("ssid", ssid).put("method", method).put("system", system).put("seq", seq).put("ack", ack);
    if (payload != null) {
      e.put("requestId", Wire.asLong(payload.getValue("request_id")));
      e.put("data", RequestLog.mask(payload.getValue("data")));
    }
    e.put("result", result);
    requestLog.add(e);
    if (LOG.isDebugEnabled()) {
      LOG.debug("request {}", e.encode());
    }
  }

  private static JsonObject parseObject(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      Object v = Json.decodeValue(raw);
      return v instanceof JsonObject o ? o : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  private static JsonObject firstMessage(JsonObject env) {
    if (env.getValue("messages") instanceof JsonArray a && !a.isEmpty()) {
      return Wire.asObject(a.getValue(0));
    }
    return null;
  }

  private static String system(JsonObject msg) {
    JsonObject to = msg == null ? null : Wire.asObject(msg.getValue("to"));
    return to == null ? null : Wire.asString(to.getValue("system"));
  }

  private static Long seq(JsonObject msg) {
    return msg == null ? null : Wire.asLong(msg.getValue("seq"));
  }
}
