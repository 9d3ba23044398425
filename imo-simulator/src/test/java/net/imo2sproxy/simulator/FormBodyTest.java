package net.imo2sproxy.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.simulator.impl.FormBody;
import net.imo2sproxy.simulator.impl.RequestLog;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FormBodyTest {

  @Test
  void decodesBothClientEncodings() {
    String json = "{\"msg\":\"Grüße! a-b.c_d~e\"}";
    // Unix build: unreserved characters stay; Windows build: only letters and digits stay
    String unix = TestImoClient.encode(json);
    StringBuilder win = new StringBuilder();
    for (byte b : json.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      win.append(Character.isLetterOrDigit(c) && c < 128 ? String.valueOf((char) c) : String.format("%%%02X", c));
    }
    assertThat(FormBody.parse("method=send&data=" + unix).get("data")).isEqualTo(json);
    assertThat(FormBody.parse("method=send&data=" + win).get("data")).isEqualTo(json);
    assertThat(FormBody.parse("method=send&data=" + win.toString().toLowerCase()).get("data"))
        .isEqualTo(json.toLowerCase().replace("ü", "ü").replace("ß", "ß"));
  }

  @Test
  void toleratesMalformedInput() {
    Map<String, String> f = FormBody.parse("a=%ZZ%4&&b&=x&a=second&c=1+2%2B3");
    assertThat(f.get("a")).isEqualTo("%ZZ%4");
    assertThat(f.get("b")).isEmpty();
    assertThat(f.get("c")).isEqualTo("1 2+3");
    assertThat(FormBody.parse("data=raw ü").get("data")).isEqualTo("raw ü");
  }

  @Test
  void masksPasswordsDeeply() {
    JsonObject in = new JsonObject().put("uid", "a").put("passwd", "secret")
        .put("list", new JsonArray().add(new JsonObject().put("Password", "p2")));
    JsonObject out = (JsonObject) RequestLog.mask(in);
    assertThat(out.encode()).doesNotContain("secret").doesNotContain("p2");
    assertThat(out.getString("passwd")).isEqualTo("***");
    assertThat(in.getString("passwd")).isEqualTo("secret");
  }
}
