package net.imo2sproxy.gateway.upstream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;

/**
 * Shared fixture of the imo client tests: a simulator with short hold times, client options
 * with short exact back-offs, and a listener that records what a session delivers. Tests run
 * on the JUnit thread and hand every session call to one Vert.x context (sessions are
 * confined to theirs), blocking on the result with a timeout.
 */
final class ImoTestSupport {

  static final Duration HOLD = Duration.ofMillis(400);
  static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(30),
      Duration.ofMillis(120), 0, 4);

  final Vertx vertx;
  final Context context;
  final ImoSimulator simulator;
  final HttpClient http;
  private final List<ImoClient> sessions = new ArrayList<>();

  ImoTestSupport(Vertx vertx) {
    this(vertx, SimulatorWorld.demo());
  }

  ImoTestSupport(Vertx vertx, SimulatorWorld world) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.simulator = await(ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
        .setHoldTime(HOLD).setWorld(world)));
    this.http = vertx.createHttpClient();
  }

  ImoClientOptions options() {
    return new ImoClientOptions(simulator.baseUrl(), Duration.ofSeconds(10),
        Duration.ofSeconds(300), 4, FAST, FAST, FAST);
  }

  /** A new session (on the test context), not yet bootstrapped. */
  Client client(String uid) {
    return client(uid, options());
  }

  Client client(String uid, ImoClientOptions options) {
    Recorder recorder = new Recorder();
    ImoClient session = on(() -> Future.succeededFuture(
        ImoClient.create(vertx, http, options, uid, recorder, "test-" + uid)));
    sessions.add(session);
    return new Client(session, recorder);
  }

  /** Bootstraps and logs in; returns once {@code signed_on} arrived. */
  Client loggedIn(String uid, String password) {
    Client c = client(uid);
    on(() -> c.session.bootstrap().compose(v -> c.session.login(password)));
    c.next("im", "signed_on");
    return c;
  }

  /** Runs {@code action} on the test context and waits for its future. */
  <T> T on(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return await(promise.future());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the simulator logged for {@code method} (passwords masked). */
  List<JsonObject> requests(String method) {
    return simulator.requests(method);
  }

  /** Stops every session's polling, then the simulator. */
  void close() {
    on(() -> {
      sessions.forEach(ImoClient::close);
      return Future.succeededFuture();
    });
    http.close();
    await(simulator.close());
  }

  /** A session with its recorder. */
  final class Client {
    final ImoClient session;
    final Recorder recorder;

    Client(ImoClient session, Recorder recorder) {
      this.session = session;
      this.recorder = recorder;
    }

    /** The next delivered message (not yet taken) from {@code system} named {@code name}. */
    JsonObject next(String system, String name) {
      return on(() -> recorder.next(m -> system.equals(m.getString("system"))
          && (name == null || name.equals(m.getJsonObject("data").getValue("name")))));
    }

    /** Waits for the session's end. */
    ImoSessionEnd end() {
      return on(recorder::end);
    }

    <T> T call(java.util.function.Function<ImoClient, Future<T>> action) {
      return on(() -> action.apply(session));
    }

    /** Every delivered message so far: {@code {system, data}}. */
    List<JsonObject> delivered() {
      return on(() -> Future.succeededFuture(List.copyOf(recorder.all)));
    }
  }

  /** Records deliveries on the session's context; waiters take each message at most once. */
  static final class Recorder implements ImoEventListener {
    final List<JsonObject> all = new ArrayList<>();
    private final List<JsonObject> untaken = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<ImoSessionEnd> ends = new ArrayList<>();
    private final List<Promise<ImoSessionEnd>> endWaiters = new ArrayList<>();

    private record Waiter(Predicate<JsonObject> filter, Promise<JsonObject> promise) {
    }

    @Override
    public void onServerMessage(String fromSystem, JsonObject data) {
      JsonObject m = new JsonObject().put("system", fromSystem).put("data", data);
      all.add(m);
      for (Waiter w : List.copyOf(waiters)) {
        if (w.filter.test(m)) {
          waiters.remove(w);
          w.promise.complete(m);
          return;
        }
      }
      untaken.add(m);
    }

    @Override
    public void onSessionEnded(ImoSessionEnd end) {
      ends.add(end);
      List.copyOf(endWaiters).forEach(p -> p.tryComplete(end));
      endWaiters.clear();
    }

    Future<JsonObject> next(Predicate<JsonObject> filter) {
      for (JsonObject m : untaken) {
        if (filter.test(m)) {
          untaken.remove(m);
          return Future.succeededFuture(m);
        }
      }
      Promise<JsonObject> p = Promise.promise();
      waiters.add(new Waiter(filter, p));
      return p.future();
    }

    Future<ImoSessionEnd> end() {
      if (!ends.isEmpty()) {
        return Future.succeededFuture(ends.get(0));
      }
      Promise<ImoSessionEnd> p = Promise.promise();
      endWaiters.add(p);
      return p.future();
    }

    int endCount() {
      return ends.size();
    }
  }
}
