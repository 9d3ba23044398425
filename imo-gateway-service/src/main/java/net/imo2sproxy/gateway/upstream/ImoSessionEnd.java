package net.imo2sproxy.gateway.upstream;

/**
 * Why an {@link ImoClient} ended on the server's or the network's initiative
 * (docs/imo-protocol.md §7.4).
 *
 * @param cause the kind of ending, which decides the recovery
 * @param detail a human-readable reason for logs (never contains the password)
 */
public record ImoSessionEnd(Cause cause, String detail) {

  /** The kinds of ending. Only {@link #CREDENTIALS_REJECTED} must not be retried. */
  public enum Cause {
    /** {@code disconnect} with {@code uidpassword}, or any {@code disconnect} before sign-on. */
    CREDENTIALS_REJECTED,
    /** {@code disconnect} after sign-on (e.g. signed off elsewhere, server maintenance). */
    DISCONNECTED,
    /** {@code expired} event. */
    EXPIRED,
    /** A message from system {@code reset}. */
    RESET,
    /** An empty command answer with {@code ack} 0: the server no longer knows the session. */
    ACK_RESET,
    /** The long poll failed too often (network errors, HTTP errors, unparsable bodies). */
    UNREACHABLE
  }

  /** Whether a fresh session and re-login may fix this. */
  public boolean retryable() {
    return cause != Cause.CREDENTIALS_REJECTED;
  }

  @Override
  public String toString() {
    return cause.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail;
  }
}
