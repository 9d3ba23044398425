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
            "CHATMESSAGE 50 CHATNAME #alice/$bob"),
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
}
