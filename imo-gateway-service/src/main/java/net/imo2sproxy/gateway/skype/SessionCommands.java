package net.imo2sproxy.gateway.skype;

import io.vertx.core.Future;

/** Commands about the session itself: liveness, protocol level, own status and profile. */
final class SessionCommands {

  static final String SKYPE_VERSION = "3.8.0.188";

  private SessionCommands() {
  }

  static Future<Void> ping(CommandContext ctx) {
    return ctx.reply("PONG");
  }

  /** {@code OPEN <window>}: no windows here; real Skype echoes the command (Q1). */
  static Future<Void> open(CommandContext ctx) {
    String rest = ctx.restAfter(0);
    return ctx.reply(rest.isEmpty() ? "OPEN" : "OPEN " + rest);
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
        ctx.connection.protocol = Math.max(1, Math.min(level, ctx.session.settings.maxProtocol()));
      } catch (NumberFormatException invalid) {
        // keep the current level, as the real Skype did
      }
    }
    return ctx.reply("PROTOCOL " + ctx.connection.protocol);
  }

  static Future<Void> getCurrentUserHandle(CommandContext ctx) {
    return ctx.reply("CURRENTUSERHANDLE " + ctx.session.ownHandle);
  }

  static Future<Void> getUserStatus(CommandContext ctx) {
    return ctx.reply("USERSTATUS " + ctx.connection.userStatus(
        ctx.session.isOnline() ? ctx.session.ownStatus : "OFFLINE"));
  }

  static Future<Void> getConnStatus(CommandContext ctx) {
    String status = switch (ctx.session.state) {
      case ONLINE -> "ONLINE";
      case CONNECTING -> "CONNECTING";
      case LOGGED_OUT -> "OFFLINE";
    };
    return ctx.reply("CONNSTATUS " + status);
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
   * OFFLINE (section 2.2 and 4.9).
   */
  static Future<Void> setUserStatus(CommandContext ctx) {
    AccountSession session = ctx.session;
    String wanted = ctx.keyword(2);
    String primitive = wanted.isEmpty() ? null : SkypeStatus.toPrimitive(wanted);
    if (primitive == null) {
      return ctx.error(28, "Unknown userstatus");
    }
    if (!session.isOnline()) {
      if (SkypeStatus.OFFLINE.equals(wanted)) {
        return ctx.reply("USERSTATUS OFFLINE");
      }
      session.ownStatus = wanted;
      return session.startLogin().compose(v -> ctx.reply(
          "USERSTATUS " + (session.isOnline() ? session.ownStatus : SkypeStatus.OFFLINE)));
    }
    if (wanted.equals(session.ownStatus)) {
      return ctx.reply("USERSTATUS " + wanted);
    }
    session.cancelMoodUpdate();
    String previous = session.ownStatus;
    return session.imo().setStatus(primitive, session.ownMood).transform(ar -> {
      if (ar.failed()) {
        return ctx.reply("USERSTATUS " + previous);
      }
      session.ownStatus = wanted;
      if (SkypeStatus.OFFLINE.equals(wanted)) {
        ctx.reply("USERSTATUS OFFLINE");
        return session.logOut().otherwiseEmpty();
      }
      ctx.reply("USERSTATUS " + ctx.connection.userStatus(wanted));
      session.notifyUserStatus(wanted, ctx.connection);
      return Future.succeededFuture();
    });
  }

  /** No side effect: the original's SET CONNSTATUS only ever answered this error. */
  static Future<Void> setConnStatus(CommandContext ctx) {
    return ctx.error(7, "Invalid property");
  }

  /** Only MOOD_TEXT: stored now, answered now, sent to imo.im after the mood delay. */
  static Future<Void> setProfile(CommandContext ctx) {
    String property = ctx.keyword(2);
    if (property.isEmpty()) {
      return ctx.error(10, "Invalid property");
    }
    if (!"MOOD_TEXT".equals(property)) {
      return ctx.error(552, "Invalid property");
    }
    AccountSession session = ctx.session;
    String mood = ctx.restAfter(2);
    boolean changed = !mood.equalsIgnoreCase(session.ownMood);
    session.ownMood = mood;
    if (changed) {
      session.scheduleMoodUpdate();
    }
    return ctx.reply("PROFILE MOOD_TEXT " + mood);
  }
}
