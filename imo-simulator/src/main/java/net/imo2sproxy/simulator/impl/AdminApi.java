package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/** The test-control JSON API under /admin (spec 15.4; not part of imo.im). */
final class AdminApi {

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

  private final ImoCore core;
  private final SimulatorSettings settings;
  private final RequestLog requestLog;

  AdminApi(ImoCore core, SimulatorSettings settings, RequestLog requestLog) {
    this.core = core;
    this.settings = settings;
    this.requestLog = requestLog;
  }

  void mount(Router router) {
    router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(256 * 1024));
    router.post("/admin/inject").handler(ctx -> json(ctx, this::inject));
    router.post("/admin/event").handler(ctx -> json(ctx, this::event));
    router.get("/admin/sessions").handler(ctx -> ok(ctx, core.describeSessions()));
    router.get("/admin/accounts").handler(ctx -> ok(ctx, core.describeAccounts()));
    router.get("/admin/requests").handler(this::requests);
    router.delete("/admin/requests").handler(ctx -> {
      requestLog.clear();
      ok(ctx, new JsonObject().put("cleared", true));
    });
    router.post("/admin/hold").handler(ctx -> json(ctx, body -> {
      settings.holdMillis(Math.round(SimulatorSettings.number(body, "seconds") * 1000));
      LOG.info("hold time set to {} ms", settings.holdMillis());
      return settings.toJson();
    }));
    router.get("/admin/config").handler(ctx -> ok(ctx, settings.toJson()));
    router.post("/admin/config").handler(ctx -> json(ctx, body -> {
      settings.apply(body);
      LOG.info("config changed: {}", settings.toJson().encode());
      return settings.toJson();
    }));
    router.post("/admin/fail").handler(ctx -> json(ctx, this::fail));
    router.post("/admin/expire").handler(ctx -> json(ctx, this::expire));
    router.route("/admin/*").handler(ctx -> error(ctx, 404, "no such admin resource"));
  }

  private Object inject(JsonObject b) {
    String to = text(b, "to", true);
    String from = text(b, "from", true);
    String msg = text(b, "msg", true);
    String alias = text(b, "alias", false);
    Long ts = null;
    if (b.containsKey("timestamp")) {
      ts = Math.round(SimulatorSettings.number(b, "timestamp"));
    }
    return core.inject(to, from, alias, msg, ts);
  }

  private Object event(JsonObject b) {
    String to = text(b, "to", false);
    String ssid = text(b, "ssid", false);
    if ((to == null) == (ssid == null)) {
      throw new IllegalArgumentException("give exactly one of 'to' (account) or 'ssid'");
    }
    String system = text(b, "system", false);
    if (!(b.getValue("event") instanceof JsonObject event)) {
      throw new IllegalArgumentException("'event' must be an object");
    }
    int n = core.injectEvent(to, ssid, system == null ? "im" : system, event);
    return new JsonObject().put("delivered", n);
  }

  private Object fail(JsonObject b) {
    String mode = text(b, "mode", true);
    SimulatorSettings.Fault fault;
    try {
      fault = SimulatorSettings.Fault.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'mode' must be one of http500, garbage, empty, reset, ack0");
    }
    int count = b.containsKey("count") ? (int) Math.min(1_000_000, SimulatorSettings.number(b, "count")) : 1;
    settings.failNext(fault, count);
    LOG.info("next {} /imo request(s) fail with {}", count, mode);
    return settings.toJson();
  }

  /** Ends one session (by ssid) or all sessions of an account, as a server-side expiry would. */
  private Object expire(JsonObject b) {
    String to = text(b, "to", false);
    String ssid = text(b, "ssid", false);
    int n = 0;
    if (ssid != null) {
      Session s = core.sessions.get(ssid);
      if (s == null) {
        throw new NoSuchElementException("no session '" + ssid + "'");
      }
      core.endSession(s, "expired by admin");
      n = 1;
    } else if (to != null) {
      AccountState a = core.account(to);
      if (a == null) {
        throw new NoSuchElementException("no account '" + to + "'");
      }
      for (Session s : List.copyOf(a.sessions)) {
        core.endSession(s, "expired by admin");
        n++;
      }
    } else {
      throw new IllegalArgumentException("give 'to' (account) or 'ssid'");
    }
    return new JsonObject().put("expired", n);
  }

  private void requests(RoutingContext ctx) {
    String ssid = ctx.queryParams().get("ssid");
    String method = ctx.queryParams().get("method");
    JsonArray out = new JsonArray();
    for (JsonObject e : requestLog.snapshot()) {
      if ((ssid == null || ssid.equals(e.getString("ssid"))) && (method == null || method.equals(e.getString("method")))) {
        out.add(e);
      }
    }
    ok(ctx, out);
  }

  @FunctionalInterface
  private interface Action {
    Object apply(JsonObject body);
  }

  /** Parses the body as a JSON object and maps bad input to 400/404 instead of failures. */
  private void json(RoutingContext ctx, Action action) {
    JsonObject body;
    try {
      String text = ctx.body().asString();
      Object v = text == null || text.isBlank() ? null : Json.decodeValue(text);
      if (!(v instanceof JsonObject o)) {
        error(ctx, 400, "body must be a JSON object");
        return;
      }
      body = o;
    } catch (DecodeException e) {
      error(ctx, 400, "body is not valid JSON");
      return;
    }
    try {
      ok(ctx, action.apply(body));
    } catch (IllegalArgumentException | ClassCastException e) {
      error(ctx, 400, e.getMessage());
    } catch (NoSuchElementException e) {
      error(ctx, 404, e.getMessage());
    }
  }

  private static String text(JsonObject b, String key, boolean required) {
    Object v = b.getValue(key);
    if (v == null) {
      if (required) {
        throw new IllegalArgumentException("'" + key + "' is required");
      }
      return null;
    }
    if (!(v instanceof String s) || (required && s.isEmpty() && !key.equals("msg"))) {
      throw new IllegalArgumentException("'" + key + "' must be a non-empty string");
    }
    return s;
  }

  static void ok(RoutingContext ctx, Object body) {
    ctx.response().putHeader("Content-Type", "application/json").end(Json.encode(body));
  }

  static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message == null ? "bad request" : message).encode());
  }
}
