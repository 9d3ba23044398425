package net.imo2sproxy.bench.jmh;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The imo.im envelope: building and form-encoding a {@code send_im} request, and decoding a
 * server response with a few messages (what every long poll and command costs the gateway).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ImoEnvelopeBenchmark {

  private static final String SSID = "AbCdEfGhIjKlMnOpQ";

  private String response;

  @Setup
  public void setUp() {
    StringBuilder sb = new StringBuilder("{\"ack\":12,\"messages\":[");
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"seq\":").append(40 + i).append(",\"from\":{\"system\":\"im\"},")
          .append("\"to\":{\"ssid\":\"").append(SSID).append("\"},\"data\":{\"name\":\"recv_im\",")
          .append("\"edata\":{\"uid\":\"alice\",\"proto\":\"prpl-skype\",\"buid\":\"bob\",")
          .append("\"alias\":\"Bob\",\"msg\":\"Grüße, alice! message ").append(i)
          .append("\",\"timestamp\":1342598460}}}");
    }
    response = sb.append("]}").toString();
  }

  @Benchmark
  public Buffer encodeSendIm() {
    JsonObject args = new JsonObject().put("ssid", SSID).put("uid", "alice")
        .put("proto", ImoEnvelope.PROTO).put("buid", "bob")
        .put("msg", "Grüße, bob! Lunch at 12?");
    JsonObject call = ImoEnvelope.call("send_im", 7, args);
    JsonObject message = ImoEnvelope.message(call, "im", SSID, 42);
    return ImoEnvelope.formBody(ImoEnvelope.FORWARD_TO_SERVER,
        ImoEnvelope.request(12, SSID, message));
  }

  @Benchmark
  public Buffer encodeLongPoll() {
    return ImoEnvelope.formBody(ImoEnvelope.FORWARD_TO_SERVER,
        ImoEnvelope.request(12, SSID, null));
  }

  @Benchmark
  public int decodeResponseOf4Messages() {
    JsonObject body = new JsonObject(response);
    int n = 0;
    for (Object m : body.getJsonArray("messages")) {
      n += ((JsonObject) m).getJsonObject("data").getJsonObject("edata").getString("msg").length();
    }
    return n + body.getInteger("ack");
  }
}
