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
import net.imo2sproxy.gateway.emulator.model.Call;

/** {@link CallCommands}: lines in, lines and upstream calls out, per protocol level. */
@ExtendWith(VertxExtension.class)
class CallCommandsTest {

  private static void ringingFromBob(CommandHarness h) {
    h.model.addCall(new Call("bob", true, 1_700_000_000L, Call.RINGING));
  }

  private static Case ringing(String in, String reply) {
    return given(CallCommandsTest::ringingFromBob, in, reply);
  }

  @TestFactory
  Stream<DynamicTest> calls(Vertx vertx) {
    return table(vertx,
        new Case("CALL: UNPLACED, then ROUTING", h -> { }, List.of("CALL bob"),
            List.of("CALL {call} STATUS UNPLACED", "CALL {call} STATUS ROUTING"),
            List.of("CALL {call} STATUS ROUTING"), List.of("startAudioChat bob")),
        row("CALL nobody", "ERROR 26 Invalid user handle"),
        given(h -> h.upstream.failing.add("startAudioChat"), "CALL bob",
            "ERROR 9903 imo.im request failed", "startAudioChat bob"),
        ringing("GET CALL {call} STATUS", "CALL {call} STATUS RINGING"),
        ringing("GET CALL {call} PARTNER_HANDLE", "CALL {call} PARTNER_HANDLE bob"),
        ringing("GET CALL {call} PARTNER_DISPNAME", "CALL {call} PARTNER_DISPNAME Bob"),
        ringing("GET CALL {call} TYPE", "CALL {call} TYPE INCOMING_P2P"),
        ringing("GET CALL {call} VIDEO_STATUS", "CALL {call} VIDEO_STATUS VIDEO_NONE"),
        ringing("GET CALL {call} NOPE", "ERROR 10 Invalid property / not implemented"),
        ringing("GET CALL {call}", "ERROR 10 Invalid property"),
        row("GET CALL 0 STATUS", "ERROR 11 Invalid call id"),
        ringing("SEARCH ACTIVECALLS", "CALLS {call}"),
        row("SEARCH ACTIVECALLS", "CALLS "),
        ringing("SET CALL {call} STATUS BOGUS", "ERROR 21 Unknown/disallowed call prop"),
        ringing("SET CALL {call} VIDEO_STATUS ON", "ERROR 21 Unknown/disallowed call prop"),
        new Case("SET CALL ONHOLD, rendered per level", CallCommandsTest::ringingFromBob,
            List.of("SET CALL {call} STATUS ONHOLD"), List.of("CALL {call} STATUS LOCALHOLD"),
            List.of("CALL {call} STATUS ONHOLD"), List.of()),
        new Case("SET CALL INPROGRESS fails it: no audio path", CallCommandsTest::ringingFromBob,
            List.of("SET CALL {call} STATUS INPROGRESS", "SEARCH ACTIVECALLS"),
            List.of("CALL {call} FAILUREREASON 1", "CALL {call} STATUS FAILED", "CALLS "),
            List.of("CALL {call} FAILUREREASON 1", "CALL {call} STATUS FAILED"), List.of()));
  }

  /**
   * Resent after a failover, a CALL this session (or its predecessor, through the saved
   * state) answered gets that answer again and rings nobody a second time; an unknown one runs.
   */
  @org.junit.jupiter.api.Test
  void aResentCallIsAnsweredFromTheRecord(Vertx vertx) {
    CommandHarness h = new CommandHarness(vertx);
    h.runNumbered(3, false, "#c CALL bob");
    h.runNumbered(3, true, "#c CALL bob");
    h.runNumbered(4, true, "#d CALL bob");
    long first = h.model.calls.keySet().iterator().next();
    List<String> replies = h.askerLines.stream().filter(l -> l.startsWith("#")).toList();
    org.assertj.core.api.Assertions.assertThat(replies).hasSize(3).startsWith(
        "#c CALL " + first + " STATUS UNPLACED", "#c CALL " + first + " STATUS UNPLACED");
    org.assertj.core.api.Assertions.assertThat(replies.get(2)).startsWith("#d CALL ")
        .isNotEqualTo("#d CALL " + first + " STATUS UNPLACED");
    org.assertj.core.api.Assertions.assertThat(h.upstream.calls)
        .containsExactly("startAudioChat bob", "startAudioChat bob");
  }
}
