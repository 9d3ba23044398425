package net.imo2sproxy.gateway.emulator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The GROUP objects every Skype account had without making them (docs/skype-api-emulation.md
 * §4.16): fixed ids, each a view computed from the contact list at the moment it is asked.
 */
public enum HardwiredGroup {

  ALL_USERS(1, "All Users", (groups, c) -> c.buddyStatus != Contact.DELETED || c.blocked),
  ALL_FRIENDS(2, "All Contacts", (groups, c) -> Groups.isFriend(c)),
  SKYPE_FRIENDS(3, "Skype Contacts", (groups, c) -> Groups.isFriend(c)),
  /** imo.im carries no phone numbers: always empty. */
  SKYPEOUT_FRIENDS(4, "SkypeOut Contacts", (groups, c) -> false),
  ONLINE_FRIENDS(5, "Online Contacts", (groups, c) -> Groups.isFriend(c) && Groups.isOnline(c)),
  /** Added by us, not confirmed by imo.im yet. */
  UNKNOWN_OR_PENDINGAUTH_FRIENDS(6, "Pending Authorization",
      (groups, c) -> c.buddyStatus == Contact.PENDING && c.pendingRequest == null && !c.blocked),
  /** Not kept: imo.im says nothing about whom the account talked to lately. */
  RECENTLY_CONTACTED_USERS(7, "Recently Contacted", (groups, c) -> false),
  USERS_WAITING_MY_AUTHORIZATION(8, "Waiting My Authorization",
      (groups, c) -> c.pendingRequest != null && !c.authorized),
  USERS_AUTHORIZED_BY_ME(9, "Authorized By Me",
      (groups, c) -> c.authorized && !c.temporary && c.buddyStatus != Contact.DELETED),
  USERS_BLOCKED_BY_ME(10, "Blocked Users", (groups, c) -> c.blocked),
  UNGROUPED_FRIENDS(11, "Ungrouped Contacts",
      (groups, c) -> Groups.isFriend(c) && !groups.inAnyCustomGroup(c));

  public final int id;
  public final String displayName;
  private final BiPredicate<Groups, Contact> member;

  HardwiredGroup(int id, String displayName, BiPredicate<Groups, Contact> member) {
    this.id = id;
    this.displayName = displayName;
    this.member = member;
  }

  /** The hardwired group with {@code id}, or null. */
  public static HardwiredGroup byId(int id) {
    for (HardwiredGroup group : values()) {
      if (group.id == id) {
        return group;
      }
    }
    return null;
  }

  /** The handles in this group, in contact-list order. */
  public List<String> users(Groups groups, Iterable<Contact> contacts) {
    List<String> handles = new ArrayList<>();
    for (Contact contact : contacts) {
      if (member.test(groups, contact)) {
        handles.add(contact.handle);
      }
    }
    return handles;
  }
}
