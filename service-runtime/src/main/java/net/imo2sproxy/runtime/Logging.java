package net.imo2sproxy.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runtime adjustments to the logback setup from logback.xml (launcher flags -v and -l). */
public final class Logging {

  /** Logger whose level {@code verbose} raises to DEBUG. */
  public static final String PROJECT_LOGGER = "net.imo2sproxy";
  /** System property read by logback.xml for the project log level (e.g. -Dimo2sproxy.log.level=DEBUG). */
  public static final String LEVEL_PROPERTY = "imo2sproxy.log.level";
  /** Same pattern as the console appender in logback.xml. */
  public static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

  private static final String FILE_APPENDER = "IMO2SPROXY_FILE";

  private Logging() {
  }

  /**
   * @param verbose DEBUG for {@value #PROJECT_LOGGER}; false leaves the level from logback.xml untouched
   * @param logFile also append every event to this file (created if missing); null keeps console only.
   *                Calling again replaces a previously configured file.
   * @throws IllegalStateException if logback is not the SLF4J backend
   */
  public static void configure(boolean verbose, String logFile) {
    LoggerContext ctx = context();
    if (verbose) {
      ctx.getLogger(PROJECT_LOGGER).setLevel(Level.DEBUG);
    }
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    Appender<ILoggingEvent> old = root.getAppender(FILE_APPENDER);
    if (old != null) {
      root.detachAppender(old);
      old.stop();
    }
    if (logFile != null && !logFile.isBlank()) {
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(ctx);
      encoder.setPattern(PATTERN);
      encoder.start();
      FileAppender<ILoggingEvent> file = new FileAppender<>();
      file.setName(FILE_APPENDER);
      file.setContext(ctx);
      file.setFile(logFile);
      file.setAppend(true);
      file.setEncoder(encoder);
      file.start();
      if (!file.isStarted()) {
        throw new ConfigException("Cannot open log file " + logFile);
      }
      root.addAppender(file);
    }
  }

  private static LoggerContext context() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext ctx) {
      return ctx;
    }
    throw new IllegalStateException("Logback is not the SLF4J backend: " + factory.getClass().getName());
  }
}
