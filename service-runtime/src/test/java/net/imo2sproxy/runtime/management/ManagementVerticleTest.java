package net.imo2sproxy.runtime.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.runtime.ServiceBootstrap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management port over real HTTP. Metrics must be enabled when Vert.x is created, so the
 * test builds its own instance instead of the one VertxExtension would inject.
 */
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ManagementVerticleTest {

  private Vertx vertx;
  private WebClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(ServiceBootstrap.vertxOptions(
        new JsonObject().put(ManagementOptions.PORT, 0)));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Future<Integer> deploy(List<ReadinessCheck> checks) {
    ManagementVerticle verticle = new ManagementVerticle(new ManagementOptions(0, "127.0.0.1"),
        checks);
    return vertx.deployVerticle(verticle).map(id -> verticle.actualPort());
  }

  private static ReadinessCheck check(String name, boolean ready) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<JsonObject> check(Vertx vertx) {
        return ready ? Future.succeededFuture(new JsonObject().put("fine", true))
            : Future.failedFuture("upstream down");
      }
    };
  }

  @Test
  void livenessReadinessAndMetrics() throws Throwable {
    VertxTestContext ctx = new VertxTestContext();
    deploy(List.of(check("upstream", true))).compose(port ->
        client.get(port, "127.0.0.1", "/health/live").send().compose(live -> {
          ctx.verify(() -> assertThat(live.statusCode()).isEqualTo(200));
          return client.get(port, "127.0.0.1", "/health/ready").send();
        }).compose(ready -> {
          ctx.verify(() -> {
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
          });
          return client.get(port, "127.0.0.1", "/metrics").send();
        })).onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
          assertThat(metrics.statusCode()).isEqualTo(200);
          assertThat(metrics.bodyAsString()).contains("vertx_http_server");
          ctx.completeNow();
        })));
    assertThat(ctx.awaitCompletion(15, TimeUnit.SECONDS)).isTrue();
    if (ctx.failed()) {
      throw ctx.causeOfFailure();
    }
  }

  @Test
  void readinessFailsWithTheReasonWhenACheckFails() throws Throwable {
    VertxTestContext ctx = new VertxTestContext();
    deploy(List.of(check("upstream", false)))
        .compose(port -> client.get(port, "127.0.0.1", "/health/ready").send())
        .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
          assertThat(ready.statusCode()).isEqualTo(503);
          assertThat(ready.bodyAsString()).contains("upstream down");
          ctx.completeNow();
        })));
    assertThat(ctx.awaitCompletion(15, TimeUnit.SECONDS)).isTrue();
    if (ctx.failed()) {
      throw ctx.causeOfFailure();
    }
  }
}
