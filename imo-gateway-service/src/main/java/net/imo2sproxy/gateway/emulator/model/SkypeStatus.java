package net.imo2sproxy.gateway.emulator.model;

import java.util.Locale;

/** Status mappings between the Skype API and imo.im (docs/skype-api-emulation.md §5). */
public final class SkypeStatus {

  public static final String ONLINE = "ONLINE";
  public static final String OFFLINE = "OFFLINE";

  private SkypeStatus() {
  }

  /**
   * The imo.im primitive for an own Skype status (§5.1), or null when the status is not
   * one a client may set.
   */
  public static String toPrimitive(String skypeStatus) {
    return switch (skypeStatus.toUpperCase(Locale.ROOT)) {
      case "ONLINE", "SKYPEME" -> "available";
      case "AWAY" -> "away";
      case "NA", "DND" -> "busy";
      case "INVISIBLE" -> "invisible";
      case "OFFLINE" -> "offline";
      default -> null;
    };
  }

  /**
   * A contact's Skype ONLINESTATUS for an imo.im primitive (§5.2 with its
   * recommendations: invisible contacts look OFFLINE, unknown primitives are UNKNOWN).
   */
  public static String contactStatus(String primitive) {
    if (primitive == null) {
      return OFFLINE;
    }
    return switch (primitive.toLowerCase(Locale.ROOT)) {
      case "available" -> ONLINE;
      case "away" -> "AWAY";
      case "busy" -> "DND";
      case "invisible", "offline" -> OFFLINE;
      default -> "UNKNOWN";
    };
  }

  /** The own Skype status a reflected imo.im primitive stands for, or null when unknown. */
  public static String ownStatus(String primitive) {
    if (primitive == null) {
      return null;
    }
    return switch (primitive.toLowerCase(Locale.ROOT)) {
      case "available" -> ONLINE;
      case "away" -> "AWAY";
      case "busy" -> "DND";
      case "invisible" -> "INVISIBLE";
      case "offline" -> OFFLINE;
      default -> null;
    };
  }
}
