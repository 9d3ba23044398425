package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.desktop.DbusTestClient;
import net.imo2sproxy.desktop.DesktopConversations;
import net.imo2sproxy.desktop.DesktopFixtures;
import net.imo2sproxy.desktop.Golden;
import net.imo2sproxy.desktop.X11TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./imo2sproxy --demo -m a}: bridge and desktop agent in one process, on a private Xvfb
 * and a private session bus given through the environment, as a desktop session gives them. A
 * Skype4Py-like client on each transport logs in, lists its friends and chats with echo123.
 * Skips when Xvfb or dbus-daemon is not installed.
 */
class DesktopModeTest {

  private static DesktopFixtures.Server xvfb;
  private static DesktopFixtures.Server bus;
  private Imo2sproxyMain.Bridge bridge;

  @BeforeAll
  static void startDesktop() throws Exception {
    xvfb = DesktopFixtures.xvfb();
    bus = DesktopFixtures.sessionBus();
  }

  @AfterAll
  static void stopDesktop() throws Exception {
    if (bus != null) {
      bus.close();
    }
    if (xvfb != null) {
      xvfb.close();
    }
  }

  private Imo2sproxyMain.Bridge start(String... extra) throws Exception {
    LauncherOptions options = new LauncherOptions();
    List<String> args = new java.util.ArrayList<>(List.of("--demo", "-p", "0", "-m", "a"));
    args.addAll(List.of(extra));
    new CommandLine(options).parseArgs(args.toArray(String[]::new));
    bridge = Imo2sproxyMain.start(options, Map.of(
            "IMO2SPROXY_DESKTOP_DISPLAY", xvfb.address(),
            "IMO2SPROXY_DESKTOP_BUS_ADDRESS", bus.address()))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return bridge;
  }

  @AfterEach
  void stopBridge() throws Exception {
    if (bridge != null) {
      bridge.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClientOnEachTransportChatsWithEcho123() throws Exception {
    start();
    assertThat(bridge.desktop().x11Display()).isEqualTo(xvfb.address());
    assertThat(bridge.desktop().busAddress()).isEqualTo(bus.address());
    try (X11TestClient x11 = new X11TestClient(xvfb.address())) {
      DesktopConversations.chatWithEcho(x11, "hi");
      assertThat(Golden.normalise(x11.transcript()))
          .containsExactlyElementsOf(DesktopConversations.ECHO_TRANSCRIPT);
    }
    try (DbusTestClient dbus = new DbusTestClient(bus.address())) {
      assertThat(dbus.call("NAME Skype4Py")).isEqualTo("OK");
      // the X11 client's leaving ended alice's session: this attach logs her in again
      dbus.awaitNotification("CURRENTUSERHANDLE alice");
      assertThat(dbus.call("PROTOCOL 5")).isEqualTo("PROTOCOL 5");
      DesktopConversations.echoes(dbus, "hello over D-Bus");
    }
  }

  @Test
  void withAProxyPasswordTheAgentUsesItAndATransportCanBeTurnedOff() throws Exception {
    LauncherOptions options = new LauncherOptions();
    new CommandLine(options).parseArgs("--demo", "-p", "0", "-m", "a", "--auth-password",
        "s3cret");
    bridge = Imo2sproxyMain.start(options, Map.of(
            "IMO2SPROXY_DESKTOP_X11", "false",
            "IMO2SPROXY_DESKTOP_BUS_ADDRESS", bus.address()))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertThat(bridge.desktop().x11Display()).isNull();
    try (DbusTestClient dbus = new DbusTestClient(bus.address())) {
      assertThat(dbus.call("NAME Skype4Py")).isEqualTo("OK");
      assertThat(dbus.call("GET CURRENTUSERHANDLE")).isEqualTo("CURRENTUSERHANDLE alice");
    }
  }
}
