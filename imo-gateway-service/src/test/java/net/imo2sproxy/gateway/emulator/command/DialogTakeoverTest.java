package net.imo2sproxy.gateway.emulator.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import net.imo2sproxy.gateway.emulator.impl.SnapshotCodec;
import net.imo2sproxy.gateway.emulator.model.SessionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dialogs and chats across a take-over (docs/skype-api-emulation.md §10): the survivor, from
 * the saved state alone, names dialogs as the lost gateway did, answers a resent one-handle
 * CHAT CREATE from the record, and still knows who added us to a group.
 */
@ExtendWith(VertxExtension.class)
class DialogTakeoverTest {

  private static CommandHarness survivorOf(Vertx vertx, CommandHarness lost) {
    CommandHarness survivor = new CommandHarness(vertx);
    survivor.model.chats.clear();
    survivor.model.contacts.clear();
    JsonObject state = new JsonObject(SnapshotCodec.encode(lost.model, null).text());
    JsonObject roster = SessionState.encodeRoster(lost.model.contacts.values(),
        lost.model.chats.values(), lost.model.memberObjectIdFloor());
    SnapshotCodec.restore(survivor.model, state, roster);
    return survivor;
  }

  @Test
  void theSurvivorNamesTheDialogAlikeAndKnowsWhoAddedUs(Vertx vertx) {
    CommandHarness lost = new CommandHarness(vertx);
    lost.received(50, "bob", "hey");
    lost.model.chats.get("c0ffee;").members.get("alice").inviter = "bob";
    lost.runNumbered(1, false, "CHAT CREATE bob");
    assertThat(lost.askerLines).containsExactly("CHAT #alice/$bob;1cb15457d1ddab60 STATUS DIALOG");

    CommandHarness survivor = survivorOf(vertx, lost);
    survivor.runNumbered(1, true, "CHAT CREATE bob"); // the endpoint's resend
    survivor.run("GET CHATMESSAGE 50 CHATNAME");
    survivor.run("GET CHAT #alice/$bob NAME"); // a name from before the hash
    survivor.run("GET CHAT c0ffee; ADDER");
    assertThat(survivor.askerLines).containsExactly(
        "CHAT #alice/$bob;1cb15457d1ddab60 STATUS DIALOG",
        "CHATMESSAGE 50 CHATNAME #alice/$bob;1cb15457d1ddab60",
        "CHAT #alice/$bob NAME #alice/$bob;1cb15457d1ddab60",
        "CHAT c0ffee; ADDER bob");
    assertThat(survivor.upstream.calls).isEmpty();
  }
}
