package net.imo2sproxy.gateway.skype;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chat objects: properties of dialogs and group chats, creating and altering group chats,
 * chat member objects (protocol 7), the recent-chats search ({@code skype-api-emulation.md}
 * sections 4.6, 4.12 and 10).
 */
final class ChatCommands {

  private ChatCommands() {
  }

  /** {@code GET CHAT <chat> <property>}. */
  static Future<Void> getChat(CommandContext ctx) {
    AccountSession session = ctx.session;
    String name = ctx.arg(2);
    Chat chat = name == null ? null : session.chats.get(name);
    String partner = chat == null ? session.partnerOfDialog(name) : null;
    if (chat == null && partner == null) {
      return ctx.error(14, "Invalid message id"); // sic, the original's text for unknown chats
    }
    String property = ctx.keyword(3);
    if (property.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    String value = chat != null ? groupProperty(ctx, chat, property)
        : dialogProperty(session, name, partner, property);
    if (value == null) {
      return ctx.error(7, "Invalid property / not implemented");
    }
    return ctx.reply("CHAT " + name + " " + property + " " + value);
  }

  private static String dialogProperty(AccountSession session, String name, String partner,
      String property) {
    Contact contact = session.contact(partner);
    return switch (property) {
      case "NAME" -> name;
      case "STATUS" -> "LEGACY_DIALOG";
      case "TYPE" -> "DIALOG";
      case "ADDER" -> session.ownHandle;
      case "MYROLE" -> "USER";
      case "MYSTATUS" -> "SUBSCRIBED";
      case "MEMBERS", "ACTIVEMEMBERS", "POSTERS" -> session.ownHandle + " " + partner;
      case "FRIENDLYNAME" -> contact == null ? partner : contact.displayName();
      case "TOPIC" -> "";
      default -> null;
    };
  }

  private static String groupProperty(CommandContext ctx, Chat chat, String property) {
    AccountSession session = ctx.session;
    return switch (property) {
      case "NAME" -> chat.name;
      case "STATUS" -> "MULTI_SUBSCRIBED";
      case "TYPE" -> "MULTICHAT";
      case "ADDER" -> session.ownHandle;
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

  /** {@code GET CHATMEMBER <id> <property>} (protocol 7 member objects). */
  static Future<Void> getChatMember(CommandContext ctx) {
    String id = ctx.arg(2);
    Chat owner = null;
    Chat.Member member = null;
    for (Chat chat : ctx.session.chats.values()) {
      for (Chat.Member candidate : chat.members.values()) {
        if (Long.toString(candidate.objectId).equals(id)) {
          owner = chat;
          member = candidate;
        }
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
      case "CHATNAME" -> owner.name;
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

  /**
   * {@code CHAT CREATE [<members>]}: creates the group, waits until imo.im shows it (matched by
   * the name we gave it, Q17), invites the members and answers {@code CHAT <gid>; STATUS
   * MULTI_SUBSCRIBED}.
   */
  static Future<Void> chat(CommandContext ctx) {
    String action = ctx.keyword(1);
    if (action.isEmpty()) {
      return ctx.error(536, "CREATE: no object or type given");
    }
    if (!"CREATE".equals(action)) {
      return ctx.error(503, "CHAT: Invalid or unknown action");
    }
    AccountSession session = ctx.session;
    List<String> members = splitHandles(ctx.restAfter(1));
    for (String member : members) {
      if (session.contact(member) == null && !session.isOwnHandle(member)) {
        return ctx.error(26, "Invalid user handle");
      }
    }
    String groupName = session.newChatCreateName();
    Promise<Chat> created = Promise.promise();
    session.pendingChatCreates.put(groupName, created);
    long timer = ctx.session.vertx().setTimer(session.settings.loginTimeout().toMillis(),
        id -> created.tryFail("the new group did not appear"));
    session.imoCall("im", "create_shared_group",
            new JsonObject().put("is_native", false).put("name", groupName))
        .onFailure(created::tryFail);
    return created.future().transform(ar -> {
      ctx.session.vertx().cancelTimer(timer);
      session.pendingChatCreates.remove(groupName);
      if (ar.failed()) {
        return ctx.error(9903, "imo.im request failed");
      }
      Chat chat = ar.result();
      List<Future<Void>> invites = new ArrayList<>();
      for (String member : members) {
        if (!session.isOwnHandle(member)) {
          invites.add(invite(session, chat, member));
        }
      }
      return Future.join(invites).transform(done ->
          ctx.reply("CHAT " + chat.name + " STATUS MULTI_SUBSCRIBED"));
    });
  }

  private static Future<Void> invite(AccountSession session, Chat chat, String member) {
    return session.imoCall("im", "invite_to_group", new JsonObject().put("gid", chat.gid())
        .put("iproto", "prpl-skype").put("iuid", session.ownHandle).put("ibuid", member));
  }

  /** {@code ALTER CHAT <chat> ADDMEMBERS|KICK|SETTOPIC|LEAVE ...}, echoed when imo.im took it. */
  static Future<Void> alterChat(CommandContext ctx) {
    AccountSession session = ctx.session;
    String name = ctx.arg(2);
    Chat chat = name == null ? null : session.chats.get(name);
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
              ? session.imoCall("im", "kick_member",
                  new JsonObject().put("buid", chat.memberBuid(handle)))
              : invite(session, chat, handle));
        }
        call = Future.all(calls).mapEmpty();
      }
      case "SETTOPIC" -> call = session.imoCall("im", "set_group_topic",
          new JsonObject().put("gid", chat.gid()).put("topic", ctx.restAfter(3)));
      case "LEAVE" -> call = session.imoCall("im", "leave_group",
          new JsonObject().put("gid", chat.gid())); // Q16: no trailing text needed
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
    AccountSession session = ctx.session;
    Set<String> names = new LinkedHashSet<>(session.chats.keySet());
    for (ChatMessage message : session.messages.all()) {
      names.add(session.chatNameOf(message));
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
