package net.imo2sproxy.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service (gateway or endpoint main class) in a JVM of its own, started from the test
 * classpath, so that a test can kill it like a crashed machine (destroyForcibly) or stop it
 * like an operator (SIGTERM, which runs the shutdown hook). Its output goes to a log file in
 * {@code target/}.
 */
final class ServiceProcess {

  final String name;
  final Process process;
  final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ServiceProcess start(String name, Class<?> mainClass, List<String> args,
      Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Dhazelcast.wait.seconds.before.join=1",
        "-cp", classpath(), mainClass.getName()));
    command.addAll(args);
    Path log = Path.of("target", "cluster-" + name + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ServiceProcess(name, builder.start(), log);
  }

  private static String classpath;

  /**
   * The test classpath, with the project's own jars copied aside once: other builds may
   * reinstall them while a child JVM still loads classes lazily from them.
   */
  private static synchronized String classpath() throws IOException {
    if (classpath == null) {
      Path copies = Path.of("target", "cluster-classpath").toAbsolutePath();
      Files.createDirectories(copies);
      List<String> entries = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path path = Path.of(entry);
        if (entry.endsWith(".jar") && entry.contains("net" + File.separator + "imo2sproxy")
            && Files.isRegularFile(path)) {
          Path copy = copies.resolve(path.getFileName());
          Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
          entries.add(copy.toString());
        } else {
          entries.add(entry);
        }
      }
      classpath = String.join(File.pathSeparator, entries);
    }
    return classpath;
  }

  /** The whole log so far (blocking: call it off the event loop). */
  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** kill -9: no shutdown hook, no goodbye to the cluster. */
  void kill() {
    process.destroyForcibly();
  }

  /** SIGTERM: the service's shutdown hook stops it cleanly. */
  void terminate() {
    process.destroy();
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
