package net.imo2sproxy.endpoint;

import static net.imo2sproxy.endpoint.FakeGateway.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.endpoint.impl.ClientConnection;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Endpoint against a fake gateway on a local Vert.x, with real TCP clients on 127.0.0.1.
 * Test methods block on the JUnit thread for the clients' futures; the event loops stay free.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SkypeProxyEndpointVerticleTest {

  private FakeGateway gateway;
  private SkypeProxyEndpointVerticle endpoint;
  private String endpointDeployment;
  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
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

  private SkypeProxyTestClient connect() throws Exception {
    return connect(endpoint.actualPort());
  }

  private SkypeProxyTestClient connect(int port) throws Exception {
    return Await.result(SkypeProxyTestClient.connect(vertx, port));
  }

  private static <T> T await(Future<T> future) throws Exception {
    CompletableFuture<T> cf = future.toCompletionStage().toCompletableFuture();
    return cf.get(10, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ commands

  @Test
  void commandsGoOutBeforeEarlierOnesAreAcknowledgedAndRepliesKeepTheirOrder()
      throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      gateway.authenticate(client);
      gateway.holdCommands = true;
      client.send("#i INLINE one");
      client.send("ECHO two");
      client.send("#i INLINE three");
      // all three reach the session although none is acknowledged yet
      for (String line : List.of("#i INLINE one", "ECHO two", "#i INLINE three")) {
        JsonObject command = next(gateway.sessionMessages);
        assertThat(command.getString(BusMessages.LINE)).isEqualTo(line);
        assertThat(command.getLong(BusMessages.ID)).isNotNull();
      }
      await(gateway.releaseHeld());
      // replies in acknowledgements and in output messages, in the order of the commands
      assertThat(Await.result(client.nextLine())).isEqualTo("#i one");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO two");
      assertThat(Await.result(client.nextLine())).isEqualTo("#i three");
    }
  }

  @Test
  void aConnectionSendsAtMostAWindowOfUnacknowledgedCommands() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      gateway.authenticate(client);
      gateway.holdCommands = true;
      int sent = ClientConnection.MAX_UNACKNOWLEDGED_COMMANDS + 4;
      for (int i = 0; i < sent; i++) {
        client.send("ECHO " + i);
      }
      for (int i = 0; i < ClientConnection.MAX_UNACKNOWLEDGED_COMMANDS; i++) {
        assertThat(next(gateway.sessionMessages).getString(BusMessages.LINE))
            .isEqualTo("ECHO " + i);
      }
      // the rest waits for an acknowledgement
      assertThat(gateway.sessionMessages.poll(300, TimeUnit.MILLISECONDS)).isNull();
      await(gateway.releaseHeld());
      for (int i = 0; i < sent; i++) {
        assertThat(Await.result(client.nextLine())).isEqualTo("ECHO " + i);
      }
    }
  }

  // ------------------------------------------------------------------ CAPABILITIES

  @Test
  void capabilitiesAnswersDataSlotsOnlyWhenPasswordlessIsAllowed() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      // 02: data slots on by default (avatars); 01 unset: no password needed
      assertThat(Await.result(client.command(SkypeProxyCommand.CAPABILITIES))).isEqualTo(0x02);
    }
  }

  @Test
  void capabilitiesAnswers03WhenAPasswordIsRequired() throws Exception {
    gateway.passwordless = false;
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.CAPABILITIES))).isEqualTo(0x03);
      // asked again: the same answer, and the connection stays usable
      assertThat(Await.result(client.command(SkypeProxyCommand.CAPABILITIES))).isEqualTo(0x03);
    }
  }

  @Test
  void capabilitiesAnswers03WhenNoGatewayAnswers() throws Exception {
    await(gateway.dropPolicy());
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.CAPABILITIES))).isEqualTo(0x03);
    }
  }

  // ------------------------------------------------------------------ AUTHENTICATE

  @Test
  void goodPasswordAttachesAndCommandsReachTheSession() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
      assertThat(Await.result(client.password("bob:pw"))).isEqualTo(1);

      JsonObject attach = next(gateway.attaches);
      assertThat(attach.getString(BusMessages.CREDENTIAL)).isEqualTo("bob:pw");
      assertThat(attach.getString(BusMessages.ENDPOINT))
          .isEqualTo(endpoint.options().getEndpointId());
      assertThat(attach.getString(BusMessages.REMOTE)).startsWith("127.0.0.1:");
      String connection = attach.getString(BusMessages.CONNECTION);

      // the Miranda plugin asks CAPABILITIES after authenticating
      assertThat(Await.result(client.command(SkypeProxyCommand.CAPABILITIES))).isEqualTo(0x02);
      client.send("PROTOCOL 7");
      assertThat(Await.result(client.nextLine())).isEqualTo("PROTOCOL 3");

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
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
      assertThat(Await.result(client.password("bob:wrong"))).isEqualTo(0);
      Await.result(client.awaitClosed());
    }
    assertThat(next(gateway.attaches).getString(BusMessages.CREDENTIAL)).isEqualTo("bob:wrong");
    assertThat(gateway.sessionMessages.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void otherAttachFailureAnswers00AndCloses() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
      assertThat(Await.result(client.password("boom"))).isEqualTo(0);
      Await.result(client.awaitClosed());
    }
  }

  @Test
  void commandByteInsteadOfPasswordCloses() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
      client.command(SkypeProxyCommand.CAPABILITIES);
      Await.result(client.awaitClosed());
    }
    assertThat(gateway.attaches).isEmpty();
  }

  @Test
  void authenticateAfterAttachAnswers00AndExpectsNoPassword() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      gateway.authenticate(client);
      assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(0);
      client.send("ECHO still open");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO still open");
    }
  }

  @Test
  void outputSentBeforeTheAttachReplyFollowsThePasswordByte() throws Exception {
    gateway.greetBeforeAttachReply = true;
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
      assertThat(Await.result(client.password("bob:pw"))).isEqualTo(1);
      assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS CONNECTING");
    }
  }

  // ------------------------------------------------------------------ password-less

  @Test
  void passwordlessFirstFrameAttachesAndIsForwarded() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.CAPABILITIES))).isEqualTo(0x02);
      client.send("PROTOCOL 7");
      assertThat(Await.result(client.nextLine())).isEqualTo("PROTOCOL 3");
      client.send("ECHO 2");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO 2");
    }
    JsonObject attach = next(gateway.attaches);
    assertThat(attach.containsKey(BusMessages.CREDENTIAL)).isFalse();
    assertThat(next(gateway.sessionMessages).getString(BusMessages.LINE)).isEqualTo("PROTOCOL 7");
    assertThat(next(gateway.sessionMessages).getString(BusMessages.LINE)).isEqualTo("ECHO 2");
  }

  @Test
  void passwordlessRefusedCloses() throws Exception {
    gateway.passwordless = false;
    try (SkypeProxyTestClient client = connect()) {
      client.send("PROTOCOL 7");
      Await.result(client.awaitClosed());
    }
    assertThat(gateway.sessionMessages.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  // ------------------------------------------------------------------ output

  @Test
  void outputLinesAreFramedInOrderWhileCommandsRun() throws Exception {
    int notifications = 500;
    int echoes = 200;
    try (SkypeProxyTestClient client = connect()) {
      gateway.authenticate(client);
      // pipeline everything in one write: the flood races with the echo replies
      Buffer batch = SkypeProxyFrames.encodeFrame("FLOOD " + notifications);
      for (int i = 0; i < echoes; i++) {
        batch.appendBuffer(SkypeProxyFrames.encodeFrame("ECHO " + i));
      }
      client.sendBytes(batch);
      List<String> notes = new ArrayList<>();
      List<String> replies = new ArrayList<>();
      for (int i = 0; i < 2 * notifications + echoes; i++) {
        String line = Await.result(client.nextLine());
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
    try (SkypeProxyTestClient client = connect()) {
      String connection = gateway.authenticate(client);
      gateway.sendTo(connection,
          BusMessages.output(BusMessages.KIND_NOTIFICATION,
              List.of("USERSTATUS ONLINE", "CHATMESSAGE 1 STATUS RECEIVED", "\u00e9\u263A")));
      assertThat(Await.result(client.nextLine())).isEqualTo("USERSTATUS ONLINE");
      assertThat(Await.result(client.nextLine())).isEqualTo("CHATMESSAGE 1 STATUS RECEIVED");
      assertThat(Await.result(client.nextLine())).isEqualTo("\u00e9\u263A");
    }
  }

  @Test
  void closeMessageClosesTheSocket() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      String connection = gateway.authenticate(client);
      client.send("CLOSE");
      assertThat(Await.result(client.nextLine())).isEqualTo("BYE");
      assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS OFFLINE");
      Await.result(client.awaitClosed());
      assertThat(next(gateway.sessionMessages).getString(BusMessages.LINE)).isEqualTo("CLOSE");
      JsonObject detach = next(gateway.sessionMessages);
      assertThat(detach.getString(BusMessages.TYPE)).isEqualTo(BusMessages.TYPE_DETACH);
      assertThat(detach.getString(BusMessages.CONNECTION)).isEqualTo(connection);
    }
  }

  // ------------------------------------------------------------------ lifecycle

  @Test
  void heartbeatsNameTheAttachedConnections() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      String connection = gateway.authenticate(client);
      JsonObject heartbeat = next(gateway.heartbeats);
      assertThat(heartbeat.getString(BusMessages.ENDPOINT))
          .isEqualTo(endpoint.options().getEndpointId());
      assertThat(heartbeat.getJsonArray(BusMessages.CONNECTIONS).getList()).contains(connection);
    }
  }

  @Test
  void clientDisconnectSendsDetach() throws Exception {
    String connection;
    try (SkypeProxyTestClient client = connect()) {
      connection = gateway.authenticate(client);
    }
    JsonObject detach = next(gateway.sessionMessages);
    assertThat(detach.getString(BusMessages.TYPE)).isEqualTo(BusMessages.TYPE_DETACH);
    assertThat(detach.getString(BusMessages.CONNECTION)).isEqualTo(connection);
    assertThat(detach.getString(BusMessages.REASON)).isEqualTo("client closed");
  }

  @Test
  void oversizeFrameClosesOnlyThatConnection() throws Exception {
    try (SkypeProxyTestClient good = connect(); SkypeProxyTestClient bad = connect()) {
      gateway.authenticate(good);
      String badConnection = gateway.authenticate(bad);
      bad.sendBytes(0xFF, 0xFF, 0xFF, 0xFF, 'x');
      Await.result(bad.awaitClosed());
      JsonObject detach = next(gateway.sessionMessages);
      assertThat(detach.getString(BusMessages.CONNECTION)).isEqualTo(badConnection);
      assertThat(detach.getString(BusMessages.REASON)).isEqualTo("protocol error");

      good.send("ECHO alive");
      assertThat(Await.result(good.nextLine())).isEqualTo("ECHO alive");
    }
  }

  @Test
  void oneByteWritesDecodeLikeWholeFrames() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      Buffer all = SkypeProxyFrames.encodeCommand(SkypeProxyCommand.AUTHENTICATE);
      Future<List<Integer>> ready = client.expectRawAnswers(1);
      for (int i = 0; i < all.length(); i++) {
        client.sendBytes(all.getBuffer(i, i + 1));
      }
      assertThat(Await.result(ready)).containsExactly(1);
      all = SkypeProxyFrames.encodeFrame("bob:pw");
      Future<List<Integer>> verdict = client.expectRawAnswers(1);
      for (int i = 0; i < all.length(); i++) {
        client.sendBytes(all.getBuffer(i, i + 1));
      }
      assertThat(Await.result(verdict)).containsExactly(1);
      all = SkypeProxyFrames.encodeFrame("ECHO \u00e9t\u00e9")
          .appendBuffer(SkypeProxyFrames.encodeFrame("ECHO b"));
      for (int i = 0; i < all.length(); i++) {
        client.sendBytes(all.getBuffer(i, i + 1));
      }
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO \u00e9t\u00e9");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO b");
    }
  }

  @Test
  void myCapabilitiesIsConsumedWithoutReply() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      // 03 02 then CAPABILITIES: the only byte back is the capability mask
      Future<List<Integer>> answers = client.expectRawAnswers(1);
      client.sendBytes(SkypeProxyFrames.encodeMyCapabilities(0x02)
          .appendBuffer(SkypeProxyFrames.encodeCommand(SkypeProxyCommand.CAPABILITIES)));
      // the mask: data slots, no password
      assertThat(Await.result(answers)).containsExactly(0x02);
      client.send("ECHO x");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO x");
    }
  }

  @Test
  void unknownCommandByteAnswers00() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(0x42))).isEqualTo(0);
      assertThat(Await.result(client.command(0x00))).isEqualTo(0);
      client.send("ECHO y");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO y");
    }
  }

  @Test
  void lateHeartbeatAnswerKeepsTheConnectionOnItsSession() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      gateway.authenticate(client);
      gateway.heartbeatsToIgnore = 1; // the next heartbeat times out
      // the re-attach names the same session, which answers a heartbeat now: no OFFLINE
      assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS CONNECTING");
      client.send("ECHO still here");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO still here");
    }
  }

  @Test
  void sessionFailureSendsConnstatusOfflineAndCloses() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
      assertThat(Await.result(client.password("gone:pw"))).isEqualTo(1);
      client.send("PROTOCOL 7");
      // the endpoint tries to re-attach (the gateway keeps naming the dead session) and gives up
      assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS CONNECTING");
      assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS OFFLINE");
      Await.result(client.awaitClosed());
    }
  }

  @Test
  void invalidUtf8AndNulNeverDisconnect() throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      client.sendBytes(SkypeProxyFrames.encodeFrame(new byte[] {'E', 'C', 'H', 'O', ' ', (byte) 0xFF}));
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO \uFFFD");
      // an inner NUL travels to the gateway (which answers ERROR 1); a terminator is dropped
      client.sendBytes(SkypeProxyFrames.encodeFrame(new byte[] {'E', 'C', 'H', 'O', ' ', 'z', 0, 'q'}));
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO z\u0000q");
      client.sendBytes(SkypeProxyFrames.encodeFrame(new byte[] {'E', 'C', 'H', 'O', ' ', 'y', 0}));
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO y");
      // a frame of terminators only is empty: dropped, not forwarded
      client.sendBytes(SkypeProxyFrames.encodeFrame(new byte[] {0, 0}));
      client.send("ECHO after");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO after");
    }
  }

  @Test
  void connectionLimitsRefuseOnlyTheExcessAndFreeTheirSlotsOnClose(Vertx vertx)
      throws Exception {
    SkypeProxyEndpointVerticle limited = new SkypeProxyEndpointVerticle(
        options().setMaxConnectionsPerAddress(2).setMaxConnections(3));
    await(vertx.deployVerticle(limited));
    int port = limited.actualPort();
    try (SkypeProxyTestClient first = connect(port); SkypeProxyTestClient second = connect(port)) {
      first.send("ECHO 1");
      assertThat(Await.result(first.nextLine())).isEqualTo("ECHO 1");
      second.send("ECHO 2");
      assertThat(Await.result(second.nextLine())).isEqualTo("ECHO 2");
      try (SkypeProxyTestClient third = connect(port)) {
        Await.result(third.awaitClosed()); // a third from 127.0.0.1 is one too many
      }
      assertThat(limited.refusedConnections()).isEqualTo(1);
      first.close();
      // the slot comes back once the first connection's close has been seen
      Await.until("a free slot for ECHO 3", Duration.ofSeconds(5), () -> {
        try (SkypeProxyTestClient again = connect(port)) {
          again.send("ECHO 3");
          return Await.result(again.nextLine().map("ECHO 3"::equals).otherwise(false));
        }
      });
      // the others were never disturbed
      assertThat(Await.result(second.quietFor(Duration.ofMillis(100)))).isTrue();
    }
  }

  @Test
  void handshakeTimeoutClosesSilentClients(Vertx vertx) throws Exception {
    SkypeProxyEndpointVerticle quick = new SkypeProxyEndpointVerticle(
        options().setHandshakeTimeout(Duration.ofMillis(300)));
    await(vertx.deployVerticle(quick));
    try (SkypeProxyTestClient silent = connect(quick.actualPort());
        SkypeProxyTestClient chatty = connect(quick.actualPort());
        SkypeProxyTestClient active = connect(quick.actualPort())) {
      assertThat(Await.result(chatty.command(SkypeProxyCommand.CAPABILITIES))).isEqualTo(0x02);
      active.send("ECHO 1");
      assertThat(Await.result(active.nextLine())).isEqualTo("ECHO 1");
      long started = System.nanoTime();
      Await.result(silent.awaitClosed());
      Await.result(chatty.awaitClosed());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      // a connection past its first frame is not affected
      assertThat(Await.result(active.quietFor(Duration.ofMillis(500)))).isTrue();
      active.send("ECHO 2");
      assertThat(Await.result(active.nextLine())).isEqualTo("ECHO 2");
    }
  }

  @Test
  void undeployClosesConnectionsAndDetaches(Vertx vertx) throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      String connection = gateway.authenticate(client);
      await(vertx.undeploy(endpointDeployment));
      Await.result(client.awaitClosed());
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
