package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;

/**
 * The chat searches real Skype answered besides RECENTCHATS (bitlbee sends them to join chats
 * on start-up, docs/skype-api-emulation.md §4.2): what imo.im has no notion of (bookmarks) is
 * an empty list.
 */
final class ChatSearchCommands {

  private ChatSearchCommands() {
  }

  /** {@code SEARCH ACTIVECHATS}: the group chats the account is in. */
  static Future<Void> searchActiveChats(CommandContext ctx) {
    return ctx.reply(UserCommands.list("CHATS", new ArrayList<>(ctx.model.chats.keySet())));
  }

  /** {@code SEARCH MISSEDCHATS}: the chats with received messages not yet marked seen. */
  static Future<Void> searchMissedChats(CommandContext ctx) {
    Set<String> names = new LinkedHashSet<>();
    for (ChatMessage message : ctx.model.messages.withStatus(ChatMessage.Status.RECEIVED)) {
      names.add(ctx.model.chatNameOf(message));
    }
    return ctx.reply(UserCommands.list("CHATS", new ArrayList<>(names)));
  }

  /** {@code SEARCH BOOKMARKEDCHATS}: imo.im has no bookmarks. */
  static Future<Void> searchBookmarkedChats(CommandContext ctx) {
    return ctx.reply("CHATS ");
  }
}
