package net.imo2sproxy.protocol.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas in {@code schemas/v1/} describe the messages {@link BusMessages} really
 * builds, and reject what a receiver must reject.
 */
class BusSchemasTest {

  private static final String BASE = "https://imo2sproxy.net/schemas/v1/";
  private static final List<String> SCHEMAS = List.of("auth-policy-request", "auth-policy-reply",
      "attach-request", "attach-reply", "command", "detach", "heartbeat", "heartbeat-reply",
      "accepted", "output", "close", "reattach", "join", "open", "avatar");

  private static final String CONNECTION = "7d0c5f9e-0b7a-4b5e-9d55-0e2f4f1a2b3c";
  private static final String ENDPOINT = "c1e4aa10-3f1d-4a9e-8b1c-2d3e4f5a6b7c";

  private final SchemaRepository repository = loadRepository();

  private static SchemaRepository loadRepository() {
    SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012).setBaseUri(BASE));
    for (String name : SCHEMAS) {
      repository.dereference(BASE + name + ".json", JsonSchema.of(load(name)));
    }
    return repository;
  }

  static JsonObject load(String name) {
    String path = "/schemas/v1/" + name + ".json";
    try (InputStream in = BusSchemasTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private OutputUnit validate(String schema, JsonObject message) {
    Validator validator = repository.validator(BASE + schema + ".json");
    // Round-trip through text, as the message travels on the bus or through the TCP bridge.
    return validator.validate(new JsonObject(message.encode()));
  }

  private void assertValid(String schema, JsonObject message) {
    OutputUnit result = validate(schema, message);
    assertThat(result.getValid()).as(schema + " " + message.encode() + " " + result.getErrors())
        .isTrue();
  }

  private void assertInvalid(String schema, JsonObject message) {
    assertThat(validate(schema, message).getValid()).as(schema + " " + message.encode())
        .isFalse();
  }

  @Test
  void everySchemaIsDraft202012WithItsOwnId() {
    for (String name : SCHEMAS) {
      JsonObject schema = load(name);
      assertThat(schema.getString("$schema"))
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
      assertThat(schema.getString("$id")).isEqualTo(BASE + name + ".json");
      assertThat(schema.getJsonArray("required")).contains(BusMessages.V);
    }
  }

  @Test
  void messagesBuiltByBusMessagesMatchTheirSchemas() {
    assertValid("auth-policy-request", BusMessages.authPolicyRequest());
    assertValid("auth-policy-reply", BusMessages.authPolicy(true));
    assertValid("auth-policy-reply", BusMessages.authPolicy(false));
    assertValid("attach-request", BusMessages.attach(CONNECTION, ENDPOINT, "127.0.0.1:5312",
        "bob:bob-pw"));
    assertValid("attach-request", BusMessages.attach(CONNECTION, ENDPOINT, "127.0.0.1:5312",
        null));
    assertValid("attach-request", BusMessages.reattach(CONNECTION, ENDPOINT, "127.0.0.1:5312",
        "bob:bob-pw", "91ab5f9e-0b7a-4b5e-9d55-0e2f4f1a2b3c", 7, List.of()).put(BusMessages.HEARTBEAT,
        true));
    JsonObject withSending = BusMessages.reattach(CONNECTION, ENDPOINT, "127.0.0.1:5312",
        "bob:bob-pw", "91ab5f9e-0b7a-4b5e-9d55-0e2f4f1a2b3c", 7, List.of(1205L, 1207L));
    assertValid("attach-request", withSending);
    assertThat(BusMessages.sendingNumbers(withSending)).containsExactly(1205L, 1207L);
    assertInvalid("attach-request", withSending.copy()
        .put(BusMessages.SENDING, new JsonArray().add(0)));
    assertValid("attach-reply", BusMessages.attached("91ab5f9e", "bob"));
    assertValid("command", BusMessages.command(CONNECTION, "#12 GET USER bob ONLINESTATUS"));
    assertValid("command", BusMessages.command(CONNECTION, ""));
    assertValid("command", BusMessages.inlineCommand(CONNECTION, "#3 PING"));
    assertValid("detach", BusMessages.detach(CONNECTION, "client closed"));
    assertValid("heartbeat", BusMessages.heartbeat(ENDPOINT, List.of(CONNECTION, "91ab")));
    assertValid("heartbeat", BusMessages.heartbeat(ENDPOINT, List.of()));
    assertValid("heartbeat-reply", BusMessages.heartbeatReply(List.of("91ab")));
    assertValid("accepted", BusMessages.accepted());
    assertValid("accepted", BusMessages.accepted(List.of("#3 PONG")));
    assertThat(BusMessages.accepted(List.of()).containsKey(BusMessages.LINES)).isFalse();
    assertValid("output", BusMessages.output(BusMessages.KIND_REPLY,
        List.of("#12 USER bob ONLINESTATUS ONLINE")));
    assertValid("output", BusMessages.output(BusMessages.KIND_NOTIFICATION,
        List.of("CHATMESSAGE 1732475000001 STATUS RECEIVED", "USER bob ONLINESTATUS AWAY")));
    assertValid("close", BusMessages.close("session ended"));
    assertValid("avatar", BusMessages.avatar("/tmp/bob.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8},
        "#3 USER bob AVATAR 1 /tmp/bob.jpg", "#3 ERROR 122 GET Unable to load avatar"));
    assertValid("reattach", BusMessages.reattachRequest("gateway stopping"));
  }

  @Test
  void gatewayInternalJoinAndOpenAsDocumented() {
    JsonObject join = new JsonObject().put("v", 1).put("type", "join")
        .put("connection", CONNECTION).put("endpoint", ENDPOINT).put("remote", "127.0.0.1:1")
        .put("username", "bob").put("password", "bob-pw").put("protocol", 7)
        .put("resume", false);
    assertValid("join", join);
    assertValid("open", join.copy().put("type", "open").put("stale-ssid", "abc")
        .put("stale-session", "0f1e"));
    assertInvalid("join", join.copy().put("type", "open"));
    assertInvalid("open", join.copy().put("type", "open").put("resume", "yes"));
  }

  /** {@code "output":"endpoint"}: the attach field, its echo and the tagged messages. */
  @Test
  void endpointOutputFieldsAsDocumented() {
    JsonObject attach = BusMessages.attach(CONNECTION, ENDPOINT, "127.0.0.1:5312", "bob:bob-pw")
        .put(BusMessages.HEARTBEAT, true)
        .put(BusMessages.OUTPUT, BusMessages.OUTPUT_ENDPOINT);
    assertValid("attach-request", attach);
    assertThat(BusMessages.outputMode(attach)).isEqualTo(BusMessages.OUTPUT_ENDPOINT);
    assertThat(BusMessages.outputMode(BusMessages.attach(CONNECTION, ENDPOINT, "r", null)))
        .isNull();
    assertInvalid("attach-request", attach.copy().put(BusMessages.OUTPUT, "connection"));
    assertValid("attach-reply", BusMessages.attached("91ab5f9e", "bob")
        .put(BusMessages.OUTPUT, BusMessages.OUTPUT_ENDPOINT));
    assertInvalid("attach-reply", BusMessages.attached("91ab5f9e", "bob")
        .put(BusMessages.OUTPUT, true));
    JsonObject join = new JsonObject().put("v", 1).put("type", "join")
        .put("connection", CONNECTION).put("endpoint", ENDPOINT).put("username", "bob")
        .put("password", "bob-pw").put(BusMessages.OUTPUT, BusMessages.OUTPUT_ENDPOINT);
    assertValid("join", join);
    assertValid("open", join.copy().put("type", "open"));
    assertThat(BusAddresses.endpoint(ENDPOINT)).isEqualTo("imo2sproxy.endpoint." + ENDPOINT);
    assertValid("output", BusMessages.output(BusMessages.KIND_REPLY, List.of("#1 PONG"))
        .put(BusMessages.CONNECTION, CONNECTION));
    assertValid("close", BusMessages.close("session ended").put(BusMessages.CONNECTION, CONNECTION));
    assertValid("reattach", BusMessages.reattachRequest("gateway stopping")
        .put(BusMessages.CONNECTION, CONNECTION));
    assertValid("avatar", BusMessages.avatar("/tmp/bob.jpg", new byte[] {1}, "r", "e")
        .put(BusMessages.CONNECTION, CONNECTION));
    assertInvalid("output", BusMessages.output(BusMessages.KIND_REPLY, List.of())
        .put(BusMessages.CONNECTION, ""));
  }

  @Test
  void wrongVersionIsRejectedEverywhere() {
    assertInvalid("command", BusMessages.command(CONNECTION, "PING").put("v", 2));
    assertInvalid("output", BusMessages.output(BusMessages.KIND_REPLY, List.of()).put("v", "1"));
    JsonObject noVersion = BusMessages.close("x");
    noVersion.remove(BusMessages.V);
    assertInvalid("close", noVersion);
    assertInvalid("accepted", new JsonObject());
    assertInvalid("auth-policy-request", new JsonObject().put("v", 0));
  }

  @Test
  void missingOrMistypedFieldsAreRejected() {
    JsonObject command = BusMessages.command(CONNECTION, "PING");
    command.remove(BusMessages.LINE);
    assertInvalid("command", command);
    assertInvalid("command", BusMessages.command(CONNECTION, "PING").put("line", 42));
    assertInvalid("command", BusMessages.command("", "PING"));
    assertInvalid("command", BusMessages.command(CONNECTION, "PING")
        .put(BusMessages.INLINE_REPLY, "yes"));
    assertInvalid("accepted", BusMessages.accepted().put(BusMessages.LINES, new JsonArray().add(1)));
    assertInvalid("command", BusMessages.detach(CONNECTION, "gone"));
    assertInvalid("detach", BusMessages.command(CONNECTION, "PING"));
    assertInvalid("attach-request", BusMessages.attach(CONNECTION, ENDPOINT, "r", "c")
        .put(BusMessages.PROTOCOL, 0));
    JsonObject attach = BusMessages.attach(CONNECTION, ENDPOINT, "r", null);
    attach.remove(BusMessages.CONNECTION);
    assertInvalid("attach-request", attach);
    assertInvalid("attach-request", BusMessages.attach(CONNECTION, ENDPOINT, "r", null)
        .put(BusMessages.CREDENTIAL, new JsonArray().add("bob")));
    assertInvalid("attach-reply", BusMessages.attached("s", "bob").put("session", 5));
    assertInvalid("auth-policy-reply", BusMessages.authPolicy(true).put("passwordless", "yes"));
    assertInvalid("heartbeat", BusMessages.heartbeat(ENDPOINT, List.of())
        .put(BusMessages.CONNECTIONS, "7d0c"));
    assertInvalid("heartbeat-reply", BusMessages.accepted());
    assertInvalid("output", BusMessages.output("log", List.of("x")));
    assertInvalid("output", BusMessages.output(BusMessages.KIND_REPLY, List.of())
        .put(BusMessages.LINES, new JsonArray().add(1)));
    assertInvalid("close", BusMessages.reattachRequest("moved"));
    assertInvalid("avatar", BusMessages.avatar("/tmp/a.jpg", new byte[0], "r", "e").put("data", 7));
    assertInvalid("reattach", BusMessages.close("ended"));
  }
}
