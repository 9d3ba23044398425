package net.imo2sproxy.gateway.emulator.imolink;

import io.vertx.core.json.JsonObject;

/** What one upstream imo.im session pushes, on the session's context. */
public interface UpstreamEvents {

  /** A server message of system {@code fromSystem} ({@code im}, {@code av}, {@code internal}). */
  void onServerMessage(String fromSystem, JsonObject data);

  /**
   * The upstream session is over (at most once).
   *
   * @param retryable a fresh session and re-login may fix it (not a rejected password)
   * @param reason for logs
   */
  void onEnded(boolean retryable, String reason);
}
