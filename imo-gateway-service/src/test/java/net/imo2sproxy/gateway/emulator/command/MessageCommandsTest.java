package net.imo2sproxy.gateway.emulator.command;

import static net.imo2sproxy.gateway.emulator.command.CommandHarness.given;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.row;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.Stream;
import net.imo2sproxy.gateway.emulator.command.CommandHarness.Case;
import java.util.Map;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import java.util.function.Consumer;

/** {@link MessageCommands}: lines in, lines and upstream calls out. */
@ExtendWith(VertxExtension.class)
class MessageCommandsTest {

  private static final Consumer<CommandHarness> BOB_SAID_HEY = h -> h.received(50, "bob", "hey");

  @TestFactory
  Stream<DynamicTest> sending(Vertx vertx) {
    return table(vertx,
        row("CHATMESSAGE bob hello there", "CHATMESSAGE 100 STATUS SENDING",
            "sendIm bob hello there"),
        row("#s MESSAGE bob hi", "#s CHATMESSAGE 100 STATUS SENDING", "sendIm bob hi"),
        row("CHATMESSAGE #alice/$bob;0123 via the dialog", "CHATMESSAGE 100 STATUS SENDING",
            "sendIm bob via the dialog"),
        row("CHATMESSAGE c0ffee; hello team", "CHATMESSAGE 100 STATUS SENDING",
            "sendIm c0ffee; hello team"),
        given(h -> h.upstream.failing.add("sendIm"), "CHATMESSAGE bob lost",
            "CHATMESSAGE 100 STATUS FAILED", "sendIm bob lost"),
        given(h -> h.asker.protocol = 2, "MESSAGE bob old client",
            "MESSAGE 100 STATUS SENDING", "sendIm bob old client"),
        row("CHATMESSAGE nobody hi", "ERROR 26 Invalid user handle"),
        row("CHATMESSAGE #mallory/$bob;1 hi", "ERROR 26 Invalid user handle"),
        row("CHATMESSAGE bob", "ERROR 43 Cannot send empty message"));
  }

  @TestFactory
  Stream<DynamicTest> properties(Vertx vertx) {
    return table(vertx,
        given(BOB_SAID_HEY, "GET CHATMESSAGE 50 BODY", "CHATMESSAGE 50 BODY hey"),
        given(BOB_SAID_HEY, "GET CHATMESSAGE 50 FROM_HANDLE", "CHATMESSAGE 50 FROM_HANDLE bob"),
        given(BOB_SAID_HEY, "GET CHATMESSAGE 50 CHATNAME",
            "CHATMESSAGE 50 CHATNAME #alice/$bob;1cb15457d1ddab60"),
        given(BOB_SAID_HEY, "GET CHATMESSAGE 50 TYPE", "CHATMESSAGE 50 TYPE SAID"),
        given(BOB_SAID_HEY.andThen(h -> h.asker.protocol = 2), "GET MESSAGE 50 TYPE",
            "MESSAGE 50 TYPE TEXT"),
        given(BOB_SAID_HEY, "GET MESSAGE 50 STATUS", "MESSAGE 50 STATUS RECEIVED"),
        given(BOB_SAID_HEY, "GET CHATMESSAGE 50 TIMESTAMP", "CHATMESSAGE 50 TIMESTAMP 1700000100"),
        given(BOB_SAID_HEY, "GET CHATMESSAGE 50", "ERROR 10 Invalid property"),
        given(BOB_SAID_HEY, "GET CHATMESSAGE 50 NOPE",
            "ERROR 10 Invalid property / not implemented"),
        row("GET CHATMESSAGE 99 BODY", "ERROR 14 Invalid message id"),
        row("GET CHATMESSAGE x BODY", "ERROR 14 Invalid message id"));
  }

  @TestFactory
  Stream<DynamicTest> unread(Vertx vertx) {
    return table(vertx,
        given(BOB_SAID_HEY, "SEARCH MISSEDCHATMESSAGES", "CHATMESSAGES 50"),
        given(BOB_SAID_HEY, "SEARCH MISSEDMESSAGES", "MESSAGES 50"),
        new Case("SET CHATMESSAGE SEEN", BOB_SAID_HEY,
            List.of("SET CHATMESSAGE 50 SEEN", "SEARCH MISSEDCHATMESSAGES"),
            List.of("CHATMESSAGE 50 STATUS READ", "CHATMESSAGES "), List.of(), List.of()),
        given(BOB_SAID_HEY, "SET CHATMESSAGE 50 BODY x",
            "ERROR 10 Invalid property / not implemented"),
        row("SET CHATMESSAGE 99 SEEN", "ERROR 14 Invalid message id"));
  }

  /**
   * Resent after a failover (EVENT-BUS.md): a send the session already made for the same
   * command key is answered from its record (SENDING, then its status now) and not sent
   * again; one it does not know, or the same number from another connection, runs.
   */
  @Test
  void aResentSendIsAnsweredFromTheRecord(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.runNumbered(5, false, "#a MESSAGE bob first");
    h.model.messages.get(100).status = ChatMessage.Status.SENT;
    h.runNumbered(5, true, "#a MESSAGE bob first");
    h.runNumbered(6, true, "#b MESSAGE bob second");
    assertThat(h.askerLines).containsExactly("#a CHATMESSAGE 100 STATUS SENDING",
        "#a CHATMESSAGE 100 STATUS SENDING", "CHATMESSAGE 100 STATUS SENT",
        "#b CHATMESSAGE 101 STATUS SENDING");
    assertThat(h.sends).containsExactly(Map.entry(100L, "SENDING"), Map.entry(100L, "SENDING"),
        Map.entry(100L, "SENT"), Map.entry(101L, "SENDING"));
    assertThat(h.upstream.calls).containsExactly("sendIm bob first", "sendIm bob second");
    assertThat(h.otherLines).isEmpty();
    // a command that was not resent runs whatever its number
    h.runNumbered(6, false, "#c MESSAGE bob third");
    assertThat(h.upstream.calls).hasSize(3);
  }

  /**
   * A resent send whose new status the session announced to the asker already (the asker
   * re-attached, then imo.im's acknowledgement came before the resend) is not told it again.
   */
  @Test
  void aStatusAnnouncedToTheAskerIsNotRepeated(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.runNumbered(5, false, "#a MESSAGE bob first");
    ChatMessage message = h.model.messages.get(100);
    message.status = ChatMessage.Status.SENT;
    message.statusToldUpTo = h.fanOut.attachedSoFar(); // as OutgoingMessages announces it
    h.runNumbered(5, true, "#a MESSAGE bob first");
    assertThat(h.askerLines).containsExactly("#a CHATMESSAGE 100 STATUS SENDING",
        "#a CHATMESSAGE 100 STATUS SENDING");
    assertThat(h.upstream.calls).containsExactly("sendIm bob first");
  }

  /** A resent send whose record is still SENDING gets just the reply the first run gave. */
  @Test
  void aResentSendStillSendingGetsItsFirstReply(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.runNumbered(1, false, "CHATMESSAGE c0ffee; hello team");
    h.runNumbered(1, true, "CHATMESSAGE c0ffee; hello team");
    assertThat(h.askerLines).containsExactly("CHATMESSAGE 100 STATUS SENDING",
        "CHATMESSAGE 100 STATUS SENDING");
    assertThat(h.upstream.calls).hasSize(1);
  }
}
