package net.imo2sproxy.gateway.emulator.command;

import static net.imo2sproxy.gateway.emulator.command.CommandHarness.given;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.row;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.table;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.Stream;
import net.imo2sproxy.gateway.emulator.command.CommandHarness.Case;
import net.imo2sproxy.gateway.emulator.model.Contact;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ProfileCommands}: the own profile and the contacts' profiles in one line. */
@ExtendWith(VertxExtension.class)
class ProfileCommandsTest {

  private static Case sequence(String name, List<String> in, List<String> out) {
    return new Case(name, h -> { }, in, out, List.of(), List.of());
  }

  @TestFactory
  Stream<DynamicTest> ownProfile(Vertx vertx) {
    return table(vertx,
        given(h -> h.model.ownAlias = "Alice A", "GET PROFILE FULLNAME", "PROFILE FULLNAME Alice A"),
        given(h -> h.model.ownMood = "sunny", "GET PROFILE MOOD_TEXT", "PROFILE MOOD_TEXT sunny"),
        row("GET PROFILE RICH_MOOD_TEXT", "PROFILE RICH_MOOD_TEXT "),
        row("GET PROFILE SEX", "PROFILE SEX UNKNOWN"),
        row("GET PROFILE BIRTHDAY", "PROFILE BIRTHDAY 0"),
        row("GET PROFILE CITY", "PROFILE CITY "),
        row("GET PROFILE PSTN_BALANCE", "PROFILE PSTN_BALANCE 0"),
        row("GET PROFILE CALL_NOANSWER_TIMEOUT", "PROFILE CALL_NOANSWER_TIMEOUT 15"),
        row("GET PROFILE", "ERROR 10 Invalid property"),
        row("GET PROFILE NICKNAME", "ERROR 552 Invalid property"),
        given(h -> h.session.online = false, "GET PROFILE SEX", "PROFILE SEX UNKNOWN"),
        new Case("SET PROFILE FULLNAME is kept here and shown as the own FULLNAME", h -> { },
            List.of("SET PROFILE FULLNAME Alice Liddell", "GET PROFILE FULLNAME",
                "GET USER alice FULLNAME"),
            List.of("PROFILE FULLNAME Alice Liddell", "PROFILE FULLNAME Alice Liddell",
                "USER alice FULLNAME Alice Liddell"), List.of(), List.of()),
        sequence("SET PROFILE CITY is kept", List.of("SET PROFILE CITY Tallinn", "GET PROFILE CITY"),
            List.of("PROFILE CITY Tallinn", "PROFILE CITY Tallinn")),
        row("set profile sex female", "PROFILE SEX FEMALE"),
        row("SET PROFILE SEX OTHER", "ERROR 552 Invalid property"),
        row("SET PROFILE PSTN_BALANCE 100", "ERROR 552 Invalid property"),
        row("SET PROFILE RICH_MOOD_TEXT <b>hi</b>", "PROFILE RICH_MOOD_TEXT <b>hi</b>",
            "moodUpdateScheduled"),
        row("SET PROFILE MOOD_TEXT lunch", "PROFILE MOOD_TEXT lunch", "moodUpdateScheduled"));
  }

  @TestFactory
  Stream<DynamicTest> displayNames(Vertx vertx) {
    return table(vertx,
        sequence("SET USER DISPLAYNAME is kept and shown",
            List.of("SET USER bob DISPLAYNAME Bobby B", "GET USER bob DISPLAYNAME",
                "GET USER bob FULLNAME"),
            List.of("USER bob DISPLAYNAME Bobby B", "USER bob DISPLAYNAME Bobby B",
                "USER bob FULLNAME Bob")),
        sequence("an empty DISPLAYNAME gives the alias back",
            List.of("SET USER bob DISPLAYNAME Bobby", "SET USER bob DISPLAYNAME ",
                "GET USER bob DISPLAYNAME"),
            List.of("USER bob DISPLAYNAME Bobby", "USER bob DISPLAYNAME ",
                "USER bob DISPLAYNAME Bob")),
        row("SET USER nobody DISPLAYNAME Nobody", "ERROR 26 Invalid user handle"),
        row("SET USER bob FULLNAME Bobby", "ERROR 7 Not implemented"));
  }

  private static void friends(CommandHarness h) {
    for (Contact contact : h.model.contacts.values()) {
      contact.buddyStatus = Contact.FRIEND;
      contact.authorized = true;
    }
  }

  @TestFactory
  Stream<DynamicTest> contactsProfiles(Vertx vertx) {
    return table(vertx,
        given(ProfileCommandsTest::friends, "GET AUTH_CONTACTS_PROFILES",
            "AUTH_CONTACTS_PROFILES bob;Bob;;;;ONLINE;Bob;FALSE;busy day,"
                + "echo123;;;;;OFFLINE;;FALSE;"),
        new Case("the display name given here is the entry's display name", h -> {
          friends(h);
          h.model.client.setDisplayName("BOB", "Bobby");
        }, List.of("GET AUTH_CONTACTS_PROFILES"), List.of("AUTH_CONTACTS_PROFILES "
            + "bob;Bob;;;;ONLINE;Bobby;FALSE;busy day,echo123;;;;;OFFLINE;;FALSE;"), List.of(),
            List.of()),
        given(h -> h.model.contacts.clear(), "GET AUTH_CONTACTS_PROFILES",
            "AUTH_CONTACTS_PROFILES "));
  }
}
