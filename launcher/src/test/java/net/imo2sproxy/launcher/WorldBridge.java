package net.imo2sproxy.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.endpoint.SkypeProxyEndpointVerticle;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.ImoGatewayVerticle;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;

/**
 * One bridge in the test's Vert.x on a world of the test's own (the demo's does not fit): the
 * simulator, a gateway on it and a SkypeProxy endpoint on 127.0.0.1, all on free ports. They end
 * with the Vert.x instance.
 */
final class WorldBridge {

  private WorldBridge() {
  }

  /** Starts the three; the future carries the endpoint's SkypeProxy port. */
  static Future<Integer> start(Vertx vertx, JsonObject world) {
    SkypeProxyEndpointVerticle endpoint = new SkypeProxyEndpointVerticle(
        new EndpointOptions().setHost("127.0.0.1").setPort(0));
    return ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
            .setHoldTime(Duration.ofSeconds(5)).setWorld(SimulatorWorld.load(world)))
        .compose(simulator -> vertx.deployVerticle(new ImoGatewayVerticle(
            new JsonObject().put(GatewayOptions.IMO_URL, simulator.baseUrl()))))
        .compose(id -> vertx.deployVerticle(endpoint))
        .map(id -> endpoint.actualPort());
  }
}
