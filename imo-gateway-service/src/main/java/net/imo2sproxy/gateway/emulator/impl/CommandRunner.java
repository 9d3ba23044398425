package net.imo2sproxy.gateway.emulator.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.gateway.emulator.command.CommandContext;
import net.imo2sproxy.gateway.emulator.command.CommandTable;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.lifecycle.LoginLifecycle;
import net.imo2sproxy.gateway.emulator.model.CommandKey;
import net.imo2sproxy.protocol.skypeapi.SkypeApiLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each connection's commands one at a time, in order. A command that arrives while a
 * login or resume is under way waits for its outcome; every command gets exactly one answer.
 */
public final class CommandRunner {

  /** Makes the context a handler gets for one command. */
  @FunctionalInterface
  public interface Contexts {
    CommandContext create(SkypeApiLine line, ApiConnection connection, CommandKey key,
        boolean resent);
  }

  /**
   * What a command's acknowledgement carries (EVENT-BUS.md): the lines written to its
   * connection while it ran, the own-message statuses they report, and the connection's
   * PROTOCOL level when the command changed it (0: unchanged).
   */
  public record Answer(List<String> lines, JsonArray sends, int protocol) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

  private final String sessionId;
  private final SessionSettings settings;
  private final ConnectionFanOut fanOut;
  private final LoginLifecycle lifecycle;
  private final CommandTable commands;
  private final Contexts contexts;

  public CommandRunner(String sessionId, SessionSettings settings, ConnectionFanOut fanOut,
      LoginLifecycle lifecycle, CommandTable commands, Contexts contexts) {
    this.sessionId = sessionId;
    this.settings = settings;
    this.fanOut = fanOut;
    this.lifecycle = lifecycle;
    this.commands = commands;
    this.contexts = contexts;
  }

  /**
   * Queues one command line of a connection behind its previous commands, without a number;
   * its lines go out as output messages (in-process callers; the bus uses {@link #run}).
   */
  public void command(String connectionId, String text) {
    ApiConnection connection = fanOut.get(connectionId);
    if (connection == null) {
      return;
    }
    connection.pendingCommands++;
    connection.tail = connection.tail
        .transform(ignored -> execute(connection, text, null, false))
        .andThen(ar -> connection.pendingCommands--);
  }

  /**
   * Runs command {@code id} of a connection, queued behind its earlier commands; the answer
   * goes into the acknowledgement (EVENT-BUS.md). The future completes once the command was
   * answered, with every line written to the connection while it ran (the reply, and
   * notifications to this connection meanwhile, in order); it fails with {@link NotTaken} when
   * the command was not run (the connection or the session went). So the sender keeps each
   * command until its answer is in hand: a gateway that dies between taking a command and
   * answering it cannot leave the client without an answer, and the sender resends it
   * ({@code resent}) to the session that takes over.
   */
  public Future<Answer> run(String connectionId, long id, boolean resent, String text) {
    ApiConnection connection = fanOut.get(connectionId);
    if (connection == null) {
      return Future.failedFuture(new NotTaken());
    }
    Promise<Answer> answered = Promise.promise();
    connection.pendingCommands++;
    connection.tail = connection.tail.transform(ignored -> {
      if (lifecycle.closed() || !fanOut.contains(connection.id)) {
        answered.fail(new NotTaken());
        return Future.<Void>succeededFuture();
      }
      List<String> captured = new ArrayList<>();
      connection.captured = captured;
      connection.capturedSends = new JsonArray();
      int level = connection.protocol;
      return execute(connection, text, new CommandKey(connectionId, id), resent).andThen(ar -> {
        JsonArray sends = connection.capturedSends;
        connection.captured = null;
        connection.capturedSends = null;
        answered.complete(new Answer(captured, sends,
            connection.protocol != level ? connection.protocol : 0));
      });
    }).andThen(ar -> connection.pendingCommands--);
    return answered.future();
  }

  /** A command that was not run: its connection or its session is gone. */
  public static final class NotTaken extends RuntimeException {
    public NotTaken() {
      super("connection not attached", null, false, false);
    }
  }

  /** Commands taken but not answered yet, over all connections (a hand-over waits for them). */
  public int pending() {
    int pending = 0;
    for (ApiConnection connection : fanOut.all()) {
      pending += connection.pendingCommands;
    }
    return pending;
  }

  /** Completes once every command taken so far was answered (later ones are not waited for). */
  public Future<Void> answered() {
    List<Future<Void>> tails = fanOut.all().stream().map(connection -> connection.tail).toList();
    return Future.join(tails).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<Void> execute(ApiConnection connection, String text, CommandKey key,
      boolean resent) {
    if (lifecycle.closed() || !fanOut.contains(connection.id)) {
      return Future.succeededFuture();
    }
    if (text.length() > settings.maxLineLength() || text.indexOf('\0') >= 0) {
      // answered from the line's start (for its #id); the connection goes on
      String head = text.substring(0, Math.min(text.length(), 256)).replace('\0', ' ');
      LOG.info("[{}] {}: rejected a line of {} characters", sessionId, connection.id,
          text.length());
      contexts.create(SkypeApiLine.parse(head), connection, key, resent)
          .error(1, "General syntax error");
      return Future.succeededFuture();
    }
    SkypeApiLine line = SkypeApiLine.parse(text);
    if (line.isEmpty()) {
      return Future.succeededFuture(); // an empty command or a lone #id has nothing to answer
    }
    if (LOG.isTraceEnabled()) { // three arguments: an Object[] per command otherwise
      LOG.trace("[{}] {} > {}", sessionId, connection.id, text); // -v: the endpoint logs it
    }
    CommandContext ctx = contexts.create(line, connection, key, resent);
    boolean first = !connection.sawFirstCommand;
    connection.sawFirstCommand = true;
    if (first) {
      fanOut.release(connection); // a login during the attach: its lines come now, as if caused
    }
    if (first && lifecycle.loggedOut()) {
      lifecycle.logIn(); // the first command logs the account in, as in the original
    }
    return lifecycle.settled().transform(ignored -> {
      try {
        return commands.dispatch(ctx);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }).transform(ar -> {
      if (ar.failed()) {
        LOG.error("[{}] command {} failed", sessionId, line.keyword(0), ar.cause());
      }
      if (!ctx.replied()) {
        // never leave a client waiting: every command gets exactly one answer
        ctx.error(9901, "Internal error");
      }
      lifecycle.tellJoined(connection); // after its first answer, as real Skype after NAME
      return Future.succeededFuture();
    });
  }
}
