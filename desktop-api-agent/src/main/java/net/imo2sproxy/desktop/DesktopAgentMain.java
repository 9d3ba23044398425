package net.imo2sproxy.desktop;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.imo2sproxy.runtime.ConfigException;
import net.imo2sproxy.runtime.ServiceCommandLine;
import net.imo2sproxy.runtime.ServiceConfig;
import net.imo2sproxy.runtime.VertxRuntime;
import picocli.CommandLine;

/**
 * {@code java -jar desktop-api-agent.jar --endpoint host:port [--tls] [--password-file f]}: the
 * agent alone in the user's desktop session, forwarding to a remote SkypeProxy endpoint.
 */
public final class DesktopAgentMain {

  static final String NAME = "desktop-api-agent";

  private DesktopAgentMain() {
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** {@link #main} without the exit: 0 started (or help), 2 bad command line, 1 start failed. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    ServiceCommandLine commandLine = new ServiceCommandLine(NAME, "Presents itself to desktop "
        + "programs as the running Skype (X11 and D-Bus Skype API) and forwards each attached "
        + "program as a SkypeProxy connection to an imo2sproxy endpoint.",
        DesktopAgentSettings.ALL);
    ServiceCommandLine.Parsed parsed;
    try {
      parsed = commandLine.parse(args);
      if (parsed.help()) {
        commandLine.printUsage(new PrintWriter(out));
        return 0;
      }
      if (parsed.version()) {
        out.println(NAME + " " + ServiceCommandLine.version());
        out.flush();
        return 0;
      }
    } catch (CommandLine.ParameterException | ConfigException e) {
      err.println(NAME + ": " + e.getMessage());
      err.println("Try '" + NAME + " --help' for every option.");
      err.flush();
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = ServiceConfig.load(vertx, DesktopAgentSettings.ALL,
          parsed.configFile(), parsed.overrides()).toCompletionStage().toCompletableFuture()
          .get();
      String file = config.getString(DesktopAgentSettings.PASSWORD_FILE);
      if (file != null) {
        config.put(DesktopAgentSettings.PROXY_PASSWORD, readSecret(file));
      }
      DesktopAgentOptions options = new DesktopAgentOptions(config);
      DesktopAgent agent = DesktopAgent.start(vertx, options).toCompletionStage()
          .toCompletableFuture().get();
      VertxRuntime.onShutdown(() -> agent.stop().eventually(() -> VertxRuntime.stop(vertx)),
          Duration.ofSeconds(15));
      out.println(NAME + " " + ServiceCommandLine.version() + ": Skype API offered"
          + (agent.x11Display() != null ? " on X display " + agent.x11Display() : "")
          + (agent.busAddress() != null ? (agent.x11Display() != null ? " and" : "")
              + " on D-Bus" : "")
          + "; each client forwarded to " + options.host() + ":" + options.port()
          + (options.tls() ? " (TLS)" : ""));
      out.flush();
      return 0;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println(NAME + ": " + cause.getMessage());
      err.flush();
      VertxRuntime.stop(vertx);
      return 1;
    }
  }

  static String readSecret(String file) {
    try {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new ConfigException("--" + DesktopAgentSettings.PASSWORD_FILE + ": cannot read "
          + file);
    }
  }
}
