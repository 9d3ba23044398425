package net.imo2sproxy.desktop.impl;

import java.time.Duration;

/**
 * Where the agent's SkypeProxy connections go and how they authenticate.
 *
 * @param password the SkypeProxy password (the bridge's proxy password, or
 *     {@code user:password}); null to connect without one
 */
public record BridgeTarget(String host, int port, boolean tls, String trustPemFile,
    String password, Duration handshakeTimeout) {

  public String address() {
    return host + ":" + port;
  }

  @Override
  public String toString() {
    return "BridgeTarget[" + address() + (tls ? ", tls" : "")
        + (password != null ? ", with password" : "") + "]";
  }
}
