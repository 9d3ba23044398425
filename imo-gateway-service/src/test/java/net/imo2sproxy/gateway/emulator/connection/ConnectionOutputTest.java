package net.imo2sproxy.gateway.emulator.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.junit.jupiter.api.Test;

/** A connection's output goes to its endpoint's address, tagged with it (EVENT-BUS.md). */
class ConnectionOutputTest {

  @Test
  void outputGoesToTheEndpointAddressTaggedWithTheConnection() {
    ConnectionOutput output = ConnectionOutput.of("c1", "e1");
    assertThat(output.address()).isEqualTo("imo2sproxy.endpoint.e1");
    JsonObject body = output.body(
        BusMessages.output(BusMessages.KIND_REPLY, List.of("#1 PROTOCOL 7")));
    assertThat(body.getString(BusMessages.CONNECTION)).isEqualTo("c1");
    assertThat(body.getJsonArray(BusMessages.LINES).getString(0)).isEqualTo("#1 PROTOCOL 7");
    assertThat(output.body(BusMessages.close("bye")).getString(BusMessages.CONNECTION))
        .isEqualTo("c1");
  }

  @Test
  void anEndpointIsRequired() {
    assertThatThrownBy(() -> ConnectionOutput.of("c1", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("endpoint");
    assertThatThrownBy(() -> ConnectionOutput.of("c1", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
