package net.imo2sproxy.desktop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Python desktop clients of {@code src/test/resources/python} (dbus-python with a
 * GLib main loop; Xlib through ctypes): clients in another language and on the C libraries
 * Skype4Py used, not on the Java ones the agent uses. Skips without a Python 3 that has the
 * {@code dbus} and {@code gi} modules (Debian: python3-dbus, python3-gi).
 */
final class PythonClients {

  private PythonClients() {
  }

  /** A Python 3 with dbus-python and PyGObject: Debian's own first (a pyenv one lacks them). */
  static String python() throws InterruptedException {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process probe = new ProcessBuilder(candidate, "-c", "import dbus, gi, ctypes")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
          return candidate;
        }
        probe.destroyForcibly();
      } catch (IOException e) {
        // not there: try the next
      }
    }
    assumeTrue(false, "no python3 with dbus-python and PyGObject (python3-dbus, python3-gi)");
    return null;
  }

  /** Runs {@code script} with {@code argument}; its output lines, within 60 s. */
  static List<String> run(String script, String argument) throws Exception {
    Path file = Path.of(PythonClients.class.getResource("/python/" + script).toURI());
    Path out = Files.createTempFile("desktop-client", ".out");
    try {
      Process process = new ProcessBuilder(python(), file.toString(), argument)
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(script + " did not end within 60 s; it printed:\n"
            + Files.readString(out, StandardCharsets.UTF_8));
      }
      return Files.readAllLines(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
