package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs a whole chat with every project logger at TRACE (more than {@code -v}) and checks that
 * no log line, argument or stack trace carries any password the run used.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class NoPasswordsInLogsTest {

  private static final String AUTH_PASSWORD = "proxy-secret-7731";
  private static final List<String> SECRETS =
      List.of("alice-pw", "bob-pw", AUTH_PASSWORD, "wrong-guess-4410");

  /** Keeps every event's formatted message and stack trace. */
  private static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder text = new StringBuilder(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        text.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
      lines.add(text.toString());
    }
  }

  @Test
  void aFullChatLogsNoPassword(Vertx vertx, VertxTestContext ctx) {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger project = logging.getLogger("net.imo2sproxy");
    Level previous = project.getLevel();
    Capture capture = new Capture();
    capture.setContext(logging);
    capture.start();
    Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(capture);
    project.setLevel(Level.TRACE);

    LauncherOptions options = new LauncherOptions();
    new CommandLine(options).parseArgs("--demo", "-p", "0", "--auth-password", AUTH_PASSWORD);
    Imo2sproxyMain.start(options, Map.of())
        .compose(bridge -> SkypeProxyTestClient.connect(vertx, bridge.port())
            .compose(intruder -> intruder.authenticate("wrong-guess-4410"))
            .compose(refused -> {
              ctx.verify(() -> assertThat(refused).isZero());
              return Future.<Void>succeededFuture();
            })
            .compose(v -> ChatScenarios.aliceTellsBob(vertx, bridge.port(), AUTH_PASSWORD,
                bridge.port(), "bob:bob-pw"))
            .eventually(() -> bridge.stop()))
        .onComplete(ar -> {
          root.detachAppender(capture);
          project.setLevel(previous);
          ctx.verify(() -> {
            assertThat(ar.succeeded()).as("chat ran: %s", ar.cause()).isTrue();
            // The transcript of commands was captured, so a forwarded password would show.
            assertThat(capture.lines).anyMatch(line -> line.contains("MESSAGE bob"));
            for (String secret : SECRETS) {
              assertThat(capture.lines).noneMatch(line -> line.contains(secret));
            }
          });
          ctx.completeNow();
        });
  }
}
