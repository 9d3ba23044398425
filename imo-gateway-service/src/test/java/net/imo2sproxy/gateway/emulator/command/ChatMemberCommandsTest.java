package net.imo2sproxy.gateway.emulator.command;

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

/**
 * {@link ChatMemberCommands}: member objects of group chats and of dialogs, and
 * {@code LEAVEREASON} (skype4pidgin asks both).
 */
@ExtendWith(VertxExtension.class)
class ChatMemberCommandsTest {

  /** alice's dialog with bob, as both sides name it. */
  private static final String DIALOG = "#alice/$bob;1cb15457d1ddab60";

  @TestFactory
  Stream<DynamicTest> members(Vertx vertx) {
    return table(vertx,
        row("GET CHAT c0ffee; MEMBEROBJECTS", "CHAT c0ffee; MEMBEROBJECTS 1, 2"),
        row("GET CHATMEMBER 2 IDENTITY", "CHATMEMBER 2 IDENTITY bob"),
        row("GET CHATMEMBER 2 CHATNAME", "CHATMEMBER 2 CHATNAME c0ffee;"),
        row("GET CHATMEMBER 2 ROLE", "CHATMEMBER 2 ROLE USER"),
        row("GET CHATMEMBER 2 IS_ACTIVE", "CHATMEMBER 2 IS_ACTIVE TRUE"),
        row("GET CHATMEMBER 2", "ERROR 10 Invalid property"),
        row("GET CHATMEMBER 2 COLOR", "ERROR 7 Invalid property / not implemented"),
        row("GET CHATMEMBER 99 IDENTITY", "ERROR 14 Invalid message id"),
        row("GET CHATMEMBER x IDENTITY", "ERROR 14 Invalid message id"),
        new Case("a dialog's member objects: own member, then the partner",
            h -> h.model.raiseMemberObjectIds(3),
            List.of("GET CHAT " + DIALOG + " MEMBEROBJECTS",
                "GET CHAT " + DIALOG + " MEMBEROBJECTS",
                "GET CHATMEMBER 3 IDENTITY", "GET CHATMEMBER 4 IDENTITY",
                "GET CHATMEMBER 4 CHATNAME", "GET CHATMEMBER 4 ROLE"),
            List.of("CHAT " + DIALOG + " MEMBEROBJECTS 3, 4", "CHAT " + DIALOG + " MEMBEROBJECTS 3, 4",
                "CHATMEMBER 3 IDENTITY alice", "CHATMEMBER 4 IDENTITY bob",
                "CHATMEMBER 4 CHATNAME " + DIALOG, "CHATMEMBER 4 ROLE USER"), List.of(),
            List.of()),
        new Case("below protocol 7 there are no member objects", h -> h.asker.protocol = 5,
            List.of("GET CHAT " + DIALOG + " MEMBEROBJECTS", "GET CHATMEMBER 1 IDENTITY"),
            List.of("ERROR 7 Invalid property / not implemented", "ERROR 14 Invalid message id"),
            List.of(), List.of()),
        new Case("LEAVEREASON is empty", h -> h.received(500, "bob", "hi"),
            List.of("GET CHATMESSAGE 500 LEAVEREASON"), List.of("CHATMESSAGE 500 LEAVEREASON "),
            List.of(), List.of()));
  }
}
