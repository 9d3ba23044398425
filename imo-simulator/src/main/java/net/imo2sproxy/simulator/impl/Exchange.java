package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.JsonObject;

/** One pending HTTP answer, so the protocol core stays independent of the HTTP layer. */
interface Exchange {

  /** Sends the JSON body; later calls are ignored. */
  void reply(JsonObject body);

  /** Runs {@code action} if the client goes away before the reply. */
  void onClose(Runnable action);
}
