package net.imo2sproxy.gateway.emulator.command;

import static net.imo2sproxy.gateway.emulator.command.CommandHarness.given;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.table;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.Stream;
import net.imo2sproxy.gateway.emulator.command.CommandHarness.Case;
import net.imo2sproxy.gateway.emulator.model.Call;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How calls end in {@link CallCommands}, as in bitlbee's recordings of real Skype: a call to
 * an offline contact fails, hanging up an unanswered call cancels or refuses it, answering
 * fails for want of an audio path; and {@code ALTER CALL}.
 */
@ExtendWith(VertxExtension.class)
class CallOutcomeCommandsTest {

  private static void ringingFromBob(CommandHarness h) {
    h.model.addCall(new Call("bob", true, 1_700_000_000L, Call.RINGING));
  }

  private static void ringingToBob(CommandHarness h) {
    h.model.addCall(new Call("bob", false, 1_700_000_000L, Call.RINGING));
  }

  private static Case both(String name, java.util.function.Consumer<CommandHarness> given,
      List<String> in, List<String> asker, List<String> other) {
    return new Case(name, given, in, asker, other, List.of());
  }

  @TestFactory
  Stream<DynamicTest> outcomes(Vertx vertx) {
    return table(vertx,
        both("CALL to an offline contact fails at once, imo.im not asked", h -> { },
            List.of("CALL echo123", "GET CALL {call} FAILUREREASON", "SEARCH ACTIVECALLS"),
            List.of("CALL {call} STATUS UNPLACED", "CALL {call} STATUS ROUTING",
                "CALL {call} FAILUREREASON 3", "CALL {call} STATUS FAILED",
                "CALL {call} FAILUREREASON 3", "CALLS "),
            List.of("CALL {call} STATUS ROUTING", "CALL {call} FAILUREREASON 3",
                "CALL {call} STATUS FAILED")),
        both("hanging up an unanswered outgoing call cancels it",
            CallOutcomeCommandsTest::ringingToBob,
            List.of("SET CALL {call} STATUS FINISHED", "GET CALL {call} PARTNER_HANDLE"),
            List.of("CALL {call} STATUS CANCELLED", "CALL {call} PARTNER_HANDLE bob"),
            List.of("CALL {call} STATUS CANCELLED")),
        both("hanging up a ringing incoming call refuses it",
            CallOutcomeCommandsTest::ringingFromBob,
            List.of("SET CALL {call} STATUS FINISHED", "SET CALL {call} STATUS INPROGRESS"),
            List.of("CALL {call} STATUS REFUSED", "CALL {call} STATUS REFUSED"),
            List.of("CALL {call} STATUS REFUSED", "CALL {call} STATUS REFUSED")),
        both("a call on hold that is hung up is finished",
            CallOutcomeCommandsTest::ringingFromBob,
            List.of("SET CALL {call} STATUS ONHOLD", "SET CALL {call} STATUS FINISHED"),
            List.of("CALL {call} STATUS LOCALHOLD", "CALL {call} STATUS FINISHED"),
            List.of("CALL {call} STATUS ONHOLD", "CALL {call} STATUS FINISHED")),
        both("ALTER CALL ANSWER: echoed, then the failure",
            CallOutcomeCommandsTest::ringingFromBob, List.of("ALTER CALL {call} ANSWER"),
            List.of("CALL {call} FAILUREREASON 1", "ALTER CALL {call} ANSWER",
                "CALL {call} STATUS FAILED"),
            List.of("CALL {call} FAILUREREASON 1", "CALL {call} STATUS FAILED")),
        both("ALTER CALL HANGUP refuses a ringing incoming call",
            CallOutcomeCommandsTest::ringingFromBob, List.of("alter call {call} hangup"),
            List.of("ALTER CALL {call} HANGUP", "CALL {call} STATUS REFUSED"),
            List.of("CALL {call} STATUS REFUSED")),
        given(CallOutcomeCommandsTest::ringingFromBob, "ALTER CALL {call} TRANSFER x",
            "ERROR 545 ALTER: missing or invalid action"),
        given(h -> { }, "ALTER CALL 0 HANGUP", "ERROR 11 Invalid call id"),
        given(h -> h.model.addCall(new Call("bob", true, 1L, Call.MISSED)),
            "SEARCH MISSEDCALLS", "CALLS {call}"),
        given(CallOutcomeCommandsTest::ringingFromBob, "SEARCH MISSEDCALLS", "CALLS "),
        given(CallOutcomeCommandsTest::ringingFromBob, "SEARCH CALLS", "CALLS {call}"),
        given(CallOutcomeCommandsTest::ringingFromBob, "SEARCH CALLS BOB", "CALLS {call}"),
        given(CallOutcomeCommandsTest::ringingFromBob, "SEARCH CALLS echo123", "CALLS "),
        given(h -> { }, "ALTER CALL", "ERROR 11 Invalid call id"));
  }
}
