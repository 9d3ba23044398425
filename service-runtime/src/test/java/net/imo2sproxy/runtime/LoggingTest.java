package net.imo2sproxy.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingTest {

  @TempDir
  Path dir;

  private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Level before = ctx.getLogger(Logging.PROJECT_LOGGER).getLevel();

  @AfterEach
  void restore() {
    Logging.configure(false, null);
    ctx.getLogger(Logging.PROJECT_LOGGER).setLevel(before);
  }

  @Test
  void defaultsFromLogbackXml() {
    assertThat(ctx.getLogger("com.hazelcast").getLevel()).isEqualTo(Level.WARN);
    assertThat(ctx.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    assertThat(LoggerFactory.getLogger("net.imo2sproxy.x").isDebugEnabled()).isFalse();
  }

  @Test
  void verboseAndLogFile() throws Exception {
    Path file = dir.resolve("imo2sproxy.log");
    Logging.configure(true, file.toString());
    Logger log = LoggerFactory.getLogger("net.imo2sproxy.runtime.Sample");
    log.debug("debug line {}", 42);
    assertThat(Files.readString(file)).containsPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} DEBUG Sample - debug line 42");

    Logging.configure(false, null); // detaches the file
    log.info("not in file");
    assertThat(Files.readString(file)).doesNotContain("not in file");
  }
}
