package net.imo2sproxy.gateway.skype;

import io.vertx.core.json.JsonObject;

/** One entry of an account's contact list ({@code skype-api-emulation.md} section 8). */
final class Contact {

  /** BUDDYSTATUS values. */
  static final int DELETED = 1;
  static final int PENDING = 2;
  static final int FRIEND = 3;

  final String handle;
  String alias = "";
  String primitive = "offline";
  String moodText = "";
  String group;
  int buddyStatus = FRIEND;
  boolean authorized = true;
  /** Text of a pending authorisation request ({@code buddy_request}), null when none. */
  String pendingRequest;
  /** Created by SEARCH USERS or an add request: not on the imo.im roster (yet). */
  boolean temporary;
  boolean blocked;

  Contact(String handle) {
    this.handle = handle;
  }

  /** Replaces the stored fields from a buddy object, absent fields included (section 10.3). */
  void update(JsonObject buddy) {
    alias = stringOr(buddy, "alias", "");
    primitive = stringOr(buddy, "primitive", "offline");
    moodText = stringOr(buddy, "status", "");
    group = buddy.getValue("group") instanceof String g ? g : null;
  }

  /** A plain contact has no type and sits in one of the ordinary roster groups. */
  static boolean isPlainContact(JsonObject buddy) {
    if (buddy.containsKey("type")) {
      return false;
    }
    Object group = buddy.getValue("group");
    return group == null || "Skype".equals(group) || "Buddies".equals(group)
        || "Offline".equals(group);
  }

  String displayName() {
    return alias.isEmpty() ? handle : alias;
  }

  private static String stringOr(JsonObject json, String key, String fallback) {
    return json.getValue(key) instanceof String s ? s : fallback;
  }
}
