package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import net.imo2sproxy.gateway.emulator.AccountSession;

/**
 * One account session of this gateway and its parts: the consumer of its per-session address,
 * its attached connections, its lease in the directory and the writer of its saved state.
 * {@code opened} completes once the session was opened here (its predecessor's state taken
 * over and its log-in or resume begun) or given up.
 */
record SessionEntry(AccountSession session, String accountKey,
    MessageConsumer<Object> address, AttachedConnections connections, Lease lease,
    StateWriter writer, Promise<Void> opened) {

  String sessionId() {
    return session.sessionId();
  }
}
