package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session's gateway dies with commands pending (as after a kill -9 in a cluster): session
 * {@code s1} takes commands and never answers (but {@code #p PROTOCOL 7} and {@code #s MESSAGE
 * ...}, answered as a session would); the first re-attach lands on a dead gateway (no answer,
 * like a request to a consumer on a node that left, vert.x issue 4170); the next one attaches
 * to {@code s2}, which reports every message the re-attach lists SENT and answers every
 * command at once with {@code ok <line>}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GatewayFailoverTest {

  private SkypeProxyEndpointVerticle endpoint;
  private final BlockingQueue<JsonObject> attaches = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> reattachTimes = new LinkedBlockingQueue<>();
  private final BlockingQueue<Message<Object>> heldAtDeadSession = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> atNewSession = new LinkedBlockingQueue<>();
  /** The commands s2 got, whole. */
  private final BlockingQueue<JsonObject> commandsAtNewSession = new LinkedBlockingQueue<>();
  private final AtomicInteger reattachAttempts = new AtomicInteger();
  /** Re-attach attempts that reach the dead gateway (never answered) before one goes on. */
  private volatile int stuckReattaches;
  /** Exceptions thrown in handlers on the endpoint's event loop (none expected). */
  private final Queue<Throwable> uncaught = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    vertx.exceptionHandler(uncaught::add);
    EventBus bus = vertx.eventBus();
    bus.consumer(BusAddresses.GATEWAY_AUTH_POLICY,
        msg -> msg.reply(BusMessages.authPolicy(false)));
    bus.<Object>consumer(BusAddresses.GATEWAY_ATTACH, this::onAttach);
    bus.<Object>consumer(BusAddresses.session("s1"), msg -> {
      String line = ((JsonObject) msg.body()).getString(BusMessages.LINE, "");
      if (line.equals("#p PROTOCOL 7")) {
        msg.reply(BusMessages.accepted(List.of(line), null, 7));
      } else if (line.startsWith("#r ")) {
        // an answer that carries an announcement the connection was told already
        msg.reply(BusMessages.accepted(List.of("#r ok", "CHATMESSAGE 77 STATUS RECEIVED"),
            new JsonArray().add(BusMessages.sendStatus(77, "RECEIVED")), 0));
      } else if (line.startsWith("#s MESSAGE ")) {
        msg.reply(BusMessages.accepted(List.of("#s CHATMESSAGE 1205 STATUS SENDING"),
            new JsonArray().add(BusMessages.sendStatus(1205, "SENDING")), 0));
      } else if (isCommand(msg)) {
        heldAtDeadSession.add(msg); // taken, never acknowledged: the gateway died
      }
    });
    bus.<Object>consumer(BusAddresses.session("s2"), msg -> {
      JsonObject body = (JsonObject) msg.body();
      if (isCommand(msg)) {
        atNewSession.add(body.getString(BusMessages.LINE));
        commandsAtNewSession.add(body);
        msg.reply(BusMessages.accepted(List.of("ok " + body.getString(BusMessages.LINE)), null,
            0));
      } else {
        msg.reply(BusMessages.accepted());
      }
    });
    endpoint = new SkypeProxyEndpointVerticle(new EndpointOptions()
        .setPort(0)
        .setBusRequestTimeout(Duration.ofSeconds(10))
        .setHeartbeatInterval(Duration.ofSeconds(30))
        .setFailoverTimeout(Duration.ofSeconds(10)));
    vertx.deployVerticle(endpoint).onComplete(ctx.succeedingThenComplete());
  }

  private static boolean isCommand(Message<Object> msg) {
    return BusMessages.TYPE_COMMAND.equals(((JsonObject) msg.body()).getString(BusMessages.TYPE));
  }

  private void onAttach(Message<Object> msg) {
    JsonObject request = (JsonObject) msg.body();
    attaches.add(request);
    if (request.getValue(BusMessages.RESUME) == null) {
      msg.reply(BusMessages.attached("s1", "bob"));
      return;
    }
    reattachTimes.add(System.nanoTime());
    if (reattachAttempts.incrementAndGet() > stuckReattaches) {
      List<String> lines = new java.util.ArrayList<>();
      JsonArray sends = new JsonArray();
      for (long number : BusMessages.sendingNumbers(request)) {
        lines.add("CHATMESSAGE " + number + " STATUS SENT");
        sends.add(BusMessages.sendStatus(number, "SENT"));
      }
      msg.reply(BusMessages.reattached("s2", "bob", request.getInteger(BusMessages.PROTOCOL, 5),
          lines, sends));
    } // the first one reached the dead gateway: no answer ever
  }

  /** AUTHENTICATE as bob; returns the connection id. */
  private String authenticate(SkypeProxyTestClient client) throws Exception {
    assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
    assertThat(Await.result(client.password("bob:pw"))).isEqualTo(1);
    return attaches.poll(5, TimeUnit.SECONDS).getString(BusMessages.CONNECTION);
  }

  /** The session is lost (a missed heartbeat does the same). */
  private void loseSession(Vertx vertx, SkypeProxyTestClient client, String connection)
      throws Exception {
    vertx.eventBus().send(BusAddresses.endpoint(endpoint.options().getEndpointId()),
        BusMessages.reattachRequest("gateway died").put(BusMessages.CONNECTION, connection));
    assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS CONNECTING");
  }

  @Test
  void reattachDoesNotWaitOutAnAttemptStuckAtADeadGateway(Vertx vertx) throws Exception {
    stuckReattaches = 1;
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      String connection = authenticate(client);
      loseSession(vertx, client, connection);
      long stuck = reattachTimes.poll(5, TimeUnit.SECONDS);
      Long next = reattachTimes.poll(5, TimeUnit.SECONDS);
      assertThat(next).as("a second re-attach attempt").isNotNull();
      // not after the 5 s re-attach timeout: within about a second
      assertThat(Duration.ofNanos(next - stuck)).isLessThan(Duration.ofMillis(1900));
      client.send("PING");
      assertThat(Await.result(client.nextLine())).isEqualTo("ok PING");
      assertThat(uncaught).isEmpty();
    }
  }

  @Test
  void commandsPendingAtALostSessionAreEachAnsweredExactlyOnce(Vertx vertx) throws Exception {
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      String connection = authenticate(client);
      client.send("#1 GET USER echo123 ONLINESTATUS");
      client.send("#2 MESSAGE echo123 hi");
      Message<Object> first = heldAtDeadSession.poll(5, TimeUnit.SECONDS);
      Message<Object> second = heldAtDeadSession.poll(5, TimeUnit.SECONDS);
      assertThat(second).as("both commands reached s1").isNotNull();
      loseSession(vertx, client, connection);

      // both are resent to s2, in order, with their numbers and "resent", and answered there
      // once: the session that takes over decides (a message it sent already is answered from
      // its record, not sent twice)
      assertThat(Await.result(client.nextLine())).isEqualTo("ok #1 GET USER echo123 ONLINESTATUS");
      assertThat(Await.result(client.nextLine())).isEqualTo("ok #2 MESSAGE echo123 hi");
      JsonObject resentFirst = commandsAtNewSession.poll(5, TimeUnit.SECONDS);
      JsonObject resentSecond = commandsAtNewSession.poll(5, TimeUnit.SECONDS);
      JsonObject took = (JsonObject) first.body();
      JsonObject tookSecond = (JsonObject) second.body();
      assertThat(resentFirst.getLong(BusMessages.ID)).isEqualTo(took.getLong(BusMessages.ID));
      assertThat(resentSecond.getLong(BusMessages.ID))
          .isEqualTo(tookSecond.getLong(BusMessages.ID))
          .isGreaterThan(took.getLong(BusMessages.ID));
      assertThat(resentFirst.getBoolean(BusMessages.RESENT)).isTrue();
      assertThat(resentSecond.getBoolean(BusMessages.RESENT)).isTrue();
      assertThat(took.containsKey(BusMessages.RESENT)).isFalse();

      // the dead session's answers come after all (the bus timeout would do the same)
      first.reply(BusMessages.accepted());
      second.fail(BusMessages.FAILURE_UNKNOWN, "late");
      client.send("PING");
      assertThat(Await.result(client.nextLine())).isEqualTo("ok PING");
      assertThat(Await.result(client.quietFor(Duration.ofMillis(300)))).isTrue();
      assertThat(atNewSession).containsExactly("#1 GET USER echo123 ONLINESTATUS",
          "#2 MESSAGE echo123 hi", "PING");
      JsonObject ping = commandsAtNewSession.stream().filter(c -> c.getString(BusMessages.LINE)
          .equals("PING")).findFirst().orElseThrow();
      assertThat(ping.containsKey(BusMessages.RESENT)).isFalse();
      assertThat(ping.getLong(BusMessages.ID)).isGreaterThan(tookSecond.getLong(BusMessages.ID));
      assertThat(uncaught).as("exceptions on the event loop").isEmpty();
    }
  }

  /**
   * A survivor tells a re-attached connection again of received messages its dead predecessor
   * saved and may have announced: the endpoint writes each announcement of a number once, as
   * output or within an acknowledgement, and every other line as it comes.
   */
  @Test
  void aRepeatedAnnouncementOfAReceivedMessageIsWrittenOnce(Vertx vertx) throws Exception {
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      String connection = authenticate(client);
      announce(vertx, connection, 77);
      assertThat(Await.result(client.nextLine())).isEqualTo("CHATMESSAGE 77 STATUS RECEIVED");
      announce(vertx, connection, 77);
      announce(vertx, connection, 78);
      assertThat(Await.result(client.nextLine())).isEqualTo("CHATMESSAGE 78 STATUS RECEIVED");
      client.send("#r GET CHATMESSAGE 77 BODY");
      assertThat(Await.result(client.nextLine())).isEqualTo("#r ok");
      announce(vertx, connection, 79);
      assertThat(Await.result(client.nextLine())).isEqualTo("CHATMESSAGE 79 STATUS RECEIVED");
      assertThat(Await.result(client.quietFor(Duration.ofMillis(200)))).isTrue();
    }
  }

  private void announce(Vertx vertx, String connection, long number) {
    vertx.eventBus().send(BusAddresses.endpoint(endpoint.options().getEndpointId()),
        BusMessages.output(BusMessages.KIND_NOTIFICATION,
            List.of("CHATMESSAGE " + number + " STATUS RECEIVED"),
            new JsonArray().add(BusMessages.sendStatus(number, "RECEIVED")))
            .put(BusMessages.CONNECTION, connection));
  }

  /**
   * The re-attach names the PROTOCOL level and the own messages still SENDING, both learnt
   * from the acknowledgements' structured fields (no reading of the lines), and the client
   * gets the status lines the re-attach reply carries, before anything later.
   */
  @Test
  void theReattachCarriesTheLevelAndSendsFromTheAcknowledgements(Vertx vertx)
      throws Exception {
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      String connection = authenticate(client);
      client.send("#p PROTOCOL 7");
      assertThat(Await.result(client.nextLine())).isEqualTo("#p PROTOCOL 7");
      client.send("#s MESSAGE echo123 hi");
      assertThat(Await.result(client.nextLine())).isEqualTo("#s CHATMESSAGE 1205 STATUS SENDING");
      // a line that merely looks like a status is not taken for one
      vertx.eventBus().send(BusAddresses.endpoint(endpoint.options().getEndpointId()),
          BusMessages.output(BusMessages.KIND_NOTIFICATION,
              List.of("CHATMESSAGE 1300 STATUS SENDING")).put(BusMessages.CONNECTION, connection));
      assertThat(Await.result(client.nextLine())).isEqualTo("CHATMESSAGE 1300 STATUS SENDING");
      loseSession(vertx, client, connection);
      assertThat(Await.result(client.nextLine())).isEqualTo("CHATMESSAGE 1205 STATUS SENT");
      JsonObject reattach = attaches.poll(5, TimeUnit.SECONDS);
      assertThat(reattach.getString(BusMessages.RESUME)).isEqualTo("s1");
      assertThat(reattach.getInteger(BusMessages.PROTOCOL)).isEqualTo(7);
      assertThat(BusMessages.sendingNumbers(reattach)).containsExactly(1205L);
      client.send("PING");
      assertThat(Await.result(client.nextLine())).isEqualTo("ok PING");
      assertThat(uncaught).isEmpty();
    }
  }

  /**
   * A full window at the failover: the 16 commands the lost session took are resent first, in
   * order and marked, then the ones that waited for room go out as new commands; every command
   * is answered once, in order.
   */
  @Test
  void aFullWindowIsResentInOrderBeforeTheCommandsThatWaited(Vertx vertx) throws Exception {
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      String connection = authenticate(client);
      int total = 20;
      for (int i = 0; i < total; i++) {
        client.send("#" + i + " GET USER echo123 ONLINESTATUS");
      }
      for (int i = 0; i < 16; i++) {
        assertThat(heldAtDeadSession.poll(5, TimeUnit.SECONDS)).as("taken " + i).isNotNull();
      }
      assertThat(heldAtDeadSession.poll(300, TimeUnit.MILLISECONDS)).as("window of 16").isNull();
      loseSession(vertx, client, connection);
      for (int i = 0; i < total; i++) {
        assertThat(Await.result(client.nextLine())).isEqualTo("ok #" + i + " GET USER echo123 ONLINESTATUS");
      }
      List<JsonObject> got = new java.util.ArrayList<>();
      for (int i = 0; i < total; i++) {
        got.add(commandsAtNewSession.poll(5, TimeUnit.SECONDS));
      }
      for (int i = 0; i < total; i++) {
        assertThat(got.get(i).getString(BusMessages.LINE))
            .isEqualTo("#" + i + " GET USER echo123 ONLINESTATUS");
        assertThat(got.get(i).getLong(BusMessages.ID)).isEqualTo((long) i);
        assertThat(got.get(i).getBoolean(BusMessages.RESENT, false)).as("resent " + i)
            .isEqualTo(i < 16);
      }
      assertThat(Await.result(client.quietFor(Duration.ofMillis(300)))).isTrue();
      assertThat(uncaught).isEmpty();
    }
  }
}
