package net.imo2sproxy.endpoint.impl;

/**
 * Where a client connection stands: the handshake and authentication of
 * docs/skypeproxy-wire.md §5.1 and §5.2, the attach and re-attach of EVENT-BUS.md, and the end.
 * Every allowed transition is listed in {@link #canMoveTo}; {@link ConnectionLifecycle} applies
 * them.
 *
 * <pre>
 * HANDSHAKE ──AUTHENTICATE──▶ AWAITING_PASSWORD ──password frame──▶ AUTHENTICATING ──┐
 *     └──first frame──▶ ATTACHING ─────────────────────────────────────────────────┴─▶ OPEN
 * AUTHENTICATING, ATTACHING ──no gateway──▶ AWAITING_GATEWAY ──▶ OPEN
 * OPEN ⇄ REATTACHING;   any state ──▶ CLOSING ──▶ CLOSED (and any ──▶ CLOSED)
 * </pre>
 */
enum ConnectionState {
  /** Accepted: command-mode bytes are answered; the first frame decides what follows. */
  HANDSHAKE,
  /** AUTHENTICATE was answered 01: the next frame is the password, a command byte an error. */
  AWAITING_PASSWORD,
  /** The password is with the gateway; output is held until the reply byte is written. */
  AUTHENTICATING,
  /** A client that never authenticated sent its first frame: attaching without password. */
  ATTACHING,
  /**
   * The attach reached no gateway: the client was accepted and told CONNSTATUS CONNECTING; the
   * attach is repeated once a gateway answers ({@link GatewayWait}).
   */
  AWAITING_GATEWAY,
  /** Attached to a session: frames are Skype API commands. */
  OPEN,
  /** The session was lost or moved: attaching again while commands wait. */
  REATTACHING,
  /** No more input is processed; the last output is being flushed before the socket closes. */
  CLOSING,
  /** The socket is closed and every resource of the connection released. */
  CLOSED;

  /** The transition table: the only place that says which state may follow which. */
  boolean canMoveTo(ConnectionState next) {
    return switch (this) {
      case HANDSHAKE -> next == AWAITING_PASSWORD || next == ATTACHING || next.ending();
      case AWAITING_PASSWORD -> next == AUTHENTICATING || next.ending();
      case AUTHENTICATING, ATTACHING ->
          next == OPEN || next == AWAITING_GATEWAY || next.ending();
      case AWAITING_GATEWAY, REATTACHING -> next == OPEN || next.ending();
      case OPEN -> next == REATTACHING || next.ending();
      case CLOSING -> next == CLOSED;
      case CLOSED -> false;
    };
  }

  /** Closing or closed: nothing more is processed or written. */
  boolean ending() {
    return this == CLOSING || this == CLOSED;
  }

  /** Has (or is getting back) a session: commands are forwarded, AUTHENTICATE is refused. */
  boolean attached() {
    return this == OPEN || this == REATTACHING;
  }
}
