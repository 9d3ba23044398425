package net.imo2sproxy.gateway.emulator.model;

import io.vertx.core.json.JsonObject;

/** One entry of an account's contact list (docs/skype-api-emulation.md §8). */
public final class Contact {

  /** BUDDYSTATUS values. */
  public static final int DELETED = 1;
  public static final int PENDING = 2;
  public static final int FRIEND = 3;

  public final String handle;
  public String alias = "";
  public String primitive = "offline";
  public String moodText = "";
  public String group;
  public int buddyStatus = FRIEND;
  public boolean authorized = true;
  /** Text of a pending authorisation request ({@code buddy_request}), null when none. */
  public String pendingRequest;
  /** Created by SEARCH USERS or an add request: not on the imo.im roster (yet). */
  public boolean temporary;
  public boolean blocked;

  public Contact(String handle) {
    this.handle = handle;
  }

  /**
   * Replaces the stored fields from a buddy object, absent fields included
   * (docs/imo-protocol.md §10.3).
   */
  public void update(JsonObject buddy) {
    alias = stringOr(buddy, "alias", "");
    primitive = stringOr(buddy, "primitive", "offline");
    moodText = stringOr(buddy, "status", "");
    group = buddy.getValue("group") instanceof String g ? g : null;
  }

  /** A plain contact has no type and sits in one of the ordinary roster groups. */
  public static boolean isPlainContact(JsonObject buddy) {
    if (buddy.containsKey("type")) {
      return false;
    }
    Object group = buddy.getValue("group");
    return group == null || "Skype".equals(group) || "Buddies".equals(group)
        || "Offline".equals(group);
  }

  public String displayName() {
    return alias.isEmpty() ? handle : alias;
  }

  private static String stringOr(JsonObject json, String key, String fallback) {
    return json.getValue(key) instanceof String s ? s : fallback;
  }
}
