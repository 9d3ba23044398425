package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import net.imo2sproxy.gateway.emulator.AccountSession;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * Gives a session up without its clients noticing more than CONNECTING: once it answered the
 * commands it took, the upstream session is signed off (so the next owner's login fetches what
 * arrives meanwhile as unread), the state is written a last time, and every connection is
 * asked to attach again, which opens the session on another gateway.
 */
final class HandOver {

  /** Longest wait for a session's running commands, and again for its write in flight. */
  static final long WAIT_MS = 3000;

  private final Vertx vertx;
  private final SessionHost host;

  HandOver(Vertx vertx, SessionHost host) {
    this.vertx = vertx;
    this.host = host;
  }

  /** {@code keepState}: the next owner continues the saved state (a gateway stopping). */
  Future<Void> handOver(SessionEntry entry, String reason, boolean keepState) {
    return Waits.within(vertx, commandsAnswered(entry.session()), WAIT_MS)
        .compose(v -> endAndReattach(entry, reason, keepState));
  }

  /** Completes once the session answered every command, including ones taken meanwhile. */
  static Future<Void> commandsAnswered(AccountSession session) {
    if (session.pendingCommands() == 0) {
      return Future.succeededFuture();
    }
    return session.commandsAnswered().compose(v -> commandsAnswered(session));
  }

  private Future<Void> endAndReattach(SessionEntry entry, String reason, boolean keepState) {
    List<ConnectionOutput> connections = entry.connections().outputs();
    Future<Void> saved = Future.succeededFuture();
    if (keepState) {
      // the next owner restores unread messages, pending sends and numbering, then logs in.
      // Signed off first, so the state written last holds every message this session took.
      entry.writer().handOver();
      saved = entry.session().close().compose(v -> entry.writer().writeLast(WAIT_MS));
    }
    return saved.compose(v -> host.end(entry, reason)).onComplete(ar -> {
      for (ConnectionOutput output : connections) {
        host.send(output, BusMessages.reattachRequest(reason));
      }
    });
  }
}
