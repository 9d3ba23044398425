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
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
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

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    gateway = new FakeGateway(true);
    endpoint = new SkypeProxyEndpointVerticle(new EndpointOptions().setPort(0)
        .setBusRequestTimeout(Duration.ofSeconds(2)));
    vertx.deployVerticle(gateway)
        .compose(id -> vertx.deployVerticle(endpoint))
        .onComplete(ctx.succeedingThenComplete());
  }

  private TestClient connect() throws IOException {
    return new TestClient(endpoint.actualPort());
  }

  /** AUTHENTICATE with bob:pw; returns the attach request the gateway saw. */
  private JsonObject authenticate(TestClient client) throws Exception {
    client.command(SkypeProxyCommand.AUTHENTICATE);
    assertThat(client.readByte()).isEqualTo(1);
    client.frame("bob:pw");
    assertThat(client.readByte()).isEqualTo(1);
    JsonObject attach = gateway.attaches.poll(5, TimeUnit.SECONDS);
    assertThat(attach).as("attach request").isNotNull();
    return attach;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyConnectionsOutputComesToTheEndpointsOneAddress(Vertx vertx) throws Exception {
    try (TestClient first = connect(); TestClient second = connect()) {
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
      assertThat(second.readFrame()).isEqualTo("for the second");
      assertThat(first.readFrame()).isEqualTo("for the first");
      // a command's reply comes the same way (the fake gateway honours the field)
      first.frame("ECHO one");
      assertThat(first.readFrame()).isEqualTo("ECHO one");
      second.frame("CLOSE");
      assertThat(second.readFrame()).isEqualTo("BYE");
      assertThat(second.readFrame()).isEqualTo("CONNSTATUS OFFLINE");
      assertThat(second.awaitClosed()).isTrue();
      assertThat(endpoint.unroutedMessages()).isZero();
    }
  }

  @Test
  void messagesForNoOpenConnectionAreDroppedAndCounted(Vertx vertx) throws Exception {
    try (TestClient client = connect()) {
      String connection = authenticate(client).getString(BusMessages.CONNECTION);
      String address = BusAddresses.endpoint(endpoint.options().getEndpointId());
      vertx.eventBus().send(address, BusMessages.output(BusMessages.KIND_NOTIFICATION,
          List.of("for a closed one")).put(BusMessages.CONNECTION, "gone-connection"));
      vertx.eventBus().send(address, BusMessages.close("no connection named"));
      vertx.eventBus().send(address, "not even JSON");
      vertx.eventBus().send(address, BusMessages.output(BusMessages.KIND_NOTIFICATION,
          List.of("still here")).put(BusMessages.CONNECTION, connection));
      // nothing of the others reached this connection, and it goes on
      assertThat(client.readFrame()).isEqualTo("still here");
      assertThat(endpoint.unroutedMessages()).isEqualTo(3);
      client.frame("ECHO after");
      assertThat(client.readFrame()).isEqualTo("ECHO after");
    }
  }

  /** A gateway of contract version 1 (per-connection addresses) cannot be used: refused. */
  @Test
  void anAttachReplyOfAnotherContractVersionFailsTheAttach() throws Exception {
    gateway.replyVersion = 1;
    try (TestClient client = connect()) {
      client.command(SkypeProxyCommand.AUTHENTICATE);
      assertThat(client.readByte()).isEqualTo(1);
      client.frame("bob:pw");
      assertThat(client.readByte()).isEqualTo(0);
      assertThat(client.awaitClosed()).isTrue();
    }
  }
}
