package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.endpoint.impl.SkypeProxyConnection;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Endpoint against a fake gateway on a local Vert.x, with real TCP clients on 127.0.0.1.
 * Test methods block on plain sockets on the JUnit thread; the event loops stay free.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SkypeProxyEndpointVerticleTest {

  private FakeGateway gateway;
  private SkypeProxyEndpointVerticle endpoint;
  private String endpointDeployment;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    gateway = new FakeGateway(true);
    endpoint = new SkypeProxyEndpointVerticle(options());
    vertx.deployVerticle(gateway)
        .compose(id -> vertx.deployVerticle(endpoint))
        .onComplete(ctx.succeeding(id -> {
          endpointDeployment = id;
          ctx.completeNow();
        }));
  }

  private static EndpointOptions options() {
    return new EndpointOptions()
        .setPort(0)
        .setHandshakeTimeout(Duration.ofSeconds(5))
        .setBusRequestTimeout(Duration.ofSeconds(2))
        .setHeartbeatInterval(Duration.ofMillis(200))
        .setFailoverTimeout(Duration.ofMillis(600));
  }

  private TestClient connect() throws IOException {
    return new TestClient(endpoint.actualPort());
  }

  private static <T> T await(Future<T> future) throws Exception {
    CompletableFuture<T> cf = future.toCompletionStage().toCompletableFuture();
    return cf.get(10, TimeUnit.SECONDS);
  }

  private static JsonObject next(BlockingQueue<JsonObject> queue) throws InterruptedException {
    JsonObject json = queue.poll(5, TimeUnit.SECONDS);
    assertThat(json).as("expected a bus message").isNotNull();
    return json;
  }

  /** AUTHENTICATE with bob:pw; returns the connection id the gateway saw. */
  private String authenticate(TestClient client) throws Exception {
    client.command(SkypeProxyCommand.AUTHENTICATE);
    assertThat(client.readByte()).isEqualTo(1);
    client.frame("bob:pw");
    assertThat(client.readByte()).isEqualTo(1);
    return next(gateway.attaches).getString(BusMessages.CONNECTION);
  }

  // ------------------------------------------------------------------ commands

  @Test
  void commandsGoOutBeforeEarlierOnesAreAcknowledgedAndRepliesKeepTheirOrder()
      throws Exception {
    try (TestClient client = connect()) {
      authenticate(client);
      gateway.holdCommands = true;
      client.frame("#i INLINE one");
      client.frame("ECHO two");
      client.frame("#i INLINE three");
      // all three reach the session although none is acknowledged yet
      for (String line : List.of("#i INLINE one", "ECHO two", "#i INLINE three")) {
        JsonObject command = next(gateway.sessionMessages);
        assertThat(command.getString(BusMessages.LINE)).isEqualTo(line);
        assertThat(command.getLong(BusMessages.ID)).isNotNull();
      }
      await(gateway.releaseHeld());
      // replies in acknowledgements and in output messages, in the order of the commands
      assertThat(client.readFrame()).isEqualTo("#i one");
      assertThat(client.readFrame()).isEqualTo("ECHO two");
      assertThat(client.readFrame()).isEqualTo("#i three");
    }
  }

  @Test
  void aConnectionSendsAtMostAWindowOfUnacknowledgedCommands() throws Exception {
    try (TestClient client = connect()) {
      authenticate(client);
      gateway.holdCommands = true;
      int sent = SkypeProxyConnection.MAX_UNACKNOWLEDGED_COMMANDS + 4;
      for (int i = 0; i < sent; i++) {
        client.frame("ECHO " + i);
      }
      for (int i = 0; i < SkypeProxyConnection.MAX_UNACKNOWLEDGED_COMMANDS; i++) {
        assertThat(next(gateway.sessionMessages).getString(BusMessages.LINE))
            .isEqualTo("ECHO " + i);
      }
      // the rest waits for an acknowledgement
      assertThat(gateway.sessionMessages.poll(300, TimeUnit.MILLISECONDS)).isNull();
      await(gateway.releaseHeld());
      for (int i = 0; i < sent; i++) {
        assertThat(client.readFrame()).isEqualTo("ECHO " + i);
      }
    }
  }

  // ------------------------------------------------------------------ CAPABILITIES

  @Test
  void capabilitiesAnswersDataSlotsOnlyWhenPasswordlessIsAllowed() throws Exception {
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.CAPABILITIES);
      // 02: data slots on by default (avatars); 01 unset: no password needed
      assertThat(client.readByte()).isEqualTo(0x02);
    }
  }

  @Test
  void capabilitiesAnswers03WhenAPasswordIsRequired() throws Exception {
    gateway.passwordless = false;
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.CAPABILITIES);
      assertThat(client.readByte()).isEqualTo(0x03);
      // asked again: the same answer, and the connection stays usable
      client.command(SkypeProxyCommand.CAPABILITIES);
      assertThat(client.readByte()).isEqualTo(0x03);
    }
  }

  @Test
  void capabilitiesAnswers03WhenNoGatewayAnswers() throws Exception {
    await(gateway.dropPolicy());
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.CAPABILITIES);
      assertThat(client.readByte()).isEqualTo(0x03);
    }
  }

  // ------------------------------------------------------------------ AUTHENTICATE

  @Test
  void goodPasswordAttachesAndCommandsReachTheSession() throws Exception {
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("bob:pw");
      assertThat(client.readByte()).isEqualTo(1);

      JsonObject attach = next(gateway.attaches);
      assertThat(attach.getString(BusMessages.CREDENTIAL)).isEqualTo("bob:pw");
      assertThat(attach.getString(BusMessages.ENDPOINT))
          .isEqualTo(endpoint.options().getEndpointId());
      assertThat(attach.getString(BusMessages.REMOTE)).startsWith("127.0.0.1:");
      String connection = attach.getString(BusMessages.CONNECTION);

      // the Miranda plugin asks CAPABILITIES after authenticating
      client.command(SkypeProxyCommand.CAPABILITIES);
      assertThat(client.readByte()).isEqualTo(0x02);
      client.frame("PROTOCOL 7");
      assertThat(client.readFrame()).isEqualTo("PROTOCOL 3");

      JsonObject command = next(gateway.sessionMessages);
      assertThat(command.getString(BusMessages.TYPE)).isEqualTo(BusMessages.TYPE_COMMAND);
      assertThat(command.getString(BusMessages.CONNECTION)).isEqualTo(connection);
      assertThat(command.getString(BusMessages.LINE)).isEqualTo("PROTOCOL 7");
      // the password frame was never forwarded as a command
      assertThat(gateway.sessionMessages).isEmpty();
    }
  }

  @Test
  void badPasswordAnswers00AndCloses() throws Exception {
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("bob:wrong");
      assertThat(client.readByte()).isEqualTo(0);
      assertThat(client.awaitClosed()).isTrue();
    }
    assertThat(next(gateway.attaches).getString(BusMessages.CREDENTIAL)).isEqualTo("bob:wrong");
    assertThat(gateway.sessionMessages.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void otherAttachFailureAnswers00AndCloses() throws Exception {
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("boom");
      assertThat(client.readByte()).isEqualTo(0);
      assertThat(client.awaitClosed()).isTrue();
    }
  }

  @Test
  void commandByteInsteadOfPasswordCloses() throws Exception {
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(1);
      client.command(SkypeProxyCommand.CAPABILITIES);
      assertThat(client.awaitClosed()).isTrue();
    }
    assertThat(gateway.attaches).isEmpty();
  }

  @Test
  void authenticateAfterAttachAnswers00AndExpectsNoPassword() throws Exception {
    try (TestClient client = connect()) {
      authenticate(client);
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(0);
      client.frame("ECHO still open");
      assertThat(client.readFrame()).isEqualTo("ECHO still open");
    }
  }

  @Test
  void outputSentBeforeTheAttachReplyFollowsThePasswordByte() throws Exception {
    gateway.greetBeforeAttachReply = true;
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("bob:pw");
      assertThat(client.readByte()).isEqualTo(1);
      assertThat(client.readFrame()).isEqualTo("CONNSTATUS CONNECTING");
    }
  }

  // ------------------------------------------------------------------ password-less

  @Test
  void passwordlessFirstFrameAttachesAndIsForwarded() throws Exception {
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.CAPABILITIES);
      assertThat(client.readByte()).isEqualTo(0x02);
      client.frame("PROTOCOL 7");
      assertThat(client.readFrame()).isEqualTo("PROTOCOL 3");
      client.frame("ECHO 2");
      assertThat(client.readFrame()).isEqualTo("ECHO 2");
    }
    JsonObject attach = next(gateway.attaches);
    assertThat(attach.containsKey(BusMessages.CREDENTIAL)).isFalse();
    assertThat(next(gateway.sessionMessages).getString(BusMessages.LINE)).isEqualTo("PROTOCOL 7");
    assertThat(next(gateway.sessionMessages).getString(BusMessages.LINE)).isEqualTo("ECHO 2");
  }

  @Test
  void passwordlessRefusedCloses() throws Exception {
    gateway.passwordless = false;
    try (TestClient client = connect()) {
      client.frame("PROTOCOL 7");
      assertThat(client.awaitClosed()).isTrue();
    }
    assertThat(gateway.sessionMessages.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  // ------------------------------------------------------------------ output

  @Test
  void outputLinesAreFramedInOrderWhileCommandsRun() throws Exception {
    int notifications = 500;
    int echoes = 200;
    try (TestClient client = connect()) {
      authenticate(client);
      // pipeline everything in one write: the flood races with the echo replies
      Buffer batch = SkypeProxyFrames.encodeFrame("FLOOD " + notifications);
      for (int i = 0; i < echoes; i++) {
        batch.appendBuffer(SkypeProxyFrames.encodeFrame("ECHO " + i));
      }
      client.send(batch);
      List<String> notes = new ArrayList<>();
      List<String> replies = new ArrayList<>();
      for (int i = 0; i < 2 * notifications + echoes; i++) {
        String line = client.readFrame();
        (line.startsWith("N ") ? notes : replies).add(line);
      }
      for (int i = 0; i < 2 * notifications; i++) {
        assertThat(notes.get(i)).isEqualTo("N " + i);
      }
      for (int i = 0; i < echoes; i++) {
        assertThat(replies.get(i)).isEqualTo("ECHO " + i);
      }
    }
    // commands reached the session in order
    assertThat(next(gateway.sessionMessages).getString(BusMessages.LINE))
        .isEqualTo("FLOOD " + notifications);
    for (int i = 0; i < echoes; i++) {
      assertThat(next(gateway.sessionMessages).getString(BusMessages.LINE)).isEqualTo("ECHO " + i);
    }
  }

  @Test
  void externalOutputIsFramedPerLine(Vertx vertx) throws Exception {
    try (TestClient client = connect()) {
      String connection = authenticate(client);
      gateway.sendTo(connection,
          BusMessages.output(BusMessages.KIND_NOTIFICATION,
              List.of("USERSTATUS ONLINE", "CHATMESSAGE 1 STATUS RECEIVED", "\u00e9\u263A")));
      assertThat(client.readFrame()).isEqualTo("USERSTATUS ONLINE");
      assertThat(client.readFrame()).isEqualTo("CHATMESSAGE 1 STATUS RECEIVED");
      assertThat(client.readFrame()).isEqualTo("\u00e9\u263A");
    }
  }

  @Test
  void closeMessageClosesTheSocket() throws Exception {
    try (TestClient client = connect()) {
      String connection = authenticate(client);
      client.frame("CLOSE");
      assertThat(client.readFrame()).isEqualTo("BYE");
      assertThat(client.readFrame()).isEqualTo("CONNSTATUS OFFLINE");
      assertThat(client.awaitClosed()).isTrue();
      assertThat(next(gateway.sessionMessages).getString(BusMessages.LINE)).isEqualTo("CLOSE");
      JsonObject detach = next(gateway.sessionMessages);
      assertThat(detach.getString(BusMessages.TYPE)).isEqualTo(BusMessages.TYPE_DETACH);
      assertThat(detach.getString(BusMessages.CONNECTION)).isEqualTo(connection);
    }
  }

  // ------------------------------------------------------------------ lifecycle

  @Test
  void heartbeatsNameTheAttachedConnections() throws Exception {
    try (TestClient client = connect()) {
      String connection = authenticate(client);
      JsonObject heartbeat = next(gateway.heartbeats);
      assertThat(heartbeat.getString(BusMessages.ENDPOINT))
          .isEqualTo(endpoint.options().getEndpointId());
      assertThat(heartbeat.getJsonArray(BusMessages.CONNECTIONS).getList()).contains(connection);
    }
  }

  @Test
  void clientDisconnectSendsDetach() throws Exception {
    String connection;
    try (TestClient client = connect()) {
      connection = authenticate(client);
    }
    JsonObject detach = next(gateway.sessionMessages);
    assertThat(detach.getString(BusMessages.TYPE)).isEqualTo(BusMessages.TYPE_DETACH);
    assertThat(detach.getString(BusMessages.CONNECTION)).isEqualTo(connection);
    assertThat(detach.getString(BusMessages.REASON)).isEqualTo("client closed");
  }

  @Test
  void oversizeFrameClosesOnlyThatConnection() throws Exception {
    try (TestClient good = connect(); TestClient bad = connect()) {
      authenticate(good);
      String badConnection = authenticate(bad);
      bad.sendBytes(0xFF, 0xFF, 0xFF, 0xFF, 'x');
      assertThat(bad.awaitClosed()).isTrue();
      JsonObject detach = next(gateway.sessionMessages);
      assertThat(detach.getString(BusMessages.CONNECTION)).isEqualTo(badConnection);
      assertThat(detach.getString(BusMessages.REASON)).isEqualTo("protocol error");

      good.frame("ECHO alive");
      assertThat(good.readFrame()).isEqualTo("ECHO alive");
    }
  }

  @Test
  void oneByteWritesDecodeLikeWholeFrames() throws Exception {
    try (TestClient client = connect()) {
      Buffer all = SkypeProxyFrames.encodeCommand(SkypeProxyCommand.AUTHENTICATE);
      for (int i = 0; i < all.length(); i++) {
        client.send(all.getBuffer(i, i + 1));
      }
      assertThat(client.readByte()).isEqualTo(1);
      all = SkypeProxyFrames.encodeFrame("bob:pw");
      for (int i = 0; i < all.length(); i++) {
        client.send(all.getBuffer(i, i + 1));
      }
      assertThat(client.readByte()).isEqualTo(1);
      all = SkypeProxyFrames.encodeFrame("ECHO \u00e9t\u00e9")
          .appendBuffer(SkypeProxyFrames.encodeFrame("ECHO b"));
      for (int i = 0; i < all.length(); i++) {
        client.send(all.getBuffer(i, i + 1));
      }
      assertThat(client.readFrame()).isEqualTo("ECHO \u00e9t\u00e9");
      assertThat(client.readFrame()).isEqualTo("ECHO b");
    }
  }

  @Test
  void myCapabilitiesIsConsumedWithoutReply() throws Exception {
    try (TestClient client = connect()) {
      // 03 02 then CAPABILITIES: the only byte back is the capability mask
      client.send(SkypeProxyFrames.encodeMyCapabilities(0x02)
          .appendBuffer(SkypeProxyFrames.encodeCommand(SkypeProxyCommand.CAPABILITIES)));
      assertThat(client.readByte()).isEqualTo(0x02); // the mask: data slots, no password
      client.frame("ECHO x");
      assertThat(client.readFrame()).isEqualTo("ECHO x");
    }
  }

  @Test
  void unknownCommandByteAnswers00() throws Exception {
    try (TestClient client = connect()) {
      client.command(0x42);
      assertThat(client.readByte()).isEqualTo(0);
      client.command(0x00);
      assertThat(client.readByte()).isEqualTo(0);
      client.frame("ECHO y");
      assertThat(client.readFrame()).isEqualTo("ECHO y");
    }
  }

  @Test
  void lateHeartbeatAnswerKeepsTheConnectionOnItsSession() throws Exception {
    try (TestClient client = connect()) {
      authenticate(client);
      gateway.heartbeatsToIgnore = 1; // the next heartbeat times out
      // the re-attach names the same session, which answers a heartbeat now: no OFFLINE
      assertThat(client.readFrame()).isEqualTo("CONNSTATUS CONNECTING");
      client.frame("ECHO still here");
      assertThat(client.readFrame()).isEqualTo("ECHO still here");
    }
  }

  @Test
  void sessionFailureSendsConnstatusOfflineAndCloses() throws Exception {
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("gone:pw");
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("PROTOCOL 7");
      // the endpoint tries to re-attach (the gateway keeps naming the dead session) and gives up
      assertThat(client.readFrame()).isEqualTo("CONNSTATUS CONNECTING");
      assertThat(client.readFrame()).isEqualTo("CONNSTATUS OFFLINE");
      assertThat(client.awaitClosed()).isTrue();
    }
  }

  @Test
  void invalidUtf8AndNulNeverDisconnect() throws Exception {
    try (TestClient client = connect()) {
      client.send(SkypeProxyFrames.encodeFrame(new byte[] {'E', 'C', 'H', 'O', ' ', (byte) 0xFF}));
      assertThat(client.readFrame()).isEqualTo("ECHO \uFFFD");
      // an inner NUL travels to the gateway (which answers ERROR 1); a terminator is dropped
      client.send(SkypeProxyFrames.encodeFrame(new byte[] {'E', 'C', 'H', 'O', ' ', 'z', 0, 'q'}));
      assertThat(client.readFrame()).isEqualTo("ECHO z\u0000q");
      client.send(SkypeProxyFrames.encodeFrame(new byte[] {'E', 'C', 'H', 'O', ' ', 'y', 0}));
      assertThat(client.readFrame()).isEqualTo("ECHO y");
      // a frame of terminators only is empty: dropped, not forwarded
      client.send(SkypeProxyFrames.encodeFrame(new byte[] {0, 0}));
      client.frame("ECHO after");
      assertThat(client.readFrame()).isEqualTo("ECHO after");
    }
  }

  @Test
  void connectionLimitsRefuseOnlyTheExcessAndFreeTheirSlotsOnClose(Vertx vertx)
      throws Exception {
    SkypeProxyEndpointVerticle limited = new SkypeProxyEndpointVerticle(
        options().setMaxConnectionsPerAddress(2).setMaxConnections(3));
    await(vertx.deployVerticle(limited));
    int port = limited.actualPort();
    try (TestClient first = new TestClient(port); TestClient second = new TestClient(port)) {
      first.frame("ECHO 1");
      assertThat(first.readFrame()).isEqualTo("ECHO 1");
      second.frame("ECHO 2");
      assertThat(second.readFrame()).isEqualTo("ECHO 2");
      try (TestClient third = new TestClient(port)) {
        assertThat(third.awaitClosed()).isTrue(); // a third from 127.0.0.1 is one too many
      }
      assertThat(limited.refusedConnections()).isEqualTo(1);
      first.close();
      // the slot comes back once the first connection's close has been seen
      long deadline = System.currentTimeMillis() + 5000;
      while (true) {
        try (TestClient again = new TestClient(port)) {
          again.frame("ECHO 3");
          try {
            assertThat(again.readFrame()).isEqualTo("ECHO 3");
            break;
          } catch (java.io.IOException refused) {
            if (System.currentTimeMillis() > deadline) {
              throw refused;
            }
            Thread.sleep(50);
          }
        }
      }
      assertThat(second.silentFor(100)).isTrue(); // the others were never disturbed
    }
  }

  @Test
  void handshakeTimeoutClosesSilentClients(Vertx vertx) throws Exception {
    SkypeProxyEndpointVerticle quick = new SkypeProxyEndpointVerticle(
        options().setHandshakeTimeout(Duration.ofMillis(300)));
    await(vertx.deployVerticle(quick));
    try (TestClient silent = new TestClient(quick.actualPort());
        TestClient chatty = new TestClient(quick.actualPort());
        TestClient active = new TestClient(quick.actualPort())) {
      chatty.command(SkypeProxyCommand.CAPABILITIES);
      assertThat(chatty.readByte()).isEqualTo(0x02);
      active.frame("ECHO 1");
      assertThat(active.readFrame()).isEqualTo("ECHO 1");
      long started = System.nanoTime();
      assertThat(silent.awaitClosed()).isTrue();
      assertThat(chatty.awaitClosed()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      // a connection past its first frame is not affected
      assertThat(active.silentFor(500)).isTrue();
      active.frame("ECHO 2");
      assertThat(active.readFrame()).isEqualTo("ECHO 2");
    }
  }

  @Test
  void undeployClosesConnectionsAndDetaches(Vertx vertx) throws Exception {
    try (TestClient client = connect()) {
      String connection = authenticate(client);
      await(vertx.undeploy(endpointDeployment));
      assertThat(client.awaitClosed()).isTrue();
      JsonObject detach = next(gateway.sessionMessages);
      assertThat(detach.getString(BusMessages.CONNECTION)).isEqualTo(connection);
      assertThat(detach.getString(BusMessages.REASON)).isEqualTo("endpoint stopping");
    }
  }

  @Test
  void optionsJsonRoundTrip() {
    EndpointOptions options = new EndpointOptions(new JsonObject()
        .put("host", "0.0.0.0").put("port", 1402).put("max-frame-length", 4096)
        .put("handshake-timeout-seconds", 10).put("bus-timeout-seconds", 0.5));
    assertThat(options.getHost()).isEqualTo("0.0.0.0");
    assertThat(options.getPort()).isEqualTo(1402);
    assertThat(options.getMaxFrameLength()).isEqualTo(4096);
    assertThat(options.getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.getBusRequestTimeout()).isEqualTo(Duration.ofMillis(500));
    JsonObject json = options.toJson();
    assertThat(json.getInteger("handshake-timeout-seconds")).isEqualTo(10);
    assertThat(new EndpointOptions(json).toJson()).isEqualTo(json);
    EndpointOptions defaults = new EndpointOptions(new JsonObject());
    assertThat(defaults.getHost()).isEqualTo("127.0.0.1");
    assertThat(defaults.getPort()).isEqualTo(1401);
    assertThat(defaults.getMaxFrameLength()).isEqualTo(1 << 20);
    assertThat(defaults.getHandshakeTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.getEndpointId()).isNotEqualTo(new EndpointOptions().getEndpointId());
  }
}
