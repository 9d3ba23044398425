package net.imo2sproxy.runtime.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last {@value #CAPACITY} warnings and errors of this JVM, and how many there were, taken
 * from the log itself (a Logback appender on the root logger): the status page's "recent
 * errors" and the {@code imo2sproxy_log_events_total} counter. Log messages carry no passwords
 * (NoPasswordsInLogsTest); stack traces are left out and long messages cut.
 */
public final class RecentProblems {

  public static final int CAPACITY = 50;
  private static final int MAX_MESSAGE = 300;
  private static final String APPENDER = "IMO2SPROXY_RECENT_PROBLEMS";

  private static final Deque<JsonObject> RING = new ArrayDeque<>();
  private static final AtomicLong WARNINGS = new AtomicLong();
  private static final AtomicLong ERRORS = new AtomicLong();

  private RecentProblems() {
  }

  /** Attaches the appender to the root logger once; without Logback it does nothing. */
  public static synchronized void install() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER) != null) {
      return;
    }
    Collector collector = new Collector();
    collector.setName(APPENDER);
    collector.setContext(context);
    collector.start();
    root.addAppender(collector);
  }

  /** The most recent {@code limit} problems, newest first. */
  public static JsonArray latest(int limit) {
    JsonArray out = new JsonArray();
    synchronized (RING) {
      var it = RING.descendingIterator();
      while (it.hasNext() && out.size() < limit) {
        out.add(it.next().copy());
      }
    }
    return out;
  }

  public static long warnings() {
    return WARNINGS.get();
  }

  public static long errors() {
    return ERRORS.get();
  }

  static void record(ILoggingEvent event) {
    Level level = event.getLevel();
    if (!level.isGreaterOrEqual(Level.WARN)) {
      return;
    }
    (level.isGreaterOrEqual(Level.ERROR) ? ERRORS : WARNINGS).incrementAndGet();
    String message = event.getFormattedMessage();
    if (message == null) {
      message = "";
    }
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
    if (event.getThrowableProxy() != null) {
      message += " (" + event.getThrowableProxy().getClassName() + ")";
    }
    String logger = event.getLoggerName();
    JsonObject entry = new JsonObject()
        .put("time", event.getTimeStamp())
        .put("level", level.toString())
        .put("logger", logger.substring(logger.lastIndexOf('.') + 1))
        .put("message", message);
    synchronized (RING) {
      if (RING.size() == CAPACITY) {
        RING.removeFirst();
      }
      RING.addLast(entry);
    }
  }

  private static final class Collector extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      record(event);
    }
  }
}
