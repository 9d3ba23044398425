package net.imo2sproxy.endpoint.impl;

/**
 * The protocols a client connection can speak; everything behind the connection (attach,
 * session, bus, limits, metrics) is the same for both.
 */
public enum ListenerKind {
  /** Framed SkypeProxy with command-mode bytes (docs/skypeproxy-wire.md). */
  SKYPEPROXY("SkypeProxy"),
  /** skyped's TLS lines for bitlbee's Skype plugin (docs/skyped-listener.md). */
  SKYPED("skyped");

  private final String label;

  ListenerKind(String label) {
    this.label = label;
  }

  /** The name in logs and metrics. */
  public String label() {
    return label;
  }
}
