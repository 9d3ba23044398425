package net.imo2sproxy.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.simulator.impl.Icons;
import net.imo2sproxy.simulator.impl.SimulatorVerticle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A running imo.im simulator: an HTTP server speaking the imo.im web protocol (see
 * docs/imo-protocol.md) plus a test-control API, deployed as one verticle.
 *
 * <pre>
 * ImoSimulator sim = ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)).await();
 * client.postAbs(sim.baseUrl() + "imo") ...
 * </pre>
 *
 * <p>The query and control methods may be called from any thread.
 */
public final class ImoSimulator {

  private final Vertx vertx;
  private final SimulatorVerticle verticle;
  private final String deploymentId;
  private final String host;
  private final int port;

  private ImoSimulator(Vertx vertx, SimulatorVerticle verticle, String deploymentId, String host) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
    this.host = host;
    this.port = verticle.actualPort();
  }

  /**
   * Loads the world (options' world, else its world file, else {@link SimulatorWorld#demo()}),
   * renders avatars and deploys the simulator verticle.
   */
  public static Future<ImoSimulator> start(Vertx vertx, SimulatorOptions options) {
    Objects.requireNonNull(vertx, "vertx");
    SimulatorOptions opts = new SimulatorOptions(Objects.requireNonNull(options, "options"));
    Future<SimulatorWorld> world;
    if (opts.getWorld() != null) {
      world = Future.succeededFuture(opts.getWorld());
    } else if (opts.getWorldFile() != null) {
      world = vertx.executeBlocking(() -> SimulatorWorld.load(Path.of(opts.getWorldFile())));
    } else {
      world = Future.succeededFuture(SimulatorWorld.demo());
    }
    return world.compose(w -> vertx.executeBlocking(() -> renderIcons(w))
            .map(icons -> new SimulatorVerticle(opts, w, icons)))
        .compose(v -> vertx.deployVerticle(v).map(id -> new ImoSimulator(vertx, v, id, opts.getHost())));
  }

  private static Map<String, Buffer> renderIcons(SimulatorWorld world) {
    Map<String, Buffer> icons = new HashMap<>();
    world.accounts().forEach(a -> {
      if (a.icon() != null) {
        icons.computeIfAbsent(a.icon(), Icons::jpeg);
      }
    });
    world.bots().forEach(b -> {
      if (b.icon() != null) {
        icons.computeIfAbsent(b.icon(), Icons::jpeg);
      }
    });
    return icons;
  }

  /** The bound port (the real one when the options asked for 0). */
  public int port() {
    return port;
  }

  public String host() {
    return host;
  }

  /** E.g. {@code http://127.0.0.1:8080/}; clients append {@code imo} or {@code b/<icon>}. */
  public String baseUrl() {
    return "http://" + host + ":" + port + "/";
  }

  /** Undeploys the verticle and closes the server; held polls die with their connections. */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }

  /**
   * What clients sent, oldest first, with passwords masked. Each entry has {@code time} (ms),
   * {@code kind} ({@code message}, {@code poll} or {@code invalid}), {@code http}, {@code ssid},
   * {@code ack}, and for messages {@code method}, {@code system}, {@code seq}, {@code requestId},
   * {@code data} and {@code result} ({@code processed}, {@code duplicate}, {@code out of order}, ...).
   */
  public List<JsonObject> requests() {
    return verticle.requestLog().snapshot();
  }

  /** The logged messages carrying {@code method}. */
  public List<JsonObject> requests(String method) {
    return requests().stream().filter(e -> method.equals(e.getString("method"))).collect(Collectors.toList());
  }

  public void clearRequests() {
    verticle.requestLog().clear();
  }

  /** Sessions as listed by {@code GET /admin/sessions}. */
  public Future<JsonArray> sessions() {
    return verticle.sessions();
  }

  /** Accounts with presence, mood, roster and unread count (never passwords). */
  public Future<JsonArray> accounts() {
    return verticle.accounts();
  }

  /**
   * Delivers a {@code recv_im} from any buid to every session of account {@code to}, or stores it
   * as unread when it has none. Result: {@code {"delivered": n, "stored": bool}}.
   */
  public Future<JsonObject> inject(String to, String from, String alias, String msg) {
    return verticle.inject(to, from, alias, msg);
  }

  /** Queues a raw event from {@code system} to every session of {@code to}; result = sessions reached. */
  public Future<Integer> injectEvent(String to, String system, JsonObject event) {
    return verticle.injectEvent(to, system, event);
  }

  /**
   * Runs the admin action {@code POST /admin/<action>} in-process, e.g.
   * {@code admin("group", {"creator":"bob","members":["alice"]})}; see the module README for
   * every action. The future fails with IllegalArgumentException on bad input and
   * NoSuchElementException for unknown accounts, groups or sessions.
   */
  public Future<JsonObject> admin(String action, JsonObject body) {
    return verticle.admin(action, body).map(result -> result instanceof JsonObject o ? o
        : new JsonObject().put("result", result));
  }

  /**
   * Adds a fault rule like {@code POST /admin/fail}: {@code mode} (http500, garbage, empty,
   * truncated, reset, drop_poll, drop_response, ack0, latency), {@code count}, {@code account},
   * {@code on} (any, poll, command), {@code probability}, {@code seed}, {@code delayMs}.
   *
   * @throws IllegalArgumentException on bad input
   */
  public void fail(JsonObject rule) {
    verticle.settings().faults().add(rule, SimulatorWorld::key);
  }

  /** The fault rules not yet used up, as {@code POST /admin/fail} lists them. */
  public JsonArray faults() {
    return verticle.settings().faults().toJson();
  }

  /** Removes every fault rule. */
  public void clearFaults() {
    verticle.settings().faults().clear();
  }

  public Duration holdTime() {
    return Duration.ofMillis(verticle.settings().holdMillis());
  }

  /** Changes the long-poll hold time for polls that arrive from now on. */
  public void setHoldTime(Duration hold) {
    verticle.settings().holdMillis(hold.toMillis());
  }

  /**
   * Changes runtime settings like {@code POST /admin/config}: {@code holdSeconds}, {@code deliverOnce},
   * {@code sendAcks}, {@code ackDelayMs}, {@code expireUnknownSsid}. Returns the new settings.
   *
   * @throws IllegalArgumentException on a wrong type or value (nothing is changed then)
   */
  public JsonObject configure(JsonObject settings) {
    verticle.settings().apply(settings);
    return verticle.settings().toJson();
  }
}
