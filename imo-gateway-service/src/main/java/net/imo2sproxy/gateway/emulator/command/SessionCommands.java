package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.gateway.emulator.model.SkypeStatus;

/** Commands about the session itself: liveness, protocol level, own status and profile. */
public final class SessionCommands {

  public static final String SKYPE_VERSION = "3.8.0.188";

  private SessionCommands() {
  }

  static Future<Void> ping(CommandContext ctx) {
    return ctx.reply("PONG");
  }

  static Future<Void> name(CommandContext ctx) {
    return ctx.reply("OK");
  }

  /** min(requested, maximum), at least 1; a missing or invalid number keeps the level. */
  static Future<Void> protocol(CommandContext ctx) {
    String requested = ctx.arg(1);
    if (requested != null) {
      try {
        int level = Integer.parseInt(requested);
        ctx.connection.protocol = Math.max(1, Math.min(level, ctx.settings.maxProtocol()));
      } catch (NumberFormatException invalid) {
        // keep the current level, as the real Skype did
      }
    }
    return ctx.reply("PROTOCOL " + ctx.connection.protocol);
  }

  static Future<Void> getCurrentUserHandle(CommandContext ctx) {
    return ctx.reply("CURRENTUSERHANDLE " + ctx.model.ownHandle);
  }

  static Future<Void> getUserStatus(CommandContext ctx) {
    return ctx.reply("USERSTATUS " + ctx.connection.userStatus(
        ctx.session.online() ? ctx.model.ownStatus : "OFFLINE"));
  }

  static Future<Void> getConnStatus(CommandContext ctx) {
    return ctx.reply("CONNSTATUS " + ctx.session.connStatus());
  }

  static Future<Void> getSkypeVersion(CommandContext ctx) {
    return ctx.reply("SKYPEVERSION " + SKYPE_VERSION);
  }

  static Future<Void> getPrivilege(CommandContext ctx) {
    String privilege = ctx.keyword(2);
    return switch (privilege) {
      case "SKYPEOUT", "SKYPEIN", "VOICEMAIL" -> ctx.reply("PRIVILEGE " + privilege + " FALSE");
      default -> ctx.error(40, "Unknown Privilege");
    };
  }

  /**
   * Sets the own status; logs in when logged out and the status is not OFFLINE, logs out after
   * OFFLINE (docs/skype-api-emulation.md §2.3, §4.9).
   */
  static Future<Void> setUserStatus(CommandContext ctx) {
    SessionControl session = ctx.session;
    SessionModel model = ctx.model;
    String wanted = ctx.keyword(2);
    String primitive = wanted.isEmpty() ? null : SkypeStatus.toPrimitive(wanted);
    if (primitive == null) {
      return ctx.error(28, "Unknown userstatus");
    }
    if (!session.online()) {
      if (SkypeStatus.OFFLINE.equals(wanted)) {
        return ctx.reply("USERSTATUS OFFLINE");
      }
      model.ownStatus = wanted;
      return session.logIn().compose(v -> ctx.reply(
          "USERSTATUS " + (session.online() ? model.ownStatus : SkypeStatus.OFFLINE)));
    }
    if (wanted.equals(model.ownStatus)) {
      return ctx.reply("USERSTATUS " + wanted);
    }
    session.cancelMoodUpdate();
    String previous = model.ownStatus;
    return ctx.upstream.setStatus(primitive, model.ownMood).transform(ar -> {
      if (ar.failed()) {
        return ctx.reply("USERSTATUS " + previous);
      }
      model.ownStatus = wanted;
      if (SkypeStatus.OFFLINE.equals(wanted)) {
        ctx.reply("USERSTATUS OFFLINE");
        return session.logOut().otherwiseEmpty();
      }
      ctx.reply("USERSTATUS " + ctx.connection.userStatus(wanted));
      ctx.notifyOthers(c -> "USERSTATUS " + c.userStatus(wanted));
      return Future.succeededFuture();
    });
  }

  /** No side effect: the original's SET CONNSTATUS only ever answered this error. */
  static Future<Void> setConnStatus(CommandContext ctx) {
    return ctx.error(7, "Invalid property");
  }
}
