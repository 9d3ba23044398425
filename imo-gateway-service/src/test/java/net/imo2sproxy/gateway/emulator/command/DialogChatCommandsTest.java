package net.imo2sproxy.gateway.emulator.command;

import static net.imo2sproxy.gateway.emulator.command.CommandHarness.given;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.row;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.Stream;
import net.imo2sproxy.gateway.emulator.model.Chat;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dialogs as CHAT objects (docs/skype-api-emulation.md §4.6, §4.12, §10): a one-handle
 * CHAT CREATE is the dialog, the dialog's properties, ALTER CHAT answered in real Skype's form.
 */
@ExtendWith(VertxExtension.class)
class DialogChatCommandsTest {

  /** alice's dialog with bob, as bob's side names it too. */
  private static final String DIALOG = "#alice/$bob;1cb15457d1ddab60";

  @TestFactory
  Stream<DynamicTest> oneHandleCreateIsTheDialog(Vertx vertx) {
    return table(vertx,
        row("CHAT CREATE bob", "CHAT " + DIALOG + " STATUS DIALOG"),
        row("CHAT CREATE alice, bob", "CHAT " + DIALOG + " STATUS DIALOG"),
        row("CHAT CREATE bob bob", "CHAT " + DIALOG + " STATUS DIALOG"),
        row("CHAT CREATE echo123", "CHAT #alice/$echo123;ed43a2b2d49614d6 STATUS DIALOG"),
        row("CHAT CREATE bob, nobody", "ERROR 26 Invalid user handle"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 7, 8})
  void createThenSendUsesTheDialogAtEveryLevel(int protocol, Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.asker.protocol = protocol;
    h.run("#1 CHAT CREATE bob");
    h.run("#2 CHATMESSAGE " + DIALOG + " hello");
    String keyword = protocol < 3 ? "MESSAGE" : "CHATMESSAGE";
    assertThat(h.askerLines).containsExactly("#1 CHAT " + DIALOG + " STATUS DIALOG",
        "#2 " + keyword + " 100 STATUS SENDING");
    assertThat(h.upstream.calls).containsExactly("sendIm bob hello");
    h.askerLines.clear();
    h.run("GET " + keyword + " 100 CHATNAME");
    assertThat(h.askerLines).containsExactly(keyword + " 100 CHATNAME " + DIALOG);
  }

  @TestFactory
  Stream<DynamicTest> dialogProperties(Vertx vertx) {
    return table(vertx,
        row("GET CHAT " + DIALOG + " NAME", "CHAT " + DIALOG + " NAME " + DIALOG),
        row("GET CHAT " + DIALOG + " STATUS", "CHAT " + DIALOG + " STATUS DIALOG"),
        row("GET CHAT " + DIALOG + " TYPE", "CHAT " + DIALOG + " TYPE DIALOG"),
        row("GET CHAT " + DIALOG + " ADDER", "CHAT " + DIALOG + " ADDER "),
        row("GET CHAT " + DIALOG + " DIALOG_PARTNER", "CHAT " + DIALOG + " DIALOG_PARTNER bob"),
        row("GET CHAT " + DIALOG + " MEMBERS", "CHAT " + DIALOG + " MEMBERS alice bob"),
        // names from before the hash, and the partner first, still lead to the dialog
        row("GET CHAT #alice/$bob NAME", "CHAT #alice/$bob NAME " + DIALOG),
        row("GET CHAT #bob/$alice;0 NAME", "CHAT #bob/$alice;0 NAME " + DIALOG),
        row("GET CHAT #bob/$carol;9b0d38127c6d9d80 NAME", "ERROR 14 Invalid message id"));
  }

  @TestFactory
  Stream<DynamicTest> adder(Vertx vertx) {
    return table(vertx,
        row("GET CHAT c0ffee; ADDER", "CHAT c0ffee; ADDER "),
        given(h -> h.model.chats.get("c0ffee;").members.get("alice").inviter = "bob",
            "GET CHAT c0ffee; ADDER", "CHAT c0ffee; ADDER bob"),
        given(h -> h.model.chats.get("c0ffee;").members.get("alice").inviter = "alice",
            "GET CHAT c0ffee; ADDER", "CHAT c0ffee; ADDER "));
  }

  @TestFactory
  Stream<DynamicTest> alterDialog(Vertx vertx) {
    return table(vertx,
        row("ALTER CHAT " + DIALOG + " LEAVE", "ERROR 14 Invalid message id"),
        row("ALTER CHAT " + DIALOG + " SETTOPIC hi", "ERROR 14 Invalid message id"),
        row("ALTER CHAT " + DIALOG + " ADDMEMBERS", "ERROR 26 Invalid user handle"),
        row("ALTER CHAT " + DIALOG + " ADDMEMBERS nobody", "ERROR 26 Invalid user handle"),
        row("ALTER CHAT #bob/$carol;1 ADDMEMBERS echo123", "ERROR 14 Invalid message id"));
  }

  @Test
  void addingMembersToADialogMakesAGroupWithThePartner(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.run2("#a ALTER CHAT " + DIALOG + " ADDMEMBERS echo123");
    String groupName = h.session.newChats.keySet().iterator().next();
    assertThat(h.askerLines).isEmpty(); // waits for the group
    h.session.newChats.get(groupName).complete(new Chat("beef;", 1_700_000_000L));
    assertThat(h.upstream.calls).containsExactly("createSharedGroup " + groupName,
        "inviteToGroup beef alice bob", "inviteToGroup beef alice echo123");
    assertThat(h.askerLines).containsExactly("#a ALTER CHAT ADDMEMBERS",
        "CHAT beef; STATUS MULTI_SUBSCRIBED");
    assertThat(h.otherLines).containsExactly("CHAT beef; STATUS MULTI_SUBSCRIBED");
  }

  @Test
  void alterChatAnswersWithoutTheChatNameAtEveryLevel(Vertx vertx) {
    for (int protocol : List.of(5, 7, 8)) {
      CommandHarness h = new CommandHarness(vertx);
      h.asker.protocol = protocol;
      h.run("ALTER CHAT c0ffee; ADDMEMBERS echo123");
      h.run("ALTER CHAT c0ffee; SETTOPIC lunch");
      h.run("ALTER CHAT c0ffee; LEAVE");
      assertThat(h.askerLines).as("protocol %d", protocol).containsExactly(
          "ALTER CHAT ADDMEMBERS", "ALTER CHAT SETTOPIC", "ALTER CHAT LEAVE");
    }
  }

  @Test
  void aFailedKickOrTopicLeavesNoHintBehind(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.upstream.failing.add("kickMember");
    h.upstream.failing.add("setGroupTopic");
    h.run("ALTER CHAT c0ffee; KICK bob");
    h.run("ALTER CHAT c0ffee; SETTOPIC lunch");
    assertThat(h.askerLines).containsExactly("ERROR 9903 imo.im request failed",
        "ERROR 9903 imo.im request failed");
    Chat chat = h.model.chats.get("c0ffee;");
    assertThat(chat.kicksAsked).isEmpty(); // bob leaving later is still his LEFT message
    assertThat(chat.topicAsked).isNull();
  }
}
