package net.imo2sproxy.endpoint;

/**
 * The endpoint's defences against hostile or broken clients. Each hit is counted (see
 * {@link SkypeProxyEndpointVerticle#limitHits(EndpointLimit)}) and logged at most once a minute
 * per limit and source address; {@link #key()} is the setting that configures it and a stable
 * name for metrics.
 */
public enum EndpointLimit {

  /** A connection refused because the endpoint has {@code max-connections} open. */
  MAX_CONNECTIONS(EndpointOptions.KEY_MAX_CONNECTIONS, true),
  /** A connection refused because its source address has too many open. */
  MAX_CONNECTIONS_PER_ADDRESS(EndpointOptions.KEY_MAX_CONNECTIONS_PER_ADDRESS, true),
  /** A connection closed because its first frame did not arrive in time (slowloris). */
  HANDSHAKE_TIMEOUT(EndpointOptions.KEY_HANDSHAKE_TIMEOUT, true),
  /** A connection closed because no command of it reached a session in time. */
  LOGIN_IDLE_TIMEOUT(EndpointOptions.KEY_LOGIN_IDLE_TIMEOUT, true),
  /** A connection closed because it sent a frame longer than allowed (or broke the framing). */
  MAX_FRAME_LENGTH(EndpointOptions.KEY_MAX_FRAME_LENGTH, true),
  /** A connection dropped because it did not read and its held output outgrew the bound. */
  MAX_HELD_OUTPUT(EndpointOptions.KEY_MAX_HELD_OUTPUT, true),
  /**
   * The socket's write queue was full, so the connection's output was held back (not an error
   * by itself: a slow link does this too; counted, never logged above DEBUG).
   */
  WRITE_QUEUE_FULL("write-queue-full", false);

  private final String key;
  private final boolean warn;

  EndpointLimit(String key, boolean warn) {
    this.key = key;
    this.warn = warn;
  }

  /** The setting of this limit (the name used in logs and metrics). */
  public String key() {
    return key;
  }

  /** Whether a hit is logged as a warning (once a minute per source address). */
  public boolean warns() {
    return warn;
  }
}
