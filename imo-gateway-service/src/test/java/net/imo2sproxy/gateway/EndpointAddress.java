package net.imo2sproxy.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * Plays an endpoint's single consumer in gateway tests: takes everything sent to {@code
 * imo2sproxy.endpoint.<id>} and hands each message to the {@link BusConnection} its {@code
 * connection} field names; messages without a known one are kept in {@link #unrouted}.
 */
final class EndpointAddress {

  final String endpointId = UUID.randomUUID().toString();
  private final Map<String, BusConnection> connections = new HashMap<>();
  /** Every message received, in order. */
  final List<JsonObject> received = new ArrayList<>();
  final List<JsonObject> unrouted = new ArrayList<>();
  private final MessageConsumer<JsonObject> consumer;

  EndpointAddress(Vertx vertx) {
    consumer = vertx.eventBus().consumer(BusAddresses.endpoint(endpointId), message -> {
      JsonObject body = message.body();
      received.add(body);
      BusConnection connection = connections.get(body.getString(BusMessages.CONNECTION));
      if (connection == null) {
        unrouted.add(body);
      } else {
        connection.onMessage(body);
      }
    });
  }

  Future<EndpointAddress> ready() {
    return consumer.completion().map(this);
  }

  Future<Void> close() {
    return consumer.unregister();
  }

  void add(BusConnection connection) {
    connections.put(connection.connectionId, connection);
  }
}
