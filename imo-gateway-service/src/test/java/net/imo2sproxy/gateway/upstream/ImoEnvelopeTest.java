package net.imo2sproxy.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ImoEnvelopeTest {

  @Test
  void pollBodyIsEncodedExactlyAsTheOriginal() {
    JsonObject poll = ImoEnvelope.request(12, "Ka93bZr0QqWf2LmT1", null);
    assertThat(ImoEnvelope.formBody(ImoEnvelope.FORWARD_TO_SERVER, poll).toString())
        .isEqualTo("method=forward_to_server&data=%7B%22ack%22%3A12%2C%22ssid%22%3A%22"
            + "Ka93bZr0QqWf2LmT1%22%2C%22messages%22%3A%5B%5D%7D");
  }

  @Test
  void percentEncodingKeepsOnlyUnreservedBytesAndEncodesUtf8() {
    assertThat(ImoEnvelope.percentEncode("aZ09-._~ +/%")).isEqualTo("aZ09-._~%20%2B%2F%25");
    assertThat(ImoEnvelope.percentEncode("Grüße")).isEqualTo("Gr%C3%BC%C3%9Fe");
  }

  @Test
  void messagesCarryFieldsInTheOriginalOrder() {
    JsonObject call = ImoEnvelope.call("send_im", 3, new JsonObject().put("buid", "bob"));
    JsonObject message = ImoEnvelope.message(call, "im", "S", 7);
    assertThat(message.encode()).isEqualTo("{\"data\":{\"method\":\"send_im\",\"request_id\":3,"
        + "\"data\":{\"buid\":\"bob\"}},\"to\":{\"system\":\"im\"},"
        + "\"from\":{\"system\":\"client\",\"ssid\":\"S\"},\"seq\":7}");
    assertThat(ImoEnvelope.call("echo", null, new JsonObject()).containsKey("request_id"))
        .isFalse();
  }

  @Test
  void temporarySsidIsSeventeenAlphanumerics() {
    assertThat(ImoEnvelope.temporarySsid()).matches("[A-Za-z0-9]{17}");
  }

  @Test
  void bootstrapSsidFoundInJsonOrByTextualScan() {
    String json = "{\"method\":\"forward_to_client\",\"data\":{\"ack\":1,\"messages\":["
        + "{\"to\":{\"system\":\"client\"},\"from\":{\"system\":\"session\"},"
        + "\"data\":{\"ssid\":\"Ka93bZr0QqWf2LmT1\"}}]}}";
    assertThat(ImoEnvelope.ssidFromBootstrap(json)).isEqualTo("Ka93bZr0QqWf2LmT1");
    assertThat(ImoEnvelope.ssidFromBootstrap("garbage ssid\": \"abc\" more")).isEqualTo("abc");
    assertThat(ImoEnvelope.ssidFromBootstrap("{}")).isNull();
  }

  @Test
  void maskingHidesPasswords() {
    JsonObject login = new JsonObject().put("uid", "alice").put("passwd", "se\"cr\\et");
    assertThat(ImoEnvelope.masked(login)).doesNotContain("cr").contains("\"passwd\":\"***\"");
  }
}
