package net.imo2sproxy.launcher;

import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.endpoint.EndpointOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The original imo2sproxy command line, kept for its users, plus the new options. Each flag
 * is an override of a setting of the gateway's or the endpoint's table (the config file and
 * the environment give every other setting; see {@code Imo2sproxyMain.start}):
 * {@code imo2sproxy [-v [-l <logfile>]] [-t] [-h <bind-ip>] [-p <port>] --imo-url <url>
 * [--auth-password <pw>] [<username> <password>]}.
 */
@Command(name = "imo2sproxy", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Lets Skype API plugins (SkypeProxy protocol, e.g. Miranda's Skype plugin) chat through "
            + "an imo.im-compatible service. Runs the endpoint and the gateway in one process.",
        "",
        "Passwords may also come from the environment (IMO2SPROXY_PASSWORD, "
            + "IMO2SPROXY_AUTH_PASSWORD) or from files (--password-file, --auth-password-file, "
            + "or IMO2SPROXY_PASSWORD_FILE, IMO2SPROXY_AUTH_PASSWORD_FILE), so that ps does not "
            + "show them."},
    footer = {"",
        "The original imo.im endpoint (https://imo.im/) is gone and its host belongs to another "
            + "service: there is no default --imo-url. Use --demo to try the bridge on the "
            + "embedded simulator."})
public final class LauncherOptions {

  @Option(names = "--demo", description = "start the embedded imo.im simulator with the demo "
      + "world (alice, bob, echo123) and the bridge on it; a connection without password is "
      + "alice, proxy password bob:bob-pw is bob")
  boolean demo;

  @Option(names = "--imo-url", paramLabel = "<url>",
      description = "base URL of the imo.im-compatible service (required unless --demo)")
  String imoUrl;

  @Option(names = "-h", paramLabel = "<bind-ip>", description = "address to listen on "
      + "(default 127.0.0.1 when connections without password are accepted, else 0.0.0.0)")
  String bindHost;

  @Option(names = "-p", paramLabel = "<port>", description = "SkypeProxy port (default "
      + EndpointOptions.DEFAULT_PORT + "; 0 = any free port)")
  Integer port;

  @Option(names = "--auth-password", paramLabel = "<pw>",
      description = "SkypeProxy password that selects the default account; connections must "
          + "then authenticate")
  String authPassword;

  @Option(names = "--auth-password-file", paramLabel = "<file>",
      description = "read the SkypeProxy password from this file")
  String authPasswordFile;

  @Option(names = "--password-file", paramLabel = "<file>",
      description = "read the default account's imo.im password from this file")
  String passwordFile;

  @Option(names = "-t", description = "stamp received messages with local time (default: "
      + "the server's time)")
  boolean localTimestamps;

  @Option(names = "-v", description = "verbose: log every command, reply and notification of "
      + "each connection, one line each with its connection and session ids (passwords "
      + "masked; default: connections and logins only)")
  boolean verbose;

  @Option(names = "-l", paramLabel = "<logfile>", description = "also write the log to this "
      + "file (appended; default: console only)")
  String logFile;

  @Option(names = "-d", description = "detach from the terminal (done by the ./imo2sproxy "
      + "script; a JVM cannot detach itself)")
  boolean detach;

  @Option(names = "--pid-file", paramLabel = "<file>", description = "with -d: where the "
      + "script writes the pid (default: imo2sproxy.pid in the current directory)")
  String pidFile;

  @Option(names = "--management-port", paramLabel = "<port>",
      description = "serve /health/live, /health/ready, Prometheus /metrics and the status page "
          + "/status on this port (off by default; 0 = any free port; loopback unless "
          + "management-host is configured)")
  Integer managementPort;

  @Option(names = "--skyped-port", paramLabel = "<port>",
      description = "also listen for bitlbee's Skype plugin as skyped did, over TLS, on this "
          + "port (skyped used " + EndpointOptions.SKYPED_DEFAULT_PORT + "; off by default; "
          + "0 = any free port; docs/skyped-listener.md)")
  Integer skypedPort;

  @Option(names = "--tcp-bridge-port", paramLabel = "<port>",
      description = "also open the event-bus session contract to other languages through a TCP "
          + "event-bus bridge on this port (off by default; 0 = any free port; loopback unless "
          + "tcp-bridge-host is configured)")
  Integer tcpBridgePort;

  @Option(names = "--config", paramLabel = "<file>",
      description = "JSON config file with further settings (see README; default: "
          + "$IMO2SPROXY_CONFIG if set)")
  String configFile;

  @Option(names = "-m", paramLabel = "<mode>",
      description = "a: also be \"Skype\" for desktop programs (Linux): offer the Skype API "
          + "over X11 and over the D-Bus session bus, each attached program forwarded to this "
          + "bridge (settings desktop-*; off by default)")
  String mode;

  @Option(names = "-i", description = "accepted for compatibility: calls are signalling only, "
      + "no voice is carried")
  boolean flashCalls;

  @Option(names = "--help", usageHelp = true, description = "show this help and exit")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "show the version and exit")
  boolean version;

  @Parameters(arity = "0..2", paramLabel = "<username> <password>",
      description = "imo.im account used by connections without a password (the default "
          + "account)")
  List<String> account = new ArrayList<>();
}
