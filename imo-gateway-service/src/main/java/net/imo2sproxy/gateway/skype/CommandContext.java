package net.imo2sproxy.gateway.skype;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.protocol.skypeapi.SkypeApiLine;

/**
 * One command being executed: the parsed line, the connection that sent it and its reply.
 * Handlers reply exactly once (one or more lines); the reply carries the command's {@code #id}.
 */
final class CommandContext {

  final AccountSession session;
  final ApiConnection connection;
  final SkypeApiLine line;
  private boolean replied;

  CommandContext(AccountSession session, ApiConnection connection, SkypeApiLine line) {
    this.session = session;
    this.connection = connection;
    this.line = line;
  }

  boolean replied() {
    return replied;
  }

  /** Sends the reply lines, each prefixed with the command id; completes the command. */
  Future<Void> reply(String... lines) {
    if (replied) {
      throw new IllegalStateException("command answered twice: " + line.keyword(0));
    }
    replied = true;
    List<String> prefixed = new ArrayList<>(lines.length);
    for (String text : lines) {
      prefixed.add(line.reply(text));
    }
    session.sendReply(connection, prefixed);
    return Future.succeededFuture();
  }

  /**
   * Answers with a message that is not a list of lines (e.g. an avatar, which the endpoint
   * turns into the reply); {@code build} gets the #id-prefixing function. Completes the command.
   */
  Future<Void> answer(java.util.function.Function<java.util.function.UnaryOperator<String>,
      io.vertx.core.json.JsonObject> build) {
    if (replied) {
      throw new IllegalStateException("command answered twice: " + line.keyword(0));
    }
    replied = true;
    session.sendToConnection(connection, build.apply(line::reply));
    return Future.succeededFuture();
  }

  Future<Void> error(int code, String text) {
    return reply("ERROR " + code + " " + text);
  }

  /** Token {@code k} in the client's spelling, or null when absent. */
  String arg(int k) {
    return line.hasToken(k) ? line.token(k) : null;
  }

  /** Token {@code k} upper-cased, {@code ""} when absent. */
  String keyword(int k) {
    return line.keyword(k);
  }

  /** The verbatim rest of the line after token {@code k}, {@code ""} when absent. */
  String restAfter(int k) {
    return line.hasToken(k) ? line.restAfter(k) : "";
  }
}
