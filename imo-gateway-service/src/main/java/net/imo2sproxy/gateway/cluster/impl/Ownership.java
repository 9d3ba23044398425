package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Future;
import java.util.function.Consumer;
import net.imo2sproxy.gateway.cluster.SessionDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway's side of the directory: claims accounts for its sessions, renews their leases
 * (publishing a new upstream ssid at once, since a take-over needs it to drain), releases them,
 * and announces its load. A session whose lease another gateway took is handed to
 * {@code lost}.
 */
final class Ownership {

  private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

  private final SessionDirectory directory;
  private final String gatewayId;
  private final LocalSessions sessions;
  /** A third of the state's time-to-live: how often everything is written again. */
  private final long stateRefreshMillis;
  private final Consumer<SessionEntry> lost;

  Ownership(SessionDirectory directory, String gatewayId, LocalSessions sessions,
      long stateTtlMillis, Consumer<SessionEntry> lost) {
    this.directory = directory;
    this.gatewayId = gatewayId;
    this.sessions = sessions;
    this.stateRefreshMillis = stateTtlMillis / 3;
    this.lost = lost;
  }

  SessionDirectory directory() {
    return directory;
  }

  /** This gateway's id (its address takes the endpoints' per-gateway heartbeats). */
  String gatewayId() {
    return gatewayId;
  }

  /** Claims the account; the future carries the existing owner when another was first. */
  Future<SessionDirectory.Owner> claim(SessionEntry entry) {
    return directory.claim(entry.accountKey(),
            new SessionDirectory.Owner(entry.sessionId(), gatewayId, null))
        .onSuccess(owner -> {
          if (owner == null) {
            entry.lease().hold();
          }
        });
  }

  /** Removes the account's entry if this session holds it. */
  Future<Boolean> release(SessionEntry entry) {
    return entry.lease().held() ? directory.release(entry.accountKey(), entry.sessionId())
        : Future.succeededFuture(false);
  }

  /** Publishes this gateway's load now, so placement sees a new session at once. */
  void announceLoad() {
    directory.announce(gatewayId, sessions.count())
        .onFailure(err -> LOG.warn("cannot announce this gateway: {}", err.getMessage()));
  }

  /** The lease timer: load, every held lease, and the time-to-live of the saved states. */
  void renewAll() {
    announceLoad();
    for (SessionEntry entry : sessions.all()) {
      if (!entry.lease().held()) {
        continue;
      }
      renew(entry);
      if (entry.writer().fullWriteOlderThan(stateRefreshMillis)) {
        // refreshes the time-to-live of the roster and the account pointer, which writes on
        // change leave alone, and of an idle session's state
        entry.writer().writeNow(true);
      }
    }
  }

  /** Renews at once the leases whose upstream ssid changed (a login happened). */
  void publishNewSsids() {
    for (SessionEntry entry : sessions.all()) {
      if (entry.lease().ssidChanged(entry.session().upstreamSessionId())) {
        renew(entry);
      }
    }
  }

  private void renew(SessionEntry entry) {
    SessionDirectory.Owner owner = new SessionDirectory.Owner(entry.sessionId(), gatewayId,
        entry.session().upstreamSessionId());
    entry.lease().published(owner.upstreamSsid());
    directory.renew(entry.accountKey(), owner).onComplete(ar -> {
      if (ar.succeeded() && !ar.result() && sessions.holds(entry)) {
        // Presumed dead by the others (a long pause?): another session owns the account.
        LOG.warn("session {} of {} lost its ownership; handing its connections over",
            owner.sessionId(), entry.session().username());
        lost.accept(entry);
      } else if (ar.failed()) {
        LOG.warn("cannot renew the lease of session {}: {}", owner.sessionId(),
            ar.cause().getMessage());
      }
    });
  }
}
