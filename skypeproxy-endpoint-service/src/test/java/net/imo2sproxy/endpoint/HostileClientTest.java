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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile clients over real sockets against an endpoint and a fake gateway on a local Vert.x.
 * Every test keeps a well-behaved neighbour connection open and checks that it still gets its
 * replies, and checks the counted limit hits.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileClientTest {

  private static final int MAX_FRAME = 4096;
  private static final int MAX_HELD = 256 * 1024;

  private FakeGateway gateway;
  private SkypeProxyEndpointVerticle endpoint;
  private int echoes;
  private final Map<String, JsonObject> detaches = new HashMap<>();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    gateway = new FakeGateway(true);
    endpoint = new SkypeProxyEndpointVerticle(options());
    vertx.deployVerticle(gateway)
        .compose(id -> vertx.deployVerticle(endpoint))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static EndpointOptions options() {
    return new EndpointOptions()
        .setPort(0)
        .setMaxFrameLength(MAX_FRAME)
        .setHandshakeTimeout(Duration.ofMillis(2500))
        .setLoginIdleTimeout(Duration.ofMillis(3500))
        .setMaxHeldOutput(MAX_HELD)
        .setBusRequestTimeout(Duration.ofSeconds(5))
        .setHeartbeatInterval(Duration.ofMillis(500))
        .setFailoverTimeout(Duration.ofSeconds(2));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static void awaitCondition(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** A password-less client that has logged in (its first command reached the session). */
  private TestClient neighbour(int port) throws Exception {
    TestClient client = new TestClient(port);
    assertAlive(client);
    return client;
  }

  private void assertAlive(TestClient client) throws IOException {
    String line = "ECHO " + echoes++;
    client.frame(line);
    assertThat(client.readFrame()).isEqualTo(line);
  }

  private String lastAttachedConnection() throws InterruptedException {
    JsonObject attach = gateway.attaches.poll(10, TimeUnit.SECONDS);
    assertThat(attach).as("an attach").isNotNull();
    return attach.getString(BusMessages.CONNECTION);
  }

  /** Waits for the detach of {@code connection}; other detaches seen meanwhile are kept. */
  private JsonObject awaitDetach(String connection) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!detaches.containsKey(connection) && System.currentTimeMillis() < deadline) {
      JsonObject message = gateway.sessionMessages.poll(100, TimeUnit.MILLISECONDS);
      if (message != null && BusMessages.TYPE_DETACH.equals(message.getString(BusMessages.TYPE))) {
        detaches.put(message.getString(BusMessages.CONNECTION), message);
      }
    }
    assertThat(detaches).as("detach of " + connection).containsKey(connection);
    return detaches.get(connection);
  }

  private long hits(EndpointLimit limit) {
    return endpoint.limitHits(limit);
  }

  // ------------------------------------------------------------------ framing

  @Test
  void oversizeLengthHeadersCloseOnlyTheirConnections() throws Exception {
    int port = endpoint.actualPort();
    try (TestClient good = neighbour(port);
        TestClient oneTooMany = neighbour(port);
        TestClient huge = new TestClient(port)) {
      // 2 GiB announced, before any login: refused before a body byte is buffered
      huge.sendBytes(0xFF, 0xFF, 0xFF, 0x7F, 'x', 'y');
      assertThat(huge.awaitClosed()).isTrue();
      // one byte over the maximum, from a logged-in connection
      oneTooMany.send(Buffer.buffer().appendIntLE(MAX_FRAME + 1).appendString("ECHO"));
      assertThat(oneTooMany.awaitClosed()).isTrue();
      // exactly the maximum is fine
      String longest = "ECHO " + "y".repeat(MAX_FRAME - 5);
      good.frame(longest);
      assertThat(good.readFrame()).isEqualTo(longest);
      assertAlive(good);
    }
    assertThat(hits(EndpointLimit.MAX_FRAME_LENGTH)).isEqualTo(2);
  }

  @Test
  void zeroLengthFrameFloodsAreAnsweredInOrderWithoutHurtingNeighbours() throws Exception {
    int port = endpoint.actualPort();
    int flood = 20_000;
    try (TestClient good = neighbour(port); TestClient flooder = neighbour(port)) {
      Buffer batch = Buffer.buffer();
      for (int i = 0; i < flood; i++) {
        batch.appendIntLE(0).appendByte((byte) 0x7F); // LEN 0, unknown command: answered 00
        batch.appendIntLE(1).appendByte((byte) 0); // a frame of one NUL: an empty command
      }
      batch.appendBuffer(SkypeProxyFrames.encodeFrame("ECHO after the flood"));
      flooder.send(batch);
      assertAlive(good);
      for (int i = 0; i < flood; i++) {
        assertThat(flooder.readByte()).as("answer %d", i).isEqualTo(0);
      }
      assertThat(flooder.readFrame()).isEqualTo("ECHO after the flood");
      assertAlive(flooder);
      assertAlive(good);
    }
    // only the two ECHO lines of each client and the flooder's last one reached the session
    long commands = gateway.sessionMessages.stream()
        .filter(m -> BusMessages.TYPE_COMMAND.equals(m.getString(BusMessages.TYPE))).count();
    assertThat(commands).isEqualTo(6);
  }

  @Test
  void garbageBytesEndTheirConnectionsNotTheEndpoint() throws Exception {
    int port = endpoint.actualPort();
    try (TestClient good = neighbour(port)) {
      List<TestClient> hostile = new ArrayList<>();
      try {
        for (int seed = 1; seed <= 8; seed++) {
          byte[] garbage = new byte[64 * 1024];
          new Random(seed).nextBytes(garbage);
          TestClient client = seed % 2 == 0 ? neighbour(port) : new TestClient(port);
          hostile.add(client);
          client.send(Buffer.buffer(garbage));
        }
        assertAlive(good);
        for (TestClient client : hostile) {
          assertThat(client.awaitClosedDiscarding(15_000)).isTrue();
        }
      } finally {
        for (TestClient client : hostile) {
          client.close();
        }
      }
      assertAlive(good);
    }
    assertThat(hits(EndpointLimit.MAX_FRAME_LENGTH)).isGreaterThanOrEqualTo(1);
  }

  // ------------------------------------------------------------------ slow and silent clients

  @Test
  void halfOpenClientsAreClosedByTheHandshakeTimeout() throws Exception {
    int port = endpoint.actualPort();
    try (TestClient good = neighbour(port);
        TestClient silent = new TestClient(port);
        TestClient halfHeader = new TestClient(port);
        TestClient halfFrame = new TestClient(port)) {
      halfHeader.sendBytes(0x10, 0x00);
      halfFrame.send(Buffer.buffer().appendIntLE(100).appendString("ECHO half"));
      assertThat(silent.awaitClosed()).isTrue();
      assertThat(halfHeader.awaitClosed()).isTrue();
      assertThat(halfFrame.awaitClosed()).isTrue();
      assertAlive(good);
    }
    assertThat(hits(EndpointLimit.HANDSHAKE_TIMEOUT)).isEqualTo(3);
    assertThat(gateway.attaches).hasSize(1); // only the neighbour ever attached
  }

  @Test
  void connectionsThatNeverLogInAreClosedButLoggedInOnesMayIdle() throws Exception {
    int port = endpoint.actualPort();
    try (TestClient good = neighbour(port)) {
      lastAttachedConnection();
      try (TestClient authenticatedOnly = new TestClient(port)) {
        authenticatedOnly.command(SkypeProxyCommand.AUTHENTICATE);
        assertThat(authenticatedOnly.readByte()).isEqualTo(1);
        authenticatedOnly.frame("bob:pw");
        assertThat(authenticatedOnly.readByte()).isEqualTo(1);
        String authenticated = lastAttachedConnection();
        try (TestClient emptyFrameOnly = new TestClient(port)) {
          // a frame of one NUL attaches a password-less client but is no command
          emptyFrameOnly.send(Buffer.buffer().appendIntLE(1).appendByte((byte) 0));
          String empty = lastAttachedConnection();

          assertThat(authenticatedOnly.awaitClosedDiscarding(10_000)).isTrue();
          assertThat(emptyFrameOnly.awaitClosedDiscarding(10_000)).isTrue();
          assertThat(awaitDetach(authenticated).getString(BusMessages.REASON))
              .isEqualTo("login idle timeout");
          assertThat(awaitDetach(empty).getString(BusMessages.REASON))
              .isEqualTo("login idle timeout");
        }
      }
      // the neighbour has been silent for longer than the login idle limit: still open
      assertThat(good.silentFor(500)).isTrue();
      assertAlive(good);
    }
    assertThat(hits(EndpointLimit.LOGIN_IDLE_TIMEOUT)).isEqualTo(2);
    assertThat(hits(EndpointLimit.HANDSHAKE_TIMEOUT)).isZero();
  }

  @Test
  void aClientThatDoesNotReadIsDroppedPastTheBoundWhileItsNeighbourCarriesOn()
      throws Exception {
    int port = endpoint.actualPort();
    try (TestClient good = neighbour(port)) {
      lastAttachedConnection();
      try (TestClient deaf = TestClient.withReceiveBuffer(port, 4096)) {
        assertAlive(deaf);
        String deafConnection = lastAttachedConnection();
        // 16 MB of notifications: more than the kernel buffers, the socket queue and the bound
        deaf.frame("BIGFLOOD 4000 4096");
        for (int i = 0; i < 20 && hits(EndpointLimit.MAX_HELD_OUTPUT) == 0; i++) {
          assertAlive(good); // replies keep flowing while the flood backs up
        }
        assertThat(awaitDetach(deafConnection).getString(BusMessages.REASON))
            .isEqualTo("client not reading");
        assertThat(deaf.awaitClosedDiscarding(20_000)).isTrue();
      }
      assertAlive(good);
    }
    assertThat(hits(EndpointLimit.MAX_HELD_OUTPUT)).isEqualTo(1);
    assertThat(hits(EndpointLimit.WRITE_QUEUE_FULL)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aSlowReaderThatCatchesUpGetsEverythingInOrder(Vertx vertx) throws Exception {
    SkypeProxyEndpointVerticle roomy = new SkypeProxyEndpointVerticle(
        options().setMaxHeldOutput(64 * 1024 * 1024));
    await(vertx.deployVerticle(roomy));
    int notifications = 3000;
    int size = 4096;
    try (TestClient slow = TestClient.withReceiveBuffer(roomy.actualPort(), 4096);
        TestClient good = neighbour(roomy.actualPort())) {
      assertAlive(slow);
      slow.frame("BIGFLOOD " + notifications + " " + size);
      slow.frame("ECHO behind the flood");
      // wait until the endpoint holds output for it: the socket's queue is full
      awaitCondition("output held", () -> roomy.limitHits(EndpointLimit.WRITE_QUEUE_FULL) > 0);
      assertAlive(good);
      for (int i = 0; i < notifications; i++) {
        String line = slow.readFrame();
        assertThat(line).hasSize(size).startsWith("B " + i + " ");
      }
      assertThat(slow.readFrame()).isEqualTo("ECHO behind the flood");
      assertAlive(slow);
    }
    assertThat(roomy.limitHits(EndpointLimit.MAX_HELD_OUTPUT)).isZero();
  }

  @Test
  void aClosingConnectionWhoseClientDoesNotReadIsAbortedAfterTheGrace(Vertx vertx)
      throws Exception {
    SkypeProxyEndpointVerticle roomy = new SkypeProxyEndpointVerticle(
        options().setMaxHeldOutput(64 * 1024 * 1024));
    await(vertx.deployVerticle(roomy));
    try (TestClient good = neighbour(roomy.actualPort())) {
      lastAttachedConnection();
      try (TestClient deaf = TestClient.withReceiveBuffer(roomy.actualPort(), 4096)) {
        assertAlive(deaf);
        String deafConnection = lastAttachedConnection();
        deaf.frame("BIGFLOOD 3000 4096");
        awaitCondition("output held", () -> roomy.limitHits(EndpointLimit.WRITE_QUEUE_FULL) > 0);
        // the gateway ends it: its last lines can never be written, so it must not linger
        gateway.sendTo(deafConnection, BusMessages.close("test"));
        assertThat(awaitDetach(deafConnection).getString(BusMessages.REASON))
            .isEqualTo("closed by the gateway");
      }
      assertAlive(good);
    }
    assertThat(roomy.limitHits(EndpointLimit.MAX_HELD_OUTPUT)).isZero();
  }

  // ------------------------------------------------------------------ connection floods

  @Test
  void thousandsOfConnectionsFromOneAddressAreCappedAndTheNeighbourCarriesOn(Vertx vertx)
      throws Exception {
    int cap = 50;
    int attempts = 2000;
    SkypeProxyEndpointVerticle capped = new SkypeProxyEndpointVerticle(options()
        .setMaxConnectionsPerAddress(cap)
        .setHandshakeTimeout(Duration.ofSeconds(60))
        .setLoginIdleTimeout(Duration.ofSeconds(60)));
    await(vertx.deployVerticle(capped));
    int port = capped.actualPort();
    List<TestClient> flood = new ArrayList<>();
    try (TestClient good = neighbour(port)) {
      try {
        for (int i = 0; i < attempts; i++) {
          flood.add(new TestClient(port));
        }
        long refused = attempts - (cap - 1);
        awaitCondition(refused + " refusals", () -> capped.refusedConnections() == refused);
        assertAlive(good);
        // the refused ones are closed, the accepted ones stay open and are served
        List<TestClient> open = new ArrayList<>(flood);
        long deadline = System.currentTimeMillis() + 20_000;
        while (open.size() > cap - 1 && System.currentTimeMillis() < deadline) {
          List<TestClient> closed = new ArrayList<>();
          for (TestClient client : open) {
            if (client.closedWithin(1)) {
              closed.add(client);
            }
          }
          open.removeAll(closed);
        }
        assertThat(open).hasSize(cap - 1);
        assertAlive(open.get(0));
        assertAlive(open.get(cap - 2));
      } finally {
        for (TestClient client : flood) {
          client.close();
        }
      }
      assertAlive(good);
    }
    assertThat(capped.limitHits(EndpointLimit.MAX_CONNECTIONS_PER_ADDRESS))
        .isEqualTo(attempts - (cap - 1));
    assertThat(capped.limitHits(EndpointLimit.MAX_CONNECTIONS)).isZero();
  }

  @Test
  void limitSettingsRoundTripThroughJson() {
    EndpointOptions options = new EndpointOptions(new JsonObject()
        .put(EndpointOptions.KEY_LOGIN_IDLE_TIMEOUT, 0)
        .put(EndpointOptions.KEY_MAX_HELD_OUTPUT, 1000));
    assertThat(options.getLoginIdleTimeout()).isEqualTo(Duration.ZERO);
    assertThat(options.getMaxHeldOutput()).isEqualTo(1000);
    assertThat(new EndpointOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    EndpointOptions defaults = new EndpointOptions();
    assertThat(defaults.getLoginIdleTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(defaults.getMaxHeldOutput()).isEqualTo(2 * 1024 * 1024);
    assertThat(defaults.isTls()).isFalse();
  }
}
