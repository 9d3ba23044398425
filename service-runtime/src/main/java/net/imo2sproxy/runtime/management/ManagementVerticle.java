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
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management HTTP port of a service: {@code /health/live} (the event loop answers),
 * {@code /health/ready} (cluster membership when clustered, plus the service's own checks) and
 * {@code /metrics} (Prometheus, from Vert.x Micrometer metrics).
 */
public final class ManagementVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementVerticle.class);

  private final ManagementOptions options;
  private final List<ReadinessCheck> readinessChecks;
  private HttpServer server;

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
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    return vertx.createHttpServer().requestHandler(router)
        .listen(options.port(), options.host())
        .onSuccess(s -> {
          server = s;
          LOG.info("management port on {}:{} (/health/live, /health/ready, /metrics)",
              options.host(), s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The bound port (after start), for tests and logs. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
