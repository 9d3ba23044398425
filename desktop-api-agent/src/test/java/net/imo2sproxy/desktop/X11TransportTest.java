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
 * The X11 transport under a private Xvfb, against a bridge on the simulator: a JNA client that
 * behaves like Skype4Py and skype4pidgin finds {@code _SKYPE_INSTANCE}, attaches and chats with
 * echo123. Skips when Xvfb is not installed.
 */
@ExtendWith(VertxExtension.class)
class X11TransportTest {

  private static DesktopFixtures.Server xvfb;
  private static TestBridge bridge;
  private static Vertx vertx;
  private DesktopAgent agent;

  @BeforeAll
  static void startDisplayAndBridge(Vertx v) throws Exception {
    xvfb = DesktopFixtures.xvfb();
    vertx = v;
    bridge = TestBridge.start(vertx, new JsonObject()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopDisplay() throws Exception {
    if (xvfb != null) {
      xvfb.close();
    }
  }

  private DesktopAgent agent(List<String> allowed) throws Exception {
    agent = DesktopAgent.start(vertx, new DesktopAgentOptions().setDbus(false)
            .setDisplay(xvfb.address()).setEndpoint(bridge.endpoint())
            .setAllowedApplications(allowed))
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
    agent(List.of("*"));
    try (X11TestClient client = new X11TestClient(xvfb.address())) {
      assertThat(client.skypeWindow()).isEqualTo(agent.x11Window());
      DesktopConversations.chatWithEcho(client, "hi");
      assertThat(Golden.normalise(client.transcript()))
          .containsExactlyElementsOf(DesktopConversations.ECHO_TRANSCRIPT);
    }
  }

  @Test
  void longAndNonAsciiLinesCrossTheTwentyByteChunks() throws Exception {
    agent(List.of("*"));
    try (X11TestClient client = new X11TestClient(xvfb.address())) {
      assertThat(client.call("NAME Skype4Py")).isEqualTo("OK");
      assertThat(client.call("PROTOCOL 7")).isEqualTo("PROTOCOL 7");
      for (String text : DesktopConversations.AWKWARD_TEXTS) {
        DesktopConversations.echoes(client, text);
      }
    }
  }

  @Test
  void severalClientsAtOnceShareTheSessionAndEachIsToldTheState() throws Exception {
    agent(List.of("*"));
    try (X11TestClient first = new X11TestClient(xvfb.address());
         X11TestClient second = new X11TestClient(xvfb.address())) {
      DesktopConversations.severalClients(first, second);
    }
  }

  @Test
  void aClientWhoseWindowIsDestroyedReleasesItsConnection() throws Exception {
    agent(List.of("*"));
    CompletableFuture<DesktopAgent.ClientEvent> attached = new CompletableFuture<>();
    CompletableFuture<DesktopAgent.ClientEvent> detached = new CompletableFuture<>();
    agent.onClientEvent(e -> (e.attached() ? attached : detached).complete(e));
    X11TestClient client = new X11TestClient(xvfb.address());
    assertThat(client.call("NAME Skype4Py")).isEqualTo("OK");
    assertThat(attached.get(20, TimeUnit.SECONDS).transport()).isEqualTo("x11");
    client.close(); // destroys the window
    DesktopAgent.ClientEvent gone = detached.get(20, TimeUnit.SECONDS);
    assertThat(gone.client()).isEqualTo(attached.get().client());
  }

  @Test
  void theAllowListRefusesOtherApplicationsAndCommandsNeedNameFirst() throws Exception {
    agent(List.of("Skype4Py"));
    try (X11TestClient client = new X11TestClient(xvfb.address())) {
      assertThat(client.call("PROTOCOL 7"))
          .isEqualTo("ERROR 9904 Not attached: send NAME first");
      assertThat(client.call("NAME intruder")).isEqualTo("ERROR 68 Access denied");
      assertThat(client.call("NAME Skype4Py")).isEqualTo("OK");
      assertThat(client.call("PROTOCOL 7")).isEqualTo("PROTOCOL 7");
      client.send("");
      client.send("#99");
      assertThat(client.call("PING")).isEqualTo("PONG");
      try (X11TestClient unattached = new X11TestClient(xvfb.address())) {
        assertThat(unattached.call("GET CURRENTUSERHANDLE"))
            .isEqualTo("ERROR 9904 Not attached: send NAME first");
        // stopping releases the attached client and the one that never attached
        agent.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        agent = null;
      }
    }
  }

  @Test
  void anXServerThatEndsStopsTheTransportAndReleasesItsClientsNotTheProcess() throws Exception {
    try (DesktopFixtures.Server doomed = DesktopFixtures.xvfb()) {
      agent = DesktopAgent.start(vertx, new DesktopAgentOptions().setDbus(false)
              .setDisplay(doomed.address()).setEndpoint(bridge.endpoint()))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      CompletableFuture<DesktopAgent.ClientEvent> detached = new CompletableFuture<>();
      agent.onClientEvent(e -> {
        if (!e.attached()) {
          detached.complete(e);
        }
      });
      X11TestClient client = new X11TestClient(doomed.address());
      assertThat(client.call("NAME Skype4Py")).isEqualTo("OK");
      doomed.process().destroyForcibly();
      assertThat(detached.get(20, TimeUnit.SECONDS).transport()).isEqualTo("x11");
      // the client's own thread must see the loss first, or close() would meet it and park
      assertThat(client.awaitLost(20, TimeUnit.SECONDS)).isTrue();
      client.close();
    }
    // still here: the process survived; the agent stops cleanly
  }

  @Test
  void noDisplayIsAClearError() {
    assertThat(DesktopAgent.start(vertx, new DesktopAgentOptions().setDbus(false)
            .setDisplay(":4000").setEndpoint(bridge.endpoint()))
        .toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableThat().withMessageContaining("cannot open X display ':4000'");
  }
}
