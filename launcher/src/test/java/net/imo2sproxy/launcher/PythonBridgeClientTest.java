package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.junit.jupiter.api.Test;

/**
 * {@code imo2sproxy --demo --tcp-bridge-port 0}: the Python example (standard library only)
 * chats through the TCP event-bus bridge, and the bridge lets nothing else through.
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class PythonBridgeClientTest extends DemoBridgeTest {

  private static final Path SCRIPT = Path.of("..", "examples", "python", "imo2sproxy_client.py");

  @Override
  protected List<String> extraArguments() {
    return List.of("--tcp-bridge-port", "0");
  }

  @Test
  void pythonClientChatsWithTheEchoBotAsBob(Vertx vertx, VertxTestContext ctx) {
    assumeTrue(Files.isRegularFile(SCRIPT), "example script not found: " + SCRIPT);
    assumeTrue(python3Available(), "python3 is not installed");
    assertThat(bridge.tcpBridgePort()).isPositive();
    String text = "hello from Python, grüße";
    vertx.executeBlocking(() -> runScript(List.of("--port", String.valueOf(bridge.tcpBridgePort()),
            "--user", "bob", "--password", "bob-pw", "--to", "echo123", "--message", text,
            "--expect", "1", "--wait", "30")))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result.output()).contains("attached as bob", "PROTOCOL 7");
          assertThat(result.output()).containsPattern("<< #1 USERS .*echo123");
          assertThat(result.output()).containsPattern("<< #2 CHATMESSAGE \\d+ STATUS SENDING");
          assertThat(result.output()).containsPattern("RECEIVED \\d+: " + text);
          assertThat(result.output()).doesNotContain("bob-pw");
          assertThat(result.exitCode()).as(result.output()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void pythonClientWithWrongPasswordIsRefused(Vertx vertx, VertxTestContext ctx) {
    assumeTrue(Files.isRegularFile(SCRIPT), "example script not found: " + SCRIPT);
    assumeTrue(python3Available(), "python3 is not installed");
    vertx.executeBlocking(() -> runScript(List.of("--port", String.valueOf(bridge.tcpBridgePort()),
            "--user", "bob", "--password", "wrong", "--wait", "1")))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          // no session of bob runs: the attach waits for imo.im, which rejects the password
          assertThat(result.output()).contains("login refused", "code 401");
          assertThat(result.output()).doesNotContain("USERS");
          assertThat(result.exitCode()).isEqualTo(3);
          ctx.completeNow();
        })));
  }

  @Test
  void bridgeExposesOnlyTheSessionContract(Vertx vertx, VertxTestContext ctx) {
    String connection = UUID.randomUUID().toString();
    FrameClient.connect(vertx, bridge.tcpBridgePort())
        .compose(client -> client.request(BusAddresses.GATEWAY_ATTACH,
                BusMessages.attach(UUID.randomUUID().toString(), "java-test", "x", "nobody-knows"))
            .compose(refused -> client.request(BusAddresses.GATEWAY_ATTACH,
                BusMessages.attach(connection, "java-test", "spoofed", "bob:bob-pw")))
            .compose(attached -> {
              String session = attached.getJsonObject("body").getString(BusMessages.SESSION);
              // The gateways' internal join (it carries passwords) never passes the bridge.
              JsonObject join = new JsonObject().put("v", 2).put("type", "join")
                  .put("connection", UUID.randomUUID().toString()).put("endpoint", "x")
                  .put("username", "bob").put("password", "guess");
              return client.request(BusAddresses.session(session), join)
                  .compose(joined -> client.request(BusAddresses.gateway("any"),
                      new JsonObject().put("v", 2)))
                  .compose(node -> client.register("imo2sproxy.gateway.attach"))
                  .compose(registered -> client.request(BusAddresses.session(session),
                      BusMessages.command(UUID.randomUUID().toString(), 0, "PING", false)))
                  .compose(foreign -> client.request(BusAddresses.session(session),
                      BusMessages.command(connection, 0, "PING", false)))
                  .map(ack -> List.of(join, ack));
            })
            .onComplete(ctx.succeeding(frames -> ctx.verify(() -> {
              List<JsonObject> seen = client.seen;
              // bad credential refused, attach ok, join denied, gateway node denied,
              // register denied, command for a connection of nobody's denied, own command
              // acknowledged with its answer
              assertThat(seen.get(0).getString("type")).isEqualTo("err");
              assertThat(seen.get(0).getInteger("failureCode"))
                  .isEqualTo(BusMessages.FAILURE_REFUSED);
              assertThat(seen.get(1).getString("type")).isEqualTo("message");
              for (int i = 2; i <= 5; i++) {
                assertThat(seen.get(i).getString("type")).as(seen.get(i).encode())
                    .isEqualTo("err");
                // gateway node: by the allow-list; join, register, foreign command: by the
                // bridge's per-socket checks
                assertThat(seen.get(i).getString("message")).isEqualTo(i == 3
                    ? "access_denied" : "blocked by bridgeEvent handler");
              }
              assertThat(seen.get(6).getString("type")).isEqualTo("message");
              assertThat(seen.get(6).getJsonObject("body").getJsonArray(BusMessages.LINES))
                  .endsWith("PONG"); // after the login's notifications
              client.close();
              ctx.completeNow();
            }))));
  }

  private record ScriptResult(int exitCode, String output) {
  }

  private static boolean python3Available() {
    try {
      Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static ScriptResult runScript(List<String> args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("python3", SCRIPT.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PYTHONIOENCODING", "utf-8");
    Process process = builder.start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        throw new IllegalStateException("script did not finish:\n" + output);
      }
      return new ScriptResult(process.exitValue(), output);
    } finally {
      process.destroyForcibly();
    }
  }

  /** The bridge's framing, from Java: 4-byte big-endian length, then JSON. */
  private static final class FrameClient {
    final List<JsonObject> seen = new java.util.ArrayList<>();
    private final NetSocket socket;
    private final Deque<Promise<JsonObject>> waiting = new ArrayDeque<>();

    private FrameClient(NetSocket socket) {
      this.socket = socket;
      RecordParser parser = RecordParser.newFixed(4);
      parser.handler(new io.vertx.core.Handler<>() {
        private int length = -1;

        @Override
        public void handle(Buffer buffer) {
          if (length < 0) {
            length = buffer.getInt(0);
            parser.fixedSizeMode(length);
          } else {
            JsonObject frame = buffer.toJsonObject();
            seen.add(frame);
            Promise<JsonObject> next = waiting.poll();
            if (next != null) {
              next.complete(frame);
            }
            length = -1;
            parser.fixedSizeMode(4);
          }
        }
      });
      socket.handler(parser);
    }

    static Future<FrameClient> connect(Vertx vertx, int port) {
      return vertx.createNetClient().connect(port, "127.0.0.1").map(FrameClient::new);
    }

    private Future<Void> write(JsonObject frame) {
      Buffer json = frame.toBuffer();
      return socket.write(Buffer.buffer().appendInt(json.length()).appendBuffer(json));
    }

    /** Sends a request; the next frame is its answer (message or err). */
    Future<JsonObject> request(String address, JsonObject body) {
      Promise<JsonObject> answer = Promise.promise();
      waiting.add(answer);
      write(new JsonObject().put("type", "send").put("address", address).put("body", body)
          .put("replyAddress", "reply." + UUID.randomUUID()));
      return answer.future();
    }

    /** Registers; only a refusal answers, so this waits for the err frame. */
    Future<JsonObject> register(String address) {
      Promise<JsonObject> answer = Promise.promise();
      waiting.add(answer);
      write(new JsonObject().put("type", "register").put("address", address));
      return answer.future();
    }

    void close() {
      socket.close();
    }
  }
}
