package net.imo2sproxy.gateway.emulator.connection;

import io.vertx.core.json.JsonObject;

/** Where output messages go: the event bus in production, a list in unit tests. */
@FunctionalInterface
public interface OutputSink {
  void send(String address, JsonObject message);
}
