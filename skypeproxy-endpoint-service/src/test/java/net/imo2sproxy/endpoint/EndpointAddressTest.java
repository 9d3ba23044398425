package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
 * One bus consumer per endpoint (EVENT-BUS.md, {@code "output":"endpoint"}): the gateway sends
 * every connection's output to the endpoint's address, tagged with the connection id, and the
 * endpoint hands it to that connection.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EndpointAddressTest {

  private FakeGateway gateway;
  private SkypeProxyEndpointVerticle endpoint;
  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    gateway = new FakeGateway(true);
    endpoint = new SkypeProxyEndpointVerticle(new EndpointOptions().setPort(0)
        .setBusRequestTimeout(Duration.ofSeconds(2)));
    vertx.deployVerticle(gateway)
        .compose(id -> vertx.deployVerticle(endpoint))
        .onComplete(ctx.succeedingThenComplete());
  }

  private SkypeProxyTestClient connect() throws Exception {
    return Await.result(SkypeProxyTestClient.connect(vertx, endpoint.actualPort()));
  }

  /** AUTHENTICATE with bob:pw; returns the attach request the gateway saw. */
  private JsonObject authenticate(SkypeProxyTestClient client) throws Exception {
    assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
    assertThat(Await.result(client.password("bob:pw"))).isEqualTo(1);
    JsonObject attach = gateway.attaches.poll(5, TimeUnit.SECONDS);
    assertThat(attach).as("attach request").isNotNull();
    return attach;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyConnectionsOutputComesToTheEndpointsOneAddress(Vertx vertx) throws Exception {
    try (SkypeProxyTestClient first = connect(); SkypeProxyTestClient second = connect()) {
      JsonObject firstAttach = authenticate(first);
      JsonObject secondAttach = authenticate(second);
      String endpointId = endpoint.options().getEndpointId();
      for (JsonObject attach : List.of(firstAttach, secondAttach)) {
        assertThat(attach.getString(BusMessages.ENDPOINT)).isEqualTo(endpointId);
      }
      String a = firstAttach.getString(BusMessages.CONNECTION);
      String b = secondAttach.getString(BusMessages.CONNECTION);
      // no consumer per connection
      assertThatThrownBy(() -> await(vertx.eventBus().request("imo2sproxy.connection." + a,
          BusMessages.close("nobody listens"))))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOfSatisfying(ReplyException.class,
              e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
      vertx.eventBus().send(BusAddresses.endpoint(endpointId), BusMessages.output(
          BusMessages.KIND_NOTIFICATION, List.of("for the second")).put(BusMessages.CONNECTION, b));
      vertx.eventBus().send(BusAddresses.endpoint(endpointId), BusMessages.output(
          BusMessages.KIND_NOTIFICATION, List.of("for the first")).put(BusMessages.CONNECTION, a));
      assertThat(Await.result(second.nextLine())).isEqualTo("for the second");
      assertThat(Await.result(first.nextLine())).isEqualTo("for the first");
      // a command's reply comes the same way (the fake gateway honours the field)
      first.send("ECHO one");
      assertThat(Await.result(first.nextLine())).isEqualTo("ECHO one");
      second.send("CLOSE");
      assertThat(Await.result(second.nextLine())).isEqualTo("BYE");
      assertThat(Await.result(second.nextLine())).isEqualTo("CONNSTATUS OFFLINE");
      Await.result(second.awaitClosed());
      assertThat(endpoint.unroutedMessages()).isZero();
    }
  }

  @Test
  void messagesForNoOpenConnectionAreDroppedAndCounted(Vertx vertx) throws Exception {
    try (SkypeProxyTestClient client = connect()) {
      String connection = authenticate(client).getString(BusMessages.CONNECTION);
      String address = BusAddresses.endpoint(endpoint.options().getEndpointId());
      vertx.eventBus().send(address, BusMessages.output(BusMessages.KIND_NOTIFICATION,
          List.of("for a closed one")).put(BusMessages.CONNECTION, "gone-connection"));
      vertx.eventBus().send(address, BusMessages.close("no connection named"));
      vertx.eventBus().send(address, "not even JSON");
      vertx.eventBus().send(address, BusMessages.output(BusMessages.KIND_NOTIFICATION,
          List.of("still here")).put(BusMessages.CONNECTION, connection));
      // nothing of the others reached this connection, and it goes on
      assertThat(Await.result(client.nextLine())).isEqualTo("still here");
      assertThat(endpoint.unroutedMessages()).isEqualTo(3);
      client.send("ECHO after");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO after");
    }
  }

  /** A gateway of contract version 1 (per-connection addresses) cannot be used: refused. */
  @Test
  void anAttachReplyOfAnotherContractVersionFailsTheAttach() throws Exception {
    gateway.replyVersion = 1;
    try (SkypeProxyTestClient client = connect()) {
      assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
      assertThat(Await.result(client.password("bob:pw"))).isEqualTo(0);
      Await.result(client.awaitClosed());
    }
  }
}
