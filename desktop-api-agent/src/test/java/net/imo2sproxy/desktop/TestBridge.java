package net.imo2sproxy.desktop;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.endpoint.SkypeProxyEndpointVerticle;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.ImoGatewayVerticle;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;

/**
 * A whole bridge for the agent to forward to, on the test's Vert.x: the simulator's demo world,
 * a gateway whose default account is alice, and a SkypeProxy endpoint on 127.0.0.1, port 0.
 */
public final class TestBridge {

  private final int port;

  private TestBridge(int port) {
    this.port = port;
  }

  /** {@code gateway} adds gateway settings (e.g. {@code auth-password}). */
  public static Future<TestBridge> start(Vertx vertx, JsonObject gateway) {
    return start(vertx, gateway, new EndpointOptions());
  }

  /** With endpoint options of the test's (e.g. TLS); host and port are set here. */
  public static Future<TestBridge> start(Vertx vertx, JsonObject gateway,
      EndpointOptions endpointOptions) {
    return ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
            .setWorld(SimulatorWorld.demo()))
        .compose(sim -> {
          JsonObject config = new JsonObject()
              .put(GatewayOptions.IMO_URL, sim.baseUrl())
              .put(GatewayOptions.USERNAME, "alice")
              .put(GatewayOptions.PASSWORD, "alice-pw")
              .mergeIn(gateway);
          return vertx.deployVerticle(new ImoGatewayVerticle(new GatewayOptions(config)));
        })
        .compose(id -> {
          SkypeProxyEndpointVerticle endpoint = new SkypeProxyEndpointVerticle(
              endpointOptions.setHost("127.0.0.1").setPort(0));
          return vertx.deployVerticle(endpoint).map(v -> new TestBridge(endpoint.actualPort()));
        });
  }

  public int port() {
    return port;
  }

  public String endpoint() {
    return "127.0.0.1:" + port;
  }
}
