package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.emulator.model.Chat;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.SessionModel;

/** Commands about messages and chats: sending, message properties, chat properties. */
final class MessageCommands {

  private MessageCommands() {
  }

  /**
   * {@code MESSAGE <target> <text>} and {@code CHATMESSAGE <target> <text>}: the target is a
   * contact handle or a dialog name we issued (docs/skype-api-emulation.md §13, Q9). Replies
   * SENDING as soon as the message is stored (and, in a cluster, saved), without waiting for
   * imo.im, as real Skype did; SENT or FAILED follows as a notification (FAILED as the reply
   * only when there is no upstream session to send it with).
   *
   * <p>Resent after a failover (EVENT-BUS.md): when this session knows the message the
   * command sent (by its command key, kept in the saved state), the command is answered from
   * that record, SENDING and then the status it has now if that differs and this session has
   * not announced it to the asker already, and the message is not sent again. A message it does not know was never sent (it is saved before
   * {@code send_im} goes out): the command runs.
   */
  static Future<Void> send(CommandContext ctx) {
    SessionModel model = ctx.model;
    ChatMessage sent = ctx.resent && ctx.key != null ? model.messages.byCommandKey(ctx.key)
        : null;
    if (sent != null) {
      ctx.replySendStatus(sent, ChatMessage.Status.SENDING); // the reply the first run gave
      boolean told = ctx.connection.attachOrder <= sent.statusToldUpTo;
      // an announcement waiting for its save will reach the asker: not told here as well
      if (sent.status != ChatMessage.Status.SENDING && !told && sent.announcementsPending == 0) {
        ctx.notifyAskerOfStatus(sent);
      }
      return Future.succeededFuture();
    }
    String target = ctx.arg(1);
    String partner = target == null ? null : model.partnerOfDialog(target);
    if (partner == null) {
      partner = target;
    }
    if (partner == null
        || (model.contact(partner) == null && !model.chats.containsKey(partner))) {
      return ctx.error(26, "Invalid user handle");
    }
    String text = ctx.restAfter(1);
    if (text.isEmpty()) {
      return ctx.error(43, "Cannot send empty message");
    }
    // SENDING while its send_im is under way, even if the session ended meanwhile: the
    // outcome follows as a notification
    return ctx.session.send(partner, text, ctx.key).compose(message -> ctx.replySendStatus(
        message, message.sendInFlight ? ChatMessage.Status.SENDING : message.status));
  }

  /** {@code GET MESSAGE|CHATMESSAGE <n> <property>} (docs/skype-api-emulation.md §4.5, §9.3). */
  static Future<Void> getMessage(CommandContext ctx) {
    String keyword = ctx.keyword(1);
    ChatMessage message = lookup(ctx);
    if (message == null) {
      return ctx.error(14, "Invalid message id");
    }
    String property = ctx.keyword(3);
    if (property.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    String value = switch (property) {
      case "TIMESTAMP" -> Long.toString(message.timestamp);
      case "FROM_HANDLE" -> message.from;
      case "PARTNER_HANDLE" -> ctx.connection.protocol < 3 && message.outgoing
          ? message.partner : message.from;
      case "FROM_DISPNAME", "PARTNER_DISPNAME" -> message.fromDisplayName;
      case "TYPE" -> ctx.connection.messageType(message.type);
      case "STATUS" -> message.status.name();
      case "FAILUREREASON" -> Integer.toString(message.failureReason);
      case "BODY" -> message.body;
      case "CHATNAME" -> ctx.model.chatNameOf(message);
      case "USERS" -> message.users != null ? message.users : Chat.userOf(message.partner);
      case "EDITED_BY", "EDITED_TIMESTAMP" -> "";
      case "LEAVEREASON" -> ""; // nobody left with a reason: imo.im reports none
      case "IS_EDITABLE" -> "FALSE";
      case "ROLE" -> "USER";
      default -> null;
    };
    if (value == null) {
      return ctx.error(10, "Invalid property / not implemented");
    }
    return ctx.reply(keyword + " " + message.id + " " + property + " " + value);
  }

  /** {@code SET MESSAGE|CHATMESSAGE <n> SEEN}: the entry becomes READ. */
  static Future<Void> setMessage(CommandContext ctx) {
    ChatMessage message = lookup(ctx);
    if (message == null) {
      return ctx.error(14, "Invalid message id");
    }
    String property = ctx.keyword(3);
    if (property.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    if (!"SEEN".equals(property)) {
      return ctx.error(10, "Invalid property / not implemented");
    }
    message.status = ChatMessage.Status.READ;
    ctx.model.changed(); // no longer unread: leaves the persisted state
    return ctx.reply(ctx.keyword(1) + " " + message.id + " STATUS READ");
  }

  /** {@code SEARCH MISSEDMESSAGES}: received, unread entries, oldest first. */
  static Future<Void> searchMissedMessages(CommandContext ctx) {
    return ctx.reply(UserCommands.list("MESSAGES", missed(ctx)));
  }

  /**
   * {@code SEARCH MISSEDCHATMESSAGES} (docs/skype-api-emulation.md §13, Q10: the Miranda plugin
   * sends exactly this).
   */
  static Future<Void> searchMissedChatMessages(CommandContext ctx) {
    return ctx.reply(UserCommands.list("CHATMESSAGES", missed(ctx)));
  }

  private static List<String> missed(CommandContext ctx) {
    List<String> ids = new ArrayList<>();
    for (ChatMessage message : ctx.model.messages.withStatus(ChatMessage.Status.RECEIVED)) {
      ids.add(Long.toString(message.id));
    }
    return ids;
  }

  private static ChatMessage lookup(CommandContext ctx) {
    String number = ctx.arg(2);
    if (number == null) {
      return null;
    }
    try {
      return ctx.model.messages.get(Long.parseLong(number));
    } catch (NumberFormatException invalid) {
      return null;
    }
  }
}
