package net.imo2sproxy.launcher;

import static net.imo2sproxy.launcher.OperatorTestSupport.await;
import static net.imo2sproxy.launcher.OperatorTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ./imo2sproxy as an operator runs it, in a JVM of its own: {@code -v -l <file>} writes the
 * transcript of every command, reply and notification of each connection, one line each with
 * the connection and session ids and no password; SIGTERM stops it gracefully: the sessions
 * are logged out and the connections told {@code CONNSTATUS OFFLINE} before they close.
 */
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class LauncherProcessTest {

  private static final String AUTH_PASSWORD = "proxy-secret-8812";
  private static final Pattern TRANSCRIPT = Pattern.compile(
      "DEBUG ClientConnection - \\[(\\S+)\\] session (\\S+) ([<>]) (.*)");

  private final Vertx vertx = Vertx.vertx();
  private ServiceProcess bridge;

  @AfterEach
  void stop() {
    if (bridge != null && bridge.alive()) {
      bridge.kill();
    }
    await(vertx.close());
  }

  @Test
  void verboseTranscriptToTheLogFileAndGracefulSigterm() throws Exception {
    Path logFile = Path.of("target", "launcher-verbose.log").toAbsolutePath();
    Files.deleteIfExists(logFile);
    int port = freePort();
    bridge = ServiceProcess.start("launcher-v", Imo2sproxyMain.class, List.of("--demo",
        "-h", "127.0.0.1", "-p", String.valueOf(port), "--auth-password", AUTH_PASSWORD,
        "-v", "-l", logFile.toString()), Map.of());
    eventually(bridge::logText, text -> text.contains("listening on 127.0.0.1:" + port)
        || !bridge.alive());
    assertThat(bridge.alive()).as("started: %s", bridge.logText()).isTrue();

    SkypeProxyTestClient alice = await(ChatScenarios.login(vertx, port, AUTH_PASSWORD));
    SkypeProxyTestClient bob = await(ChatScenarios.login(vertx, port, "bob:bob-pw"));
    await(alice.await("USER bob ONLINESTATUS ONLINE"));
    String sending = await(alice.ask("MESSAGE bob see you at noon", "CHATMESSAGE"));
    await(alice.await("CHATMESSAGE " + sending.split(" ")[1] + " STATUS SENT"));
    String received = await(bob.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED")));

    bridge.terminate(); // SIGTERM
    assertThat(bridge.process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM")
        .isTrue();
    await(alice.closed());
    await(bob.closed());
    assertThat(alice.lines()).contains("CONNSTATUS OFFLINE");
    assertThat(bob.lines()).contains("CONNSTATUS OFFLINE");

    String log = Files.readString(logFile);
    String console = bridge.logText();
    for (String secret : List.of(AUTH_PASSWORD, "bob-pw", "alice-pw")) {
      assertThat(log).doesNotContain(secret);
      assertThat(console).doesNotContain(secret);
    }
    // One line per event, each with its connection and session: alice's command and bob's
    // notification, on different connections of different sessions.
    String aliceConnection = null;
    String bobConnection = null;
    String aliceSession = null;
    String bobSession = null;
    int transcriptLines = 0;
    for (String line : log.split("\n")) {
      Matcher m = TRANSCRIPT.matcher(line);
      if (!m.find()) {
        continue;
      }
      transcriptLines++;
      assertThat(m.group(2)).as("session id in %s", line).isNotEqualTo("null");
      if (m.group(3).equals(">") && m.group(4).equals("MESSAGE bob see you at noon")) {
        aliceConnection = m.group(1);
        aliceSession = m.group(2);
      }
      if (m.group(3).equals("<") && m.group(4).equals(received)) {
        bobConnection = m.group(1);
        bobSession = m.group(2);
      }
    }
    assertThat(aliceConnection).as("alice's command in the transcript").isNotNull();
    assertThat(bobConnection).as("bob's notification in the transcript").isNotNull();
    assertThat(aliceConnection).isNotEqualTo(bobConnection);
    assertThat(aliceSession).isNotEqualTo(bobSession);
    // SIGTERM: the sessions end and the gateway closes their connections (with the
    // CONNSTATUS OFFLINE the clients got above), before the endpoint stops.
    assertThat(log).contains("session " + aliceSession + " of alice ends: gateway stopping",
        "session " + bobSession + " of bob ends: gateway stopping",
        "[" + aliceConnection + "] closed (closed by the gateway)",
        "[" + bobConnection + "] closed (closed by the gateway)",
        "[" + aliceConnection + "] session " + aliceSession + " < CONNSTATUS OFFLINE",
        "[" + bobConnection + "] session " + bobSession + " < CONNSTATUS OFFLINE");
    // Each event once: the gateway does not repeat the endpoint's transcript at -v.
    assertThat(count(log, "> MESSAGE bob see you at noon")).isEqualTo(1);
    assertThat(transcriptLines).isGreaterThan(10);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aPortInUseIsOneClearErrorBeforeAnythingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      bridge = ServiceProcess.start("launcher-port-in-use", Imo2sproxyMain.class,
          List.of("--demo", "-p", String.valueOf(port)), Map.of());
      assertThat(bridge.process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
      String output = bridge.logText();
      assertThat(bridge.process.exitValue()).as(output).isEqualTo(1);
      assertThat(output).contains("imo2sproxy: cannot listen on 127.0.0.1:" + port
          + " (SkypeProxy port): Address already in use");
      // Nothing claimed to run before the error: no simulator, gateway or endpoint line.
      String beforeError = output.substring(0, output.indexOf("imo2sproxy: cannot listen"));
      assertThat(beforeError).doesNotContainIgnoringCase("ready")
          .doesNotContainIgnoringCase("started").doesNotContain("listening");
    }
  }

  @Test
  void aManagementPortInUseNamesItsAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      bridge = ServiceProcess.start("launcher-management-in-use", Imo2sproxyMain.class,
          List.of("--demo", "-p", "0", "--management-port", String.valueOf(port)), Map.of());
      assertThat(bridge.process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
      String output = bridge.logText();
      assertThat(bridge.process.exitValue()).as(output).isEqualTo(1);
      assertThat(output).contains("imo2sproxy: cannot listen on 127.0.0.1:" + port
          + " (management port): Address already in use");
      assertThat(output.substring(0, output.indexOf("imo2sproxy: cannot listen")))
          .doesNotContainIgnoringCase("ready").doesNotContain("listening");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
