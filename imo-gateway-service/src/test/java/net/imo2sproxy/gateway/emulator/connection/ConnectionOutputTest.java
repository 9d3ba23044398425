package net.imo2sproxy.gateway.emulator.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.junit.jupiter.api.Test;

/** Where a connection's output goes, by the attach's {@code output} field (EVENT-BUS.md). */
class ConnectionOutputTest {

  @Test
  void withoutTheFieldOutputGoesUntaggedToTheConnectionAddress() {
    ConnectionOutput output = ConnectionOutput.of("c1", "e1", null);
    assertThat(output.address()).isEqualTo("imo2sproxy.connection.c1");
    assertThat(output.mode()).isNull();
    JsonObject body = output.body(BusMessages.close("bye"));
    assertThat(body.containsKey(BusMessages.CONNECTION)).isFalse();
  }

  @Test
  void endpointOutputGoesToTheEndpointAddressTaggedWithTheConnection() {
    ConnectionOutput output = ConnectionOutput.of("c1", "e1", BusMessages.OUTPUT_ENDPOINT);
    assertThat(output.address()).isEqualTo("imo2sproxy.endpoint.e1");
    assertThat(output.mode()).isEqualTo(BusMessages.OUTPUT_ENDPOINT);
    JsonObject body = output.body(
        BusMessages.output(BusMessages.KIND_REPLY, List.of("#1 PROTOCOL 7")));
    assertThat(body.getString(BusMessages.CONNECTION)).isEqualTo("c1");
    assertThat(body.getJsonArray(BusMessages.LINES).getString(0)).isEqualTo("#1 PROTOCOL 7");
  }

  @Test
  void endpointOutputNeedsAnEndpointAndAKnownMode() {
    assertThatThrownBy(() -> ConnectionOutput.of("c1", null, BusMessages.OUTPUT_ENDPOINT))
        .isInstanceOf(IllegalArgumentException.class);
    JsonObject unknownMode = BusMessages.attach("c1", "e1", "x", null)
        .put(BusMessages.OUTPUT, "carrier-pigeon");
    assertThatThrownBy(() -> BusMessages.outputMode(unknownMode))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("carrier-pigeon");
  }
}
