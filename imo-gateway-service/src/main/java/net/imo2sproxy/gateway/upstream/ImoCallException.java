package net.imo2sproxy.gateway.upstream;

/** An imo.im call that reached no server or that the server did not accept. */
public final class ImoCallException extends RuntimeException {

  private final boolean retryable;

  public ImoCallException(String message) {
    this(message, null, false);
  }

  public ImoCallException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param retryable whether sending the same message again (same seq) may succeed: true for
   *     network errors, HTTP errors, unparsable bodies and missing acknowledgements
   */
  public ImoCallException(String message, Throwable cause, boolean retryable) {
    super(message, cause, false, false);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
