package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
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
    return Await.result(future);
  }

  private static void awaitCondition(String what, Callable<Boolean> condition) throws Exception {
    Await.until(what, Duration.ofSeconds(20), condition);
  }

  private SkypeProxyTestClient connect(int port) throws Exception {
    return Await.result(SkypeProxyTestClient.connect(vertx, port));
  }

  /** A client with a small receive buffer, so that it fills quickly once it stops reading. */
  private SkypeProxyTestClient connectWithSmallReceiveBuffer(int port) throws Exception {
    return Await.result(SkypeProxyTestClient.connect(vertx,
        new NetClientOptions().setReceiveBufferSize(4096), "127.0.0.1", port));
  }

  /** A password-less client that has logged in (its first command reached the session). */
  private SkypeProxyTestClient neighbour(int port) throws Exception {
    SkypeProxyTestClient client = connect(port);
    assertAlive(client);
    return client;
  }

  private void assertAlive(SkypeProxyTestClient client) throws Exception {
    String line = "ECHO " + echoes++;
    client.send(line);
    assertThat(Await.result(client.nextLine())).isEqualTo(line);
  }

  private String lastAttachedConnection() throws InterruptedException {
    JsonObject attach = gateway.attaches.poll(10, TimeUnit.SECONDS);
    assertThat(attach).as("an attach").isNotNull();
    return attach.getString(BusMessages.CONNECTION);
  }

  /** Waits for the detach of {@code connection}; other detaches seen meanwhile are kept. */
  private JsonObject awaitDetach(String connection) throws Exception {
    awaitCondition("the detach of " + connection, () -> {
      for (JsonObject m = gateway.sessionMessages.poll(); m != null;
          m = gateway.sessionMessages.poll()) {
        if (BusMessages.TYPE_DETACH.equals(m.getString(BusMessages.TYPE))) {
          detaches.put(m.getString(BusMessages.CONNECTION), m);
        }
      }
      return detaches.containsKey(connection);
    });
    return detaches.get(connection);
  }

  private long hits(EndpointLimit limit) {
    return endpoint.limitHits(limit);
  }

  // ------------------------------------------------------------------ framing

  @Test
  void oversizeLengthHeadersCloseOnlyTheirConnections() throws Exception {
    int port = endpoint.actualPort();
    try (SkypeProxyTestClient good = neighbour(port);
        SkypeProxyTestClient oneTooMany = neighbour(port);
        SkypeProxyTestClient huge = connect(port)) {
      // 2 GiB announced, before any login: refused before a body byte is buffered
      huge.sendBytes(0xFF, 0xFF, 0xFF, 0x7F, 'x', 'y');
      Await.result(huge.awaitClosed());
      // one byte over the maximum, from a logged-in connection
      oneTooMany.sendBytes(Buffer.buffer().appendIntLE(MAX_FRAME + 1).appendString("ECHO"));
      Await.result(oneTooMany.awaitClosed());
      // exactly the maximum is fine
      String longest = "ECHO " + "y".repeat(MAX_FRAME - 5);
      good.send(longest);
      assertThat(Await.result(good.nextLine())).isEqualTo(longest);
      assertAlive(good);
    }
    assertThat(hits(EndpointLimit.MAX_FRAME_LENGTH)).isEqualTo(2);
  }

  @Test
  void zeroLengthFrameFloodsAreAnsweredInOrderWithoutHurtingNeighbours() throws Exception {
    int port = endpoint.actualPort();
    int flood = 20_000;
    try (SkypeProxyTestClient good = neighbour(port); SkypeProxyTestClient flooder = neighbour(port)) {
      Buffer batch = Buffer.buffer();
      for (int i = 0; i < flood; i++) {
        batch.appendIntLE(0).appendByte((byte) 0x7F); // LEN 0, unknown command: answered 00
        batch.appendIntLE(1).appendByte((byte) 0); // a frame of one NUL: an empty command
      }
      batch.appendBuffer(SkypeProxyFrames.encodeFrame("ECHO after the flood"));
      Future<List<Integer>> answers = flooder.expectRawAnswers(flood);
      flooder.sendBytes(batch);
      assertAlive(good);
      List<Integer> answered = await(answers);
      for (int i = 0; i < flood; i++) {
        assertThat(answered.get(i)).as("answer %d", i).isEqualTo(0);
      }
      assertThat(Await.result(flooder.nextLine())).isEqualTo("ECHO after the flood");
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
    try (SkypeProxyTestClient good = neighbour(port)) {
      List<SkypeProxyTestClient> hostile = new ArrayList<>();
      try {
        for (int seed = 1; seed <= 8; seed++) {
          byte[] garbage = new byte[64 * 1024];
          new Random(seed).nextBytes(garbage);
          SkypeProxyTestClient client = seed % 2 == 0 ? neighbour(port) : connect(port);
          hostile.add(client);
          client.sendBytes(Buffer.buffer(garbage));
        }
        assertAlive(good);
        for (SkypeProxyTestClient client : hostile) {
          Await.result(client.awaitClosed(), Duration.ofMillis(15_000));
        }
      } finally {
        for (SkypeProxyTestClient client : hostile) {
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
    try (SkypeProxyTestClient good = neighbour(port);
        SkypeProxyTestClient silent = connect(port);
        SkypeProxyTestClient halfHeader = connect(port);
        SkypeProxyTestClient halfFrame = connect(port)) {
      halfHeader.sendBytes(0x10, 0x00);
      halfFrame.sendBytes(Buffer.buffer().appendIntLE(100).appendString("ECHO half"));
      Await.result(silent.awaitClosed());
      Await.result(halfHeader.awaitClosed());
      Await.result(halfFrame.awaitClosed());
      assertAlive(good);
    }
    assertThat(hits(EndpointLimit.HANDSHAKE_TIMEOUT)).isEqualTo(3);
    assertThat(gateway.attaches).hasSize(1); // only the neighbour ever attached
  }

  @Test
  void connectionsThatNeverLogInAreClosedButLoggedInOnesMayIdle() throws Exception {
    int port = endpoint.actualPort();
    try (SkypeProxyTestClient good = neighbour(port)) {
      lastAttachedConnection();
      try (SkypeProxyTestClient authenticatedOnly = connect(port)) {
        assertThat(Await.result(authenticatedOnly.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
        assertThat(Await.result(authenticatedOnly.password("bob:pw"))).isEqualTo(1);
        String authenticated = lastAttachedConnection();
        try (SkypeProxyTestClient emptyFrameOnly = connect(port)) {
          // a frame of one NUL attaches a password-less client but is no command
          emptyFrameOnly.sendBytes(Buffer.buffer().appendIntLE(1).appendByte((byte) 0));
          String empty = lastAttachedConnection();

          Await.result(authenticatedOnly.awaitClosed(), Duration.ofMillis(10_000));
          Await.result(emptyFrameOnly.awaitClosed(), Duration.ofMillis(10_000));
          assertThat(awaitDetach(authenticated).getString(BusMessages.REASON))
              .isEqualTo("login idle timeout");
          assertThat(awaitDetach(empty).getString(BusMessages.REASON))
              .isEqualTo("login idle timeout");
        }
      }
      // the neighbour has been silent for longer than the login idle limit: still open
      assertThat(Await.result(good.quietFor(Duration.ofMillis(500)))).isTrue();
      assertAlive(good);
    }
    assertThat(hits(EndpointLimit.LOGIN_IDLE_TIMEOUT)).isEqualTo(2);
    assertThat(hits(EndpointLimit.HANDSHAKE_TIMEOUT)).isZero();
  }

  @Test
  void aClientThatDoesNotReadIsDroppedPastTheBoundWhileItsNeighbourCarriesOn()
      throws Exception {
    int port = endpoint.actualPort();
    try (SkypeProxyTestClient good = neighbour(port)) {
      lastAttachedConnection();
      try (SkypeProxyTestClient deaf = connectWithSmallReceiveBuffer(port)) {
        assertAlive(deaf);
        String deafConnection = lastAttachedConnection();
        await(deaf.pause()); // from now on it reads nothing
        // 16 MB of notifications: more than the kernel buffers, the socket queue and the bound
        deaf.send("BIGFLOOD 4000 4096");
        for (int i = 0; i < 20 && hits(EndpointLimit.MAX_HELD_OUTPUT) == 0; i++) {
          assertAlive(good); // replies keep flowing while the flood backs up
        }
        assertThat(awaitDetach(deafConnection).getString(BusMessages.REASON))
            .isEqualTo("client not reading");
        await(deaf.resume()); // reads what the kernel still holds, then the close
        Await.result(deaf.awaitClosed(), Duration.ofMillis(20_000));
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
    try (SkypeProxyTestClient slow = connectWithSmallReceiveBuffer(roomy.actualPort());
        SkypeProxyTestClient good = neighbour(roomy.actualPort())) {
      assertAlive(slow);
      await(slow.pause()); // it reads nothing until the endpoint holds its output
      slow.send("BIGFLOOD " + notifications + " " + size);
      slow.send("ECHO behind the flood");
      // wait until the endpoint holds output for it: the socket's queue is full
      awaitCondition("output held", () -> roomy.limitHits(EndpointLimit.WRITE_QUEUE_FULL) > 0);
      assertAlive(good);
      await(slow.resume());
      for (int i = 0; i < notifications; i++) {
        String line = Await.result(slow.nextLine());
        assertThat(line).hasSize(size).startsWith("B " + i + " ");
      }
      assertThat(Await.result(slow.nextLine())).isEqualTo("ECHO behind the flood");
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
    try (SkypeProxyTestClient good = neighbour(roomy.actualPort())) {
      lastAttachedConnection();
      try (SkypeProxyTestClient deaf = connectWithSmallReceiveBuffer(roomy.actualPort())) {
        assertAlive(deaf);
        String deafConnection = lastAttachedConnection();
        await(deaf.pause()); // from now on it reads nothing
        deaf.send("BIGFLOOD 3000 4096");
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
    List<SkypeProxyTestClient> flood = new ArrayList<>();
    try (SkypeProxyTestClient good = neighbour(port)) {
      try {
        for (int i = 0; i < attempts; i++) {
          flood.add(connect(port));
        }
        long refused = attempts - (cap - 1);
        awaitCondition(refused + " refusals", () -> capped.refusedConnections() == refused);
        assertAlive(good);
        // the refused ones are closed, the accepted ones stay open and are served
        AtomicLong closedSoFar = new AtomicLong();
        Promise<Void> refusedClosed = Promise.promise();
        for (SkypeProxyTestClient client : flood) {
          client.closed().onComplete(v -> {
            if (closedSoFar.incrementAndGet() == refused) {
              refusedClosed.complete();
            }
          });
        }
        await(refusedClosed.future());
        List<SkypeProxyTestClient> open = flood.stream().filter(c -> !c.isClosed()).toList();
        assertThat(open).hasSize(cap - 1);
        assertAlive(open.get(0));
        assertAlive(open.get(cap - 2));
      } finally {
        for (SkypeProxyTestClient client : flood) {
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
