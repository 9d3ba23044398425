package net.imo2sproxy.gateway.imo;

import io.vertx.core.json.JsonObject;

/** Receives what the imo.im server pushes to one {@link ImoSession}, on the session's context. */
public interface ImoEventListener {

  /**
   * One server message, already deduplicated by sequence number.
   *
   * @param fromSystem the {@code from.system} of the message: {@code im}, {@code av},
   *     {@code internal}, {@code preference}, {@code reset}, ...
   * @param data the message's {@code data} object
   */
  void onServerMessage(String fromSystem, JsonObject data);

  /** The session cannot reach imo.im any more (long poll gave up, or a broken acknowledgement). */
  void onConnectionLost(String reason);
}
