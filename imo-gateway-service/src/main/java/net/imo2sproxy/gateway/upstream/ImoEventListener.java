package net.imo2sproxy.gateway.upstream;

import io.vertx.core.json.JsonObject;

/** Receives what the imo.im server pushes to one {@link ImoClient}, on the session's context. */
public interface ImoEventListener {

  /**
   * One server message addressed to the client, validated (it has a {@code from.system} and a
   * {@code data} object; events of {@code im} and {@code av} have a {@code name}) and
   * deduplicated by sequence number, in server order within each response.
   *
   * <p>Session-level messages are handled by the session itself and not passed on:
   * {@code disconnect}, {@code expired}, system {@code reset} (they end the session, see
   * {@link #onSessionEnded}) and the {@code preference} push (answered with the preference
   * {@code set} that turns auto-away off).
   *
   * @param fromSystem the {@code from.system} of the message: {@code im}, {@code av},
   *     {@code internal}, ...
   * @param data the message's {@code data} object
   */
  void onServerMessage(String fromSystem, JsonObject data);

  /**
   * The session is over and has stopped polling; {@code end} says why and whether a fresh
   * session may be tried. Called at most once per session.
   */
  void onSessionEnded(ImoSessionEnd end);
}
