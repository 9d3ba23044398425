package net.imo2sproxy.gateway.emulator.connection;

import io.vertx.core.json.JsonObject;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * Where a connection's output, close, reattach and avatar messages go (EVENT-BUS.md): its own
 * address, or, when its attach asked for {@code "output":"endpoint"}, its endpoint's address
 * with the connection id in every body (one bus consumer per endpoint instead of one per
 * connection).
 *
 * @param address event-bus address the messages are sent to
 * @param connectionId put into every body when {@code tagged}
 * @param tagged the address is shared by the endpoint's connections
 */
public record ConnectionOutput(String address, String connectionId, boolean tagged) {

  /** The connection's own address: bodies as they are (the original contract). */
  public static ConnectionOutput own(String connectionId) {
    return new ConnectionOutput(BusAddresses.connection(connectionId), connectionId, false);
  }

  /**
   * For an attach's {@link BusMessages#OUTPUT} mode (null: the connection's own address).
   *
   * @throws IllegalArgumentException when the endpoint address is asked for without an endpoint
   */
  public static ConnectionOutput of(String connectionId, String endpointId, String outputMode) {
    if (outputMode == null) {
      return own(connectionId);
    }
    if (endpointId == null || endpointId.isEmpty()) {
      throw new IllegalArgumentException("'" + BusMessages.OUTPUT + "' needs an 'endpoint'");
    }
    return new ConnectionOutput(BusAddresses.endpoint(endpointId), connectionId, true);
  }

  /** The {@link BusMessages#OUTPUT} mode that selects this (null for the own address). */
  public String mode() {
    return tagged ? BusMessages.OUTPUT_ENDPOINT : null;
  }

  /** An attach request or reply with this output mode in it (none for the own address). */
  public JsonObject announce(JsonObject attach) {
    return tagged ? attach.put(BusMessages.OUTPUT, mode()) : attach;
  }

  /** {@code message}, built for this connection alone, ready to send to {@link #address}. */
  public JsonObject body(JsonObject message) {
    return tagged ? message.put(BusMessages.CONNECTION, connectionId) : message;
  }
}
