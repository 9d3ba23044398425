package net.imo2sproxy.endpoint;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The set-up of the tests where attach replies name the session's gateway: a {@link FakeGateway}
 * that names itself, and an endpoint with heartbeats every 200 ms and 2 s bus timeouts.
 */
@ExtendWith(VertxExtension.class)
abstract class NamedGatewayTestBase {

  protected FakeGateway gateway;
  protected SkypeProxyEndpointVerticle endpoint;
  protected Vertx vertx;

  /** How long the endpoint's failover may take before it gives up. */
  abstract Duration failoverTimeout();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    gateway = new FakeGateway(true);
    gateway.namesGateway = true;
    endpoint = new SkypeProxyEndpointVerticle(new EndpointOptions()
        .setPort(0)
        .setHandshakeTimeout(Duration.ofSeconds(5))
        .setBusRequestTimeout(Duration.ofSeconds(2))
        .setHeartbeatInterval(Duration.ofMillis(200))
        .setFailoverTimeout(failoverTimeout()));
    vertx.deployVerticle(gateway)
        .compose(id -> vertx.deployVerticle(endpoint))
        .onComplete(ctx.succeedingThenComplete());
  }
}
