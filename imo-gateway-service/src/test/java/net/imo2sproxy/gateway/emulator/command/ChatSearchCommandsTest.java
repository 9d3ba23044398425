package net.imo2sproxy.gateway.emulator.command;

import static net.imo2sproxy.gateway.emulator.command.CommandHarness.given;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.row;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.table;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ChatSearchCommands}: the chat lists bitlbee asks for to join chats on start-up. */
@ExtendWith(VertxExtension.class)
class ChatSearchCommandsTest {

  @TestFactory
  Stream<DynamicTest> searches(Vertx vertx) {
    return table(vertx,
        row("SEARCH ACTIVECHATS", "CHATS c0ffee;"),
        row("SEARCH BOOKMARKEDCHATS", "CHATS "),
        row("SEARCH MISSEDCHATS", "CHATS "),
        given(h -> h.received(500, "bob", "hi"), "SEARCH MISSEDCHATS", "CHATS #alice/$bob;1cb15457d1ddab60"),
        given(h -> h.received(500, "c0ffee;bob;prpl-skype", "hi all"), "SEARCH MISSEDCHATS",
            "CHATS c0ffee;"));
  }
}
