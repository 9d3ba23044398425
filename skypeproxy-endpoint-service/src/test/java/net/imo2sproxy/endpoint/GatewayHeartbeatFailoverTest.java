package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import net.imo2sproxy.testsupport.SkypedTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-gateway heartbeat loses no command (EVENT-BUS.md, "Heartbeat"): a SkypeProxy client
 * (bob, session {@code s1}) and a skyped client (carol, session {@code s3}) are both on gateway
 * {@code g1}, each with a command {@code g1} took and never answers. When {@code g1}'s
 * heartbeat fails, or {@code g1} answers that it no longer holds a session, those connections
 * re-attach (to {@code s2} and {@code s4} on {@code g2}) and their unanswered command is resent
 * there, marked resent, and answered exactly once; a connection whose session {@code g1} still
 * holds stays where it is.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayHeartbeatFailoverTest {

  private static final String OLD_GATEWAY = "g1";
  private static final String NEW_GATEWAY = "g2";
  /** Account to {old session, new session}. */
  private static final Map<String, List<String>> SESSIONS = Map.of(
      "bob:pw", List.of("s1", "s2"), "carol:pw", List.of("s3", "s4"));

  private Vertx vertx;
  private SkypeProxyEndpointVerticle endpoint;
  private MessageConsumer<Object> oldGateway;
  /** Session ids {@code g1} says it no longer holds (all their connections unknown). */
  private final Queue<String> endedAtOldGateway = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<JsonObject> attaches = new LinkedBlockingQueue<>();
  /** Commands taken by {@code s1}/{@code s3} and never answered. */
  private final BlockingQueue<JsonObject> held = new LinkedBlockingQueue<>();
  /** The test's commands at the new sessions, whole, with the address they came to as "to". */
  private final BlockingQueue<JsonObject> atNewSessions = new LinkedBlockingQueue<>();
  private final BlockingQueue<JsonObject> newGatewayHeartbeats = new LinkedBlockingQueue<>();
  /** The session each connection attached to first. */
  private final Map<String, String> firstSession = new ConcurrentHashMap<>();
  private final Queue<Throwable> uncaught = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    vertx.exceptionHandler(uncaught::add);
    EventBus bus = vertx.eventBus();
    bus.consumer(BusAddresses.GATEWAY_AUTH_POLICY,
        msg -> msg.reply(BusMessages.authPolicy(false)));
    bus.<Object>consumer(BusAddresses.GATEWAY_ATTACH, this::onAttach);
    for (List<String> sessions : SESSIONS.values()) {
      bus.<Object>consumer(BusAddresses.session(sessions.get(0)), this::atOldSession);
      bus.<Object>consumer(BusAddresses.session(sessions.get(1)), this::atNewSession);
    }
    oldGateway = bus.consumer(BusAddresses.gateway(OLD_GATEWAY), this::atOldGateway);
    bus.<Object>consumer(BusAddresses.gateway(NEW_GATEWAY), msg -> {
      if (!isHeartbeat(msg)) {
        atNewSession(msg); // commands and detaches come to the gateway, naming the session
        return;
      }
      newGatewayHeartbeats.add((JsonObject) msg.body());
      msg.reply(BusMessages.heartbeatReply(List.of()));
    });
    endpoint = new SkypeProxyEndpointVerticle(new EndpointOptions()
        .setPort(0)
        .setSkypedPort(0)
        .setHandshakeTimeout(Duration.ofSeconds(5))
        .setBusRequestTimeout(Duration.ofSeconds(10))
        .setHeartbeatInterval(Duration.ofMillis(200))
        .setFailoverTimeout(Duration.ofSeconds(10)));
    oldGateway.completion()
        .compose(v -> vertx.deployVerticle(endpoint))
        .onComplete(ctx.succeedingThenComplete());
  }

  private void onAttach(Message<Object> msg) {
    JsonObject request = (JsonObject) msg.body();
    attaches.add(request);
    List<String> sessions = SESSIONS.get(request.getString(BusMessages.CREDENTIAL));
    if (sessions == null) {
      msg.fail(BusMessages.FAILURE_REFUSED, "refused");
    } else if (request.getValue(BusMessages.RESUME) == null) {
      firstSession.put(request.getString(BusMessages.CONNECTION), sessions.get(0));
      msg.reply(BusMessages.withGateway(BusMessages.attached(sessions.get(0), "x"),
          OLD_GATEWAY));
    } else {
      msg.reply(BusMessages.withGateway(BusMessages.reattached(sessions.get(1), "x",
          request.getInteger(BusMessages.PROTOCOL, 5), List.of(), new JsonArray()),
          NEW_GATEWAY));
    }
  }

  /** {@code g1}'s sessions: a {@code HOLD} command is taken and never answered. */
  private void atOldSession(Message<Object> msg) {
    JsonObject body = (JsonObject) msg.body();
    if (!BusMessages.TYPE_COMMAND.equals(body.getString(BusMessages.TYPE))) {
      return; // the dead gateway answers no per-session heartbeat either
    }
    if (body.getString(BusMessages.LINE).startsWith("HOLD")) {
      held.add(body);
    } else {
      msg.reply(BusMessages.accepted()); // skyped's NAME and PROTOCOL, answered silently
    }
  }

  private void atNewSession(Message<Object> msg) {
    JsonObject body = (JsonObject) msg.body();
    if (BusMessages.TYPE_COMMAND.equals(body.getString(BusMessages.TYPE))) {
      String line = body.getString(BusMessages.LINE);
      if (line.startsWith("HOLD") || line.equals("PING")) { // not skyped's own NAME, PROTOCOL
        atNewSessions.add(body.copy().put("to", msg.address()));
      }
      msg.reply(BusMessages.accepted(List.of("ok " + body.getString(BusMessages.LINE)), null,
          0));
    } else {
      msg.reply(BusMessages.accepted());
    }
  }

  private static boolean isHeartbeat(Message<Object> msg) {
    return BusMessages.TYPE_HEARTBEAT.equals(((JsonObject) msg.body()).getString(BusMessages.TYPE));
  }

  /**
   * {@code g1}'s address: its sessions' commands, and its heartbeat, where every connection of
   * the sessions it ended is unknown.
   */
  private void atOldGateway(Message<Object> msg) {
    if (!isHeartbeat(msg)) {
      atOldSession(msg);
      return;
    }
    JsonObject sessions = ((JsonObject) msg.body()).getJsonObject(BusMessages.SESSIONS);
    List<String> unknown = new ArrayList<>();
    for (String ended : endedAtOldGateway) {
      if (sessions.getValue(ended) instanceof JsonArray connections) {
        connections.forEach(c -> unknown.add((String) c));
      }
    }
    msg.reply(BusMessages.heartbeatReply(unknown));
  }

  private SkypeProxyTestClient bob() throws Exception {
    SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()));
    assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
    assertThat(Await.result(client.password("bob:pw"))).isEqualTo(1);
    return client;
  }

  private SkypedTestClient carol() throws Exception {
    return Await.result(SkypedTestClient.login(vertx, endpoint.skypedActualPort(), "carol",
        "carol:pw"));
  }

  /** The next held command; its connection first attached to {@code session}. */
  private JsonObject heldAt(String session) throws InterruptedException {
    JsonObject command = held.poll(5, TimeUnit.SECONDS);
    assertThat(command).as("a command held at " + session).isNotNull();
    assertThat(firstSession.get(command.getString(BusMessages.CONNECTION))).isEqualTo(session);
    return command;
  }

  /** The one resend of {@code took} at {@code session}: same connection and id, resent. */
  private void resentOnceAt(String session, JsonObject took) throws InterruptedException {
    JsonObject resent = atNewSessions.poll(5, TimeUnit.SECONDS);
    assertThat(resent).as("the resend of " + took.getString(BusMessages.LINE)).isNotNull();
    assertThat(resent.getString("to")).isEqualTo(BusAddresses.gateway(NEW_GATEWAY));
    assertThat(resent.getString(BusMessages.SESSION)).isEqualTo(session);
    assertThat(resent.getString(BusMessages.CONNECTION))
        .isEqualTo(took.getString(BusMessages.CONNECTION));
    assertThat(resent.getLong(BusMessages.ID)).isEqualTo(took.getLong(BusMessages.ID));
    assertThat(resent.getString(BusMessages.LINE)).isEqualTo(took.getString(BusMessages.LINE));
    assertThat(resent.getBoolean(BusMessages.RESENT)).isTrue();
  }

  /** The new gateway's heartbeats come to list {@code connection} under {@code session}. */
  private void heartbeatsFollowTo(String session, String connection) throws Exception {
    for (int i = 0; i < 50; i++) {
      JsonObject heartbeat = newGatewayHeartbeats.poll(5, TimeUnit.SECONDS);
      assertThat(heartbeat).as("a heartbeat to " + NEW_GATEWAY).isNotNull();
      if (heartbeat.getJsonObject(BusMessages.SESSIONS).getValue(session)
          instanceof JsonArray listed && listed.contains(connection)) {
        return;
      }
    }
    throw new AssertionError(connection + " never heartbeaten at " + NEW_GATEWAY);
  }

  @Test
  void aGatewayGoneFailsOverItsSkypeProxyAndSkypedConnectionsAndResendsTheirCommands()
      throws Exception {
    try (SkypeProxyTestClient bob = bob(); SkypedTestClient carol = carol()) {
      bob.send("HOLD bob");
      JsonObject bobs = heldAt("s1");
      carol.send("HOLD carol");
      JsonObject carols = heldAt("s3");

      Await.result(oldGateway.unregister()); // g1 died: its heartbeats find no handler

      assertThat(Await.result(bob.nextLine())).isEqualTo("CONNSTATUS CONNECTING");
      assertThat(Await.result(carol.await("CONNSTATUS CONNECTING"::equals, "CONNECTING")))
          .isNotNull();
      assertThat(Await.result(bob.nextLine())).isEqualTo("ok HOLD bob");
      assertThat(Await.result(carol.await("ok HOLD carol"::equals, "the resent answer")))
          .isNotNull();
      List<JsonObject> resends = List.of(atNewSessions.poll(5, TimeUnit.SECONDS),
          atNewSessions.poll(5, TimeUnit.SECONDS));
      atNewSessions.addAll(resends.stream()
          .sorted(java.util.Comparator.comparing(c -> c.getString(BusMessages.SESSION)))
          .toList());
      resentOnceAt("s2", bobs);
      resentOnceAt("s4", carols);

      heartbeatsFollowTo("s2", bobs.getString(BusMessages.CONNECTION));
      heartbeatsFollowTo("s4", carols.getString(BusMessages.CONNECTION));
      bob.send("PING");
      assertThat(Await.result(bob.nextLine())).isEqualTo("ok PING");
      assertThat(Await.result(bob.quietFor(Duration.ofMillis(300)))).isTrue();
      assertThat(carol.lines().stream().filter(l -> l.startsWith("ok HOLD"))).hasSize(1);
      assertThat(atNewSessions).extracting(c -> c.getString(BusMessages.LINE))
          .containsExactly("PING");
      assertThat(uncaught).as("exceptions on the event loop").isEmpty();
    }
  }

  @Test
  void aSessionTheGatewayNoLongerHoldsFailsOverOnlyItsOwnConnection() throws Exception {
    try (SkypeProxyTestClient bob = bob(); SkypedTestClient carol = carol()) {
      bob.send("HOLD bob");
      JsonObject bobs = heldAt("s1");
      carol.send("HOLD carol");
      heldAt("s3");

      endedAtOldGateway.add("s3"); // g1 still holds bob's session, no longer carol's

      assertThat(Await.result(carol.await("CONNSTATUS CONNECTING"::equals, "CONNECTING")))
          .isNotNull();
      assertThat(Await.result(carol.await("ok HOLD carol"::equals, "the resent answer")))
          .isNotNull();
      JsonObject resent = atNewSessions.poll(5, TimeUnit.SECONDS);
      assertThat(resent.getString("to")).isEqualTo(BusAddresses.gateway(NEW_GATEWAY));
      assertThat(resent.getString(BusMessages.SESSION)).isEqualTo("s4");
      assertThat(resent.getBoolean(BusMessages.RESENT)).isTrue();
      heartbeatsFollowTo("s4", resent.getString(BusMessages.CONNECTION));

      // bob's session answers its heartbeats: no failover, its command still waits at s1
      assertThat(Await.result(bob.quietFor(Duration.ofMillis(600)))).isTrue();
      assertThat(attaches.stream().filter(a -> a.getValue(BusMessages.RESUME) != null)
          .map(a -> a.getString(BusMessages.CONNECTION)))
          .containsExactly(resent.getString(BusMessages.CONNECTION))
          .doesNotContain(bobs.getString(BusMessages.CONNECTION));
      assertThat(atNewSessions).isEmpty();
      assertThat(uncaught).as("exceptions on the event loop").isEmpty();
    }
  }
}
