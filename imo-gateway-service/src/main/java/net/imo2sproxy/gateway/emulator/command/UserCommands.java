package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.emulator.model.Chat;
import net.imo2sproxy.gateway.emulator.model.Contact;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.gateway.emulator.model.SkypeStatus;
import net.imo2sproxy.protocol.bus.BusMessages;

/** Commands about users: properties of contacts and of the own account, friend lists. */
final class UserCommands {

  private UserCommands() {
  }

  /** {@code GET USER <h> <property>} (docs/skype-api-emulation.md §4.3). */
  static Future<Void> getUser(CommandContext ctx) {
    SessionModel model = ctx.model;
    String handle = ctx.arg(2);
    if (handle == null) {
      return ctx.error(26, "Invalid user handle");
    }
    String property = ctx.keyword(3);
    boolean own = model.isOwnHandle(handle);
    Contact contact = own ? null : model.contact(handle);
    Chat.Member member = own || contact != null ? null : model.member(handle);
    if (!own && contact == null && member == null) {
      // Clients ask unknown senders' BUDDYSTATUS and wait for it: 0 = never a contact.
      if ("BUDDYSTATUS".equals(property)) {
        return ctx.reply("USER " + handle + " BUDDYSTATUS 0");
      }
      return ctx.error(26, "Invalid user handle");
    }
    if (property.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    String name = own ? model.ownHandle : contact != null ? contact.handle : member.handle;
    if ("AVATAR".equals(property)) {
      return avatar(ctx, name);
    }
    String alias = own ? model.ownFullName() : contact != null ? contact.alias : member.alias;
    String primitive = contact != null ? contact.primitive : member != null ? member.primitive
        : null;
    String value = switch (property) {
      case "HANDLE" -> name;
      case "FULLNAME" -> alias;
      case "DISPLAYNAME" -> model.client.displayName(name) != null
          ? model.client.displayName(name) : alias;
      case "ONLINESTATUS" -> own
          ? ctx.connection.userStatus(ctx.session.online() ? model.ownStatus : SkypeStatus.OFFLINE)
          : SkypeStatus.contactStatus(primitive);
      case "MOOD_TEXT", "RICH_MOOD_TEXT" -> own ? model.ownMood
          : contact != null ? contact.moodText : member.moodText;
      case "BUDDYSTATUS" -> own ? "3" : contact != null ? Integer.toString(contact.buddyStatus)
          : "0";
      case "ISAUTHORIZED" -> contact != null && contact.authorized && !contact.temporary
          ? "TRUE" : "FALSE";
      case "ISBLOCKED" -> contact != null && contact.blocked ? "TRUE" : "FALSE";
      case "RECEIVEDAUTHREQUEST" -> contact != null && contact.pendingRequest != null
          ? contact.pendingRequest : null;
      case "HASCALLEQUIPMENT" -> "TRUE";
      case "IS_VIDEO_CAPABLE", "IS_VOICEMAIL_CAPABLE", "CAN_LEAVE_VM", "IS_CF_ACTIVE" -> "FALSE";
      case "SEX" -> "UNKNOWN";
      case "BIRTHDAY", "TIMEZONE", "LASTONLINETIMESTAMP", "NROF_AUTHED_BUDDIES" -> "0";
      // Real Skype answers profile fields nobody filled in with an empty value.
      case "COUNTRY", "PROVINCE", "CITY", "PHONE_HOME", "PHONE_OFFICE", "PHONE_MOBILE",
          "HOMEPAGE", "ABOUT", "LANGUAGE", "ALIASES", "SPEEDDIALS" -> "";
      default -> null;
    };
    if (value == null) {
      return ctx.error(10, "Invalid propery"); // sic: clients may match the original's text
    }
    return ctx.reply("USER " + name + " " + property + " " + value);
  }

  /**
   * {@code GET USER <h> AVATAR 1 <path>} (docs/skype-api-emulation.md §4.3): downloads the picture
   * by the user's avatar id and hands it to the endpoint, which alone can put it where the client
   * reads it (data slots or its avatar directory, EVENT-BUS.md "Avatar"); the endpoint writes the
   * reply.
   */
  private static Future<Void> avatar(CommandContext ctx, String name) {
    if (!"1".equals(ctx.arg(4))) {
      return ctx.error(116, "GET invalid ID");
    }
    String path = ctx.restAfter(4);
    if (path.isEmpty()) {
      return ctx.error(7, "GET: invalid WHAT");
    }
    SessionModel model = ctx.model;
    String icon = model.avatarIcon(name);
    if (icon == null && model.isOwnHandle(name)) {
      icon = model.avatarIcon(model.username());
    }
    if (icon == null) {
      return ctx.error(122, "GET Unable to load avatar");
    }
    return ctx.upstream.fetchAvatar(icon).transform(ar -> {
      if (ar.failed() || ar.result() == null || ar.result().length() == 0) {
        return ctx.error(122, "GET Unable to load avatar");
      }
      byte[] jpeg = ar.result().getBytes();
      return ctx.answer(prefix -> BusMessages.avatar(path, jpeg,
          prefix.apply("USER " + name + " AVATAR 1 " + path),
          prefix.apply("ERROR 122 GET Unable to load avatar")));
    });
  }

  /**
   * {@code SET USER <h> BUDDYSTATUS|ISAUTHORIZED|ISBLOCKED <value>}
   * (docs/skype-api-emulation.md §4.8).
   */
  static Future<Void> setUser(CommandContext ctx) {
    SessionModel model = ctx.model;
    String handle = ctx.arg(2);
    if (handle == null || model.isOwnHandle(handle)) {
      return ctx.error(26, "Invalid user handle");
    }
    String property = ctx.keyword(3);
    if (property.isEmpty()) {
      return ctx.error(7, "Invalid property");
    }
    Contact contact = model.contact(handle);
    if ("BUDDYSTATUS".equals(property)) {
      return setBuddyStatus(ctx, handle, contact);
    }
    if ("DISPLAYNAME".equals(property)) {
      return ProfileCommands.setDisplayName(ctx, contact);
    }
    if (!"ISAUTHORIZED".equals(property) && !"ISBLOCKED".equals(property)) {
      return ctx.error(7, "Not implemented");
    }
    if (contact == null) {
      return ctx.error(26, "Invalid user handle");
    }
    String value = ctx.keyword(4);
    if (!"TRUE".equals(value) && !"FALSE".equals(value)) {
      return ctx.error(7, "Invalid property");
    }
    boolean on = "TRUE".equals(value);
    UpstreamCalls upstream = ctx.upstream;
    Future<Void> call;
    if ("ISAUTHORIZED".equals(property)) {
      call = on ? upstream.authAdd(contact.handle) : upstream.authDeny(contact.handle);
    } else {
      call = !on ? upstream.unblockBuddy(contact.handle)
          : contact.authorized ? upstream.blockBuddy(contact.handle)
          : upstream.authBlock(contact.handle);
    }
    return call.transform(ar -> {
          if (ar.failed()) {
            return ctx.error(9903, "imo.im request failed");
          }
          if ("ISAUTHORIZED".equals(property)) {
            contact.pendingRequest = null;
            contact.authorized = on;
            if (!on && contact.buddyStatus != Contact.FRIEND) {
              model.contacts.remove(contact.handle);
            }
          } else {
            contact.blocked = on;
            if (on && !contact.authorized) {
              model.contacts.remove(contact.handle);
            }
          }
          return ctx.reply("USER " + contact.handle + " " + property + " " + value);
        });
  }

  private static Future<Void> setBuddyStatus(CommandContext ctx, String handle,
      Contact contact) {
    SessionModel model = ctx.model;
    int wanted;
    try {
      wanted = Integer.parseInt(ctx.arg(4) == null ? "-1" : ctx.arg(4));
    } catch (NumberFormatException invalid) {
      wanted = -1;
    }
    if (contact == null && wanted < 2) {
      return ctx.error(26, "Invalid user handle");
    }
    if (wanted == 1) {
      if (contact.buddyStatus == Contact.DELETED) {
        return ctx.reply("USER " + contact.handle + " BUDDYSTATUS 1");
      }
      if (contact.temporary) {
        // never on the imo.im roster: nothing to delete there
        model.contacts.remove(contact.handle);
        return ctx.reply("USER " + contact.handle + " BUDDYSTATUS 1");
      }
      // docs/skype-api-emulation.md §13, Q18
      String group = contact.group != null ? contact.group : "Skype";
      return ctx.upstream.delBuddy(contact.handle, group)
          .transform(ar -> {
            if (ar.succeeded()) {
              contact.buddyStatus = Contact.DELETED;
            }
            return ctx.reply("USER " + contact.handle + " BUDDYSTATUS " + contact.buddyStatus);
          });
    }
    if (wanted == 2 || wanted == 3) {
      if (contact != null && contact.buddyStatus == Contact.FRIEND) {
        return ctx.reply("USER " + contact.handle + " BUDDYSTATUS 3");
      }
      Contact entry = contact != null ? contact : model.contacts.computeIfAbsent(handle, h -> {
        Contact created = new Contact(h);
        created.temporary = true;
        return created;
      });
      entry.buddyStatus = Contact.PENDING;
      int reported = wanted;
      return ctx.upstream.addBuddy(handle)
          .transform(ar -> ar.succeeded()
              // Real Skype confirms at once; buddy_added later makes it 3 (BUDDYSTATUS 3 push).
              ? ctx.reply("USER " + handle + " BUDDYSTATUS " + Math.min(reported, 2))
              : ctx.error(9903, "imo.im request failed"));
    }
    return ctx.error(518, "Invalid status given for BUDDYSTATUS");
  }

  /**
   * {@code SEARCH USERS <target>}: imo.im cannot search, so the target is echoed and kept as a
   * temporary entry (outside SEARCH FRIENDS, docs/skype-api-emulation.md §13, Q23) so that GET/SET
   * USER work on it.
   */
  static Future<Void> searchUsers(CommandContext ctx) {
    SessionModel model = ctx.model;
    String target = ctx.restAfter(1).trim();
    if (target.isEmpty()) {
      return ctx.error(4, "Empty target not allowed");
    }
    if (!target.contains(" ") && !target.contains(",") && !model.isOwnHandle(target)
        && model.contact(target) == null) {
      Contact entry = new Contact(target);
      entry.temporary = true;
      entry.buddyStatus = Contact.PENDING;
      entry.alias = target;
      model.contacts.put(target, entry);
      ctx.session.expireTemporary(entry);
    }
    return ctx.reply("USERS " + target);
  }

  /**
   * {@code SEARCH FRIENDS}: authorised contacts, answered once the first roster after login is
   * known (or after a short timeout with what is known then), never left unanswered.
   */
  static Future<Void> searchFriends(CommandContext ctx) {
    return ctx.session.rosterReady().compose(v -> {
      List<String> handles = new ArrayList<>();
      for (Contact contact : ctx.model.contacts.values()) {
        if (contact.buddyStatus == Contact.FRIEND && contact.authorized) {
          handles.add(contact.handle);
        }
      }
      return ctx.reply(list("USERS", handles));
    });
  }

  /** {@code SEARCH USERSWAITINGMYAUTHORIZATION}: users whose request is pending. */
  static Future<Void> searchWaitingAuthorization(CommandContext ctx) {
    List<String> handles = new ArrayList<>();
    for (Contact contact : ctx.model.contacts.values()) {
      if (contact.pendingRequest != null && !contact.authorized) {
        handles.add(contact.handle);
      }
    }
    return ctx.reply(list("USERS", handles));
  }

  /**
   * {@code KEYWORD a, b, c}, or {@code KEYWORD } when empty (docs/skype-api-emulation.md §13, Q5).
   */
  static String list(String keyword, List<String> items) {
    return keyword + " " + String.join(", ", items);
  }
}
