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

/** {@link SessionCommands}: lines in, lines and upstream calls out. */
@ExtendWith(VertxExtension.class)
class SessionCommandsTest {

  @TestFactory
  Stream<DynamicTest> answers(Vertx vertx) {
    return table(vertx,
        row("PING", "PONG"),
        row("#1 PING", "#1 PONG"),
        row("NAME Miranda", "OK"),
        row("OPEN IM bob", "OPEN IM bob"),
        row("PROTOCOL 5", "PROTOCOL 5"),
        row("PROTOCOL 99", "PROTOCOL 7"),
        row("PROTOCOL x", "PROTOCOL 7"),
        row("GET CURRENTUSERHANDLE", "CURRENTUSERHANDLE alice"),
        row("GET USERSTATUS", "USERSTATUS ONLINE"),
        row("GET CONNSTATUS", "CONNSTATUS ONLINE"),
        row("GET SKYPEVERSION", "SKYPEVERSION 3.8.0.188"),
        row("GET PRIVILEGE SKYPEOUT", "PRIVILEGE SKYPEOUT FALSE"),
        row("GET PRIVILEGE OTHER", "ERROR 40 Unknown Privilege"),
        row("SET CONNSTATUS OFFLINE", "ERROR 7 Invalid property"),
        row("FOO", "ERROR 2 Unknown command"),
        row("GET FOO", "ERROR 7 Invalid property"),
        row("SEARCH FOO", "ERROR 2 Invalid command"));
  }

  @TestFactory
  Stream<DynamicTest> ownStatus(Vertx vertx) {
    return table(vertx,
        new Case("SET USERSTATUS SKYPEME, rendered per level", h -> { },
            List.of("SET USERSTATUS SKYPEME"), List.of("USERSTATUS SKYPEME"),
            List.of("USERSTATUS ONLINE"), List.of("setStatus available ")),
        new Case("SET USERSTATUS AWAY", h -> { }, List.of("SET USERSTATUS AWAY"),
            List.of("USERSTATUS AWAY"), List.of("USERSTATUS AWAY"),
            List.of("setStatus away ")),
        row("SET USERSTATUS ONLINE", "USERSTATUS ONLINE"),
        row("SET USERSTATUS BOGUS", "ERROR 28 Unknown userstatus"),
        row("SET USERSTATUS OFFLINE", "USERSTATUS OFFLINE", "setStatus offline ", "logOut"),
        given(h -> h.upstream.failing.add("setStatus"), "SET USERSTATUS DND",
            "USERSTATUS ONLINE", "setStatus busy "),
        given(h -> h.session.online = false, "SET USERSTATUS DND", "USERSTATUS DND", "logIn"),
        given(h -> {
          h.session.online = false;
          h.session.loginSucceeds = false;
        }, "SET USERSTATUS DND", "USERSTATUS OFFLINE", "logIn"),
        given(h -> h.session.online = false, "SET USERSTATUS OFFLINE", "USERSTATUS OFFLINE"),
        given(h -> h.session.online = false, "GET USERSTATUS", "USERSTATUS OFFLINE"),
        given(h -> h.session.online = false, "GET USER bob FULLNAME",
            "ERROR 9902 Not logged in"),
        row("SET PROFILE MOOD_TEXT out for lunch", "PROFILE MOOD_TEXT out for lunch",
            "moodUpdateScheduled"),
        row("SET PROFILE NICKNAME Alice", "ERROR 552 Invalid property"),
        row("SET PROFILE", "ERROR 10 Invalid property"));
  }
}
