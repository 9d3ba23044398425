package net.imo2sproxy.desktop.impl;

/** The bridge cannot be reached or refused the agent; the message says which, never a password. */
public final class BridgeUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BridgeUnavailableException(String message) {
    super(message, null, false, false);
  }
}
