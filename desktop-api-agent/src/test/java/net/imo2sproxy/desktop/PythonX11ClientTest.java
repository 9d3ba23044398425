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
 * A Python Xlib client (ctypes, as Skype4Py's X11 transport) attaches through the agent under a
 * private Xvfb and chats with echo123: the golden transcript of what it printed.
 */
@ExtendWith(VertxExtension.class)
class PythonX11ClientTest {

  private static final String TEXT = "Grüße über X11, more than twenty bytes 🙂";

  private static DesktopFixtures.Server xvfb;
  private static DesktopAgent agent;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    PythonClients.python();
    xvfb = DesktopFixtures.xvfb();
    TestBridge bridge = TestBridge.start(vertx, new JsonObject()).toCompletionStage()
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    agent = DesktopAgent.start(vertx, new DesktopAgentOptions().setDbus(false)
            .setDisplay(xvfb.address()).setEndpoint(bridge.endpoint()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (agent != null) {
      agent.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (xvfb != null) {
      xvfb.close();
    }
  }

  @Test
  void aPythonXlibClientAttachesAndChatsWithEcho123() throws Exception {
    assertThat(Golden.normalise(PythonClients.run("x11_client.py", xvfb.address())))
        .containsExactly(
            "> NAME Skype4Py",
            "< OK",
            "> PROTOCOL 5",
            "~ CONNSTATUS CONNECTING",
            "~ CONNSTATUS ONLINE",
            "~ USERSTATUS ONLINE",
            "~ CURRENTUSERHANDLE alice",
            "~ USER bob ONLINESTATUS OFFLINE",
            "~ USER bob MOOD_TEXT ",
            "~ USER echo123 ONLINESTATUS ONLINE",
            "~ USER echo123 MOOD_TEXT ",
            "< PROTOCOL 5",
            "> SEARCH FRIENDS",
            "< USERS bob, echo123",
            "> MESSAGE echo123 " + TEXT,
            "< CHATMESSAGE <1> STATUS SENDING",
            "~ CHATMESSAGE <1> STATUS SENT",
            "~ CHATMESSAGE <2> STATUS RECEIVED",
            "> GET CHATMESSAGE <2> BODY",
            "< CHATMESSAGE <2> BODY " + TEXT);
  }
}
