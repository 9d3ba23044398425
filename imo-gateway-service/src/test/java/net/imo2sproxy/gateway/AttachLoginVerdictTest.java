package net.imo2sproxy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.gateway.cluster.SessionDirectory;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.simulator.ImoSimulator;
import net.imo2sproxy.simulator.SimulatorOptions;
import net.imo2sproxy.simulator.SimulatorWorld;
import net.imo2sproxy.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attach of a new session from the account's own credentials ({@code user:password})
 * waits for the imo.im login: a password imo.im rejects is refused like a wrong proxy
 * password and leaves nothing behind; an imo.im that cannot be reached never looks like a
 * wrong password (docs/skyped-listener.md §4).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class AttachLoginVerdictTest {

  private ImoSimulator simulator;
  private ImoGatewayVerticle gateway;

  private void start(Vertx vertx, int loginAttempts) throws Exception {
    simulator = Await.result(ImoSimulator.start(vertx, new SimulatorOptions().setPort(0)
        .setHoldTime(Duration.ofSeconds(2)).setWorld(SimulatorWorld.demo())));
    deploy(vertx, simulator.baseUrl(), loginAttempts);
  }

  private void deploy(Vertx vertx, String imoUrl, int loginAttempts) throws Exception {
    gateway = new ImoGatewayVerticle(new JsonObject()
        .put(GatewayOptions.IMO_URL, imoUrl)
        .put(GatewayOptions.LOGIN_TIMEOUT_SECONDS, 3)
        .put(GatewayOptions.LOGIN_ATTEMPTS, loginAttempts));
    Await.result(vertx.deployVerticle(gateway));
  }

  @Test
  void aPasswordImoRejectsIsRefusedAndLeavesNoSession(Vertx vertx) throws Exception {
    start(vertx, 10);
    BusConnection intruder = new BusConnection(vertx);
    assertThat(failureCode(intruder.attach("bob:not-bobs"))).isEqualTo(401);
    assertThat(gateway.sessionCount()).isZero();
    assertThat(Await.result(new SessionDirectory(vertx, 10_000).owner("bob"))).isNull();
    assertThat(simulator.requests("account_login")).hasSize(1);
    // nothing of the refused session reaches its connection
    assertThat(intruder.lines).isEmpty();
    // the right password then opens a session of its own
    BusConnection bob = Await.result(new BusConnection(vertx).attach("bob:bob-pw"));
    Await.result(bob.ask("PING", "PONG")); // the first command: the login's lines come first
    assertThat(Await.result(bob.ask("GET CONNSTATUS", "CONNSTATUS")))
        .isEqualTo("CONNSTATUS ONLINE");
    assertThat(gateway.sessionCount()).isEqualTo(1);
  }

  @Test
  void theRightPasswordIsAttachedOnceOnline(Vertx vertx) throws Exception {
    start(vertx, 10);
    BusConnection bob = Await.result(new BusConnection(vertx).attach("bob:bob-pw"));
    // logged in before the reply, but told as if its first command had logged it in: the
    // handshake of a SkypeProxy client has no room for lines
    assertThat(bob.lines).isEmpty();
    assertThat(Await.result(bob.ask("PROTOCOL 7", "PROTOCOL"))).isEqualTo("PROTOCOL 7");
    assertThat(bob.lines).startsWith("CONNSTATUS CONNECTING", "CONNSTATUS ONLINE",
        "USERSTATUS ONLINE", "CURRENTUSERHANDLE bob");
    assertThat(bob.lines.indexOf("PROTOCOL 7"))
        .isGreaterThan(bob.lines.indexOf("CURRENTUSERHANDLE bob"));
    assertThat(simulator.requests("account_login")).hasSize(1);
  }

  @Test
  void aRejectedLoginCountsOnceAgainstTheThrottle(Vertx vertx) throws Exception {
    start(vertx, 2);
    assertThat(failureCode(attachFrom(vertx, "10.0.0.1:1", "bob:guess1"))).isEqualTo(401);
    assertThat(failureCode(attachFrom(vertx, "10.0.0.2:1", "bob:guess2"))).isEqualTo(401);
    // two failures for bob: even the right password waits for the window now
    assertThat(failureCode(attachFrom(vertx, "10.0.0.3:1", "bob:bob-pw"))).isEqualTo(429);
    assertThat(simulator.requests("account_login")).hasSize(2);
  }

  @Test
  void anUnreachableImoAcceptsTheAttachAndTheSessionRetries(Vertx vertx) throws Exception {
    NetServer closed = Await.result(vertx.createNetServer().connectHandler(s -> { })
        .listen(0, "127.0.0.1"));
    int port = closed.actualPort();
    Await.result(closed.close());
    deploy(vertx, "http://127.0.0.1:" + port, 10);
    BusConnection bob = Await.result(new BusConnection(vertx).attach("bob:any-password"));
    assertThat(bob.sessionId()).isNotNull();
    assertThat(gateway.sessionCount()).isEqualTo(1);
    Await.result(bob.ask("PING", "PONG"));
    assertThat(Await.result(bob.ask("GET CONNSTATUS", "CONNSTATUS")))
        .isEqualTo("CONNSTATUS CONNECTING");
  }

  @Test
  void concurrentAttachesWaitForOneLogin(Vertx vertx) throws Exception {
    start(vertx, 10);
    BusConnection first = new BusConnection(vertx);
    BusConnection second = new BusConnection(vertx);
    Await.result(Future.all(first.attach("bob:bob-pw"), second.attach("bob:bob-pw")));
    assertThat(first.sessionId()).isEqualTo(second.sessionId());
    assertThat(simulator.requests("account_login")).hasSize(1);

    BusConnection wrong1 = new BusConnection(vertx);
    BusConnection wrong2 = new BusConnection(vertx);
    Future<BusConnection> a = wrong1.attach("alice:wrong");
    Future<BusConnection> b = wrong2.attach("alice:wrong");
    assertThat(failureCode(a)).isEqualTo(401);
    assertThat(failureCode(b)).isEqualTo(401);
    assertThat(simulator.requests("account_login")).hasSize(2);
    assertThat(gateway.sessionCount()).isEqualTo(1);
  }

  private static Future<JsonObject> attachFrom(Vertx vertx, String remote, String credential) {
    return vertx.eventBus().<JsonObject>request(
            net.imo2sproxy.protocol.bus.BusAddresses.GATEWAY_ATTACH,
            BusMessages.attach(java.util.UUID.randomUUID().toString(), "test-endpoint", remote,
                credential))
        .map(reply -> reply.body());
  }

  /** The failure code of an attach that must fail (the test fails if it succeeds). */
  private static int failureCode(Future<?> attach) throws Exception {
    return Await.result(attach.transform(ar -> Future.succeededFuture(ar.succeeded() ? 200
        : ar.cause() instanceof ReplyException re ? re.failureCode() : -1)));
  }
}
