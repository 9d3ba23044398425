package net.imo2sproxy.endpoint.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Re-attach attempts driven by hand: each attempt is a promise the test completes. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReattachRunTest {

  private final List<Promise<GatewayLink.Attachment>> attempts = new ArrayList<>();
  /** Completed when {@link ReattachRun#MAX_IN_FLIGHT} attempts have been made. */
  private final Promise<Void> allInFlight = Promise.promise();
  /** Attempts fail at once, as when no gateway is registered. */
  private boolean noGateway;

  private ReattachRun run(Vertx vertx, long timeoutMs) {
    GatewayLink link = new GatewayLink(vertx, new EndpointOptions()
        .setBusRequestTimeout(Duration.ofSeconds(2)));
    return new ReattachRun(vertx, link, "c1", "lost", timeoutMs, () -> {
      Promise<GatewayLink.Attachment> attempt = Promise.promise();
      attempts.add(attempt);
      if (attempts.size() == ReattachRun.MAX_IN_FLIGHT) {
        allInFlight.tryComplete();
      }
      if (noGateway) {
        attempt.fail(new ReplyException(ReplyFailure.NO_HANDLERS, -1, "none"));
      }
      return attempt.future();
    }, () -> false);
  }

  private static GatewayLink.Attachment on(String session) {
    return new GatewayLink.Attachment(session, "bob");
  }

  @Test
  void unansweredAttemptsAreHedgedUpToTheLimitAndLateSuccessesElsewhereDetached(Vertx vertx,
      VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      // on this context, so a detach to s2 would be handled before the one to s3
      vertx.eventBus().consumer(BusAddresses.session("s2"),
          msg -> ctx.failNow("detached from the session in use"));
      vertx.eventBus().<JsonObject>consumer(BusAddresses.session("s3"), msg -> ctx.verify(() -> {
        assertThat(msg.body().getString(BusMessages.TYPE)).isEqualTo(BusMessages.TYPE_DETACH);
        assertThat(attempts).hasSize(ReattachRun.MAX_IN_FLIGHT);
        ctx.completeNow();
      }));
      Future<String> outcome = run(vertx, 10_000).start().map(GatewayLink.Attachment::sessionId);
      allInFlight.future().onSuccess(all ->
          // a hedge period later: still no more than MAX_IN_FLIGHT
          vertx.setTimer(ReattachRun.HEDGE_MS + 200, t -> ctx.verify(() -> {
            assertThat(attempts).hasSize(ReattachRun.MAX_IN_FLIGHT);
            assertThat(outcome.isComplete()).isFalse();
            attempts.get(1).complete(on("s2"));
            assertThat(outcome.result()).isEqualTo("s2");
            attempts.get(0).complete(on("s2")); // same session: nothing to undo
            attempts.get(2).complete(on("s3")); // another session: detached there
          })));
    });
  }

  @Test
  void aRefusalEndsTheRunAtOnce(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      Future<String> outcome = run(vertx, 10_000).start().map(GatewayLink.Attachment::sessionId);
      attempts.get(0).fail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
          BusMessages.FAILURE_REFUSED, "refused"));
      ctx.verify(() -> assertThat(outcome.failed()).isTrue());
      ctx.completeNow();
    });
  }

  @Test
  void failuresAreRetriedUntilTheFailoverTimeout(Vertx vertx, VertxTestContext ctx) {
    noGateway = true;
    vertx.runOnContext(v -> {
      long started = System.currentTimeMillis();
      run(vertx, 1200).start().onComplete(ar -> ctx.verify(() -> {
        assertThat(ar.failed()).isTrue();
        assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(1200);
        assertThat(attempts.size()).isGreaterThanOrEqualTo(3); // one every RETRY_MS
        ctx.completeNow();
      }));
    });
  }
}
