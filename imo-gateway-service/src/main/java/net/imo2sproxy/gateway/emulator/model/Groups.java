package net.imo2sproxy.gateway.emulator.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The account's GROUP objects (docs/skype-api-emulation.md §4.16): the hardwired ones, views of
 * the contact list, and the custom ones, imo.im's roster groups and those made with CREATE
 * GROUP. Custom group ids start at {@link #FIRST_CUSTOM_ID}, are never reused, and are saved
 * with the session's state, so they stay the same across re-logins and a take-over.
 */
public final class Groups {

  /** The first custom group's id (hardwired groups have 1 to 11). */
  public static final int FIRST_CUSTOM_ID = 48;
  /** imo.im's group for contacts being added, not one the user made (imo-protocol.md §9.6). */
  static final String HOLDING_GROUP = "Offline";

  /** What the clients were last told of a custom group. */
  private record Announced(String name, int users, int online) {
  }

  private final Map<Integer, CustomGroup> custom = new LinkedHashMap<>();
  private final Map<Integer, Announced> announced = new LinkedHashMap<>();
  /** imo.im roster groups deleted by a client: not made again at the next roster event. */
  private final Set<String> dismissed = new LinkedHashSet<>();
  private int nextId = FIRST_CUSTOM_ID;
  private boolean settled;

  /** A confirmed, authorised contact: what SEARCH FRIENDS lists. */
  public static boolean isFriend(Contact contact) {
    return contact.buddyStatus == Contact.FRIEND && contact.authorized && !contact.temporary;
  }

  public static boolean isOnline(Contact contact) {
    String status = SkypeStatus.contactStatus(contact.primitive);
    return !SkypeStatus.OFFLINE.equals(status) && !"UNKNOWN".equals(status);
  }

  public List<CustomGroup> custom() {
    return List.copyOf(custom.values());
  }

  public CustomGroup custom(int id) {
    return custom.get(id);
  }

  /** A new group made with CREATE GROUP. */
  public CustomGroup create(String displayName) {
    CustomGroup group = new CustomGroup(nextId++, null, displayName);
    custom.put(group.id, group);
    return group;
  }

  public void delete(int id) {
    CustomGroup group = custom.remove(id);
    announced.remove(id);
    if (group != null && group.rosterGroup != null) {
      dismissed.add(group.rosterGroup);
    }
  }

  /**
   * Makes a custom group for each roster group a friend is in that has none yet, in the order
   * the contacts came; true when one was made.
   */
  public boolean adoptRosterGroups(Iterable<Contact> contacts) {
    boolean made = false;
    for (Contact contact : contacts) {
      String name = contact.group;
      if (name == null || name.isEmpty() || HOLDING_GROUP.equals(name) || !isFriend(contact)
          || dismissed.contains(name) || rosterGroupKnown(name)) {
        continue;
      }
      CustomGroup group = new CustomGroup(nextId++, name, name);
      custom.put(group.id, group);
      made = true;
    }
    return made;
  }

  private boolean rosterGroupKnown(String name) {
    for (CustomGroup group : custom.values()) {
      if (name.equals(group.rosterGroup)) {
        return true;
      }
    }
    return false;
  }

  /** The handles of a custom group, in contact-list order. */
  public List<String> users(CustomGroup group, Iterable<Contact> contacts) {
    List<String> handles = new ArrayList<>();
    for (Contact contact : contacts) {
      if (isFriend(contact) && group.contains(contact)) {
        handles.add(contact.handle);
      }
    }
    return handles;
  }

  public int online(CustomGroup group, Iterable<Contact> contacts) {
    int online = 0;
    for (Contact contact : contacts) {
      if (isFriend(contact) && group.contains(contact) && isOnline(contact)) {
        online++;
      }
    }
    return online;
  }

  boolean inAnyCustomGroup(Contact contact) {
    for (CustomGroup group : custom.values()) {
      if (group.contains(contact)) {
        return true;
      }
    }
    return false;
  }

  /** Whether clients know the groups: changes are told from now on. */
  public boolean settled() {
    return settled;
  }

  /** Takes note of the groups as they are, once, without telling anybody (before a change). */
  public void settle(Iterable<Contact> contacts) {
    if (!settled) {
      announceChanges(contacts, line -> { });
    }
  }

  /**
   * Tells {@code notify} what changed in the custom groups since it was last told
   * ({@code GROUP <id> DISPLAYNAME|NROFUSERS|NROFUSERS_ONLINE ...}). The first time (the
   * first roster of a session, or a take-over) only takes note: nothing changed for clients.
   */
  public void announceChanges(Iterable<Contact> contacts, Consumer<String> notify) {
    boolean tell = settled;
    settled = true;
    for (CustomGroup group : custom.values()) {
      Announced now = new Announced(group.displayName, users(group, contacts).size(),
          online(group, contacts));
      Announced before = announced.put(group.id, now);
      if (!tell) {
        continue;
      }
      if (before == null || !before.name().equals(now.name())) {
        notify.accept("GROUP " + group.id + " DISPLAYNAME " + now.name());
      }
      if (before == null || before.users() != now.users()) {
        notify.accept("GROUP " + group.id + " NROFUSERS " + now.users());
      }
      if (before == null ? now.online() > 0 : before.online() != now.online()) {
        notify.accept("GROUP " + group.id + " NROFUSERS_ONLINE " + now.online());
      }
    }
  }

  /** The saved form (SnapshotCodec), or null when there is nothing worth saving. */
  public JsonObject encode() {
    if (custom.isEmpty() && nextId == FIRST_CUSTOM_ID) {
      return null;
    }
    JsonArray list = new JsonArray();
    custom.values().forEach(group -> list.add(group.encode()));
    JsonObject json = new JsonObject().put("next", nextId).put("custom", list);
    if (!dismissed.isEmpty()) {
      json.put("dismissed", new JsonArray(new ArrayList<Object>(dismissed)));
    }
    return json;
  }

  /** Takes a previous owner's groups over; the next change is told against them. */
  public void restore(JsonObject saved, Iterable<Contact> contacts) {
    if (saved != null) {
      custom.clear();
      for (Object raw : saved.getJsonArray("custom", new JsonArray())) {
        CustomGroup group = raw instanceof JsonObject json ? CustomGroup.decode(json) : null;
        if (group != null) {
          custom.put(group.id, group);
          nextId = Math.max(nextId, group.id + 1);
        }
      }
      for (Object name : saved.getJsonArray("dismissed", new JsonArray())) {
        if (name instanceof String roster) {
          dismissed.add(roster);
        }
      }
      if (saved.getValue("next") instanceof Number next) {
        nextId = Math.max(nextId, next.intValue());
      }
    }
    settled = false;
    announced.clear();
    announceChanges(contacts, line -> { });
  }
}
