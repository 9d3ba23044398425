package net.imo2sproxy.simulator.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP face of the simulator (docs/imo-protocol.md §2.1) plus /admin; all state lives on this
 * verticle's event loop.
 */
public final class SimulatorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorVerticle.class);
  private static final long IMO_BODY_LIMIT = 1024 * 1024;

  private final SimulatorOptions options;
  private final SimulatorWorld world;
  private final Map<String, Buffer> icons;
  private final SimulatorSettings settings;
  private final RequestLog requestLog = new RequestLog();
  private ImoCore core;
  private ImoRequests requests;
  private AdminApi admin;
  private HttpServer server;
  private long sweepTimer = -1;

  /** {@code icons}: icon id to JPEG bytes, rendered beforehand off the event loop. */
  public SimulatorVerticle(SimulatorOptions options, SimulatorWorld world, Map<String, Buffer> icons) {
    this.options = new SimulatorOptions(options);
    this.world = world;
    this.icons = Map.copyOf(icons);
    this.settings = new SimulatorSettings(options.getHoldTime().toMillis());
  }

  @Override
  public Future<?> start() {
    core = new ImoCore(vertx, context, world, settings);
    requests = new ImoRequests(core, settings, requestLog);
    Router router = Router.router(vertx);
    router.get("/").handler(this::startPage);
    router.post("/imo").handler(BodyHandler.create(false).setBodyLimit(IMO_BODY_LIMIT));
    router.post("/imo").handler(this::imo);
    router.get("/b/:icon").handler(this::icon);
    admin = new AdminApi(core, settings, requestLog);
    admin.mount(router);
    router.route().last().handler(ctx -> AdminApi.error(ctx, 404, "not found"));
    router.errorHandler(500, ctx -> {
      LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      if (!ctx.response().ended()) {
        AdminApi.error(ctx, 500, "internal error");
      }
    });
    long timeout = options.getSessionTimeout().toMillis();
    if (timeout > 0) {
      sweepTimer = vertx.setPeriodic(Math.max(1000, Math.min(timeout / 4, 30_000)), id -> core.expireIdle(timeout));
    }
    return vertx.createHttpServer(new HttpServerOptions().setHost(options.getHost()).setPort(options.getPort()))
        .requestHandler(router)
        .listen()
        .onSuccess(s -> {
          server = s;
          LOG.info("imo simulator listening on http://{}:{}/ ({} accounts, {} bots)", options.getHost(),
              s.actualPort(), world.accounts().size(), world.bots().size());
        });
  }

  @Override
  public Future<?> stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  public int actualPort() {
    return server.actualPort();
  }

  public RequestLog requestLog() {
    return requestLog;
  }

  public SimulatorSettings settings() {
    return settings;
  }

  /** Runs {@code action} on the simulator's event loop; the in-process API uses this. */
  public <T> Future<T> onLoop(Supplier<T> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        p.complete(action.get());
      } catch (RuntimeException e) {
        p.fail(e);
      }
    });
    return p.future();
  }

  /** In-process admin operations, mirroring the /admin routes. */
  public Future<JsonObject> inject(String to, String from, String alias, String msg) {
    return onLoop(() -> core.inject(to, from, alias, msg, null));
  }

  public Future<Integer> injectEvent(String to, String system, JsonObject event) {
    return onLoop(() -> core.injectEvent(to, null, system, event));
  }

  /** Runs an admin action ({@code POST /admin/<action>}) on the event loop. */
  public Future<Object> admin(String action, JsonObject body) {
    return onLoop(() -> admin.run(action, body));
  }

  public Future<JsonArray> sessions() {
    return onLoop(core::describeSessions);
  }

  public Future<JsonArray> accounts() {
    return onLoop(core::describeAccounts);
  }

  private void startPage(RoutingContext ctx) {
    ctx.response()
        .addCookie(Cookie.cookie("imo_test", core.newId(16)).setPath("/"))
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .end("<!DOCTYPE html><html><head><title>imo.im simulator</title></head>"
            + "<body><p>imo.im simulator</p></body></html>");
  }

  private void imo(RoutingContext ctx) {
    String body = ctx.body().buffer() == null ? "" : ctx.body().buffer().toString(StandardCharsets.UTF_8);
    Map<String, String> form = FormBody.parse(body);
    // some clients put the method in the query string
    String method = form.getOrDefault("method", ctx.queryParams().get("method"));
    String data = form.get("data");
    ImoRequests.Target target = requests.target(method, data);
    Faults.Rule fault = settings.faults.take(target.accountKey(), target.poll());
    if (fault == null) {
      requests.handle(method, data, exchange(ctx));
      return;
    }
    LOG.info("injecting fault {} into a /imo {} of {}", fault.mode, target.poll() ? "poll" : "request",
        target.accountKey() == null ? "no account" : target.accountKey());
    switch (fault.mode) {
      case HTTP500 -> ctx.response().setStatusCode(500).putHeader("Content-Type", "text/html")
          .end("<html><body>500 Internal Server Error</body></html>");
      case GARBAGE -> ctx.response().putHeader("Content-Type", "application/json").end("}{ not json");
      case EMPTY -> ctx.response().putHeader("Content-Type", "application/json").end();
      case RESET -> ctx.request().connection().close();
      case ACK0 -> ctx.response().putHeader("Content-Type", "application/json")
          .end(Wire.response(0, new JsonArray()).encode());
      case LOST_ACK -> requests.handle(method, ImoRequests.withoutAck(data), exchange(ctx));
      case LATENCY -> vertx.setTimer(Math.max(1, fault.delayMs), id -> requests.handle(method, data, exchange(ctx)));
      case TRUNCATED -> requests.handle(method, data, lostAnswer(ctx, target, json -> {
        String text = json.encode();
        ctx.response().putHeader("Content-Type", "application/json").end(text.substring(0, text.length() / 2));
      }));
      case DROP_RESPONSE -> requests.handle(method, data, lostAnswer(ctx, target,
          json -> ctx.request().connection().close()));
      case DROP_POLL -> {
        requests.handle(method, data, lostAnswer(ctx, target, json -> ctx.request().connection().close()));
        if (target.poll()) {
          vertx.setTimer(Math.max(1, fault.delayMs), id -> {
            if (!ctx.response().ended()) {
              ctx.request().connection().close();
            }
          });
        }
      }
      default -> throw new IllegalStateException(fault.mode.name());
    }
  }

  private static Exchange exchange(RoutingContext ctx) {
    return new Exchange() {
      @Override
      public void reply(JsonObject json) {
        if (!ctx.response().ended() && !ctx.response().closed()) {
          ctx.response().putHeader("Content-Type", "application/json").end(json.encode());
        }
      }

      @Override
      public void onClose(Runnable action) {
        ctx.response().closeHandler(v -> action.run());
      }
    };
  }

  /** An answer that never reaches the client intact: its messages count as not delivered. */
  private Exchange lostAnswer(RoutingContext ctx, ImoRequests.Target target, Consumer<JsonObject> spoil) {
    return new Exchange() {
      private boolean done;

      @Override
      public void reply(JsonObject json) {
        if (done || ctx.response().ended() || ctx.response().closed()) {
          return;
        }
        done = true;
        requests.undeliver(target.ssid(), json);
        spoil.accept(json);
      }

      @Override
      public void onClose(Runnable action) {
        ctx.response().closeHandler(v -> action.run());
      }
    };
  }

  private void icon(RoutingContext ctx) {
    Buffer jpeg = icons.get(ctx.pathParam("icon"));
    if (jpeg == null) {
      AdminApi.error(ctx, 404, "no such icon");
      return;
    }
    ctx.response().putHeader("Content-Type", "image/jpeg").end(jpeg);
  }
}
