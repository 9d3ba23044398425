package net.imo2sproxy.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.gateway.cluster.SessionRegistry;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway role: owns imo.im sessions and emulates the Skype API for the connections that
 * endpoints attach over the event bus.
 */
public final class ImoGatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ImoGatewayVerticle.class);

  private final GatewayOptions options;
  private HttpClient upstreamHttp;
  private SessionRegistry registry;
  private MessageConsumer<Object> policyConsumer;
  private MessageConsumer<Object> attachConsumer;

  public ImoGatewayVerticle(GatewayOptions options) {
    this.options = options;
  }

  /** Builds the options from the verticle's config (for deployment by name or from JSON). */
  public ImoGatewayVerticle(JsonObject config) {
    this(new GatewayOptions(config));
  }

  @Override
  public Future<?> start() {
    // Every session holds one long poll open, so the pool must not cap connections per host.
    // A pooled connection left idle closes after 20 s, not Vert.x's 60: a burst (a log-in's
    // requests beside its long poll) otherwise leaves each session a second connection, some
    // 7 KiB, for a minute; the pool is shared, so a busy gateway still reuses its connections.
    HttpClientOptions clientOptions = new HttpClientOptions()
        .setKeepAlive(true)
        .setKeepAliveTimeout(20)
        .setConnectTimeout(10_000);
    upstreamHttp = vertx.createHttpClient(clientOptions,
        new PoolOptions().setHttp1MaxSize(100_000));
    registry = SessionRegistry.create(vertx, upstreamHttp, options);
    // The registry first (accounts file, directory), so no attach arrives before it is ready.
    return registry.start().compose(started -> {
      policyConsumer = vertx.eventBus().consumer(BusAddresses.GATEWAY_AUTH_POLICY,
          registry::onAuthPolicy);
      attachConsumer = vertx.eventBus().consumer(BusAddresses.GATEWAY_ATTACH,
          registry::onAttach);
      return Future.all(policyConsumer.completion(), attachConsumer.completion());
    }).onSuccess(v -> {
      BridgeMetrics.of(vertx).gatewayStarted(registry.gatewayId(), registry::sessionCount);
      LOG.info("gateway {} ready: imo.im at {}, default account {}, password-less use {}",
          registry.gatewayId(), options.imoUrl(),
          options.username() == null ? "none" : options.username(),
          options.passwordless() ? "allowed" : "refused");
    });
  }

  @Override
  public Future<?> stop() {
    if (registry != null) {
      BridgeMetrics.of(vertx).gatewayStopped(registry.gatewayId());
    }
    Future<Void> unregister = Future.join(
        policyConsumer == null ? Future.succeededFuture() : policyConsumer.unregister(),
        attachConsumer == null ? Future.succeededFuture() : attachConsumer.unregister())
        .mapEmpty();
    return unregister.transform(ignored -> registry.stop("gateway stopping"))
        .onComplete(ignored -> upstreamHttp.close());
  }

  /** Random id of this gateway instance (its entry in the session directory). */
  public String gatewayId() {
    return registry == null ? null : registry.gatewayId();
  }

  /** Number of account sessions this gateway holds (for tests and metrics). */
  public int sessionCount() {
    return registry == null ? 0 : registry.sessionCount();
  }
}
