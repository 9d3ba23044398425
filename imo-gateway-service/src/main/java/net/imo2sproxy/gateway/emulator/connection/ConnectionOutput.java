package net.imo2sproxy.gateway.emulator.connection;

import io.vertx.core.json.JsonObject;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * Where a connection's output, close, reattach and avatar messages go (EVENT-BUS.md): its
 * endpoint's address, with the connection id in every body (one bus consumer per endpoint).
 *
 * @param address event-bus address the messages are sent to
 * @param connectionId put into every body
 */
public record ConnectionOutput(String address, String connectionId) {

  /**
   * The output of connection {@code connectionId} of endpoint {@code endpointId}.
   *
   * @throws IllegalArgumentException without an endpoint id (the output would go nowhere)
   */
  public static ConnectionOutput of(String connectionId, String endpointId) {
    if (endpointId == null || endpointId.isEmpty()) {
      throw new IllegalArgumentException("missing string field '" + BusMessages.ENDPOINT + "'");
    }
    return new ConnectionOutput(BusAddresses.endpoint(endpointId), connectionId);
  }

  /** {@code message}, built for this connection alone, ready to send to {@link #address}. */
  public JsonObject body(JsonObject message) {
    return message.put(BusMessages.CONNECTION, connectionId);
  }
}
