package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.emulator.model.Contact;
import net.imo2sproxy.gateway.emulator.model.CustomGroup;
import net.imo2sproxy.gateway.emulator.model.Groups;
import net.imo2sproxy.gateway.emulator.model.HardwiredGroup;
import net.imo2sproxy.gateway.emulator.model.SessionModel;

/**
 * GROUP objects (docs/skype-api-emulation.md §4.16): SEARCH GROUPS, GET / SET / CREATE /
 * DELETE / ALTER GROUP. Hardwired groups are views of the contact list; custom groups are
 * imo.im's roster groups and groups made here. imo.im cannot move a contact between groups:
 * changes are kept in the session (and its saved state), not sent to imo.im.
 */
final class GroupCommands {


  private GroupCommands() {
  }

  /** {@code SEARCH GROUPS [ALL|HARDWIRED|CUSTOM]}: once the roster is known, like FRIENDS. */
  static Future<Void> searchGroups(CommandContext ctx) {
    String type = ctx.keyword(2);
    if (!type.isEmpty() && !"ALL".equals(type) && !"HARDWIRED".equals(type)
        && !"CUSTOM".equals(type)) {
      return ctx.error(2, "Invalid command");
    }
    return ctx.session.rosterReady().compose(v -> {
      List<String> ids = new ArrayList<>();
      if (!"CUSTOM".equals(type)) {
        for (HardwiredGroup group : HardwiredGroup.values()) {
          ids.add(Integer.toString(group.id));
        }
      }
      if (!"HARDWIRED".equals(type)) {
        for (CustomGroup group : ctx.model.groups.custom()) {
          ids.add(Integer.toString(group.id));
        }
      }
      return ctx.reply(UserCommands.list("GROUPS", ids));
    });
  }

  /** {@code GET GROUP <id> <property>}. */
  static Future<Void> getGroup(CommandContext ctx) {
    SessionModel model = ctx.model;
    Integer id = groupId(ctx.arg(2));
    HardwiredGroup hardwired = id == null ? null : HardwiredGroup.byId(id);
    CustomGroup custom = id == null ? null : model.groups.custom(id);
    if (hardwired == null && custom == null) {
      return invalidGroup(ctx);
    }
    List<String> users = hardwired != null
        ? hardwired.users(model.groups, model.contacts.values())
        : model.groups.users(custom, model.contacts.values());
    String property = ctx.keyword(3);
    String value = switch (property) {
      case "TYPE" -> hardwired != null ? hardwired.name() : "CUSTOM_GROUP";
      case "DISPLAYNAME" -> hardwired != null ? hardwired.displayName : custom.displayName;
      case "USERS" -> String.join(", ", users);
      case "NROFUSERS" -> Integer.toString(users.size());
      case "NROFUSERS_ONLINE" -> Integer.toString(online(model, users));
      case "EXPANDED", "VISIBLE" -> "TRUE";
      case "CUSTOM_GROUP_ID" -> custom != null
          ? Integer.toString(custom.id - Groups.FIRST_CUSTOM_ID + 1) : "";
      default -> null;
    };
    if (value == null) {
      return property.isEmpty() ? ctx.error(10, "Invalid property")
          : ctx.error(7, "Invalid property");
    }
    return ctx.reply("GROUP " + id + " " + property + " " + value);
  }

  /** {@code CREATE GROUP <name>}: the new group is announced to every connection. */
  static Future<Void> create(CommandContext ctx) {
    String name = ctx.restAfter(1).trim();
    if (name.isEmpty()) {
      return ctx.error(9922, "Group name missing");
    }
    if (ctx.answeredFromRecord()) {
      return Future.succeededFuture(); // a resend after a take-over: made already
    }
    SessionModel model = ctx.model;
    model.groups.settle(model.contacts.values());
    model.groups.create(name);
    ctx.replyRecorded("CREATE GROUP " + name);
    announce(ctx);
    return Future.succeededFuture();
  }

  /** {@code DELETE GROUP <id>}: a custom group; the other connections are told. */
  static Future<Void> delete(CommandContext ctx) {
    Integer id = groupId(ctx.arg(2));
    if (id == null || ctx.model.groups.custom(id) == null) {
      return notCustom(ctx, id);
    }
    ctx.model.groups.delete(id);
    ctx.model.changed();
    String line = "DELETE GROUP " + id;
    ctx.reply(line);
    ctx.notifyOthers(c -> line);
    return Future.succeededFuture();
  }

  /** {@code ALTER GROUP <id> ADDUSER|REMOVEUSER <handle>}: echoed, as real Skype did. */
  static Future<Void> alter(CommandContext ctx) {
    SessionModel model = ctx.model;
    Integer id = groupId(ctx.arg(2));
    CustomGroup group = id == null ? null : model.groups.custom(id);
    if (group == null) {
      return notCustom(ctx, id);
    }
    String action = ctx.keyword(3);
    if (!"ADDUSER".equals(action) && !"REMOVEUSER".equals(action)) {
      return ctx.error(2, "Unknown command");
    }
    String handle = ctx.arg(4);
    Contact contact = model.contact(handle);
    if (contact == null || !Groups.isFriend(contact)) {
      return ctx.error(26, "Invalid user handle");
    }
    model.groups.settle(model.contacts.values());
    if ("ADDUSER".equals(action)) {
      group.removed.remove(handle);
      if (!group.contains(contact)) {
        group.added.add(handle);
      }
    } else {
      group.added.remove(handle);
      if (group.contains(contact)) {
        group.removed.add(handle);
      }
    }
    model.changed();
    ctx.reply("ALTER GROUP " + id + " " + action + " " + handle);
    announce(ctx);
    return Future.succeededFuture();
  }

  /** {@code SET GROUP <id> DISPLAYNAME <name>}: renamed here only (imo.im cannot rename). */
  static Future<Void> setGroup(CommandContext ctx) {
    SessionModel model = ctx.model;
    Integer id = groupId(ctx.arg(2));
    CustomGroup group = id == null ? null : model.groups.custom(id);
    if (group == null) {
      return notCustom(ctx, id);
    }
    if (!"DISPLAYNAME".equals(ctx.keyword(3))) {
      return ctx.error(7, "Invalid property");
    }
    String name = ctx.restAfter(3).trim();
    if (name.isEmpty()) {
      return ctx.error(9922, "Group name missing");
    }
    model.groups.settle(model.contacts.values());
    group.displayName = name;
    model.changed();
    ctx.reply("GROUP " + id + " DISPLAYNAME " + name);
    // the asker has its answer; the others are told by the change announcement
    model.groups.announceChanges(model.contacts.values(),
        text -> ctx.notifyOthers(c -> text));
    return Future.succeededFuture();
  }

  /** What changed in the custom groups, to every connection (after the asker's reply). */
  private static void announce(CommandContext ctx) {
    ctx.model.changed();
    ctx.model.groups.announceChanges(ctx.model.contacts.values(), text -> {
      ctx.notifyAsker(text);
      ctx.notifyOthers(c -> text);
    });
  }

  private static int online(SessionModel model, List<String> users) {
    int online = 0;
    for (String handle : users) {
      Contact contact = model.contact(handle);
      if (contact != null && Groups.isOnline(contact)) {
        online++;
      }
    }
    return online;
  }

  /** The answer to a change of a group that is not custom: hardwired ones cannot change. */
  private static Future<Void> notCustom(CommandContext ctx, Integer id) {
    return id != null && HardwiredGroup.byId(id) != null
        ? ctx.error(9921, "Hardwired group cannot be changed") : invalidGroup(ctx);
  }

  private static Future<Void> invalidGroup(CommandContext ctx) {
    return ctx.error(9920, "Invalid group id");
  }

  private static Integer groupId(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException invalid) {
      return null;
    }
  }
}
