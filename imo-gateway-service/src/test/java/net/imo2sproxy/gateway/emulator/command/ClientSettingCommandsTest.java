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

/** {@link ClientSettingCommands} and {@link WindowCommands}: kept here, nothing upstream. */
@ExtendWith(VertxExtension.class)
class ClientSettingCommandsTest {

  private static Case sequence(String name, List<String> in, List<String> out) {
    return new Case(name, h -> { }, in, out, List.of(), List.of());
  }

  @TestFactory
  Stream<DynamicTest> settings(Vertx vertx) {
    return table(vertx,
        row("GET SILENT_MODE", "SILENT_MODE OFF"),
        sequence("SET SILENT_MODE ON is kept",
            List.of("set silent_mode on", "GET SILENT_MODE"),
            List.of("SILENT_MODE ON", "SILENT_MODE ON")),
        row("SET SILENT_MODE MAYBE", "ERROR 7 Invalid property"),
        row("SET SILENT_MODE", "ERROR 7 Invalid property"),
        row("GET AUTOAWAY", "AUTOAWAY ON"),
        sequence("SET AUTOAWAY OFF is kept", List.of("SET AUTOAWAY OFF", "GET AUTOAWAY"),
            List.of("AUTOAWAY OFF", "AUTOAWAY OFF")),
        row("GET MUTE", "MUTE OFF"),
        row("SET MUTE ON", "MUTE ON"),
        row("GET WINDOWSTATE", "WINDOWSTATE NORMAL"),
        sequence("SET WINDOWSTATE HIDDEN is kept",
            List.of("SET WINDOWSTATE HIDDEN", "GET WINDOWSTATE"),
            List.of("WINDOWSTATE HIDDEN", "WINDOWSTATE HIDDEN")),
        row("SET WINDOWSTATE TINY", "ERROR 7 Invalid property"),
        row("GET UI_LANGUAGE", "UI_LANGUAGE en"),
        sequence("SET UI_LANGUAGE de", List.of("SET UI_LANGUAGE de", "GET UI_LANGUAGE"),
            List.of("UI_LANGUAGE de", "UI_LANGUAGE de")),
        row("GET AUDIO_IN", "AUDIO_IN "),
        row("GET VIDEO_IN", "VIDEO_IN "),
        row("SET AUDIO_OUT ", "AUDIO_OUT "),
        row("SET RINGER Speakers (USB)", "ERROR 50 cannot set device"),
        row("GET PREDICTIVE_DIALER_COUNTRY", "PREDICTIVE_DIALER_COUNTRY "),
        row("SET PREDICTIVE_DIALER_COUNTRY ee", "ERROR 7 Invalid property"),
        row("RESETIDLETIMER", "RESETIDLETIMER"),
        given(h -> h.session.online = false, "SET SILENT_MODE ON", "SILENT_MODE ON"),
        given(h -> h.session.online = false, "GET WINDOWSTATE", "WINDOWSTATE NORMAL"));
  }

  @TestFactory
  Stream<DynamicTest> windows(Vertx vertx) {
    return table(vertx,
        sequence("MINIMIZE minimises the main window", List.of("MINIMIZE", "GET WINDOWSTATE"),
            List.of("MINIMIZE", "WINDOWSTATE MINIMIZED")),
        sequence("FOCUS restores it", List.of("MINIMIZE", "FOCUS", "GET WINDOWSTATE"),
            List.of("MINIMIZE", "FOCUS", "WINDOWSTATE NORMAL")),
        given(h -> h.session.online = false, "MINIMIZE", "MINIMIZE"),
        row("OPEN ADDAFRIEND", "OPEN ADDAFRIEND"),
        row("open im bob hello there", "OPEN IM bob hello there"),
        row("OPEN OPTIONS privacy", "OPEN OPTIONS privacy"),
        row("OPEN", "ERROR 69 OPEN: invalid WHAT"),
        row("OPEN SPACESHIP", "ERROR 69 OPEN: invalid WHAT"));
  }
}
