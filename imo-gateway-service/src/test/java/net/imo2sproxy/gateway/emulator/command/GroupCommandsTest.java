package net.imo2sproxy.gateway.emulator.command;

import static net.imo2sproxy.gateway.emulator.command.CommandHarness.row;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.imo2sproxy.gateway.emulator.command.CommandHarness.Case;
import net.imo2sproxy.gateway.emulator.impl.SnapshotCodec;
import net.imo2sproxy.gateway.emulator.model.Contact;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link GroupCommands}: GROUP objects, lines in, lines out (docs/skype-api-emulation.md §4.16). */
@ExtendWith(VertxExtension.class)
class GroupCommandsTest {

  /**
   * bob (online) and carol (offline) in imo.im's "Skype" group, dave in "Buddies", echo123 in
   * imo.im's holding group; eve blocked (still a contact), frank asking for authorisation.
   */
  private static final Consumer<CommandHarness> ROSTER = h -> {
    h.model.contacts.get("bob").group = "Skype";
    h.model.contacts.get("echo123").group = "Offline";
    contact(h.model, "carol", "Skype", "offline");
    contact(h.model, "dave", "Buddies", "away");
    Contact eve = contact(h.model, "eve", null, "available");
    eve.blocked = true;
    Contact frank = contact(h.model, "frank", null, "offline");
    frank.buddyStatus = Contact.PENDING;
    frank.authorized = false;
    frank.pendingRequest = "hi";
    h.model.groups.adoptRosterGroups(h.model.contacts.values());
    h.model.groups.settle(h.model.contacts.values());
  };

  private static Contact contact(SessionModel model, String handle, String group,
      String primitive) {
    Contact contact = new Contact(handle);
    contact.group = group;
    contact.primitive = primitive;
    model.contacts.put(handle, contact);
    return contact;
  }

  private static Case with(String in, String... asker) {
    return new Case(in, ROSTER, List.of(in), List.of(asker), List.of(), List.of());
  }

  private static Case with(List<String> in, List<String> asker, List<String> other) {
    return new Case(String.join(" / ", in), ROSTER, in, asker, other, List.of());
  }

  @TestFactory
  Stream<DynamicTest> search(Vertx vertx) {
    return table(vertx,
        with("SEARCH GROUPS CUSTOM", "GROUPS 48, 49"),
        with("SEARCH GROUPS HARDWIRED", "GROUPS 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"),
        with("SEARCH GROUPS ALL", "GROUPS 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 48, 49"),
        with("SEARCH GROUPS", "GROUPS 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 48, 49"),
        row("SEARCH GROUPS CUSTOM", "GROUPS "),
        with("SEARCH GROUPS SHARED", "ERROR 2 Invalid command"));
  }

  @TestFactory
  Stream<DynamicTest> properties(Vertx vertx) {
    return table(vertx,
        with("GET GROUP 48 TYPE", "GROUP 48 TYPE CUSTOM_GROUP"),
        with("GET GROUP 48 DISPLAYNAME", "GROUP 48 DISPLAYNAME Skype"),
        with("GET GROUP 48 USERS", "GROUP 48 USERS bob, carol"),
        with("GET GROUP 49 USERS", "GROUP 49 USERS dave"),
        with("GET GROUP 48 NROFUSERS", "GROUP 48 NROFUSERS 2"),
        with("GET GROUP 48 NROFUSERS_ONLINE", "GROUP 48 NROFUSERS_ONLINE 1"),
        with("GET GROUP 49 NROFUSERS_ONLINE", "GROUP 49 NROFUSERS_ONLINE 1"),
        with("GET GROUP 48 EXPANDED", "GROUP 48 EXPANDED TRUE"),
        with("GET GROUP 48 VISIBLE", "GROUP 48 VISIBLE TRUE"),
        with("GET GROUP 49 CUSTOM_GROUP_ID", "GROUP 49 CUSTOM_GROUP_ID 2"),
        with("GET GROUP 1 TYPE", "GROUP 1 TYPE ALL_USERS"),
        with("GET GROUP 1 USERS", "GROUP 1 USERS bob, echo123, carol, dave, eve, frank"),
        with("GET GROUP 2 USERS", "GROUP 2 USERS bob, echo123, carol, dave, eve"),
        with("GET GROUP 4 USERS", "GROUP 4 USERS "),
        with("GET GROUP 5 TYPE", "GROUP 5 TYPE ONLINE_FRIENDS"),
        with("GET GROUP 5 USERS", "GROUP 5 USERS bob, dave, eve"),
        with("GET GROUP 8 USERS", "GROUP 8 USERS frank"),
        with("GET GROUP 10 USERS", "GROUP 10 USERS eve"),
        with("GET GROUP 11 TYPE", "GROUP 11 TYPE UNGROUPED_FRIENDS"),
        with("GET GROUP 11 USERS", "GROUP 11 USERS echo123, eve"),
        with("GET GROUP 11 CUSTOM_GROUP_ID", "GROUP 11 CUSTOM_GROUP_ID "),
        with("GET GROUP 48 COLOUR", "ERROR 7 Invalid property"),
        with("GET GROUP 48", "ERROR 10 Invalid property"),
        with("GET GROUP 47 TYPE", "ERROR 9920 Invalid group id"),
        with("GET GROUP x TYPE", "ERROR 9920 Invalid group id"),
        with("GET GROUP", "ERROR 9920 Invalid group id"));
  }

  @TestFactory
  Stream<DynamicTest> changes(Vertx vertx) {
    return table(vertx,
        // bitlbee adds a contact to a group it does not know: CREATE, then ADDUSER on the id
        with(List.of("CREATE GROUP Family", "ALTER GROUP 50 ADDUSER bob"),
            List.of("CREATE GROUP Family", "GROUP 50 DISPLAYNAME Family",
                "GROUP 50 NROFUSERS 0", "ALTER GROUP 50 ADDUSER bob", "GROUP 50 NROFUSERS 1",
                "GROUP 50 NROFUSERS_ONLINE 1"),
            List.of("GROUP 50 DISPLAYNAME Family", "GROUP 50 NROFUSERS 0",
                "GROUP 50 NROFUSERS 1", "GROUP 50 NROFUSERS_ONLINE 1")),
        with(List.of("ALTER GROUP 49 ADDUSER carol", "GET GROUP 49 USERS"),
            List.of("ALTER GROUP 49 ADDUSER carol", "GROUP 49 NROFUSERS 2",
                "GROUP 49 USERS carol, dave"),
            List.of("GROUP 49 NROFUSERS 2")),
        with(List.of("ALTER GROUP 48 REMOVEUSER bob", "GET GROUP 48 USERS",
                "GET GROUP 11 USERS"),
            List.of("ALTER GROUP 48 REMOVEUSER bob", "GROUP 48 NROFUSERS 1",
                "GROUP 48 NROFUSERS_ONLINE 0", "GROUP 48 USERS carol",
                "GROUP 11 USERS bob, echo123, eve"),
            List.of("GROUP 48 NROFUSERS 1", "GROUP 48 NROFUSERS_ONLINE 0")),
        // adding a member again changes nothing, and says so by echoing only
        with(List.of("ALTER GROUP 48 ADDUSER bob"), List.of("ALTER GROUP 48 ADDUSER bob"),
            List.of()),
        with(List.of("SET GROUP 48 DISPLAYNAME Friends and more"),
            List.of("GROUP 48 DISPLAYNAME Friends and more"),
            List.of("GROUP 48 DISPLAYNAME Friends and more")),
        with(List.of("DELETE GROUP 49", "SEARCH GROUPS CUSTOM"),
            List.of("DELETE GROUP 49", "GROUPS 48"), List.of("DELETE GROUP 49")),
        with("ALTER GROUP 48 ADDUSER nobody", "ERROR 26 Invalid user handle"),
        with("ALTER GROUP 48 ADDUSER frank", "ERROR 26 Invalid user handle"),
        with("ALTER GROUP 48 ADDUSER", "ERROR 26 Invalid user handle"),
        with("ALTER GROUP 48 MOVE bob", "ERROR 2 Unknown command"),
        with("ALTER GROUP 5 ADDUSER bob", "ERROR 9921 Hardwired group cannot be changed"),
        with("ALTER GROUP 77 ADDUSER bob", "ERROR 9920 Invalid group id"),
        with("SET GROUP 2 DISPLAYNAME x", "ERROR 9921 Hardwired group cannot be changed"),
        with("SET GROUP 48 DISPLAYNAME", "ERROR 9922 Group name missing"),
        with("SET GROUP 48 EXPANDED FALSE", "ERROR 7 Invalid property"),
        with("DELETE GROUP 3", "ERROR 9921 Hardwired group cannot be changed"),
        with("DELETE GROUP 99", "ERROR 9920 Invalid group id"),
        with("CREATE GROUP", "ERROR 9922 Group name missing"));
  }

  /** Ids are never reused, and the groups with their ids survive a take-over. */
  @Test
  void groupsAndIdsAreSavedWithTheState(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    ROSTER.accept(h);
    h.run("CREATE GROUP Work");
    h.run("ALTER GROUP 50 ADDUSER dave");
    h.run("ALTER GROUP 48 REMOVEUSER carol");
    h.run("SET GROUP 49 DISPLAYNAME Pals");
    h.run("CREATE GROUP Gone");
    h.run("DELETE GROUP 51");
    JsonObject state = new JsonObject(SnapshotCodec.encode(h.model, null).text());

    CommandHarness survivor = new CommandHarness(vertx);
    survivor.model.contacts.clear(); // the roster is restored apart: the same contacts

    survivor.model.contacts.putAll(h.model.contacts);
    SnapshotCodec.restore(survivor.model, state, null);
    survivor.run("SEARCH GROUPS CUSTOM");
    survivor.run("GET GROUP 48 USERS");
    survivor.run("GET GROUP 49 DISPLAYNAME");
    survivor.run("GET GROUP 50 USERS");
    survivor.run("CREATE GROUP Next");
    assertThat(survivor.askerLines).containsExactly("GROUPS 48, 49, 50",
        "GROUP 48 USERS bob", "GROUP 49 DISPLAYNAME Pals", "GROUP 50 USERS dave",
        "CREATE GROUP Next", "GROUP 52 DISPLAYNAME Next", "GROUP 52 NROFUSERS 0");
  }

  /** A deleted imo.im group is not made again by the next roster event, nor after a take-over. */
  @Test
  void aDeletedRosterGroupStaysDeleted(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    ROSTER.accept(h);
    h.run("DELETE GROUP 49");
    assertThat(h.model.groups.adoptRosterGroups(h.model.contacts.values())).isFalse();
    JsonObject state = new JsonObject(SnapshotCodec.encode(h.model, null).text());
    CommandHarness survivor = new CommandHarness(vertx);
    survivor.model.contacts.clear();
    survivor.model.contacts.putAll(h.model.contacts);
    SnapshotCodec.restore(survivor.model, state, null);
    assertThat(survivor.model.groups.adoptRosterGroups(survivor.model.contacts.values()))
        .isFalse();
    survivor.run("SEARCH GROUPS CUSTOM");
    survivor.run("GET GROUP 11 USERS");
    assertThat(survivor.askerLines).containsExactly("GROUPS 48",
        "GROUP 11 USERS echo123, dave, eve");
  }

  /** imo.im's roster groups become custom groups in the order they first appear. */
  @Test
  void rosterGroupsAreAdoptedOnceInOrder(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    ROSTER.accept(h);
    contact(h.model, "gina", "Buddies", "available");
    contact(h.model, "hal", "Colleagues", "available");
    assertThat(h.model.groups.adoptRosterGroups(h.model.contacts.values())).isTrue();
    assertThat(h.model.groups.adoptRosterGroups(h.model.contacts.values())).isFalse();
    h.run("SEARCH GROUPS CUSTOM");
    h.run("GET GROUP 50 DISPLAYNAME");
    assertThat(h.askerLines).containsExactly("GROUPS 48, 49, 50",
        "GROUP 50 DISPLAYNAME Colleagues");
  }
}
