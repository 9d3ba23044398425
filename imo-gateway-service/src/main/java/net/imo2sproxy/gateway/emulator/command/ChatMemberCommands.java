package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import java.util.Map;
import net.imo2sproxy.gateway.emulator.model.Chat;

/**
 * Chat member objects (protocol 7, docs/skype-api-emulation.md §4.6): the members of group chats
 * and of dialogs, each with its own number, as {@code GET CHAT <chat> MEMBEROBJECTS} lists them.
 */
final class ChatMemberCommands {

  private ChatMemberCommands() {
  }

  /** The member objects of the dialog with {@code partner}: own member, then the partner. */
  static String dialogMemberObjects(CommandContext ctx, String partner) {
    Chat.Member[] members = ctx.model.dialogMembers(partner);
    return members[0].objectId + ", " + members[1].objectId;
  }

  /** {@code GET CHATMEMBER <id> CHATNAME|IDENTITY|ROLE|IS_ACTIVE}. */
  static Future<Void> getChatMember(CommandContext ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.arg(2) == null ? "" : ctx.arg(2));
    } catch (NumberFormatException invalid) {
      id = -1;
    }
    String chatName = null;
    Chat.Member member = null;
    for (Chat chat : ctx.model.chats.values()) {
      for (Chat.Member candidate : chat.members.values()) {
        if (candidate.objectId == id) {
          chatName = chat.name;
          member = candidate;
        }
      }
    }
    if (member == null) {
      Map.Entry<String, Chat.Member> dialog = ctx.model.dialogMember(id);
      if (dialog != null) {
        chatName = ctx.model.dialogName(dialog.getKey());
        member = dialog.getValue();
      }
    }
    if (member == null || ctx.connection.protocol < 7) {
      return ctx.error(14, "Invalid message id");
    }
    String property = ctx.keyword(3);
    if (property.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    String value = switch (property) {
      case "CHATNAME" -> chatName;
      case "IDENTITY" -> member.handle;
      case "ROLE" -> "USER"; // imo.im groups have no roles
      case "IS_ACTIVE" -> "TRUE";
      default -> null;
    };
    if (value == null) {
      return ctx.error(7, "Invalid property / not implemented");
    }
    return ctx.reply("CHATMEMBER " + member.objectId + " " + property + " " + value);
  }
}
