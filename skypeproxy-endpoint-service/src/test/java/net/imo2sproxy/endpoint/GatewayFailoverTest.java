package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
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
 * {@code s1} takes commands and never answers; the first re-attach lands on a dead gateway
 * (no answer, like a request to a consumer on a node that left, vert.x issue 4170); the next
 * one attaches to {@code s2}, which answers every command at once with {@code ok <line>}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GatewayFailoverTest {

  private SkypeProxyEndpointVerticle endpoint;
  private final BlockingQueue<JsonObject> attaches = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> reattachTimes = new LinkedBlockingQueue<>();
  private final BlockingQueue<Message<Object>> heldAtDeadSession = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> atNewSession = new LinkedBlockingQueue<>();
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
      if (isCommand(msg)) {
        heldAtDeadSession.add(msg); // taken, never acknowledged: the gateway died
      }
    });
    bus.<Object>consumer(BusAddresses.session("s2"), msg -> {
      JsonObject body = (JsonObject) msg.body();
      if (isCommand(msg)) {
        atNewSession.add(body.getString(BusMessages.LINE));
        msg.reply(BusMessages.accepted(List.of("ok " + body.getString(BusMessages.LINE))));
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
      msg.reply(BusMessages.attached("s1", "bob")
          .put(BusMessages.OUTPUT, BusMessages.OUTPUT_ENDPOINT));
      return;
    }
    reattachTimes.add(System.nanoTime());
    if (reattachAttempts.incrementAndGet() > stuckReattaches) {
      msg.reply(BusMessages.attached("s2", "bob")
          .put(BusMessages.OUTPUT, BusMessages.OUTPUT_ENDPOINT));
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

      // the harmless GET is repeated at s2; the MESSAGE (maybe sent already) gets ERROR 9903
      assertThat(Set.of(Await.result(client.nextLine()), Await.result(client.nextLine()))).containsExactlyInAnyOrder(
          "ok #1 GET USER echo123 ONLINESTATUS",
          "#2 ERROR 9903 Command not confirmed, gateway failed over");
      assertThat(atNewSession.poll(5, TimeUnit.SECONDS))
          .isEqualTo("#1 GET USER echo123 ONLINESTATUS");

      // the dead session's answers come after all (the bus timeout would do the same)
      first.reply(BusMessages.accepted());
      second.fail(BusMessages.FAILURE_UNKNOWN, "late");
      client.send("PING");
      assertThat(Await.result(client.nextLine())).isEqualTo("ok PING");
      assertThat(Await.result(client.quietFor(Duration.ofMillis(300)))).isTrue();
      assertThat(atNewSession).containsExactly("PING");
      assertThat(uncaught).as("exceptions on the event loop").isEmpty();
    }
  }
}
