package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The test-control JSON API under /admin (imo-simulator/README.md "Admin API"; not part of imo.im).
 */
final class AdminApi {

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

  private final ImoCore core;
  private final SimulatorSettings settings;
  private final RequestLog requestLog;

  /** The POST actions, by path below /admin/; the in-process API runs the same ones. */
  private final Map<String, Action> actions = new LinkedHashMap<>();

  AdminApi(ImoCore core, SimulatorSettings settings, RequestLog requestLog) {
    this.core = core;
    this.settings = settings;
    this.requestLog = requestLog;
    WorldEvents world = new WorldEvents(core);
    actions.put("inject", this::inject);
    actions.put("event", this::event);
    actions.put("expire", this::expire);
    actions.put("fail", this::fail);
    actions.put("presence", world::presence);
    actions.put("buddy/add", world::buddyAdded);
    actions.put("buddy/remove", world::buddyRemoved);
    actions.put("auth-request", world::authRequest);
    actions.put("group", world::groupCreated);
    actions.put("group/message", world::groupMessage);
    actions.put("group/topic", world::groupTopic);
    actions.put("group/kick", world::groupKick);
    actions.put("call", world::callStarted);
    actions.put("call/end", world::callEnded);
    actions.put("disconnect", world::disconnect);
    actions.put("reset", world::reset);
    actions.put("preference", world::preference);
  }

  /**
   * Runs {@code POST /admin/<action>} in-process (on the simulator's event loop).
   *
   * @throws IllegalArgumentException bad input or unknown action
   * @throws NoSuchElementException unknown account, group or session
   */
  Object run(String action, JsonObject body) {
    Action a = actions.get(action);
    if (a == null) {
      throw new IllegalArgumentException("no admin action '" + action + "'; known: " + actions.keySet());
    }
    return a.apply(body);
  }

  void mount(Router router) {
    router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(256 * 1024));
    actions.forEach((name, action) -> router.post("/admin/" + name).handler(ctx -> json(ctx, action)));
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
    router.delete("/admin/fail").handler(ctx -> {
      settings.faults().clear();
      ok(ctx, settings.toJson());
    });
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
    JsonArray rules = settings.faults().add(b, SimulatorWorld::key);
    LOG.info("fault rules now {}", rules.encode());
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
    return WorldEvents.text(b, key, required);
  }

  static void ok(RoutingContext ctx, Object body) {
    ctx.response().putHeader("Content-Type", "application/json").end(Json.encode(body));
  }

  static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message == null ? "bad request" : message).encode());
  }
}
