package net.imo2sproxy.gateway.imo;

/** An imo.im call that reached no server or that the server did not accept. */
public final class ImoCallException extends RuntimeException {

  public ImoCallException(String message) {
    super(message, null, false, false);
  }

  public ImoCallException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
