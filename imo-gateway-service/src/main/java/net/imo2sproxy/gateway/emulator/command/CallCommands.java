package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import net.imo2sproxy.gateway.emulator.model.Call;
import net.imo2sproxy.gateway.emulator.model.Contact;
import net.imo2sproxy.gateway.emulator.model.SkypeStatus;
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
   * {@code CALL <h>}: answered {@code CALL <n> STATUS UNPLACED}, then ROUTING, as real Skype
   * did. A contact who is offline cannot be rung: the call fails at once the way real Skype's
   * did (FAILUREREASON 3, FAILED) and imo.im is not asked. Otherwise {@code start_audio_chat}
   * rings the contact on imo.im and its streams_info makes the call RINGING.
   */
  static Future<Void> call(CommandContext ctx) {
    if (ctx.answeredFromRecord()) {
      return Future.succeededFuture(); // resent: a second run would ring the contact again
    }
    String handle = ctx.arg(1);
    Contact contact = handle == null ? null : ctx.model.contact(handle);
    if (contact == null) {
      return ctx.error(26, "Invalid user handle");
    }
    if (SkypeStatus.OFFLINE.equals(SkypeStatus.contactStatus(contact.primitive))) {
      Call call = ctx.model.addCall(new Call(handle, false, ctx.model.now(), Call.UNPLACED));
      ctx.replyRecorded("CALL " + call.id + " STATUS " + Call.UNPLACED);
      tell(ctx, call, "STATUS " + Call.ROUTING);
      fail(ctx, call, Call.USER_OFFLINE);
      return Future.succeededFuture();
    }
    return ctx.upstream.startAudioChat(handle)
        .transform(ar -> {
          if (ar.failed()) {
            return ctx.error(9903, "imo.im request failed");
          }
          Call call = ctx.model.addCall(new Call(handle, false, ctx.model.now(), Call.ROUTING));
          ctx.replyRecorded("CALL " + call.id + " STATUS " + Call.UNPLACED);
          tell(ctx, call, "STATUS " + Call.ROUTING);
          return Future.succeededFuture();
        });
  }

  /** A call's change, to the asker and to the session's other connections. */
  private static void tell(CommandContext ctx, Call call, String change) {
    ctx.notifyAsker("CALL " + call.id + " " + change);
    ctx.notifyOthers(c -> "CALL " + call.id + " " + change);
  }

  /** Real Skype's failure sequence: FAILUREREASON, then STATUS FAILED, to every connection. */
  private static void fail(CommandContext ctx, Call call, int reason) {
    call.status = Call.FAILED;
    call.failureReason = reason;
    tell(ctx, call, "FAILUREREASON " + reason);
    tell(ctx, call, "STATUS " + Call.FAILED);
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
      case "FAILUREREASON" -> Integer.toString(call.failureReason);
      default -> null;
    };
    if (value == null) {
      return ctx.error(10, "Invalid property / not implemented");
    }
    return ctx.reply("CALL " + call.id + " " + property + " " + value);
  }

  /**
   * {@code SET CALL <n> STATUS INPROGRESS|ONHOLD|FINISHED} (docs/skype-api-emulation.md §13, Q22).
   * Without an audio path an answered call cannot go on: INPROGRESS fails it as real Skype
   * failed a call (FAILUREREASON 1, then STATUS FAILED). FINISHED ends a call that was never
   * answered as real Skype did: an incoming one REFUSED, an outgoing one CANCELLED.
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
    if (!"STATUS".equals(property)
        || !List.of("INPROGRESS", "FINISHED", "ONHOLD").contains(wanted)) {
      return ctx.error(21, "Unknown/disallowed call prop");
    }
    change(ctx, call, wanted);
    ctx.reply("CALL " + call.id + " STATUS " + ctx.connection.callStatus(call.status));
    ctx.notifyOthers(c -> "CALL " + call.id + " STATUS " + c.callStatus(call.status));
    return Future.succeededFuture();
  }

  /**
   * Applies INPROGRESS, FINISHED or ONHOLD to an unfinished call; a finished one keeps its
   * status. A failure is told (FAILUREREASON) before the status that answers the command.
   */
  private static void change(CommandContext ctx, Call call, String wanted) {
    if (!call.isActive()) {
      return;
    }
    switch (wanted) {
      case "INPROGRESS" -> {
        call.status = Call.FAILED;
        call.failureReason = Call.MISCELLANEOUS;
        tell(ctx, call, "FAILUREREASON " + Call.MISCELLANEOUS);
      }
      case "ONHOLD" -> call.status = Call.LOCALHOLD;
      // hung up here before anyone answered: an incoming call refused, an outgoing one cancelled
      default -> call.status = !call.unanswered() ? Call.FINISHED
          : call.incoming ? Call.REFUSED : Call.CANCELLED;
    }
  }

  /**
   * {@code ALTER CALL <n> ANSWER|HANGUP|END|HOLD|RESUME}, the newer form of SET CALL: the same
   * changes as SET CALL; echoed, then the new status as a notification, as real Skype did.
   */
  static Future<Void> alterCall(CommandContext ctx) {
    Call call = lookup(ctx);
    if (call == null) {
      return ctx.error(11, "Invalid call id");
    }
    String action = ctx.keyword(3);
    String wanted = switch (action) {
      case "ANSWER", "RESUME" -> "INPROGRESS";
      case "HANGUP", "END" -> "FINISHED";
      case "HOLD" -> "ONHOLD";
      default -> null;
    };
    if (wanted == null) {
      return ctx.error(545, "ALTER: missing or invalid action");
    }
    change(ctx, call, wanted);
    String rest = ctx.restAfter(3);
    ctx.reply("ALTER CALL " + call.id + " " + action + (rest.isEmpty() ? "" : " " + rest));
    ctx.notifyAsker("CALL " + call.id + " STATUS " + ctx.connection.callStatus(call.status));
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

  /** {@code SEARCH MISSEDCALLS}: incoming calls nobody answered. */
  static Future<Void> searchMissedCalls(CommandContext ctx) {
    List<String> ids = new ArrayList<>();
    for (Call call : ctx.model.calls.values()) {
      if (Call.MISSED.equals(call.status)) {
        ids.add(Long.toString(call.id));
      }
    }
    return ctx.reply(UserCommands.list("CALLS", ids));
  }

  /** {@code SEARCH CALLS [<h>]}: the calls kept (§11), with {@code <h>} only those with them. */
  static Future<Void> searchCalls(CommandContext ctx) {
    String partner = ctx.arg(2);
    List<String> ids = new ArrayList<>();
    for (Call call : ctx.model.calls.values()) {
      if (partner == null || call.partner.equalsIgnoreCase(partner)) {
        ids.add(Long.toString(call.id));
      }
    }
    return ctx.reply(UserCommands.list("CALLS", ids));
  }
}
