package net.imo2sproxy.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dbus-python client (as Skype4Py's D-Bus transport: {@code Invoke} without an interface name,
 * {@code Notify} served by a GLib main loop) attaches through the agent on a private session
 * bus and chats with echo123: the golden transcript of what it printed.
 */
@ExtendWith(VertxExtension.class)
class PythonDbusClientTest {

  private static DesktopFixtures.Server bus;
  private static DesktopAgent agent;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    PythonClients.python();
    bus = DesktopFixtures.sessionBus();
    TestBridge bridge = TestBridge.start(vertx, new JsonObject()).toCompletionStage()
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    agent = DesktopAgent.start(vertx, new DesktopAgentOptions().setX11(false)
            .setBusAddress(bus.address()).setEndpoint(bridge.endpoint()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (agent != null) {
      agent.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (bus != null) {
      bus.close();
    }
  }

  @Test
  void aDbusPythonClientAttachesAndChatsWithEcho123() throws Exception {
    assertThat(Golden.normalise(PythonClients.run("dbus_client.py", bus.address())))
        .containsExactly(
            "> NAME Skype4Py",
            "< OK",
            "> PROTOCOL 5",
            "< PROTOCOL 5",
            "> SEARCH FRIENDS",
            "< USERS bob, echo123",
            "> MESSAGE echo123 hi from dbus-python",
            "< CHATMESSAGE <1> STATUS SENDING",
            "~ CONNSTATUS CONNECTING",
            "~ CONNSTATUS ONLINE",
            "~ USERSTATUS ONLINE",
            "~ CURRENTUSERHANDLE alice",
            "~ USER bob ONLINESTATUS OFFLINE",
            "~ USER bob MOOD_TEXT ",
            "~ USER echo123 ONLINESTATUS ONLINE",
            "~ USER echo123 MOOD_TEXT ",
            "~ CHATMESSAGE <1> STATUS SENT",
            "~ CHATMESSAGE <2> STATUS RECEIVED");
  }
}
