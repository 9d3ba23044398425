package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.CommandKey;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.skypeapi.SkypeApiLine;

/**
 * One command being executed and all a handler may use: the parsed line, the asking
 * connection and its output, the session's model, the upstream calls and the session controls.
 * Handlers reply exactly once (one or more lines); the reply carries the command's {@code #id}.
 */
public final class CommandContext {

  public final SkypeApiLine line;
  public final ApiConnection connection;
  public final SessionModel model;
  public final UpstreamCalls upstream;
  public final SessionControl session;
  public final SessionSettings settings;
  /** The connection's number for this command; null for a command without one (tests). */
  public final CommandKey key;
  /** Sent again after a failover: the lost session may have run it (EVENT-BUS.md). */
  public final boolean resent;
  private final CommandOutput output;
  private boolean replied;

  public CommandContext(SkypeApiLine line, ApiConnection connection, SessionModel model,
      UpstreamCalls upstream, SessionControl session, SessionSettings settings,
      CommandOutput output) {
    this(line, connection, null, false, model, upstream, session, settings, output);
  }

  public CommandContext(SkypeApiLine line, ApiConnection connection, CommandKey key,
      boolean resent, SessionModel model, UpstreamCalls upstream, SessionControl session,
      SessionSettings settings, CommandOutput output) {
    this.key = key;
    this.resent = resent;
    this.line = line;
    this.connection = connection;
    this.model = model;
    this.upstream = upstream;
    this.session = session;
    this.settings = settings;
    this.output = output;
  }

  public boolean replied() {
    return replied;
  }

  /** Sends the reply lines, each prefixed with the command id; completes the command. */
  public Future<Void> reply(String... lines) {
    markReplied();
    List<String> prefixed = new ArrayList<>(lines.length);
    for (String text : lines) {
      prefixed.add(line.reply(text));
    }
    output.reply(connection, prefixed);
    return Future.succeededFuture();
  }

  /**
   * Replies with the status of an own message ({@code <keyword> <n> STATUS <s>}), reported
   * in structured form too so that the endpoint knows the sends still SENDING.
   */
  public Future<Void> replySendStatus(ChatMessage message) {
    return replySendStatus(message, message.status);
  }

  /** {@link #replySendStatus(ChatMessage)} with {@code status} instead of the current one. */
  public Future<Void> replySendStatus(ChatMessage message, ChatMessage.Status status) {
    markReplied();
    output.reply(connection, List.of(line.reply(connection.messageKeyword() + " " + message.id
            + " STATUS " + status)),
        new JsonArray().add(BusMessages.sendStatus(message.id, status.name())));
    return Future.succeededFuture();
  }

  /**
   * Answers with a message that is not a list of lines (e.g. an avatar, which the endpoint
   * turns into the reply); {@code build} gets the #id-prefixing function. Completes the command.
   */
  public Future<Void> answer(Function<UnaryOperator<String>, JsonObject> build) {
    markReplied();
    output.answer(connection, build.apply(line::reply));
    return Future.succeededFuture();
  }

  /**
   * For a command that must not run twice: when it is a resend of one this session (or the
   * one it took over from) answered, replies what it replied then and returns true.
   */
  public boolean answeredFromRecord() {
    List<String> recorded = resent && key != null ? model.answered.get(key) : null;
    if (recorded == null) {
      return false;
    }
    reply(recorded.toArray(String[]::new));
    return true;
  }

  /** Replies {@code text} and records it for a resend of this command. */
  public Future<Void> replyRecorded(String text) {
    if (key != null) {
      model.answered.record(key, List.of(text));
      model.changed();
    }
    return reply(text);
  }

  public Future<Void> error(int code, String text) {
    return reply("ERROR " + code + " " + text);
  }

  /** A notification to the asker alone (after or instead of its reply). */
  public void notifyAsker(String text) {
    output.notify(connection, text);
  }

  /** The status of own message {@code message} to the asker alone. */
  public void notifyAskerOfStatus(ChatMessage message) {
    output.notifySendStatus(connection, message.id, message.status.name());
  }

  /** A notification to every other connection of the session, rendered for each. */
  public void notifyOthers(Function<ApiConnection, String> render) {
    output.notifyAll(c -> c == connection ? null : render.apply(c));
  }

  /** One notification to every connection of the session, the asker included. */
  public void notifyEveryone(String text) {
    output.notifyAll(c -> text);
  }

  /** Token {@code k} in the client's spelling, or null when absent. */
  public String arg(int k) {
    return line.hasToken(k) ? line.token(k) : null;
  }

  /** Token {@code k} upper-cased, {@code ""} when absent. */
  public String keyword(int k) {
    return line.keyword(k);
  }

  /** The verbatim rest of the line after token {@code k}, {@code ""} when absent. */
  public String restAfter(int k) {
    return line.hasToken(k) ? line.restAfter(k) : "";
  }

  private void markReplied() {
    if (replied) {
      throw new IllegalStateException("command answered twice: " + line.keyword(0));
    }
    replied = true;
  }
}
