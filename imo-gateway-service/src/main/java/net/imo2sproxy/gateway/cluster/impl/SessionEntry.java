package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.eventbus.MessageConsumer;
import net.imo2sproxy.gateway.emulator.AccountSession;

/**
 * One account session of this gateway and its parts: the consumer of its per-session address,
 * its attached connections, its lease in the directory and the writer of its saved state.
 */
record SessionEntry(AccountSession session, String accountKey,
    MessageConsumer<Object> address, AttachedConnections connections, Lease lease,
    StateWriter writer) {

  String sessionId() {
    return session.sessionId();
  }
}
