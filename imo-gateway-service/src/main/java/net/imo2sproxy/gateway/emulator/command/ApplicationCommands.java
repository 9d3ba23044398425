package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;

/**
 * Application-to-application commands, for the one application in use: {@code libpurple_typing}
 * (typing states as datagrams, docs/skype-api-emulation.md §4.14).
 */
public final class ApplicationCommands {

  public static final String TYPING = "libpurple_typing";

  private ApplicationCommands() {
  }

  /** {@code CREATE APPLICATION libpurple_typing}. */
  static Future<Void> create(CommandContext ctx) {
    String object = ctx.keyword(1);
    if (object.isEmpty()) {
      return ctx.error(536, "CREATE: no object or type given");
    }
    if (!"APPLICATION".equals(object)) {
      return ctx.error(537, "CREATE: Unknown object type given");
    }
    if (!TYPING.equals(ctx.arg(2))) {
      return ctx.error(540, "CREATE APPLICATION: Missing or invalid name");
    }
    ctx.connection.typingApplication = true;
    return ctx.reply("CREATE APPLICATION " + TYPING);
  }

  /** {@code DELETE APPLICATION libpurple_typing}. */
  static Future<Void> delete(CommandContext ctx) {
    String object = ctx.keyword(1);
    if (object.isEmpty()) {
      return ctx.error(538, "DELETE: no object or type given");
    }
    if (!"APPLICATION".equals(object)) {
      return ctx.error(539, "DELETE: Unknown object type given");
    }
    if (!TYPING.equals(ctx.arg(2))) {
      return ctx.error(542, "DELETE APPLICATION: Missing or invalid application name");
    }
    ctx.connection.typingApplication = false;
    return ctx.reply("DELETE APPLICATION " + TYPING);
  }

  /** {@code ALTER APPLICATION libpurple_typing CONNECT|DATAGRAM|DISCONNECT|WRITE|READ ...}. */
  static Future<Void> alter(CommandContext ctx) {
    String object = ctx.keyword(1);
    if (object.isEmpty()) {
      return ctx.error(526, "ALTER: no object type given");
    }
    if (!"APPLICATION".equals(object)) {
      return ctx.error(527, "ALTER: unknown object type given");
    }
    String action = ctx.keyword(3);
    if (!TYPING.equals(ctx.arg(2)) || action.isEmpty()) {
      return ctx.error(545, "ALTER: missing or invalid action");
    }
    String prefix = "ALTER APPLICATION " + TYPING + " " + action;
    return switch (action) {
      case "CONNECT" -> {
        String handle = ctx.arg(4);
        if (handle == null || ctx.model.contact(handle) == null) {
          yield ctx.error(547, "ALTER APPLICATION CONNECT: Invalid user handle");
        }
        ctx.reply(prefix + " " + handle);
        // As real Skype: the stream comes up after the echo, as notifications.
        ctx.notifyAsker("APPLICATION " + TYPING + " CONNECTING " + handle);
        ctx.notifyAsker("APPLICATION " + TYPING + " STREAMS " + handle + ":1");
        yield Future.succeededFuture();
      }
      case "DATAGRAM" -> datagram(ctx, prefix);
      case "DISCONNECT", "WRITE", "READ" -> ctx.reply(prefix + " " + ctx.restAfter(3));
      default -> ctx.error(545, "ALTER: missing or invalid action");
    };
  }

  private static Future<Void> datagram(CommandContext ctx, String prefix) {
    String stream = ctx.arg(4);
    int colon = stream == null ? -1 : stream.indexOf(':');
    String handle = colon < 0 ? null : stream.substring(0, colon);
    if (handle == null || ctx.model.contact(handle) == null) {
      return ctx.error(551, "ALTER APPLICATION DATAGRAM: Missing or invalid stream identifier");
    }
    String word = ctx.arg(5);
    if (word == null) {
      return ctx.error(541, "APPLICATION: Operation failed");
    }
    String state = switch (word) {
      case "PURPLE_TYPING" -> "typing";
      case "PURPLE_TYPED" -> "typed";
      case "PURPLE_NOT_TYPING" -> "not_typing";
      default -> null;
    };
    if (state == null) {
      return ctx.reply(prefix + " " + stream); // other datagrams are confirmed and dropped
    }
    return ctx.upstream.imTyping(handle, state)
        .transform(ar -> ar.succeeded()
            ? ctx.reply(prefix + " " + stream)
            : ctx.error(541, "APPLICATION: Operation failed"));
  }
}
