package net.imo2sproxy.gateway.emulator.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A GROUP of type CUSTOM_GROUP: either one of imo.im's roster groups (its contacts are those
 * imo.im puts in it) or one made with CREATE GROUP. imo.im has no method to move a contact
 * between groups, so ALTER GROUP changes are kept here, over what imo.im says.
 */
public final class CustomGroup {

  public final int id;
  /** The imo.im roster group it shows, or null for a group made here. */
  public final String rosterGroup;
  public String displayName;
  /** Contacts added with ALTER GROUP ... ADDUSER. */
  public final Set<String> added = new LinkedHashSet<>();
  /** Contacts of the roster group taken out with ALTER GROUP ... REMOVEUSER. */
  public final Set<String> removed = new LinkedHashSet<>();

  public CustomGroup(int id, String rosterGroup, String displayName) {
    this.id = id;
    this.rosterGroup = rosterGroup;
    this.displayName = displayName;
  }

  /** Whether {@code contact} (a friend) is in this group. */
  public boolean contains(Contact contact) {
    if (added.contains(contact.handle)) {
      return true;
    }
    return rosterGroup != null && rosterGroup.equals(contact.group)
        && !removed.contains(contact.handle);
  }

  JsonObject encode() {
    JsonObject json = new JsonObject().put("id", id).put("name", displayName);
    if (rosterGroup != null) {
      json.put("roster", rosterGroup);
    }
    if (!added.isEmpty()) {
      json.put("added", new JsonArray(added.stream().map(h -> (Object) h).toList()));
    }
    if (!removed.isEmpty()) {
      json.put("removed", new JsonArray(removed.stream().map(h -> (Object) h).toList()));
    }
    return json;
  }

  static CustomGroup decode(JsonObject json) {
    if (!(json.getValue("id") instanceof Number id)
        || !(json.getValue("name") instanceof String name)) {
      return null;
    }
    CustomGroup group = new CustomGroup(id.intValue(),
        json.getValue("roster") instanceof String roster ? roster : null, name);
    for (Object handle : json.getJsonArray("added", new JsonArray())) {
      if (handle instanceof String h) {
        group.added.add(h);
      }
    }
    for (Object handle : json.getJsonArray("removed", new JsonArray())) {
      if (handle instanceof String h) {
        group.removed.add(h);
      }
    }
    return group;
  }
}
