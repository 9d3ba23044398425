package net.imo2sproxy.protocol.wire;

/** A violation of the SkypeProxy framing that makes the rest of the stream unusable. */
public class SkypeProxyProtocolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long declaredLength;

  public SkypeProxyProtocolException(String message, long declaredLength) {
    super(message, null, false, false);
    this.declaredLength = declaredLength;
  }

  /** The offending {@code LEN} value (unsigned), or {@code -1} when not about a length. */
  public long declaredLength() {
    return declaredLength;
  }
}
