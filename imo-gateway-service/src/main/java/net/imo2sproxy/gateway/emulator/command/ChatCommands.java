package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.imo2sproxy.gateway.emulator.model.Chat;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.Contact;
import net.imo2sproxy.gateway.emulator.model.SessionModel;

/**
 * Chat objects: properties of dialogs and group chats, creating and altering group chats,
 * chat member objects (protocol 7), the recent-chats search (docs/skype-api-emulation.md
 * §4.6, §4.12 and §10).
 */
final class ChatCommands {

  private ChatCommands() {
  }

  /** {@code GET CHAT <chat> <property>}. */
  static Future<Void> getChat(CommandContext ctx) {
    SessionModel model = ctx.model;
    String name = ctx.arg(2);
    Chat chat = name == null ? null : model.chats.get(name);
    String partner = chat == null ? model.partnerOfDialog(name) : null;
    if (chat == null && partner == null) {
      return ctx.error(14, "Invalid message id"); // sic, the original's text for unknown chats
    }
    String property = ctx.keyword(3);
    if (property.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    String value = chat != null ? groupProperty(ctx, chat, property)
        : "MEMBEROBJECTS".equals(property) && ctx.connection.protocol >= 7
        ? ChatMemberCommands.dialogMemberObjects(ctx, partner)
        : dialogProperty(model, name, partner, property);
    if (value == null) {
      return ctx.error(7, "Invalid property / not implemented");
    }
    return ctx.reply("CHAT " + name + " " + property + " " + value);
  }

  private static String dialogProperty(SessionModel model, String name, String partner,
      String property) {
    Contact contact = model.contact(partner);
    return switch (property) {
      case "NAME" -> name;
      case "STATUS" -> "LEGACY_DIALOG";
      case "TYPE" -> "DIALOG";
      case "ADDER" -> model.ownHandle;
      case "MYROLE" -> "USER";
      case "MYSTATUS" -> "SUBSCRIBED";
      case "MEMBERS", "ACTIVEMEMBERS", "POSTERS" -> model.ownHandle + " " + partner;
      case "FRIENDLYNAME" -> contact == null ? partner : contact.displayName();
      case "TOPIC" -> "";
      default -> null;
    };
  }

  private static String groupProperty(CommandContext ctx, Chat chat, String property) {
    return switch (property) {
      case "NAME" -> chat.name;
      case "STATUS" -> "MULTI_SUBSCRIBED";
      case "TYPE" -> "MULTICHAT";
      case "ADDER" -> ctx.model.ownHandle;
      case "MYROLE" -> "USER";
      case "MYSTATUS" -> "SUBSCRIBED";
      case "TIMESTAMP" -> Long.toString(chat.created);
      case "TOPIC" -> chat.topic;
      case "FRIENDLYNAME" -> chat.friendlyName();
      case "MEMBERS", "ACTIVEMEMBERS", "POSTERS" -> String.join(" ", chat.memberHandles());
      case "MEMBEROBJECTS" -> ctx.connection.protocol >= 7 ? memberObjects(chat) : null;
      default -> null;
    };
  }

  private static String memberObjects(Chat chat) {
    List<String> ids = new ArrayList<>();
    chat.members.values().forEach(member -> ids.add(Long.toString(member.objectId)));
    return String.join(", ", ids);
  }

  /**
   * {@code CHAT CREATE [<members>]}: creates the group, waits until imo.im shows it (matched by
   * the name we gave it, docs/skype-api-emulation.md §13, Q17), invites the members and answers
   * {@code CHAT <gid>; STATUS MULTI_SUBSCRIBED}. Resent after a failover, a creation already
   * answered is answered from the record: a second run would create a second group.
   */
  static Future<Void> chat(CommandContext ctx) {
    if (ctx.answeredFromRecord()) {
      return Future.succeededFuture();
    }
    String action = ctx.keyword(1);
    if (action.isEmpty()) {
      return ctx.error(536, "CREATE: no object or type given");
    }
    if (!"CREATE".equals(action)) {
      return ctx.error(503, "CHAT: Invalid or unknown action");
    }
    SessionModel model = ctx.model;
    List<String> members = splitHandles(ctx.restAfter(1));
    for (String member : members) {
      if (model.contact(member) == null && !model.isOwnHandle(member)) {
        return ctx.error(26, "Invalid user handle");
      }
    }
    String groupName = model.newChatCreateName();
    Promise<Chat> created = ctx.session.expectNewChat(groupName);
    ctx.upstream.createSharedGroup(groupName).onFailure(created::tryFail);
    return created.future().transform(ar -> {
      if (ar.failed()) {
        return ctx.error(9903, "imo.im request failed");
      }
      Chat chat = ar.result();
      List<Future<Void>> invites = new ArrayList<>();
      for (String member : members) {
        if (!model.isOwnHandle(member)) {
          invites.add(invite(ctx, chat, member));
        }
      }
      return Future.join(invites).transform(done ->
          ctx.replyRecorded("CHAT " + chat.name + " STATUS MULTI_SUBSCRIBED"));
    });
  }

  private static Future<Void> invite(CommandContext ctx, Chat chat, String member) {
    return ctx.upstream.inviteToGroup(chat.gid(), ctx.model.ownHandle, member);
  }

  /** {@code ALTER CHAT <chat> ADDMEMBERS|KICK|SETTOPIC|LEAVE ...}, echoed when imo.im took it. */
  static Future<Void> alterChat(CommandContext ctx) {
    String name = ctx.arg(2);
    Chat chat = name == null ? null : ctx.model.chats.get(name);
    if (chat == null) {
      return ctx.error(14, "Invalid message id");
    }
    String action = ctx.keyword(3);
    Future<Void> call;
    switch (action) {
      case "ADDMEMBERS", "KICK" -> {
        List<String> handles = splitHandles(ctx.restAfter(3));
        if (handles.isEmpty()) {
          return ctx.error(26, "Invalid user handle");
        }
        List<Future<Void>> calls = new ArrayList<>();
        for (String handle : handles) {
          calls.add("KICK".equals(action)
              ? ctx.upstream.kickMember(chat.memberBuid(handle))
              : invite(ctx, chat, handle));
        }
        call = Future.all(calls).mapEmpty();
      }
      case "SETTOPIC" -> call = ctx.upstream.setGroupTopic(chat.gid(), ctx.restAfter(3));
      // docs/skype-api-emulation.md §13, Q16: no trailing text
      case "LEAVE" -> call = ctx.upstream.leaveGroup(chat.gid());
      default -> {
        return ctx.error(503, "CHAT: Invalid or unknown action");
      }
    }
    return call.transform(ar -> ar.succeeded()
        ? ctx.reply("ALTER CHAT " + chat.name + " " + action)
        : ctx.error(9903, "imo.im request failed"));
  }

  /** {@code SEARCH RECENTCHATS} / {@code SEARCH CHATS}: the group chats, then open dialogs. */
  static Future<Void> searchChats(CommandContext ctx) {
    SessionModel model = ctx.model;
    Set<String> names = new LinkedHashSet<>(model.chats.keySet());
    for (ChatMessage message : model.messages.all()) {
      names.add(model.chatNameOf(message));
    }
    return ctx.reply(UserCommands.list("CHATS", new ArrayList<>(names)));
  }

  /** A member list as clients write it: handles separated by commas and/or spaces. */
  static List<String> splitHandles(String text) {
    List<String> handles = new ArrayList<>();
    for (String part : text.split("[,\\s]+")) {
      if (!part.isEmpty()) {
        handles.add(part);
      }
    }
    return handles;
  }
}
