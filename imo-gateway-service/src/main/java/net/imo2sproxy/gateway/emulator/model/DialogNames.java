package net.imo2sproxy.gateway.emulator.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of one-to-one dialogs (docs/skype-api-emulation.md §10): {@code #<first>/$<second>;<hash>}
 * with the two handles in a fixed order and a hash of the pair, so that both sides of a dialog
 * and every gateway (after a failover, from a saved state) name it alike without agreeing on
 * anything. The hash is 16 hex digits of the SHA-256 of the lower-case pair.
 */
public final class DialogNames {

  private DialogNames() {
  }

  /** The dialog of {@code a} and {@code b}, whichever side asks. */
  public static String of(String a, String b) {
    boolean swap = key(a).compareTo(key(b)) > 0;
    String first = swap ? b : a;
    String second = swap ? a : b;
    return "#" + first + "/$" + second + ";" + hash(key(first) + "\n" + key(second));
  }

  /**
   * The two handles of a dialog name, {@code #<x>/$<y>} with any {@code ;<suffix>}, or null
   * when it is no dialog name. The suffix is not checked: names issued before the hash existed
   * ({@code #<own>/$<partner>}) stay usable.
   */
  public static String[] handles(String name) {
    if (name == null || !name.startsWith("#")) {
      return null;
    }
    int dollar = name.indexOf("/$");
    if (dollar < 2) {
      return null;
    }
    String second = name.substring(dollar + 2);
    int semi = second.indexOf(';');
    if (semi >= 0) {
      second = second.substring(0, semi);
    }
    return second.isEmpty() ? null : new String[] {name.substring(1, dollar), second};
  }

  private static String key(String handle) {
    return handle.toLowerCase(Locale.ROOT);
  }

  private static String hash(String pair) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(pair.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
