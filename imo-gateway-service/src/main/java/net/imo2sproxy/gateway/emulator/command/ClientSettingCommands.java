package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import net.imo2sproxy.gateway.emulator.model.ClientSettings;

/**
 * Settings of the Skype client itself, which real Skype kept on the user's machine and which
 * need no Skype network: silent mode, auto-away, the main window's state, mute, the UI language,
 * audio and video devices (docs/skype-api-emulation.md §4.15). They are kept in the session
 * ({@link ClientSettings}) and answered as real Skype answered them; they change nothing upstream.
 */
final class ClientSettingCommands {

  /** Each on/off setting with its value before a client sets it. */
  private static final Map<String, String> SWITCHES = Map.of(
      "SILENT_MODE", "OFF", "AUTOAWAY", "ON", "MUTE", "OFF");
  private static final Set<String> WINDOW_STATES = Set.of(
      "NORMAL", "MINIMIZED", "MAXIMIZED", "HIDDEN");
  /** Audio and video devices: there are none here, so only the default (empty) is set. */
  private static final Set<String> DEVICES = Set.of("AUDIO_IN", "AUDIO_OUT", "RINGER", "VIDEO_IN");
  static final String WINDOWSTATE = "WINDOWSTATE";
  private static final String UI_LANGUAGE = "UI_LANGUAGE";

  private ClientSettingCommands() {
  }

  private static final Set<String> OBJECTS = Set.of("SILENT_MODE", "AUTOAWAY", "MUTE",
      WINDOWSTATE, UI_LANGUAGE, "AUDIO_IN", "AUDIO_OUT", "RINGER", "VIDEO_IN",
      "PREDICTIVE_DIALER_COUNTRY");

  /** The object names this class answers after GET and SET (for the command table). */
  static Set<String> objects() {
    return OBJECTS;
  }

  /** {@code GET <setting>}. */
  static Future<Void> get(CommandContext ctx) {
    String name = ctx.keyword(1);
    ClientSettings client = ctx.model.client;
    String value;
    if (SWITCHES.containsKey(name)) {
      value = client.setting(name, SWITCHES.get(name));
    } else if (WINDOWSTATE.equals(name)) {
      value = client.setting(name, "NORMAL");
    } else if (UI_LANGUAGE.equals(name)) {
      value = client.setting(name, "en");
    } else {
      // devices: the default device; the dialler's country: none known without Skype's network
      value = "";
    }
    return ctx.reply(name + " " + value);
  }

  /** {@code SET <setting> <value>}. */
  static Future<Void> set(CommandContext ctx) {
    String name = ctx.keyword(1);
    ClientSettings client = ctx.model.client;
    if (SWITCHES.containsKey(name)) {
      String value = ctx.keyword(2);
      if (!"ON".equals(value) && !"OFF".equals(value)) {
        return ctx.error(7, "Invalid property");
      }
      return store(ctx, name, value);
    }
    if (WINDOWSTATE.equals(name)) {
      String value = ctx.keyword(2);
      if (!WINDOW_STATES.contains(value)) {
        return ctx.error(7, "Invalid property");
      }
      return store(ctx, name, value);
    }
    if (UI_LANGUAGE.equals(name)) {
      String value = ctx.arg(2);
      if (value == null) {
        return ctx.error(7, "Invalid property");
      }
      return store(ctx, name, value);
    }
    if (DEVICES.contains(name)) {
      // Real Skype refused a device it did not have; here there is only the default one.
      return ctx.restAfter(1).isBlank() ? ctx.reply(name + " ")
          : ctx.error(50, "cannot set device");
    }
    return ctx.error(7, "Invalid property"); // PREDICTIVE_DIALER_COUNTRY is read-only
  }

  private static Future<Void> store(CommandContext ctx, String name, String value) {
    ctx.model.client.setSetting(name, value);
    ctx.model.changed();
    return ctx.reply(name + " " + value);
  }

  /** {@code RESETIDLETIMER}: there is no idle timer to reset; confirmed as real Skype did. */
  static Future<Void> resetIdleTimer(CommandContext ctx) {
    return ctx.reply("RESETIDLETIMER");
  }
}
