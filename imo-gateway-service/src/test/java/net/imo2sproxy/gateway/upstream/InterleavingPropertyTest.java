package net.imo2sproxy.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random interleavings of commands, server messages, latencies, lost answers and repeated
 * deliveries against the simulator: every command is processed by the server exactly once and
 * in the order it was called, and every server message reaches the listener exactly once, in
 * server order. Fixed seed, bounded tries: the same scenarios every run.
 */
class InterleavingPropertyTest {

  /** One step of a scenario, started {@code delayMs} after the previous one. */
  record Step(Kind kind, int delayMs, String fault, String on, int faultDelayMs) {
  }

  enum Kind { SEND, INJECT, FAULT }

  private static final List<String> FAULTS = List.of("latency", "drop_response", "truncated",
      "reset", "http500", "lost_ack", "drop_poll", "garbage");

  private static Vertx vertx;

  @BeforeContainer
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterContainer
  static void stop() {
    ImoTestSupport.await(vertx.close());
  }

  @Property(tries = 40, seed = "20261207", shrinking = ShrinkingMode.OFF)
  void everyCommandOnceInOrderAndEveryMessageOnceInOrder(
      @ForAll("scenarios") List<Step> steps) {
    ImoTestSupport t = new ImoTestSupport(vertx);
    try {
      run(t, steps);
    } finally {
      t.close();
    }
  }

  private void run(ImoTestSupport t, List<Step> steps) {
    ImoTestSupport.Client alice = t.loggedIn("alice", "alice-pw");
    alice.call(ImoClient::keepAlive); // the polling's own keep-alive is done too
    List<String> sent = new ArrayList<>();
    List<String> injected = new ArrayList<>();
    List<Future<?>> sends = new ArrayList<>();
    for (Step step : steps) {
      t.on(() -> vertx.timer(Math.max(1, step.delayMs())).mapEmpty());
      switch (step.kind()) {
        case SEND -> {
          String text = "c" + sent.size();
          sent.add(text);
          sends.add(t.on(() -> Future.succeededFuture(alice.session.sendIm("bob", text))));
        }
        case INJECT -> {
          String text = "s" + injected.size();
          injected.add(text);
          t.on(() -> t.simulator.inject("alice", "bob", "Bob", text));
        }
        case FAULT -> t.simulator.fail(new JsonObject().put("mode", step.fault())
            .put("on", step.on()).put("account", "alice").put("delayMs", step.faultDelayMs()));
      }
    }
    for (Future<?> send : sends) {
      t.on(() -> send.mapEmpty());
    }
    for (int i = 0; i < injected.size(); i++) {
      alice.next("im", "recv_im");
    }
    // a last round trip: anything delivered twice would have arrived by now
    alice.call(ImoClient::keepAlive);
    t.on(() -> settle());

    List<String> processed = t.requests("send_im").stream()
        .filter(e -> "processed".equals(e.getString("result")))
        .map(e -> e.getJsonObject("data").getString("msg")).toList();
    assertThat(processed).as("send_im processed by the server").containsExactlyElementsOf(sent);
    List<String> received = alice.delivered().stream()
        .filter(m -> "recv_im".equals(m.getJsonObject("data").getString("name")))
        .map(m -> m.getJsonObject("data").getJsonObject("edata").getString("msg")).toList();
    assertThat(received).as("recv_im handed to the listener").containsExactlyElementsOf(injected);
    assertThat(alice.session.isEnded()).as("session still up").isFalse();
  }

  private static Future<Void> settle() {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(ImoTestSupport.HOLD.toMillis() + 100, id -> done.complete());
    return done.future();
  }

  @Provide
  Arbitrary<List<Step>> scenarios() {
    Arbitrary<Step> send = Arbitraries.integers().between(0, 30)
        .map(d -> new Step(Kind.SEND, d, null, null, 0));
    Arbitrary<Step> inject = Arbitraries.integers().between(0, 30)
        .map(d -> new Step(Kind.INJECT, d, null, null, 0));
    Arbitrary<Step> fault = Combinators.combine(Arbitraries.integers().between(0, 10),
        Arbitraries.of(FAULTS), Arbitraries.of("command", "poll"),
        Arbitraries.integers().between(5, 150))
        .as((d, mode, on, faultDelay) -> new Step(Kind.FAULT, d, mode, on, faultDelay));
    Arbitrary<Step> any = Arbitraries.frequencyOf(
        Tuple.of(4, send), Tuple.of(4, inject),
        Tuple.of(2, fault));
    // at most three faults, so no command or poll runs out of its retries
    return any.list().ofMinSize(4).ofMaxSize(24)
        .filter(steps -> steps.stream().filter(s -> s.kind() == Kind.FAULT).count() <= 3);
  }
}
