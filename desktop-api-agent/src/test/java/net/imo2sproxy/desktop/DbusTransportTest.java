package net.imo2sproxy.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The D-Bus transport under a private {@code dbus-daemon --session}, against a bridge on the
 * simulator: a dbus-java client that behaves like Skype4Py and skype4pidgin calls
 * {@code Invoke} and receives {@code Notify}. Skips when dbus-daemon is not installed.
 */
@ExtendWith(VertxExtension.class)
class DbusTransportTest {

  private static DesktopFixtures.Server daemon;
  private static TestBridge bridge;
  private static Vertx vertx;
  private DesktopAgent agent;

  @BeforeAll
  static void startBusAndBridge(Vertx v) throws Exception {
    daemon = DesktopFixtures.sessionBus();
    vertx = v;
    bridge = TestBridge.start(vertx, new JsonObject()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private DesktopAgent agent() throws Exception {
    agent = DesktopAgent.start(vertx, new DesktopAgentOptions().setX11(false)
            .setBusAddress(daemon.address()).setEndpoint(bridge.endpoint()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return agent;
  }

  @AfterEach
  void stopAgent() throws Exception {
    if (agent != null) {
      agent.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSkype4PyLikeClientAttachesAndChatsWithEcho123() throws Exception {
    agent();
    try (DbusTestClient client = new DbusTestClient(daemon.address())) {
      DesktopConversations.chatWithEcho(client, "hi");
      assertThat(Golden.normalise(client.transcript()))
          .containsExactlyElementsOf(DesktopConversations.ECHO_TRANSCRIPT);
    }
  }

  @Test
  void longAndNonAsciiLines() throws Exception {
    agent();
    try (DbusTestClient client = new DbusTestClient(daemon.address())) {
      assertThat(client.call("NAME skype4pidgin")).isEqualTo("OK");
      assertThat(client.call("PROTOCOL 7")).isEqualTo("PROTOCOL 7");
      for (String text : DesktopConversations.AWKWARD_TEXTS) {
        DesktopConversations.echoes(client, text);
      }
    }
  }

  @Test
  void severalClientsAtOnceShareTheSessionAndEachIsToldTheState() throws Exception {
    agent();
    try (DbusTestClient first = new DbusTestClient(daemon.address());
         DbusTestClient second = new DbusTestClient(daemon.address())) {
      DesktopConversations.severalClients(first, second);
    }
  }

  @Test
  void aClientThatLeavesTheBusReleasesItsConnection() throws Exception {
    agent();
    CompletableFuture<DesktopAgent.ClientEvent> attached = new CompletableFuture<>();
    CompletableFuture<DesktopAgent.ClientEvent> detached = new CompletableFuture<>();
    agent.onClientEvent(e -> (e.attached() ? attached : detached).complete(e));
    DbusTestClient client = new DbusTestClient(daemon.address());
    assertThat(client.call("NAME Skype4Py")).isEqualTo("OK");
    assertThat(attached.get(20, TimeUnit.SECONDS))
        .isEqualTo(new DesktopAgent.ClientEvent("dbus", client.uniqueName(), true));
    client.close();
    assertThat(detached.get(20, TimeUnit.SECONDS))
        .isEqualTo(new DesktopAgent.ClientEvent("dbus", client.uniqueName(), false));
  }

  @Test
  void aSecondAgentCannotTakeTheNameAndNoBusIsAClearError() throws Exception {
    agent();
    assertThat(DesktopAgent.start(vertx, new DesktopAgentOptions().setX11(false)
            .setBusAddress(daemon.address()).setEndpoint(bridge.endpoint()))
        .toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableThat().withMessageContaining("cannot own com.Skype.API");
    assertThat(DesktopAgent.start(vertx, new DesktopAgentOptions().setX11(false)
            .setBusAddress("unix:path=/nonexistent/bus").setEndpoint(bridge.endpoint()))
        .toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableThat().withMessageContaining("cannot connect to the D-Bus session bus");
  }

  @Test
  void anUnreachableBridgeAnswersNameWithAnErrorNotOk() throws Exception {
    agent = DesktopAgent.start(vertx, new DesktopAgentOptions().setX11(false)
            .setBusAddress(daemon.address()).setEndpoint("127.0.0.1:1"))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try (DbusTestClient client = new DbusTestClient(daemon.address())) {
      assertThat(client.call("NAME Skype4Py")).isEqualTo("ERROR 9905 No connection to imo2sproxy");
      assertThat(List.of()).isEmpty();
    }
  }
}
