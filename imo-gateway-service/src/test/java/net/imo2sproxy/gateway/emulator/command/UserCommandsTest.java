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

import net.imo2sproxy.gateway.emulator.model.Contact;
import org.junit.jupiter.api.Test;

/** {@link UserCommands}: lines in, lines and upstream calls out. */
@ExtendWith(VertxExtension.class)
class UserCommandsTest {

  @TestFactory
  Stream<DynamicTest> properties(Vertx vertx) {
    return table(vertx,
        row("GET USER bob FULLNAME", "USER bob FULLNAME Bob"),
        row("GET USER bob ONLINESTATUS", "USER bob ONLINESTATUS ONLINE"),
        row("GET USER bob MOOD_TEXT", "USER bob MOOD_TEXT busy day"),
        row("GET USER bob BUDDYSTATUS", "USER bob BUDDYSTATUS 3"),
        row("GET USER bob ISAUTHORIZED", "USER bob ISAUTHORIZED TRUE"),
        row("GET USER bob CITY", "USER bob CITY "),
        row("GET USER alice ONLINESTATUS", "USER alice ONLINESTATUS ONLINE"),
        row("GET USER alice BUDDYSTATUS", "USER alice BUDDYSTATUS 3"),
        row("GET USER nobody BUDDYSTATUS", "USER nobody BUDDYSTATUS 0"),
        row("GET USER nobody FULLNAME", "ERROR 26 Invalid user handle"),
        row("GET USER bob", "ERROR 10 Invalid property"),
        row("GET USER bob NOSUCH", "ERROR 10 Invalid propery"),
        row("GET USER bob AVATAR 1 /tmp/bob.jpg", "ERROR 122 GET Unable to load avatar"),
        row("GET USER bob AVATAR 2 /tmp/bob.jpg", "ERROR 116 GET invalid ID"));
  }

  @TestFactory
  Stream<DynamicTest> changes(Vertx vertx) {
    return table(vertx,
        row("SET USER bob ISAUTHORIZED FALSE", "USER bob ISAUTHORIZED FALSE", "authDeny bob"),
        row("SET USER bob ISAUTHORIZED TRUE", "USER bob ISAUTHORIZED TRUE", "authAdd bob"),
        row("SET USER bob ISBLOCKED TRUE", "USER bob ISBLOCKED TRUE", "blockBuddy bob"),
        row("SET USER bob ISBLOCKED FALSE", "USER bob ISBLOCKED FALSE", "unblockBuddy bob"),
        given(h -> h.model.contacts.get("bob").authorized = false, "SET USER bob ISBLOCKED TRUE",
            "USER bob ISBLOCKED TRUE", "authBlock bob"),
        given(h -> h.upstream.failing.add("authAdd"), "SET USER bob ISAUTHORIZED TRUE",
            "ERROR 9903 imo.im request failed", "authAdd bob"),
        row("SET USER bob ISAUTHORIZED MAYBE", "ERROR 7 Invalid property"),
        row("SET USER bob FULLNAME x", "ERROR 7 Not implemented"),
        row("SET USER alice ISBLOCKED TRUE", "ERROR 26 Invalid user handle"),
        row("SET USER bob BUDDYSTATUS 1", "USER bob BUDDYSTATUS 1", "delBuddy bob Skype"),
        row("SET USER carol BUDDYSTATUS 2", "USER carol BUDDYSTATUS 2", "addBuddy carol"),
        row("SET USER bob BUDDYSTATUS 2", "USER bob BUDDYSTATUS 3"),
        row("SET USER bob BUDDYSTATUS 9", "ERROR 518 Invalid status given for BUDDYSTATUS"),
        row("SET USER carol BUDDYSTATUS 1", "ERROR 26 Invalid user handle"));
  }

  @TestFactory
  Stream<DynamicTest> searches(Vertx vertx) {
    return table(vertx,
        row("SEARCH FRIENDS", "USERS bob, echo123"),
        row("SEARCH USERS", "ERROR 4 Empty target not allowed"),
        new Case("SEARCH USERS keeps a temporary entry", h -> { },
            List.of("SEARCH USERS carol", "GET USER carol BUDDYSTATUS", "SEARCH FRIENDS"),
            List.of("USERS carol", "USER carol BUDDYSTATUS 2", "USERS bob, echo123"),
            List.of(), List.of()),
        given(h -> {
          Contact bob = h.model.contacts.get("bob");
          bob.pendingRequest = "let me in";
          bob.authorized = false;
        }, "SEARCH USERSWAITINGMYAUTHORIZATION", "USERS bob"),
        row("SEARCH USERSWAITINGMYAUTHORIZATION", "USERS "));
  }

  @Test
  void anAvatarIsAnsweredWithThePictureForTheEndpoint(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.model.setAvatarIcon("bob", "icon-of-bob");
    h.run("#a GET USER bob AVATAR 1 /tmp/bob.jpg");
    assertThat(h.upstream.calls).containsExactly("fetchAvatar icon-of-bob");
    assertThat(h.askerLines).isEmpty();
    assertThat(h.askerOther).hasSize(1);
    assertThat(h.askerOther.get(0).encode()).contains("#a USER bob AVATAR 1 /tmp/bob.jpg");
  }

  @Test
  void searchUsersEntriesExpire(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.run("SEARCH USERS carol");
    assertThat(h.session.temporary).extracting(c -> c.handle).containsExactly("carol");
  }
}
