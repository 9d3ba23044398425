package net.imo2sproxy.runtime;

/** A configuration problem with a message fit to show the operator (never contains secret values). */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
