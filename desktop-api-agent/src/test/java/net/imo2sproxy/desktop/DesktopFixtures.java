package net.imo2sproxy.desktop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A private Xvfb (on a display number it picks itself) and a private D-Bus session daemon (on a
 * socket in a temporary directory), started by the tests. Each skips the test, through a JUnit
 * assumption, when its program is not installed; {@code .ci/run} installs both.
 */
public final class DesktopFixtures {

  private DesktopFixtures() {
  }

  /** A started server process and the address it printed (display or bus address). */
  public record Server(Process process, String address, Path directory) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      if (directory != null) {
        File[] files = directory.toFile().listFiles();
        for (int i = 0; files != null && i < files.length; i++) {
          files[i].delete();
        }
        directory.toFile().delete();
      }
    }
  }

  public static boolean installed(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** Xvfb on a free display; {@code address()} is {@code :N}. */
  public static Server xvfb() throws Exception {
    assumeTrue(installed("Xvfb"), "Xvfb is not installed (Debian package xvfb)");
    // -displayfd: Xvfb picks a free display number and prints it once it accepts clients.
    Process process = new ProcessBuilder("Xvfb", "-displayfd", "1", "-nolisten", "tcp",
        "-screen", "0", "320x240x24").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String number = firstLine(process, "Xvfb");
    return new Server(process, ":" + number.trim(), null);
  }

  /** {@code dbus-daemon --session} on a socket of its own; {@code address()} is its address. */
  public static Server sessionBus() throws Exception {
    assumeTrue(installed("dbus-daemon"), "dbus-daemon is not installed (Debian package dbus)");
    Path dir = Files.createTempDirectory("desktop-agent-bus");
    Process process = new ProcessBuilder("dbus-daemon", "--session", "--nofork",
        "--print-address=1", "--address=unix:path=" + dir.resolve("bus"))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String address = firstLine(process, "dbus-daemon");
    return new Server(process, address.trim(), dir);
  }

  private static String firstLine(Process process, String name) throws Exception {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      String text = line.get(20, TimeUnit.SECONDS);
      if (text == null || text.isBlank()) {
        throw new IllegalStateException(name + " ended without printing its address");
      }
      return text;
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }
}
