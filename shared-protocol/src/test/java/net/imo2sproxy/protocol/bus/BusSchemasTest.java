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
 * The JSON Schemas in {@code schemas/v2/} describe the messages {@link BusMessages} really
 * builds, and reject what a receiver must reject.
 */
class BusSchemasTest {

  private static final String BASE = "https://imo2sproxy.net/schemas/v2/";
  private static final List<String> SCHEMAS = List.of("auth-policy-request", "auth-policy-reply",
      "attach-request", "attach-reply", "command", "detach", "heartbeat", "heartbeat-reply",
      "accepted", "output", "close", "reattach", "join", "open", "avatar",
      "bridge-endpoint-reply");

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
    String path = "/schemas/v2/" + name + ".json";
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
    assertValid("attach-reply", BusMessages.reattached("91ab5f9e", "bob", 7,
        List.of("CHATMESSAGE 1205 STATUS SENT"),
        new JsonArray().add(BusMessages.sendStatus(1205, "SENT"))));
    assertValid("attach-reply", BusMessages.reattached("91ab5f9e", "bob", 1, List.of(), null));
    assertValid("command", BusMessages.command(CONNECTION, 12, "#12 GET USER bob ONLINESTATUS",
        false));
    assertValid("command", BusMessages.command(CONNECTION, 0, "", false));
    assertValid("command", BusMessages.command(CONNECTION, 7, "#3 PING", true));
    assertValid("detach", BusMessages.detach(CONNECTION, "client closed"));
    // the gateway route: the session named in the body, the attach reply saying so
    assertValid("command", BusMessages.command(CONNECTION, 8, "#4 PING", false)
        .put(BusMessages.SESSION, "91ab5f9e"));
    assertValid("detach", BusMessages.detach(CONNECTION, "client closed")
        .put(BusMessages.SESSION, "91ab5f9e"));
    assertValid("attach-reply", BusMessages.withGateway(BusMessages.attached("91ab5f9e", "bob"),
        "e5d2"));
    assertValid("heartbeat", BusMessages.heartbeat(ENDPOINT, List.of(CONNECTION, "91ab")));
    assertValid("heartbeat", BusMessages.heartbeat(ENDPOINT, List.of()));
    assertValid("heartbeat-reply", BusMessages.heartbeatReply(List.of("91ab")));
    assertValid("accepted", BusMessages.accepted());
    assertValid("accepted", BusMessages.accepted(List.of("#3 PONG"), null, 0));
    assertValid("accepted", BusMessages.accepted(List.of("#3 PROTOCOL 7"), null, 7));
    assertValid("accepted", BusMessages.accepted(List.of("#4 CHATMESSAGE 1205 STATUS SENDING"),
        new JsonArray().add(BusMessages.sendStatus(1205, "SENDING")), 0));
    assertThat(BusMessages.accepted(List.of(), new JsonArray(), 0).fieldNames())
        .containsExactly(BusMessages.V);
    assertValid("output", BusMessages.output(BusMessages.KIND_REPLY,
        List.of("#12 USER bob ONLINESTATUS ONLINE")).put(BusMessages.CONNECTION, CONNECTION));
    assertValid("output", BusMessages.output(BusMessages.KIND_NOTIFICATION,
        List.of("CHATMESSAGE 1732475000001 STATUS RECEIVED", "USER bob ONLINESTATUS AWAY"))
        .put(BusMessages.CONNECTION, CONNECTION));
    assertValid("output", BusMessages.output(BusMessages.KIND_NOTIFICATION,
        List.of("CHATMESSAGE 1205 STATUS SENT"),
        new JsonArray().add(BusMessages.sendStatus(1205, "SENT")))
        .put(BusMessages.CONNECTION, CONNECTION));
    assertValid("close", BusMessages.close("session ended").put(BusMessages.CONNECTION, CONNECTION));
    assertValid("avatar", BusMessages.avatar("/tmp/bob.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8},
        "#3 USER bob AVATAR 1 /tmp/bob.jpg", "#3 ERROR 122 GET Unable to load avatar")
        .put(BusMessages.CONNECTION, CONNECTION));
    assertValid("reattach", BusMessages.reattachRequest("gateway stopping")
        .put(BusMessages.CONNECTION, CONNECTION));
    assertValid("bridge-endpoint-reply", new JsonObject().put("v", 2).put("endpoint", ENDPOINT));
  }

  @Test
  void readersOfTheNewFields() {
    JsonObject ack = BusMessages.accepted(List.of("#4 CHATMESSAGE 1205 STATUS SENDING",
            "CHATMESSAGE 1201 STATUS SENT"), new JsonArray()
            .add(BusMessages.sendStatus(1205, "SENDING")).add(BusMessages.sendStatus(1201, "SENT"))
            .add(new JsonObject().put("message", "x")), 0);
    assertThat(BusMessages.sends(ack)).containsExactly(java.util.Map.entry(1205L, "SENDING"),
        java.util.Map.entry(1201L, "SENT"));
    assertThat(BusMessages.lines(ack)).hasSize(2);
    assertThat(BusMessages.lines(BusMessages.accepted())).isEmpty();
    assertThat(BusMessages.requireId(BusMessages.command(CONNECTION, 42, "PING", false)))
        .isEqualTo(42);
    JsonObject resent = BusMessages.command(CONNECTION, 42, "PING", true);
    assertThat(resent.getBoolean(BusMessages.RESENT)).isTrue();
    assertThat(BusMessages.command(CONNECTION, 42, "PING", false)
        .containsKey(BusMessages.RESENT)).isFalse();
    for (Object bad : new Object[] {null, -1, 1.5, "3"}) {
      JsonObject command = BusMessages.command(CONNECTION, 1, "PING", false).put("id", bad);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> BusMessages.requireId(command))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void gatewayInternalJoinAndOpenAsDocumented() {
    JsonObject join = new JsonObject().put("v", 2).put("type", "join")
        .put("connection", CONNECTION).put("endpoint", ENDPOINT).put("remote", "127.0.0.1:1")
        .put("username", "bob").put("password", "bob-pw").put("protocol", 7)
        .put("resume", false);
    assertValid("join", join);
    assertValid("open", join.copy().put("type", "open").put("stale-ssid", "abc")
        .put("stale-session", "0f1e"));
    assertInvalid("join", join.copy().put("type", "open"));
    assertInvalid("open", join.copy().put("type", "open").put("resume", "yes"));
  }

  /** Everything for a connection goes to its endpoint's address, tagged with its id. */
  @Test
  void outputIsAlwaysTaggedWithItsConnection() {
    assertThat(BusAddresses.endpoint(ENDPOINT)).isEqualTo("imo2sproxy.endpoint." + ENDPOINT);
    assertInvalid("output", BusMessages.output(BusMessages.KIND_REPLY, List.of("#1 PONG")));
    assertInvalid("close", BusMessages.close("session ended"));
    assertInvalid("reattach", BusMessages.reattachRequest("gateway stopping"));
    assertInvalid("avatar", BusMessages.avatar("/tmp/bob.jpg", new byte[] {1}, "r", "e"));
    assertInvalid("output", BusMessages.output(BusMessages.KIND_REPLY, List.of())
        .put(BusMessages.CONNECTION, ""));
    assertInvalid("attach-request", BusMessages.attach(CONNECTION, null, "r", null));
  }

  @Test
  void wrongVersionIsRejectedEverywhere() {
    assertInvalid("command", BusMessages.command(CONNECTION, 1, "PING", false).put("v", 1));
    assertInvalid("output", BusMessages.output(BusMessages.KIND_REPLY, List.of())
        .put(BusMessages.CONNECTION, CONNECTION).put("v", "2"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BusMessages.checkVersion(
        new JsonObject().put("v", 1))).isInstanceOf(IllegalArgumentException.class);
    JsonObject noVersion = BusMessages.close("x");
    noVersion.remove(BusMessages.V);
    assertInvalid("close", noVersion);
    assertInvalid("accepted", new JsonObject());
    assertInvalid("auth-policy-request", new JsonObject().put("v", 0));
  }

  @Test
  void missingOrMistypedFieldsAreRejected() {
    JsonObject command = BusMessages.command(CONNECTION, 1, "PING", false);
    command.remove(BusMessages.LINE);
    assertInvalid("command", command);
    JsonObject noId = BusMessages.command(CONNECTION, 1, "PING", false);
    noId.remove(BusMessages.ID);
    assertInvalid("command", noId);
    assertInvalid("command", BusMessages.command(CONNECTION, -1, "PING", false));
    assertInvalid("command", BusMessages.command(CONNECTION, 1, "PING", false).put("line", 42));
    assertInvalid("command", BusMessages.command("", 1, "PING", false));
    assertInvalid("command", BusMessages.command(CONNECTION, 1, "PING", false)
        .put(BusMessages.RESENT, "yes"));
    assertInvalid("accepted", BusMessages.accepted().put(BusMessages.LINES, new JsonArray().add(1)));
    assertInvalid("accepted", BusMessages.accepted().put(BusMessages.SENDS,
        new JsonArray().add(BusMessages.sendStatus(5, "READ"))));
    assertInvalid("accepted", BusMessages.accepted().put(BusMessages.PROTOCOL, 0));
    assertInvalid("command", BusMessages.detach(CONNECTION, "gone"));
    assertInvalid("detach", BusMessages.command(CONNECTION, 1, "PING", false));
    assertInvalid("attach-request", BusMessages.attach(CONNECTION, ENDPOINT, "r", "c")
        .put(BusMessages.PROTOCOL, 0));
    JsonObject attach = BusMessages.attach(CONNECTION, ENDPOINT, "r", null);
    attach.remove(BusMessages.CONNECTION);
    assertInvalid("attach-request", attach);
    assertInvalid("attach-request", BusMessages.attach(CONNECTION, ENDPOINT, "r", null)
        .put(BusMessages.CREDENTIAL, new JsonArray().add("bob")));
    assertInvalid("attach-reply", BusMessages.attached("s", "bob").put("session", 5));
    assertInvalid("attach-reply", BusMessages.attached("s", "bob").put("gateway-route", "yes"));
    assertInvalid("command", BusMessages.command(CONNECTION, 1, "PING", false)
        .put(BusMessages.SESSION, ""));
    assertInvalid("auth-policy-reply", BusMessages.authPolicy(true).put("passwordless", "yes"));
    assertInvalid("heartbeat", BusMessages.heartbeat(ENDPOINT, List.of())
        .put(BusMessages.CONNECTIONS, "7d0c"));
    assertInvalid("heartbeat-reply", BusMessages.accepted());
    assertInvalid("output", BusMessages.output("log", List.of("x"))
        .put(BusMessages.CONNECTION, CONNECTION));
    assertInvalid("output", BusMessages.output(BusMessages.KIND_REPLY, List.of())
        .put(BusMessages.CONNECTION, CONNECTION).put(BusMessages.LINES, new JsonArray().add(1)));
    assertInvalid("close", BusMessages.reattachRequest("moved")
        .put(BusMessages.CONNECTION, CONNECTION));
    assertInvalid("avatar", BusMessages.avatar("/tmp/a.jpg", new byte[0], "r", "e")
        .put(BusMessages.CONNECTION, CONNECTION).put("data", 7));
    assertInvalid("reattach", BusMessages.close("ended").put(BusMessages.CONNECTION, CONNECTION));
  }
}
