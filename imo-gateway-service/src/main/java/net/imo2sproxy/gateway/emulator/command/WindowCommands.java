package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import java.util.Set;

/**
 * Commands about Skype's own windows (docs/skype-api-emulation.md §4.15). The bridge has no
 * windows: what real Skype would have shown is confirmed as real Skype confirmed it, and the
 * main window's state is kept as a client setting.
 */
final class WindowCommands {

  /** The windows real Skype could open, by the first word after OPEN. */
  private static final Set<String> WINDOWS = Set.of(
      "VIDEOTEST", "VOICEMAIL", "ADDAFRIEND", "IM", "CHAT", "FILETRANSFER", "LIVETAB",
      "PROFILE", "USERINFO", "CONFERENCE", "SEARCH", "OPTIONS", "CALLHISTORY", "CONTACTS",
      "DIALPAD", "SENDCONTACTS", "BLOCKEDUSERS", "IMPORTCONTACTS", "GETTINGSTARTED",
      "AUTHORIZATION", "APPLICATION", "CHATMEMBERS");

  private WindowCommands() {
  }

  /** {@code MINIMIZE}: the main window is minimised. */
  static Future<Void> minimize(CommandContext ctx) {
    ctx.model.client.setSetting(ClientSettingCommands.WINDOWSTATE, "MINIMIZED");
    ctx.model.changed();
    return ctx.reply("MINIMIZE");
  }

  /** {@code FOCUS}: the main window comes to the front. */
  static Future<Void> focus(CommandContext ctx) {
    ctx.model.client.setSetting(ClientSettingCommands.WINDOWSTATE, "NORMAL");
    ctx.model.changed();
    return ctx.reply("FOCUS");
  }

  /**
   * {@code OPEN <window> [<args>]}: a window real Skype knew is echoed (nothing opens,
   * docs/skype-api-emulation.md §13, Q1); any other is the error real Skype gave.
   */
  static Future<Void> open(CommandContext ctx) {
    String window = ctx.keyword(1);
    if (!WINDOWS.contains(window)) {
      return ctx.error(69, "OPEN: invalid WHAT");
    }
    String rest = ctx.restAfter(1);
    return ctx.reply(rest.isEmpty() ? "OPEN " + window : "OPEN " + window + " " + rest);
  }
}
