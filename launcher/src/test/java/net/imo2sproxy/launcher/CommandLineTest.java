package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import net.imo2sproxy.endpoint.EndpointMain;
import net.imo2sproxy.gateway.GatewayMain;
import org.junit.jupiter.api.Test;

/**
 * The command lines of ./imo2sproxy and of the services: --help lists every option with its
 * default, --version prints the project version, and bad values, unknown options and missing
 * files end with a clear message and a non-zero exit code (nothing is started for them).
 */
class CommandLineTest {

  private record Outcome(int code, String out, String err) {
  }

  private interface Main {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private static Outcome run(Main main, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private static Outcome launcher(String... args) {
    return run(Imo2sproxyMain::run, args);
  }

  @Test
  void launcherHelpListsEveryOptionWithItsDefault() {
    Outcome help = launcher("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--demo", "--imo-url", "-h", "-p", "--auth-password",
        "--auth-password-file", "--password-file", "-t", "-v", "-l", "-d", "--pid-file",
        "--management-port", "--tcp-bridge-port", "--config", "-i", "-m=<mode>", "--help",
        "--version", "<username> <password>");
    assertThat(help.out()).contains("a: also be \"Skype\" for desktop programs");
    assertThat(help.out()).contains("default 1401", "default 127.0.0.1", "off by default",
        "imo2sproxy.pid");
  }

  @Test
  void versionsNameTheProjectVersion() {
    String version = net.imo2sproxy.runtime.ServiceCommandLine.version();
    assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(launcher("--version").out().trim()).isEqualTo("imo2sproxy " + version);
    assertThat(run(EndpointMain::run, "--version").out().trim())
        .isEqualTo("skypeproxy-endpoint-service " + version);
    assertThat(run(GatewayMain::run, "--version").out().trim())
        .isEqualTo("imo-gateway-service " + version);
  }

  @Test
  void launcherRefusesBadValuesClearly() {
    assertRefused(launcher("--demo", "-p", "abc"), 2, "'abc' is not an int");
    assertRefused(launcher("--demo", "-p", "70000"), 2, "port must be between 0 and 65535");
    assertRefused(launcher("--demo", "--management-port", "-5"), 2,
        "--management-port: port must be between 0 and 65535");
    assertRefused(launcher("--demo", "--frobnicate"), 2, "Unknown option");
    assertRefused(launcher("alice", "alice-pw"), 2, "--imo-url is required");
    assertRefused(launcher("--demo", "-d"), 2, "handled by the ./imo2sproxy script");
    assertRefused(launcher("--imo-url", "http://127.0.0.1:9/", "alice", "x", "--password-file",
        "/nonexistent/imo2sproxy-password"), 1,
        "--password-file: cannot read /nonexistent/imo2sproxy-password");
    assertRefused(launcher("--demo", "--config", "/nonexistent/imo2sproxy.json"), 1,
        "/nonexistent/imo2sproxy.json");
  }

  @Test
  void servicesListEverySettingAndRefuseBadValues() {
    Outcome endpointHelp = run(EndpointMain::run, "--help");
    assertThat(endpointHelp.code()).isZero();
    assertThat(endpointHelp.out()).contains("--port", "IMO2SPROXY_PORT", "1401",
        "--management-port", "9401", "--region", "--cluster-name", "--config", "--version");
    Outcome gatewayHelp = run(GatewayMain::run, "--help");
    assertThat(gatewayHelp.out()).contains("--imo-url", "IMO2SPROXY_IMO_URL",
        "--keepalive-seconds", "300", "--management-port", "9402", "--region");

    assertRefused(run(EndpointMain::run, "--port", "abc"), 2,
        "--port expects a number, not 'abc'");
    assertRefused(run(EndpointMain::run, "--frobnicate", "1"), 2, "'--frobnicate'");
    assertRefused(run(EndpointMain::run, "--port", "70000", "--management-port", "-1"), 1,
        "port");
    assertRefused(run(GatewayMain::run, "--config", "/nonexistent/gateway.json"), 1,
        "/nonexistent/gateway.json");
    assertRefused(run(GatewayMain::run, "--cluster", "maybe"), 2, "expects true or false");
  }

  private static void assertRefused(Outcome outcome, int code, String message) {
    assertThat(outcome.code()).as("exit code; stderr: %s", outcome.err()).isEqualTo(code);
    assertThat(outcome.err()).contains(message);
    assertThat(outcome.out()).doesNotContain("listening");
  }
}
