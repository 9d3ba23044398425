package net.imo2sproxy.endpoint;

import static net.imo2sproxy.endpoint.FakeGateway.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Commands and detaches to the session's gateway (EVENT-BUS.md): when the attach reply names
 * the gateway and says it takes them ({@code gateway-route}), a connection's commands and its
 * detach go to the gateway's address with the session in the body, none to the session's
 * address; a {@code 404} there (the session moved or ended) starts the failover, and the
 * command is resent to the new session exactly once.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GatewayRouteTest extends NamedGatewayTestBase {

  @Override
  Duration failoverTimeout() {
    return Duration.ofSeconds(5);
  }

  @Test
  void commandsAndTheDetachGoToTheGatewayNamingTheSession() throws Exception {
    String connection;
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      connection = gateway.authenticate(client);
      client.send("ECHO one");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO one");
      JsonObject command = next(gateway.routed);
      assertThat(command.getString("to")).isEqualTo(BusAddresses.gateway(FakeGateway.GATEWAY));
      assertThat(command.getString(BusMessages.TYPE)).isEqualTo(BusMessages.TYPE_COMMAND);
      assertThat(command.getString(BusMessages.SESSION)).isEqualTo(FakeGateway.SESSION);
      assertThat(command.getString(BusMessages.CONNECTION)).isEqualTo(connection);
      assertThat(command.getString(BusMessages.LINE)).isEqualTo("ECHO one");
    }
    JsonObject detach = next(gateway.routed);
    assertThat(detach.getString("to")).isEqualTo(BusAddresses.gateway(FakeGateway.GATEWAY));
    assertThat(detach.getString(BusMessages.TYPE)).isEqualTo(BusMessages.TYPE_DETACH);
    assertThat(detach.getString(BusMessages.SESSION)).isEqualTo(FakeGateway.SESSION);
    assertThat(detach.getString(BusMessages.CONNECTION)).isEqualTo(connection);
    // everything came through the gateway's address: the session's address saw only those
    assertThat(gateway.sessionMessages).hasSize(2);
    assertThat(gateway.heartbeats).as("no per-session heartbeat").isEmpty();
  }

  @Test
  void aSessionNoLongerHeldAtTheGatewayIsFoundAgainAndTheCommandResentOnce() throws Exception {
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      String connection = gateway.authenticate(client);
      // the session moved: its old gateway answers 404, the re-attach names the new gateway
      gateway.gatewayName = FakeGateway.OTHER_GATEWAY;
      gateway.commandsNotHeld = 1;
      client.send("ECHO moved");
      assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS CONNECTING");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO moved");
      JsonObject refused = next(gateway.routed);
      assertThat(refused.getString("to")).isEqualTo(BusAddresses.gateway(FakeGateway.GATEWAY));
      assertThat(refused.getBoolean(BusMessages.RESENT, false)).isFalse();
      JsonObject reattach = next(gateway.attaches);
      assertThat(reattach.getString(BusMessages.CONNECTION)).isEqualTo(connection);
      assertThat(reattach.getString(BusMessages.RESUME)).isEqualTo(FakeGateway.SESSION);
      JsonObject resent = next(gateway.routed);
      assertThat(resent.getString("to"))
          .isEqualTo(BusAddresses.gateway(FakeGateway.OTHER_GATEWAY));
      assertThat(resent.getString(BusMessages.LINE)).isEqualTo("ECHO moved");
      assertThat(resent.getLong(BusMessages.ID)).isEqualTo(refused.getLong(BusMessages.ID));
      assertThat(resent.getBoolean(BusMessages.RESENT)).isTrue();
      assertThat(Await.result(client.quietFor(Duration.ofMillis(300)))).isTrue();
      assertThat(gateway.routed).isEmpty();
    }
  }

  @Test
  void aGatewayThatDoesNotTakeCommandsOnItsAddressGetsThemOnTheSessionsAddress() throws Exception {
    gateway.routesCommands = false; // names itself for heartbeats only (the previous release)
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      String connection = gateway.authenticate(client);
      client.send("ECHO old");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO old");
      JsonObject command = next(gateway.sessionMessages);
      assertThat(command.getString(BusMessages.CONNECTION)).isEqualTo(connection);
      assertThat(command.containsKey(BusMessages.SESSION)).isFalse();
      assertThat(next(gateway.gatewayHeartbeats).getString("to"))
          .isEqualTo(BusAddresses.gateway(FakeGateway.GATEWAY));
      assertThat(gateway.routed).isEmpty();
    }
  }
}
