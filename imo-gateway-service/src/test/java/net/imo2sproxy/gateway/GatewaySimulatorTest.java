package net.imo2sproxy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Base64;
import java.util.List;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.impl.Icons;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway against the real simulator over HTTP, driven through the event-bus contract. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class GatewaySimulatorTest {

  private ImoSimulator simulator;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    SimulatorOptions options = new SimulatorOptions().setPort(0)
        .setHoldTime(Duration.ofSeconds(2)).setWorld(SimulatorWorld.demo());
    ImoSimulator.start(vertx, options)
        .compose(sim -> {
          simulator = sim;
          JsonObject config = new JsonObject()
              .put(GatewayOptions.IMO_URL, sim.baseUrl())
              .put(GatewayOptions.USERNAME, "alice")
              .put(GatewayOptions.PASSWORD, "alice-pw")
              .put(GatewayOptions.SEND_ACK_TIMEOUT_SECONDS, 2);
          return vertx.deployVerticle(new ImoGatewayVerticle(config));
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void firstCommandLogsInAndIsAnsweredAfterTheOnlineNotifications(Vertx vertx,
      VertxTestContext ctx) {
    BusConnection alice = new BusConnection(vertx);
    alice.attach(null)
        .compose(c -> c.ask("PROTOCOL 7", "PROTOCOL"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply).isEqualTo("PROTOCOL 7");
          assertThat(alice.lines).startsWith("CONNSTATUS CONNECTING", "CONNSTATUS ONLINE",
              "USERSTATUS ONLINE", "CURRENTUSERHANDLE alice");
          assertThat(alice.lines).contains("USER bob ONLINESTATUS OFFLINE",
              "USER echo123 ONLINESTATUS ONLINE");
          assertThat(alice.lines.indexOf("PROTOCOL 7"))
              .isGreaterThan(alice.lines.indexOf("CURRENTUSERHANDLE alice"));
          ctx.completeNow();
        })));
  }

  @Test
  void commandIdsPrefixOnlyTheDirectReply(Vertx vertx, VertxTestContext ctx) {
    BusConnection alice = new BusConnection(vertx);
    alice.attach(null)
        .compose(c -> c.ask("#p1 PING", "#p1"))
        .compose(pong -> {
          ctx.verify(() -> assertThat(pong).isEqualTo("#p1 PONG"));
          return alice.ask("#u2 GET USER echo123 FULLNAME", "#u2");
        })
        .compose(fullname -> {
          ctx.verify(() -> assertThat(fullname).startsWith("#u2 USER echo123 FULLNAME "));
          return alice.ask("#e3 GET USER nobody FULLNAME", "#e3");
        })
        .onComplete(ctx.succeeding(error -> ctx.verify(() -> {
          assertThat(error).isEqualTo("#e3 ERROR 26 Invalid user handle");
          assertThat(alice.lines).filteredOn(l -> l.startsWith("CONNSTATUS"))
              .allMatch(l -> !l.startsWith("#"));
          ctx.completeNow();
        })));
  }

  @Test
  void inlineReplyCommandsAreAcknowledgedWithTheirAnswer(Vertx vertx,
      VertxTestContext ctx) {
    BusConnection alice = new BusConnection(vertx);
    alice.attach(null)
        .compose(c -> c.ask("PROTOCOL 7", "PROTOCOL"))
        .compose(v -> alice.sendInline("#i1 PING"))
        .compose(ack -> {
          ctx.verify(() -> assertThat(ack.getJsonArray(BusMessages.LINES).getList())
              .containsExactly("#i1 PONG"));
          // Three without waiting, as a pipelining endpoint sends them: each is acknowledged
          // once answered, with its own answer, in order, though the send waits for imo.im
          Future<JsonObject> fullname = alice.sendInline("#i2 GET USER echo123 FULLNAME");
          Future<JsonObject> message = alice.sendInline("#i3 MESSAGE echo123 pipelined");
          Future<JsonObject> ping = alice.sendInline("#i4 PING");
          return Future.all(fullname, message, ping);
        })
        .compose(all -> {
          ctx.verify(() -> {
            assertThat(((JsonObject) all.resultAt(0)).getJsonArray(BusMessages.LINES).getList())
                .singleElement().asString().startsWith("#i2 USER echo123 FULLNAME ");
            assertThat(((JsonObject) all.resultAt(1)).getJsonArray(BusMessages.LINES).getList())
                .singleElement().asString().matches("#i3 CHATMESSAGE \\d+ STATUS SENDING");
            assertThat(((JsonObject) all.resultAt(2)).getJsonArray(BusMessages.LINES).getList())
                .containsExactly("#i4 PONG");
          });
          // answered once: no answer also comes as output (the helper files ack lines too)
          return alice.ask("#n5 PING", "#n5");
        })
        .onComplete(ctx.succeeding(pong -> ctx.verify(() -> {
          assertThat(alice.lines.stream().filter(l -> l.startsWith("#i"))).hasSize(4);
          ctx.completeNow();
        })));
  }

  @Test
  void echoRoundTrip(Vertx vertx, VertxTestContext ctx) {
    BusConnection alice = new BusConnection(vertx);
    alice.attach(null)
        .compose(c -> c.ask("PROTOCOL 7", "PROTOCOL"))
        .compose(v -> alice.ask("MESSAGE echo123 hello, echo", "CHATMESSAGE"))
        .compose(sending -> {
          ctx.verify(() -> assertThat(sending).matches("CHATMESSAGE \\d+ STATUS SENDING"));
          String id = sending.split(" ")[1];
          return alice.await("CHATMESSAGE " + id + " STATUS SENT")
              .compose(v -> alice.await(line -> line.matches("CHATMESSAGE \\d+ STATUS RECEIVED")
                  && !line.contains(" " + id + " ")));
        })
        .compose(received -> {
          String id = received.split(" ")[1];
          return alice.ask("GET CHATMESSAGE " + id + " BODY", "CHATMESSAGE " + id + " BODY")
              .compose(body -> alice.ask("GET CHATMESSAGE " + id + " FROM_HANDLE",
                  "CHATMESSAGE " + id + " FROM_HANDLE").map(from -> body + "|" + from));
        })
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          assertThat(both).endsWith("BODY hello, echo|CHATMESSAGE " + both.split(" ")[1]
              + " FROM_HANDLE echo123");
          ctx.completeNow();
        })));
  }

  @Test
  void wrongPasswordOfANewSessionIsRefusedByImo(Vertx vertx, VertxTestContext ctx) {
    // no session of bob runs: the attach waits for imo.im, which rejects the password
    BusConnection mallory = new BusConnection(vertx);
    mallory.attach("bob:wrong").onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) err).failureCode()).isEqualTo(BusMessages.FAILURE_REFUSED);
      assertThat(mallory.lines).doesNotContain("CONNSTATUS ONLINE");
      ctx.completeNow();
    })));
  }

  @Test
  void refusedCredentialsFailTheAttach(Vertx vertx, VertxTestContext ctx) {
    BusConnection stranger = new BusConnection(vertx);
    stranger.attach("no-colon-here").onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).hasMessageContaining("refused");
      ctx.completeNow();
    })));
  }

  @Test
  void secondConnectionMustKnowTheSessionsPassword(Vertx vertx, VertxTestContext ctx) {
    BusConnection bob = new BusConnection(vertx);
    bob.attach("bob:bob-pw")
        .compose(c -> c.ask("PROTOCOL 7", "PROTOCOL"))
        .compose(v -> new BusConnection(vertx).attach("BOB:guess"))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).hasMessageContaining("refused");
          ctx.completeNow();
        })));
  }

  @Test
  void sharedSessionRepliesToTheAskerAndNotifiesEveryone(Vertx vertx, VertxTestContext ctx) {
    BusConnection first = new BusConnection(vertx);
    BusConnection second = new BusConnection(vertx);
    first.attach("bob:bob-pw")
        .compose(c -> c.ask("PROTOCOL 7", "PROTOCOL"))
        .compose(v -> second.attach("Bob:bob-pw"))
        .compose(v -> second.ask("#x PING", "#x"))
        .compose(v -> second.ask("MESSAGE echo123 both of us", "CHATMESSAGE"))
        .compose(sending -> {
          String id = sending.split(" ")[1];
          return Future.all(first.await("CHATMESSAGE " + id + " STATUS SENT"),
              second.await("CHATMESSAGE " + id + " STATUS SENT"));
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(first.lines).doesNotContain("#x PONG");
          assertThat(first.lines).noneMatch(l -> l.endsWith("STATUS SENDING"));
          ctx.completeNow();
        })));
  }

  /**
   * Connections get everything at their endpoint's address, tagged with their id, also through
   * a second gateway (the attach forwarded as a join or open); a connection of another
   * endpoint gets its output at that endpoint's address.
   */
  @Test
  void endpointOutputComesTaggedToTheEndpointAddressThroughAnyGateway(Vertx vertx,
      VertxTestContext ctx) {
    EndpointAddress endpoint = new EndpointAddress(vertx);
    BusConnection first = new BusConnection(vertx);
    BusConnection second = new BusConnection(vertx);
    BusConnection elsewhere = new BusConnection(vertx);
    JsonObject config = new JsonObject()
        .put(GatewayOptions.IMO_URL, simulator.baseUrl())
        .put(GatewayOptions.SEND_ACK_TIMEOUT_SECONDS, 2);
    // two gateways take attaches in turn: one of the connections is placed by the other one
    vertx.deployVerticle(new ImoGatewayVerticle(config))
        .compose(id -> endpoint.ready())
        .compose(e -> first.attachViaEndpoint("bob:bob-pw", endpoint))
        .compose(reply -> first.ask("PROTOCOL 7", "PROTOCOL"))
        .compose(v -> second.attachViaEndpoint("bob:bob-pw", endpoint))
        .compose(v -> elsewhere.attach("bob:bob-pw"))
        .compose(v -> second.ask("#x PING", "#x"))
        .compose(v -> second.ask("MESSAGE echo123 to every connection", "CHATMESSAGE"))
        .compose(sending -> {
          String sent = "CHATMESSAGE " + sending.split(" ")[1] + " STATUS SENT";
          return Future.all(first.await(sent), second.await(sent), elsewhere.await(sent));
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(endpoint.unrouted).isEmpty();
          assertThat(endpoint.received).allMatch(body -> body.getString(BusMessages.CONNECTION)
              .equals(first.connectionId) || body.getString(BusMessages.CONNECTION)
              .equals(second.connectionId));
          assertThat(second.lines).contains("#x PONG");
          assertThat(first.lines).contains("CONNSTATUS ONLINE").doesNotContain("#x PONG");
          ctx.completeNow();
        })));
  }

  /**
   * Over the bus: a command resent with the number of a message send the session made is
   * answered from its record in the acknowledgement (with the structured status) and imo.im
   * gets the message once; a resent number the session never saw runs; a command without a
   * number is refused as malformed.
   */
  @Test
  void aResentSendIsAnsweredInItsAcknowledgementAndSentOnce(Vertx vertx, VertxTestContext ctx) {
    BusConnection alice = new BusConnection(vertx);
    alice.attach(null)
        .compose(c -> c.ask("PROTOCOL 7", "PROTOCOL"))
        .compose(v -> alice.sendNumbered(7, "#m MESSAGE echo123 only once", false))
        .compose(first -> alice.sendNumbered(7, "#m MESSAGE echo123 only once", true)
            .map(again -> List.of(first, again)))
        .compose(acks -> alice.sendNumbered(8, "#n MESSAGE echo123 never seen", true)
            .map(unknown -> List.of(acks.get(0), acks.get(1), unknown)))
        // the SENDING reply comes before send_im goes out; the sends keep their order
        .compose(acks -> waitFor(vertx, () -> simulator.requests("send_im").stream()
            .anyMatch(r -> r.encode().contains("never seen")), 5000).map(acks))
        .onComplete(ctx.succeeding(acks -> ctx.verify(() -> {
          // notifications (the echo bot's answers) may come in an acknowledgement too
          String reply = tagged(acks.get(0), "#m ");
          assertThat(reply).matches("#m CHATMESSAGE \\d+ STATUS SENDING");
          long number = Long.parseLong(reply.split(" ")[2]);
          assertThat(BusMessages.sends(acks.get(0))).containsEntry(number, "SENDING");
          assertThat(tagged(acks.get(1), "#m ")).isEqualTo(reply);
          assertThat(BusMessages.sends(acks.get(1))).containsKey(number);
          assertThat(tagged(acks.get(2), "#n "))
              .matches("#n CHATMESSAGE \\d+ STATUS SENDING").isNotEqualTo(reply);
          assertThat(simulator.requests("send_im").stream()
              .filter(r -> r.encode().contains("only once"))).hasSize(1);
          assertThat(simulator.requests("send_im").stream()
              .filter(r -> r.encode().contains("never seen"))).hasSize(1);
          ctx.completeNow();
        })));
  }

  /** The line of an acknowledgement that starts with {@code tag}. */
  private static String tagged(JsonObject ack, String tag) {
    return BusMessages.lines(ack).stream().map(String::valueOf)
        .filter(line -> line.startsWith(tag)).findFirst().orElse(null);
  }

  @Test
  void aCommandWithoutANumberIsMalformed(Vertx vertx, VertxTestContext ctx) {
    BusConnection alice = new BusConnection(vertx);
    alice.attach(null)
        .compose(c -> c.sendInline("PROTOCOL 7"))
        .compose(ack -> {
          JsonObject command = BusMessages.command(alice.connectionId, 1, "PING", false);
          command.remove(BusMessages.ID);
          return vertx.eventBus().request(
              BusAddresses.session(alice.sessionId()),
              command);
        })
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(((io.vertx.core.eventbus.ReplyException) err).failureCode())
              .isEqualTo(BusMessages.FAILURE_BAD_REQUEST);
          ctx.completeNow();
        })));
  }

  @Test
  void lastDetachSignsOff(Vertx vertx, VertxTestContext ctx) {
    BusConnection alice = new BusConnection(vertx);
    alice.attach(null)
        .compose(c -> c.ask("PROTOCOL 7", "PROTOCOL"))
        .compose(v -> alice.detach())
        .compose(v -> waitFor(vertx, () -> simulator.requests().stream()
            .anyMatch(r -> r.encode().contains("signoff_all")), 5000))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void avatarIsFetchedByIconIdAndHandedToTheEndpoint(Vertx vertx, VertxTestContext ctx) {
    BusConnection alice = new BusConnection(vertx);
    alice.attach(null)
        .compose(c -> c.ask("PROTOCOL 7", "PROTOCOL"))
        .compose(v -> alice.ask("#n1 GET USER nobody AVATAR 1 /tmp/x.jpg", "#n1"))
        .compose(unknown -> {
          ctx.verify(() -> assertThat(unknown).isEqualTo("#n1 ERROR 26 Invalid user handle"));
          // the own account has no icon in the demo world
          return alice.ask("#o1 GET USER alice AVATAR 1 /tmp/me.jpg", "#o1");
        })
        .compose(own -> {
          ctx.verify(() -> assertThat(own).isEqualTo("#o1 ERROR 122 GET Unable to load avatar"));
          return alice.askAvatar("#a7 GET USER bob AVATAR 1 C:\\My Avatars\\bob.jpg");
        })
        .onComplete(ctx.succeeding(avatar -> ctx.verify(() -> {
          assertThat(avatar.getString(BusMessages.PATH)).isEqualTo("C:\\My Avatars\\bob.jpg");
          assertThat(avatar.getString(BusMessages.REPLY))
              .isEqualTo("#a7 USER bob AVATAR 1 C:\\My Avatars\\bob.jpg");
          assertThat(avatar.getString(BusMessages.ERROR))
              .isEqualTo("#a7 ERROR 122 GET Unable to load avatar");
          byte[] expected = Icons.jpeg(SimulatorWorld.iconFor("bob")).getBytes();
          assertThat(Base64.getDecoder().decode(avatar.getString(BusMessages.DATA)))
              .isEqualTo(expected);
          assertThat(alice.lines).noneMatch(l -> l.startsWith("#a7"));
          ctx.completeNow();
        })));
  }

  static Future<Void> waitFor(Vertx vertx, java.util.function.BooleanSupplier condition,
      long timeoutMs) {
    return Await.until(vertx, "the condition", Duration.ofMillis(timeoutMs),
        () -> Future.succeededFuture(condition.getAsBoolean()));
  }
}
