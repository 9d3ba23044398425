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
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
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

  /**
   * The bridge's metrics land in this Vert.x's own registry (served by /metrics) with bounded
   * tags, and /status.json shows this node's figures; a second Vert.x in the same JVM keeps
   * figures of its own.
   */
  @Test
  void bridgeMetricsAndStatusOfThisNode() throws Throwable {
    BridgeMetrics metrics = BridgeMetrics.of(vertx);
    assertThat(BridgeMetrics.of(vertx)).isSameAs(metrics);
    metrics.endpointStarted("ep-1", () -> 3);
    metrics.gatewayStarted("gw-1", () -> 2);
    metrics.connectionAccepted();
    metrics.connectionClosed("client closed");
    metrics.connectionClosed("something a client made up: alice");
    metrics.command("PING");
    metrics.messageOut();
    Vertx other = Vertx.vertx(ServiceBootstrap.vertxOptions(
        new JsonObject().put(ManagementOptions.PORT, 0)));
    try {
      BridgeMetrics.of(other).connectionAccepted();
      BridgeMetrics.of(other).connectionAccepted();
    } finally {
      other.close().await(10, TimeUnit.SECONDS);
    }
    VertxTestContext ctx = new VertxTestContext();
    ManagementVerticle verticle = new ManagementVerticle(
        new ManagementOptions(0, "127.0.0.1", "eu-west"), List.of());
    vertx.deployVerticle(verticle).compose(id ->
        client.get(verticle.actualPort(), "127.0.0.1", "/metrics").send().compose(scrape -> {
          ctx.verify(() -> assertThat(scrape.bodyAsString())
              .contains("imo2sproxy_connections_accepted_total 1.0",
                  "imo2sproxy_connections_closed_total{reason=\"client closed\"} 1.0",
                  "imo2sproxy_connections_closed_total{reason=\"other\"} 1.0",
                  "imo2sproxy_connections_open{endpoint=\"ep-1\"} 3.0",
                  "imo2sproxy_sessions{gateway=\"gw-1\"} 2.0",
                  "imo2sproxy_commands_total{verb=\"PING\"} 1.0")
              .doesNotContain("alice"));
          return client.get(verticle.actualPort(), "127.0.0.1", "/status.json").send();
        }).compose(json -> {
          ctx.verify(() -> {
            JsonObject status = json.bodyAsJsonObject();
            assertThat(status.getJsonObject("totals").getInteger("nodes")).isEqualTo(1);
            assertThat(status.getJsonObject("totals").getInteger("sessions")).isEqualTo(2);
            assertThat(status.getJsonObject("totals").getInteger("connections")).isEqualTo(3);
            JsonObject node = status.getJsonArray("nodes").getJsonObject(0);
            assertThat(node.getString("region")).isEqualTo("eu-west");
            assertThat(node.getJsonArray("roles")).containsExactly("endpoint", "gateway");
            assertThat(node.getLong("messagesOut")).isEqualTo(1);
            assertThat(node.getJsonObject("recent").getLong("messagesOut")).isEqualTo(1);
            assertThat(node.getJsonObject("recent").getLong("windowSeconds")).isEqualTo(60);
            assertThat(status.getJsonObject("totals").getJsonObject("recent")
                .getLong("messagesOut")).isEqualTo(1);
          });
          return client.get(verticle.actualPort(), "127.0.0.1", "/status").send();
        })).onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.getHeader("content-type")).startsWith("text/html");
          assertThat(page.bodyAsString()).contains("status.json", "setInterval");
          ctx.completeNow();
        })));
    assertThat(ctx.awaitCompletion(15, TimeUnit.SECONDS)).isTrue();
    if (ctx.failed()) {
      throw ctx.causeOfFailure();
    }
  }

  /**
   * The path the service jars take (ServiceBootstrap.start, hence VertxRuntime.start): its
   * Vert.x must keep the Prometheus registry, or /metrics answers 500 "Invalid registry".
   */
  @Test
  void metricsOfAServiceStartedThroughTheBootstrap() throws Throwable {
    JsonObject config = new JsonObject().put(ManagementOptions.PORT, 0)
        .put(ManagementOptions.HOST, "127.0.0.1");
    ManagementVerticle verticle = new ManagementVerticle(ManagementOptions.fromConfig(config),
        List.of());
    ServiceBootstrap.Running running = ServiceBootstrap.start(config,
        ManagementOptions.settings(0), c -> List.of(verticle))
        .await(20, TimeUnit.SECONDS);
    try {
      BridgeMetrics.of(running.vertx()).connectionAccepted();
      WebClient own = WebClient.create(running.vertx());
      var scrape = own.get(verticle.actualPort(), "127.0.0.1", "/metrics").send()
          .await(10, TimeUnit.SECONDS);
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.bodyAsString()).contains("imo2sproxy_connections_accepted_total 1.0",
          "vertx_http_server");
    } finally {
      running.vertx().close().await(10, TimeUnit.SECONDS);
    }
  }
}
