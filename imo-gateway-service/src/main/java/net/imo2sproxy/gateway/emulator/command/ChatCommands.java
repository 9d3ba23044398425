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
      case "NAME" -> model.dialogName(partner);
      case "STATUS" -> "DIALOG"; // real Skype's word (the original imo2sproxy: LEGACY_DIALOG)
      case "TYPE" -> "DIALOG";
      case "DIALOG_PARTNER" -> partner;
      case "ADDER" -> ""; // nobody added us to a dialog
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
      case "ADDER" -> adder(ctx.model, chat);
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

  /** Who added us: the inviter of our own member entry; empty for a chat we created. */
  private static String adder(SessionModel model, Chat chat) {
    for (Chat.Member member : chat.members.values()) {
      if (model.isOwnHandle(member.handle) && member.inviter != null) {
        String inviter = Chat.userOf(member.inviter);
        return model.isOwnHandle(inviter) ? "" : inviter;
      }
    }
    return "";
  }

  private static String memberObjects(Chat chat) {
    List<String> ids = new ArrayList<>();
    chat.members.values().forEach(member -> ids.add(Long.toString(member.objectId)));
    return String.join(", ", ids);
  }

  /**
   * {@code CHAT CREATE [<members>]}. With one handle besides our own it is the dialog with that
   * contact, the chat {@code MESSAGE <handle>} uses, answered at once with
   * {@code CHAT <dialog> STATUS DIALOG} as real Skype did (Skype4Py's SendMessage depends on it).
   * Otherwise it creates a group, waits until imo.im shows it (matched by the name we gave it,
   * docs/skype-api-emulation.md §13, Q17), invites the members and answers
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
    List<String> members = otherMembers(ctx.model, splitHandles(ctx.restAfter(1)));
    if (members == null) {
      return ctx.error(26, "Invalid user handle");
    }
    if (members.size() == 1) {
      return ctx.replyRecorded("CHAT " + ctx.model.dialogName(members.get(0)) + " STATUS DIALOG");
    }
    return createGroup(ctx, members).transform(ar -> ar.failed()
        ? ctx.error(9903, "imo.im request failed")
        : ctx.replyRecorded("CHAT " + ar.result().name + " STATUS MULTI_SUBSCRIBED"));
  }

  /**
   * The contacts of a member list without our own handle and repeats, in the contacts' own
   * spelling; null when one is neither a contact nor our own handle.
   */
  private static List<String> otherMembers(SessionModel model, List<String> handles) {
    Set<String> others = new LinkedHashSet<>();
    for (String handle : handles) {
      Contact contact = model.contact(handle);
      if (contact != null && !model.isOwnHandle(handle)) {
        others.add(contact.handle);
      } else if (!model.isOwnHandle(handle)) {
        return null;
      }
    }
    return new ArrayList<>(others);
  }

  /** Creates a group, waits until imo.im shows it, then invites {@code members}. */
  private static Future<Chat> createGroup(CommandContext ctx, List<String> members) {
    String groupName = ctx.model.newChatCreateName();
    Promise<Chat> created = ctx.session.expectNewChat(groupName);
    ctx.upstream.createSharedGroup(groupName).onFailure(created::tryFail);
    return created.future().compose(chat -> {
      List<Future<Void>> invites = new ArrayList<>();
      for (String member : members) {
        invites.add(invite(ctx, chat, member));
      }
      // an invitation imo.im refused shows as a member who never joins, as before
      return Future.join(invites).transform(done -> Future.succeededFuture(chat));
    });
  }

  private static Future<Void> invite(CommandContext ctx, Chat chat, String member) {
    return ctx.upstream.inviteToGroup(chat.gid(), ctx.model.ownHandle, member);
  }

  /**
   * {@code ALTER CHAT <chat> ADDMEMBERS|KICK|SETTOPIC|LEAVE ...}, answered
   * {@code ALTER CHAT <action>} (real Skype's form, without the chat name; Skype4Py waits for
   * exactly it) when imo.im took it.
   */
  static Future<Void> alterChat(CommandContext ctx) {
    String name = ctx.arg(2);
    Chat chat = name == null ? null : ctx.model.chats.get(name);
    String action = ctx.keyword(3);
    if (chat == null) {
      String partner = ctx.model.partnerOfDialog(name);
      if (partner != null && ctx.model.contact(partner) != null && "ADDMEMBERS".equals(action)) {
        return groupFromDialog(ctx, partner);
      }
      return ctx.error(14, "Invalid message id");
    }
    Future<Void> call;
    switch (action) {
      case "ADDMEMBERS", "KICK" -> {
        List<String> handles = splitHandles(ctx.restAfter(3));
        if (handles.isEmpty()) {
          return ctx.error(26, "Invalid user handle");
        }
        List<Future<Void>> calls = new ArrayList<>();
        for (String handle : handles) {
          if ("KICK".equals(action)) {
            chat.kicksAsked.add(handle); // its echo from imo.im is no message from someone else
            calls.add(ctx.upstream.kickMember(chat.memberBuid(handle))
                .onFailure(e -> chat.kicksAsked.remove(handle)));
          } else {
            calls.add(invite(ctx, chat, handle));
          }
        }
        call = Future.all(calls).mapEmpty();
      }
      case "SETTOPIC" -> {
        String topic = ctx.restAfter(3);
        chat.topicAsked = topic; // its echo from imo.im is no message from someone else
        call = ctx.upstream.setGroupTopic(chat.gid(), topic)
            .onFailure(e -> chat.topicAsked = null);
      }
      // docs/skype-api-emulation.md §13, Q16: no trailing text
      case "LEAVE" -> call = ctx.upstream.leaveGroup(chat.gid());
      default -> {
        return ctx.error(503, "CHAT: Invalid or unknown action");
      }
    }
    return call.transform(ar -> ar.succeeded()
        ? ctx.reply("ALTER CHAT " + action)
        : ctx.error(9903, "imo.im request failed"));
  }

  /**
   * {@code ALTER CHAT <dialog> ADDMEMBERS <h>, ...}: real Skype turned the dialog into a group
   * chat of the same name; imo.im cannot, so a new group with the partner and the new members
   * takes its place (docs/skype-api-emulation.md §4.12). Answered {@code ALTER CHAT ADDMEMBERS},
   * then {@code CHAT <gid>; STATUS MULTI_SUBSCRIBED} tells the group's name.
   */
  private static Future<Void> groupFromDialog(CommandContext ctx, String partner) {
    if (ctx.answeredFromRecord()) {
      return Future.succeededFuture();
    }
    List<String> added = splitHandles(ctx.restAfter(3));
    List<String> members = otherMembers(ctx.model, added);
    if (added.isEmpty() || members == null) {
      return ctx.error(26, "Invalid user handle");
    }
    members.add(0, partner);
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(members));
    return createGroup(ctx, distinct).transform(ar -> {
      if (ar.failed()) {
        return ctx.error(9903, "imo.im request failed");
      }
      Future<Void> replied = ctx.replyRecorded("ALTER CHAT ADDMEMBERS");
      ctx.notifyEveryone("CHAT " + ar.result().name + " STATUS MULTI_SUBSCRIBED");
      return replied;
    });
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
