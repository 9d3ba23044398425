package net.imo2sproxy.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The form body written straight into its buffer is the percent-encoding of the JSON text. */
class ImoEnvelopeFormBodyTest {

  @Test
  void sameBytesAsPercentEncodingTheJsonTextAndNoSpareCapacity() {
    JsonObject call = ImoEnvelope.call("send_im", 3, new JsonObject().put("buid", "bob")
        .put("msg", "Grüße, \"quoted\" & 100% ~ok~ \u263A\n\ttabs/slashes\\"));
    JsonObject data = ImoEnvelope.request(41, "Ka93bZr0QqWf2LmT1",
        ImoEnvelope.message(call, "im", "Ka93bZr0QqWf2LmT1", 9));
    Buffer body = ImoEnvelope.formBody(ImoEnvelope.FORWARD_TO_SERVER, data);
    String expected = "method=forward_to_server&data=" + ImoEnvelope.percentEncode(data.encode());
    assertThat(body.toString()).isEqualTo(expected);
    assertThat(body.length()).isEqualTo(expected.length());
  }
}
