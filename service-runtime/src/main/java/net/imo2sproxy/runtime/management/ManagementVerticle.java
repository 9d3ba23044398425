package net.imo2sproxy.runtime.management;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.imo2sproxy.runtime.ServiceCommandLine;
import net.imo2sproxy.runtime.management.impl.NodeStatus;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management HTTP port of a service: {@code /health/live} (the event loop answers),
 * {@code /health/ready} (cluster membership when clustered, plus the service's own checks),
 * {@code /metrics} (Prometheus, from Vert.x Micrometer metrics and {@link BridgeMetrics}) and
 * the status page {@code /status} with its data {@code /status.json}: every node of the
 * cluster that runs a management port publishes its status record (see {@link NodeStatus}).
 */
public final class ManagementVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementVerticle.class);

  private final ManagementOptions options;
  private final List<ReadinessCheck> readinessChecks;
  private HttpServer server;
  private NodeStatus status;
  private long publishTimer = -1;

  public ManagementVerticle(ManagementOptions options, List<ReadinessCheck> readinessChecks) {
    this.options = options;
    this.readinessChecks = List.copyOf(readinessChecks);
  }

  @Override
  public Future<?> start() {
    HealthChecks liveness = HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()));
    HealthChecks readiness = HealthChecks.create(vertx);
    if (vertx.isClustered()) {
      readiness.register("cluster", 5000, promise -> {
        ClusterManager manager = ((VertxInternal) vertx).clusterManager();
        if (manager != null && manager.isActive()) {
          promise.complete(Status.OK(new JsonObject()
              .put("node", manager.getNodeId()).put("members", manager.getNodes().size())));
        } else {
          promise.complete(Status.KO(new JsonObject().put("reason", "not a cluster member")));
        }
      });
    }
    for (ReadinessCheck check : readinessChecks) {
      readiness.register(check.name(), 6000, promise -> check.check(vertx).onComplete(ar ->
          promise.complete(ar.succeeded() ? Status.OK(ar.result())
              : Status.KO(new JsonObject().put("reason", String.valueOf(ar.cause().getMessage()))))));
    }
    Router router = Router.router(vertx);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(liveness));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    MeterRegistry registry = BridgeMetrics.of(vertx).registry();
    router.get("/metrics").handler(registry instanceof PrometheusMeterRegistry prometheus
        ? PrometheusScrapingHandler.create(prometheus) : PrometheusScrapingHandler.create());
    router.get("/status.json").handler(rc -> status.clusterView().onComplete(ar -> {
      if (ar.succeeded()) {
        rc.response().putHeader("content-type", "application/json")
            .putHeader("cache-control", "no-store").end(ar.result().encode());
      } else {
        rc.response().setStatusCode(503).putHeader("content-type", "application/json")
            .end(new JsonObject().put("error", String.valueOf(ar.cause().getMessage()))
                .encode());
      }
    }));
    return vertx.executeBlocking(() -> new String[] {hostName(), statusPage()})
        .compose(found -> {
          status = new NodeStatus(vertx, options.region(), found[0],
              ServiceCommandLine.version());
          String page = found[1];
          router.get("/status").handler(rc -> rc.response()
              .putHeader("content-type", "text/html; charset=utf-8").end(page));
          router.get("/").handler(rc -> rc.redirect("/status"));
          return vertx.createHttpServer().requestHandler(router)
              .listen(options.port(), options.host())
              .recover(err -> Future.failedFuture(new IllegalStateException("cannot listen on "
                  + options.host() + ":" + options.port() + " (management port): "
                  + err.getMessage(), err)));
        })
        .onSuccess(s -> {
          server = s;
          publish();
          publishTimer = vertx.setPeriodic(NodeStatus.PUBLISH_MILLIS, id -> publish());
          LOG.info("management port on {}:{} (/health/live, /health/ready, /metrics, /status)",
              options.host(), s.actualPort());
        });
  }

  private void publish() {
    status.publish().onFailure(err -> LOG.debug("status record not published: {}",
        err.toString()));
  }

  @Override
  public Future<?> stop() {
    if (publishTimer >= 0) {
      vertx.cancelTimer(publishTimer);
    }
    Future<Void> withdrawn = status == null ? Future.succeededFuture()
        : status.withdraw().recover(err -> Future.succeededFuture());
    return withdrawn.compose(v -> server == null ? Future.succeededFuture() : server.close());
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String statusPage() throws IOException {
    try (InputStream in = ManagementVerticle.class.getResourceAsStream("status.html")) {
      if (in == null) {
        throw new IOException("status.html missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The bound port (after start), for tests and logs. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
