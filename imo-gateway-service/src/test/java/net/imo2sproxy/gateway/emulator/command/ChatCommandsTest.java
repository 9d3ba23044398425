package net.imo2sproxy.gateway.emulator.command;

import static net.imo2sproxy.gateway.emulator.command.CommandHarness.given;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.row;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.table;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.Stream;
import net.imo2sproxy.gateway.emulator.command.CommandHarness.Case;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

import net.imo2sproxy.gateway.emulator.model.Chat;
import org.junit.jupiter.api.Test;

/** {@link ChatCommands}: lines in, lines and upstream calls out. */
@ExtendWith(VertxExtension.class)
class ChatCommandsTest {

  @TestFactory
  Stream<DynamicTest> properties(Vertx vertx) {
    return table(vertx,
        row("GET CHAT c0ffee; MEMBERS", "CHAT c0ffee; MEMBERS alice bob"),
        row("GET CHAT c0ffee; FRIENDLYNAME", "CHAT c0ffee; FRIENDLYNAME team"),
        row("GET CHAT c0ffee; STATUS", "CHAT c0ffee; STATUS MULTI_SUBSCRIBED"),
        row("GET CHAT c0ffee; MEMBEROBJECTS", "CHAT c0ffee; MEMBEROBJECTS 1, 2"),
        given(h -> h.asker.protocol = 5, "GET CHAT c0ffee; MEMBEROBJECTS",
            "ERROR 7 Invalid property / not implemented"),
        row("GET CHAT #alice/$bob;1 TYPE", "CHAT #alice/$bob;1 TYPE DIALOG"),
        row("GET CHAT #alice/$bob;1 FRIENDLYNAME", "CHAT #alice/$bob;1 FRIENDLYNAME Bob"),
        row("GET CHAT #alice/$bob;1 MEMBERS", "CHAT #alice/$bob;1 MEMBERS alice bob"),
        row("GET CHAT nochat TOPIC", "ERROR 14 Invalid message id"),
        row("GET CHAT c0ffee;", "ERROR 10 Invalid property"),
        row("GET CHATMEMBER 2 IDENTITY", "CHATMEMBER 2 IDENTITY bob"),
        row("GET CHATMEMBER 2 CHATNAME", "CHATMEMBER 2 CHATNAME c0ffee;"),
        row("GET CHATMEMBER 9 IDENTITY", "ERROR 14 Invalid message id"),
        row("SEARCH RECENTCHATS", "CHATS c0ffee;"),
        given(h -> h.received(50, "bob", "hey"), "SEARCH CHATS", "CHATS c0ffee;, #alice/$bob;1cb15457d1ddab60"));
  }

  @TestFactory
  Stream<DynamicTest> alterations(Vertx vertx) {
    return table(vertx,
        row("ALTER CHAT c0ffee; SETTOPIC a new topic", "ALTER CHAT SETTOPIC",
            "setGroupTopic c0ffee a new topic"),
        row("ALTER CHAT c0ffee; KICK bob", "ALTER CHAT KICK",
            "kickMember c0ffee;bob;prpl-skype"),
        row("ALTER CHAT c0ffee; ADDMEMBERS echo123, carol", "ALTER CHAT ADDMEMBERS",
            "inviteToGroup c0ffee alice echo123", "inviteToGroup c0ffee alice carol"),
        row("ALTER CHAT c0ffee; LEAVE", "ALTER CHAT LEAVE", "leaveGroup c0ffee"),
        given(h -> h.upstream.failing.add("leaveGroup"), "ALTER CHAT c0ffee; LEAVE",
            "ERROR 9903 imo.im request failed", "leaveGroup c0ffee"),
        row("ALTER CHAT c0ffee; KICK", "ERROR 26 Invalid user handle"),
        row("ALTER CHAT c0ffee; DANCE", "ERROR 503 CHAT: Invalid or unknown action"),
        row("ALTER CHAT nochat; LEAVE", "ERROR 14 Invalid message id"),
        row("CHAT", "ERROR 536 CREATE: no object or type given"),
        row("CHAT JOIN", "ERROR 503 CHAT: Invalid or unknown action"),
        row("CHAT CREATE nobody", "ERROR 26 Invalid user handle"));
  }

  @Test
  void chatCreateAnswersOnceTheGroupAppearsAndInvitesTheMembers(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.run2("#c CHAT CREATE bob, alice, echo123");
    assertThat(h.session.newChats).hasSize(1);
    String groupName = h.session.newChats.keySet().iterator().next();
    assertThat(h.upstream.calls).containsExactly("createSharedGroup " + groupName);
    assertThat(h.askerLines).isEmpty(); // waits for the group

    h.session.newChats.get(groupName).complete(new Chat("beef;", 1_700_000_000L));
    assertThat(h.upstream.calls).containsExactly("createSharedGroup " + groupName,
        "inviteToGroup beef alice bob", "inviteToGroup beef alice echo123");
    assertThat(h.askerLines).containsExactly("#c CHAT beef; STATUS MULTI_SUBSCRIBED");
  }

  @Test
  void chatCreateFailsWhenTheGroupNeverAppears(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.run2("CHAT CREATE");
    h.session.newChats.values().iterator().next().fail("the new group did not appear");
    assertThat(h.askerLines).containsExactly("ERROR 9903 imo.im request failed");
  }
}
