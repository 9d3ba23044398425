package net.imo2sproxy.protocol.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-gateway heartbeat and the attach reply's {@code gateway} match their schemas. */
class GatewayHeartbeatSchemaTest {

  private static final String BASE = "https://imo2sproxy.net/schemas/v2/";

  private final SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012).setBaseUri(BASE));

  GatewayHeartbeatSchemaTest() {
    for (String schema : java.util.List.of("gateway-heartbeat", "attach-reply")) {
      repository.dereference(BASE + schema + ".json",
          JsonSchema.of(BusSchemasTest.load(schema)));
    }
  }

  private boolean valid(String schema, JsonObject message) {
    return repository.validator(BASE + schema + ".json")
        .validate(new JsonObject(message.encode())).getValid();
  }

  @Test
  void gatewayHeartbeatListsConnectionsBySession() {
    Map<String, List<String>> bySession = new LinkedHashMap<>();
    bySession.put("s1", List.of("c1", "c2"));
    bySession.put("s2", List.of("c3"));
    JsonObject heartbeat = BusMessages.gatewayHeartbeat("e1", bySession);

    assertThat(heartbeat.getString(BusMessages.TYPE)).isEqualTo(BusMessages.TYPE_HEARTBEAT);
    assertThat(heartbeat.getJsonObject(BusMessages.SESSIONS).getJsonArray("s1"))
        .containsExactly("c1", "c2");
    assertThat(valid("gateway-heartbeat", heartbeat)).isTrue();
    assertThat(valid("gateway-heartbeat", BusMessages.gatewayHeartbeat("e1", Map.of()))).isTrue();
    assertThat(valid("gateway-heartbeat", heartbeat.copy().put(BusMessages.SESSIONS,
        new JsonObject().put("s1", new JsonArray().add(5))))).isFalse();
    JsonObject withoutSessions = heartbeat.copy();
    withoutSessions.remove(BusMessages.SESSIONS);
    assertThat(valid("gateway-heartbeat", withoutSessions)).isFalse();
  }

  @Test
  void attachReplyMayNameItsGateway() {
    JsonObject reply = BusMessages.withGateway(BusMessages.attached("s1", "bob"), "g1");
    assertThat(reply.getString(BusMessages.GATEWAY)).isEqualTo("g1");
    assertThat(valid("attach-reply", reply)).isTrue();
    assertThat(valid("attach-reply", BusMessages.attached("s1", "bob"))).isTrue();
  }
}
