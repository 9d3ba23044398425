package net.imo2sproxy.gateway.skype;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** Commands about users: properties of contacts and of the own account, friend lists. */
final class UserCommands {

  private UserCommands() {
  }

  /** {@code GET USER <h> <property>} (section 4.3). */
  static Future<Void> getUser(CommandContext ctx) {
    AccountSession session = ctx.session;
    String handle = ctx.arg(2);
    if (handle == null) {
      return ctx.error(26, "Invalid user handle");
    }
    String property = ctx.keyword(3);
    boolean own = session.isOwnHandle(handle);
    Contact contact = own ? null : session.contact(handle);
    if (!own && contact == null) {
      // Clients ask unknown senders' BUDDYSTATUS and wait for it: 0 = never a contact.
      if ("BUDDYSTATUS".equals(property)) {
        return ctx.reply("USER " + handle + " BUDDYSTATUS 0");
      }
      return ctx.error(26, "Invalid user handle");
    }
    if (property.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    String name = own ? session.ownHandle : contact.handle;
    String alias = own ? session.ownAlias : contact.alias;
    String value = switch (property) {
      case "HANDLE" -> name;
      case "FULLNAME", "DISPLAYNAME" -> alias;
      case "ONLINESTATUS" -> own
          ? (session.isOnline() ? session.ownStatus : SkypeStatus.OFFLINE)
          : SkypeStatus.contactStatus(contact.primitive);
      case "MOOD_TEXT" -> own ? session.ownMood : contact.moodText;
      case "BUDDYSTATUS" -> own ? "3" : Integer.toString(contact.buddyStatus);
      case "ISAUTHORIZED" -> own ? "FALSE" : (contact.authorized ? "TRUE" : "FALSE");
      case "HASCALLEQUIPMENT" -> "TRUE";
      case "SEX" -> "UNKNOWN";
      case "BIRTHDAY" -> "0";
      default -> null;
    };
    if (value == null) {
      return ctx.error(10, "Invalid propery"); // sic: clients may match the original's text
    }
    return ctx.reply("USER " + name + " " + property + " " + value);
  }

  /**
   * {@code SEARCH FRIENDS}: authorised contacts, answered once the first roster after login is
   * known (or after a short timeout with what is known then), never left unanswered.
   */
  static Future<Void> searchFriends(CommandContext ctx) {
    AccountSession session = ctx.session;
    return session.rosterReady().compose(v -> {
      List<String> handles = new ArrayList<>();
      for (Contact contact : session.contacts.values()) {
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
    for (Contact contact : ctx.session.contacts.values()) {
      if (!contact.authorized) {
        handles.add(contact.handle);
      }
    }
    return ctx.reply(list("USERS", handles));
  }

  /** {@code KEYWORD a, b, c}, or {@code KEYWORD } when empty (Q5). */
  static String list(String keyword, List<String> items) {
    return keyword + " " + String.join(", ", items);
  }
}
