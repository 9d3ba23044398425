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
 * One heartbeat per gateway (EVENT-BUS.md): when the attach reply names the session's
 * gateway, the endpoint sends that gateway's address one heartbeat for all its connections
 * there, by session, and none to the session addresses; a missing answer or an unknown
 * connection starts the failover as a per-session heartbeat did.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GatewayHeartbeatTest extends NamedGatewayTestBase {

  @Override
  Duration failoverTimeout() {
    return Duration.ofMillis(600);
  }

  @Test
  void oneHeartbeatToTheGatewayListsEveryConnectionBySession() throws Exception {
    try (SkypeProxyTestClient first = Await.result(
            SkypeProxyTestClient.connect(vertx, endpoint.actualPort()));
        SkypeProxyTestClient second = Await.result(
            SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      String a = gateway.authenticate(first);
      String b = gateway.authenticate(second);
      JsonObject heartbeat = next(gateway.gatewayHeartbeats);
      for (int i = 0; i < 10 && heartbeat.getJsonObject(BusMessages.SESSIONS)
          .getJsonArray(FakeGateway.SESSION).size() < 2; i++) {
        heartbeat = next(gateway.gatewayHeartbeats); // the first may predate the second attach
      }
      assertThat(heartbeat.getString(BusMessages.ENDPOINT))
          .isEqualTo(endpoint.options().getEndpointId());
      assertThat(heartbeat.getJsonObject(BusMessages.SESSIONS).fieldNames())
          .containsExactly(FakeGateway.SESSION);
      assertThat(heartbeat.getJsonObject(BusMessages.SESSIONS)
          .getJsonArray(FakeGateway.SESSION).getList()).containsExactlyInAnyOrder(a, b);
      next(gateway.gatewayHeartbeats);
      assertThat(gateway.heartbeats).as("no per-session heartbeat").isEmpty();
      first.send("ECHO still here");
      assertThat(Await.result(first.nextLine())).isEqualTo("ECHO still here");
    }
  }

  @Test
  void unansweredGatewayHeartbeatStartsTheFailoverAndALiveSessionKeepsTheConnection()
      throws Exception {
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      gateway.authenticate(client);
      gateway.gatewayHeartbeatsToIgnore = 1;
      assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS CONNECTING");
      // the re-attach names the same session, which answers its own heartbeat: no OFFLINE
      client.send("ECHO still here");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO still here");
    }
  }

  @Test
  void connectionUnknownToTheGatewayReattaches() throws Exception {
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      String connection = gateway.authenticate(client);
      gateway.gatewayHeartbeatsForgetting = 1;
      assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS CONNECTING");
      JsonObject reattach = next(gateway.attaches);
      assertThat(reattach.getString(BusMessages.CONNECTION)).isEqualTo(connection);
      assertThat(reattach.getString(BusMessages.RESUME)).isEqualTo(FakeGateway.SESSION);
    }
  }

  @Test
  void afterAMoveTheHeartbeatsGoToTheNewSessionsGateway() throws Exception {
    try (SkypeProxyTestClient client = Await.result(
        SkypeProxyTestClient.connect(vertx, endpoint.actualPort()))) {
      String connection = gateway.authenticate(client);
      assertThat(next(gateway.gatewayHeartbeats).getString("to"))
          .isEqualTo(BusAddresses.gateway(FakeGateway.GATEWAY));
      // the session moved: its old gateway no longer knows the connection, and the
      // re-attach reply names the new one
      gateway.gatewayName = FakeGateway.OTHER_GATEWAY;
      gateway.gatewayHeartbeatsForgetting = 1;
      assertThat(Await.result(client.nextLine())).isEqualTo("CONNSTATUS CONNECTING");
      assertThat(next(gateway.attaches).getString(BusMessages.RESUME))
          .isEqualTo(FakeGateway.SESSION);
      JsonObject heartbeat = next(gateway.gatewayHeartbeats);
      for (int i = 0; i < 10 && !heartbeat.getString("to")
          .equals(BusAddresses.gateway(FakeGateway.OTHER_GATEWAY)); i++) {
        heartbeat = next(gateway.gatewayHeartbeats); // one may have left before the move
      }
      assertThat(heartbeat.getString("to"))
          .isEqualTo(BusAddresses.gateway(FakeGateway.OTHER_GATEWAY));
      assertThat(heartbeat.getJsonObject(BusMessages.SESSIONS)
          .getJsonArray(FakeGateway.SESSION).getList()).containsExactly(connection);
      client.send("ECHO moved");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO moved");
    }
  }
}
