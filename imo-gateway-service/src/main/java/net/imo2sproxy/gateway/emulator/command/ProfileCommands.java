package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.imo2sproxy.gateway.emulator.model.Contact;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.gateway.emulator.model.SkypeStatus;

/**
 * The own profile (docs/skype-api-emulation.md §4.9, §4.15): the mood goes to imo.im, the other
 * fields imo.im has no place for are kept in the session as a client set them; and the contacts'
 * profiles in one line ({@code GET AUTH_CONTACTS_PROFILES}).
 */
final class ProfileCommands {

  /** Fields a client may set, with the value real Skype gave for an unfilled one. */
  private static final Map<String, String> SETTABLE = Map.ofEntries(
      Map.entry("BIRTHDAY", "0"), Map.entry("SEX", "UNKNOWN"), Map.entry("LANGUAGES", ""),
      Map.entry("COUNTRY", ""), Map.entry("PROVINCE", ""), Map.entry("CITY", ""),
      Map.entry("PHONE_HOME", ""), Map.entry("PHONE_OFFICE", ""), Map.entry("PHONE_MOBILE", ""),
      Map.entry("HOMEPAGE", ""), Map.entry("ABOUT", ""), Map.entry("TIMEZONE", "0"),
      Map.entry("CALL_APPLY_CF", "FALSE"), Map.entry("CALL_FORWARD_RULES", ""),
      Map.entry("CALL_NOANSWER_TIMEOUT", "15"), Map.entry("CALL_SEND_TO_VM", "FALSE"));
  /** Read-only fields that belong to Skype's paid services: nothing here. */
  private static final Map<String, String> READ_ONLY = Map.of(
      "PSTN_BALANCE", "0", "PSTN_BALANCE_CURRENCY", "", "SMS_VALIDATED_NUMBERS", "",
      "IPCOUNTRY", "");

  private ProfileCommands() {
  }

  /** {@code GET PROFILE <field>}. */
  static Future<Void> getProfile(CommandContext ctx) {
    SessionModel model = ctx.model;
    String field = ctx.keyword(2);
    if (field.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    String value = switch (field) {
      case "FULLNAME" -> model.ownFullName();
      case "MOOD_TEXT", "RICH_MOOD_TEXT" -> model.ownMood;
      default -> {
        String set = model.client.profile(field);
        yield set != null ? set : SETTABLE.containsKey(field) ? SETTABLE.get(field)
            : READ_ONLY.get(field);
      }
    };
    if (value == null) {
      return ctx.error(552, "Invalid property");
    }
    return ctx.reply("PROFILE " + field + " " + value);
  }

  /**
   * {@code SET PROFILE <field> <value>}: MOOD_TEXT (and RICH_MOOD_TEXT, the same text here) is
   * stored now, answered now and sent to imo.im after the mood delay; the other settable fields
   * are kept in the session.
   */
  static Future<Void> setProfile(CommandContext ctx) {
    String field = ctx.keyword(2);
    if (field.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    String value = ctx.restAfter(2);
    if ("MOOD_TEXT".equals(field) || "RICH_MOOD_TEXT".equals(field)) {
      boolean changed = !value.equalsIgnoreCase(ctx.model.ownMood);
      ctx.model.ownMood = value;
      if (changed) {
        ctx.session.scheduleMoodUpdate();
      }
      return ctx.reply("PROFILE " + field + " " + value);
    }
    if (!"FULLNAME".equals(field) && !SETTABLE.containsKey(field)) {
      return ctx.error(552, "Invalid property");
    }
    if ("SEX".equals(field)) {
      value = value.toUpperCase(java.util.Locale.ROOT);
      if (!value.equals("MALE") && !value.equals("FEMALE") && !value.equals("UNKNOWN")) {
        return ctx.error(552, "Invalid property");
      }
    }
    ctx.model.client.setProfile(field, value);
    ctx.model.changed();
    return ctx.reply("PROFILE " + field + " " + value);
  }

  /**
   * {@code SET USER <h> DISPLAYNAME <name>}: the name this user shows under here (real Skype's
   * local name for a contact); kept in the session, an empty name gives the alias back.
   */
  static Future<Void> setDisplayName(CommandContext ctx, Contact contact) {
    if (contact == null) {
      return ctx.error(26, "Invalid user handle");
    }
    String name = ctx.restAfter(3);
    ctx.model.client.setDisplayName(contact.handle, name);
    ctx.model.changed();
    return ctx.reply("USER " + contact.handle + " DISPLAYNAME " + name);
  }

  /**
   * {@code GET AUTH_CONTACTS_PROFILES}: every authorised friend as
   * {@code handle;full name;home phone;office phone;mobile phone;online status;display name;
   * voicemail;mood}, the entries joined by a comma (the layout skype4pidgin reads).
   */
  static Future<Void> getAuthContactsProfiles(CommandContext ctx) {
    List<String> entries = new ArrayList<>();
    for (Contact contact : ctx.model.contacts.values()) {
      if (contact.buddyStatus == Contact.FRIEND && contact.authorized && !contact.temporary) {
        String shown = ctx.model.client.displayName(contact.handle);
        entries.add(String.join(";", contact.handle, contact.alias, "", "", "",
            SkypeStatus.contactStatus(contact.primitive), shown != null ? shown : contact.alias,
            "FALSE", contact.moodText));
      }
    }
    return ctx.reply("AUTH_CONTACTS_PROFILES " + String.join(",", entries));
  }
}
