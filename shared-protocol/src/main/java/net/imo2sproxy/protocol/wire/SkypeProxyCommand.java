package net.imo2sproxy.protocol.wire;

/**
 * A command-mode input ({@code LEN} = 0 followed by a command byte), see
 * docs/skypeproxy-wire.md §4.
 *
 * @param code the command byte, 0..255
 * @param argument the byte following MY_CAPABILITIES (0..255), {@code -1} for every other code
 */
public record SkypeProxyCommand(int code, int argument) {

  /** Client asks for a password exchange. */
  public static final int AUTHENTICATE = 0x01;
  /** Client asks for the server's capability mask. */
  public static final int CAPABILITIES = 0x02;
  /** Client announces its own capability mask (one more byte follows). */
  public static final int MY_CAPABILITIES = 0x03;

  /** Server asks the client for a data slot (docs/skypeproxy-wire.md §7.2). */
  public static final int OPEN_SLOT = 0x04;
  /** Server sends a chunk of a data slot's content. */
  public static final int DATA_SLOT = 0x05;
  /** Server ends a data slot. */
  public static final int CLOSE_SLOT = 0x06;

  /** Capability bit: the server requires AUTHENTICATE before commands. */
  public static final int CAP_USE_AUTHENTICATION = 0x01;
  /** Capability bit: data slots (file push, §7), for avatars. */
  public static final int CAP_USE_DATASLOTS = 0x02;

  public SkypeProxyCommand {
    if (code < 0 || code > 0xFF) {
      throw new IllegalArgumentException("command code out of range: " + code);
    }
    if (argument < -1 || argument > 0xFF) {
      throw new IllegalArgumentException("command argument out of range: " + argument);
    }
  }

  /** A command without argument byte. */
  public static SkypeProxyCommand of(int code) {
    return new SkypeProxyCommand(code, -1);
  }

  public boolean isAuthenticate() {
    return code == AUTHENTICATE;
  }

  public boolean isCapabilities() {
    return code == CAPABILITIES;
  }

  public boolean isMyCapabilities() {
    return code == MY_CAPABILITIES;
  }

  /** True for every code this bridge does not understand (server-to-client codes included). */
  public boolean isUnknown() {
    return code != AUTHENTICATE && code != CAPABILITIES && code != MY_CAPABILITIES;
  }

  @Override
  public String toString() {
    String hex = String.format("%02X", code);
    return argument < 0 ? "command " + hex : "command " + hex + " " + String.format("%02X", argument);
  }
}
