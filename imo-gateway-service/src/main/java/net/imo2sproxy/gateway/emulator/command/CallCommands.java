package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import net.imo2sproxy.gateway.emulator.model.Call;
import net.imo2sproxy.gateway.emulator.model.Contact;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls: signalling and the state machine only, no audio (docs/skype-api-emulation.md
 * §4.7, §4.10, §4.13 and §11).
 */
final class CallCommands {

  private CallCommands() {
  }

  /**
   * {@code CALL <h>}: {@code start_audio_chat}; the record exists at once and is answered
   * {@code CALL <n> STATUS ROUTING}, as real Skype does; imo.im's streams_info makes it RINGING.
   */
  static Future<Void> call(CommandContext ctx) {
    if (ctx.answeredFromRecord()) {
      return Future.succeededFuture(); // resent: a second run would ring the contact again
    }
    String handle = ctx.arg(1);
    if (handle == null || ctx.model.contact(handle) == null) {
      return ctx.error(26, "Invalid user handle");
    }
    return ctx.upstream.startAudioChat(handle)
        .transform(ar -> {
          if (ar.failed()) {
            return ctx.error(9903, "imo.im request failed");
          }
          Call call = ctx.model.addCall(new Call(handle, false, ctx.model.now(), Call.ROUTING));
          return ctx.replyRecorded("CALL " + call.id + " STATUS " + call.status);
        });
  }

  private static Call lookup(CommandContext ctx) {
    String number = ctx.arg(2);
    try {
      return number == null ? null : ctx.model.calls.get(Long.parseLong(number));
    } catch (NumberFormatException invalid) {
      return null;
    }
  }

  /** {@code GET CALL <n> <property>}. */
  static Future<Void> getCall(CommandContext ctx) {
    Call call = lookup(ctx);
    if (call == null) {
      return ctx.error(11, "Invalid call id");
    }
    String property = ctx.keyword(3);
    if (property.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    Contact contact = ctx.model.contact(call.partner);
    String value = switch (property) {
      case "TIMESTAMP" -> Long.toString(call.timestamp);
      case "PARTNER_HANDLE" -> call.partner;
      case "PARTNER_DISPNAME" -> contact == null ? call.partner : contact.displayName();
      case "CONF_ID", "DURATION", "CONF_PARTICIPANTS_COUNT" -> "0";
      case "TYPE" -> call.incoming ? "INCOMING_P2P" : "OUTGOING_P2P";
      case "STATUS" -> ctx.connection.callStatus(call.status);
      case "VIDEO_STATUS" -> "VIDEO_NONE";
      case "VIDEO_SEND_STATUS", "VIDEO_RECEIVE_STATUS" -> "NOT_AVAILABLE";
      case "FAILUREREASON" -> "0";
      default -> null;
    };
    if (value == null) {
      return ctx.error(10, "Invalid property / not implemented");
    }
    return ctx.reply("CALL " + call.id + " " + property + " " + value);
  }

  /**
   * {@code SET CALL <n> STATUS INPROGRESS|ONHOLD|FINISHED} (docs/skype-api-emulation.md §13, Q22).
   * Without an audio path an answered call cannot go on: INPROGRESS finishes it
   * (docs/skype-api-emulation.md §4.10).
   */
  static Future<Void> setCall(CommandContext ctx) {
    Call call = lookup(ctx);
    if (call == null) {
      return ctx.error(11, "Invalid call id");
    }
    String property = ctx.keyword(3);
    if (property.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    String wanted = ctx.keyword(4);
    if (!"STATUS".equals(property)) {
      return ctx.error(21, "Unknown/disallowed call prop");
    }
    String next = switch (wanted) {
      case "INPROGRESS", "FINISHED" -> Call.FINISHED;
      case "ONHOLD" -> Call.LOCALHOLD;
      default -> null;
    };
    if (next == null) {
      return ctx.error(21, "Unknown/disallowed call prop");
    }
    if (call.isActive()) {
      call.status = next;
    }
    ctx.reply("CALL " + call.id + " STATUS " + ctx.connection.callStatus(call.status));
    ctx.notifyOthers(c -> "CALL " + call.id + " STATUS " + c.callStatus(call.status));
    return Future.succeededFuture();
  }

  /**
   * {@code SEARCH ACTIVECALLS}: unfinished calls (list format:
   * docs/skype-api-emulation.md §13, Q5).
   */
  static Future<Void> searchActiveCalls(CommandContext ctx) {
    List<String> ids = new ArrayList<>();
    for (Call call : ctx.model.calls.values()) {
      if (call.isActive()) {
        ids.add(Long.toString(call.id));
      }
    }
    return ctx.reply(UserCommands.list("CALLS", ids));
  }
}
