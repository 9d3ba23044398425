package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.cluster.SessionStateStore;
import net.imo2sproxy.gateway.emulator.AccountSession;
import net.imo2sproxy.gateway.emulator.Resumed;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.emulator.model.MessageNumbers;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens, joins and ends the account sessions held by this gateway: a new session claims its
 * account, then continues the state a previous owner left (or drains its orphaned upstream
 * session) before the first connection is attached.
 */
final class SessionHost {

  private static final Logger LOG = LoggerFactory.getLogger(SessionHost.class);
  /** Message numbers per block of the cluster-wide counter. */
  private static final int NUMBER_BLOCK_SIZE = 1000;
  /** Longest wait of a taken-over pending send for its acknowledgement. */
  private static final Duration TAKEOVER_CONFIRM = Duration.ofSeconds(10);
  /**
   * Longest wait of an attach for the login of the new session it opened (capped by the
   * login timeout). The endpoint's bus timeout (30 s by default) must exceed it plus the
   * gateway-to-gateway hop (owner-timeout-millis, 2 s): docs/skyped-listener.md §4.
   */
  static final Duration ATTACH_LOGIN_WAIT = Duration.ofSeconds(15);
  /** The refusal of an attach whose new session's credentials imo.im rejected. */
  static final String LOGIN_REJECTED = "credentials rejected by imo.im";

  private final Vertx vertx;
  private final EventBus eventBus;
  private final HttpClient upstreamHttp;
  private final GatewayOptions options;
  private final LocalSessions sessions;
  private final Ownership ownership;
  private final SessionStateStore stateStore;
  private final StaleUpstreamDrain drain;
  private final StateWriter.Totals totals = new StateWriter.Totals();
  // Only another gateway of the cluster ever reads the saved state: a bridge that is not
  // clustered has none, and encoding every session's unread messages on each change cost a
  // fifth of its CPU under chat load.
  private final boolean keepsState;
  private BiConsumer<SessionEntry, Message<Object>> messages = (entry, message) -> { };

  SessionHost(Vertx vertx, HttpClient upstreamHttp, GatewayOptions options, LocalSessions sessions,
      Ownership ownership, SessionStateStore stateStore) {
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
    this.upstreamHttp = upstreamHttp;
    this.options = options;
    this.sessions = sessions;
    this.ownership = ownership;
    this.stateStore = stateStore;
    this.drain = new StaleUpstreamDrain(vertx, upstreamHttp, options.imoClientOptions());
    this.keepsState = vertx.isClustered();
  }

  /** Where the messages to a session's own address go. */
  void routeMessagesTo(BiConsumer<SessionEntry, Message<Object>> handler) {
    this.messages = handler;
  }

  StateWriter.Totals totals() {
    return totals;
  }

  /** How long an attach may wait for a new session's login ({@link #ATTACH_LOGIN_WAIT}). */
  long loginWaitMillis() {
    return Math.min(ATTACH_LOGIN_WAIT.toMillis(),
        options.sessionSettings().loginTimeout().toMillis());
  }

  /**
   * A new session of credentials only imo.im can check: it logs in now, and the attach is
   * answered once imo.im gave its verdict (at most {@link #loginWaitMillis}). Rejected
   * credentials end the session and refuse the attach; anything else accepts it (a failed or
   * slow login is retried by the session, and no transient failure ever looks like a wrong
   * password). Joiners wait on {@code entry.opened()}, completed after this: one login.
   */
  private Future<JsonObject> loginVerdict(SessionEntry entry, AttachRequest attach,
      JsonObject reply) {
    AccountSession session = entry.session();
    // its endpoint sends heartbeats once answered: not swept as silent meanwhile
    heardUntil(entry, attach, System.currentTimeMillis() + loginWaitMillis());
    session.holdOutput(attach.connectionId());
    Promise<Void> settled = Promise.promise();
    long timer = vertx.setTimer(loginWaitMillis(), id -> settled.tryComplete());
    session.loginNow().onComplete(ar -> {
      vertx.cancelTimer(timer);
      settled.tryComplete();
    });
    return settled.future().compose(v -> {
      if (!session.loginRejected()) {
        heardUntil(entry, attach, System.currentTimeMillis());
        return Future.succeededFuture(reply);
      }
      LOG.info("session {} of {} not kept: {}", session.sessionId(), session.username(),
          LOGIN_REJECTED);
      detach(entry, attach.connectionId());
      return end(entry, LOGIN_REJECTED).transform(ar -> Future.failedFuture(
          new ReplyException(ReplyFailure.RECIPIENT_FAILURE, BusMessages.FAILURE_REFUSED,
              LOGIN_REJECTED)));
    });
  }

  /**
   * Creates the session here: registers its address, claims the account (409 when another
   * gateway was first), recovers an orphaned upstream session, then attaches the connection.
   */
  Future<JsonObject> open(AttachRequest attach, Takeover previous) {
    if (sessions.stopping()) {
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
          BusMessages.FAILURE_UNAVAILABLE, "gateway stopping"));
    }
    String key = attach.accountKey();
    SessionEntry existing = sessions.byAccount(key);
    if (existing != null) {
      return join(existing, attach);
    }
    String sessionId = UUID.randomUUID().toString();
    AccountSession session = new AccountSession(vertx, upstreamHttp, options.imoClientOptions(),
        options.sessionSettings(), attach.account().username(), attach.account().password(),
        sessionId, eventBus::send);
    MessageNumbers numbers = new MessageNumbers(stateStore.numberBlocks(),
        NUMBER_BLOCK_SIZE);
    session.useNumbers(numbers);
    MessageConsumer<Object> address = eventBus.consumer(BusAddresses.session(sessionId));
    StateWriter writer = new StateWriter(vertx, stateStore::save, sessionId,
        StateWriter.Snapshots.of(session), key,
        options.stateWriteDelay().toMillis(), totals);
    SessionEntry entry = new SessionEntry(session, key, address, new AttachedConnections(vertx),
        new Lease(), writer, Promise.promise());
    address.handler(message -> messages.accept(entry, message));
    session.onStateChange(writer::changed);
    if (keepsState) {
      session.keepStateSaved(writer); // announced and acknowledged once saved
    }
    sessions.add(entry);
    return address.completion()
        .compose(v -> ownership.claim(entry))
        .compose(owner -> {
          if (owner != null) {
            discard(entry);
            return Future.<SessionStateStore.Saved>failedFuture(new ReplyException(
                ReplyFailure.RECIPIENT_FAILURE, BusMessages.FAILURE_CONFLICT,
                "account owned by another gateway"));
          }
          LOG.info("session {} created for {}", sessionId, attach.account().username());
          ownership.announceLoad();
          return numbers.start().compose(v -> savedState(key, previous));
        }, err -> {
          discard(entry);
          return Future.failedFuture(err);
        })
        .compose(saved -> {
          if (keepsState) {
            writer.start();
          }
          if (saved != null && !saved.sessionId().equals(sessionId)) { // never continue oneself
            return Future.succeededFuture(takeOver(entry, attach, saved));
          }
          Future<List<JsonObject>> recovered = previous == null || previous.ssid() == null
              ? Future.succeededFuture(List.of()) : drain.drain(previous.ssid());
          return recovered.compose(events -> {
            JsonObject reply = attachHere(entry, attach);
            events.forEach(session::recoverEvent);
            if (attach.resumed()) {
              session.loginNow();
            }
            writer.writeNow(true);
            return attach.verifyLogin() ? loginVerdict(entry, attach, reply)
                : Future.succeededFuture(reply);
          });
        })
        .onComplete(ar -> entry.opened().tryComplete());
  }

  /** The state the account's previous session left, if any (never fails). */
  private Future<SessionStateStore.Saved> savedState(String key, Takeover previous) {
    Future<String> id = previous != null && previous.sessionId() != null
        ? Future.succeededFuture(previous.sessionId()) : stateStore.lastSession(key);
    return id.compose(sessionId -> sessionId == null ? Future.succeededFuture(null)
            : stateStore.load(sessionId))
        .recover(err -> {
          LOG.warn("cannot read the saved state of {}: {}", key, err.getMessage());
          return Future.succeededFuture(null);
        });
  }

  /**
   * Continues a previous owner's session: its numbering, unread messages, pending sends and
   * roster, then its upstream imo.im session (a fresh login only when imo.im forgot it). The
   * old state is deleted once this session's own state is written.
   */
  private JsonObject takeOver(SessionEntry entry, AttachRequest attach,
      SessionStateStore.Saved saved) {
    AccountSession session = entry.session();
    session.restore(saved.state(), saved.roster());
    JsonObject reply = attachHere(entry, attach);
    LOG.info("session {} of {} continues session {} ({} saved message(s))", session.sessionId(),
        session.username(), saved.sessionId(),
        saved.state().getJsonArray("messages", new JsonArray()).size());
    Duration ackTimeout = options.sessionSettings().sendAckTimeout();
    Duration confirm = ackTimeout.compareTo(TAKEOVER_CONFIRM) < 0 ? ackTimeout
        : TAKEOVER_CONFIRM;
    session.resumeUpstream(saved.state().getJsonObject("upstream"), confirm)
        .onComplete(ar -> entry.writer().writeNow(true).onComplete(w ->
            stateStore.delete(saved.sessionId(), entry.accountKey())
                .onFailure(err -> LOG.warn("cannot delete the state of session {}: {}",
                    saved.sessionId(), err.getMessage()))));
    return reply;
  }

  /**
   * Joins an existing session of this gateway: the password must be the session's. A session
   * still being opened is joined once it is open: before, a re-attach would log it in afresh
   * beside the upstream session it is about to resume, and the joiner's commands likewise.
   */
  Future<JsonObject> join(SessionEntry entry, AttachRequest attach) {
    return entry.opened().future().compose(v -> {
      if (!sessions.holds(entry)) {
        return Future.failedFuture(notOpened(entry, attach));
      }
      return joinOpen(entry, attach);
    });
  }

  private static void heardUntil(SessionEntry entry, AttachRequest attach, long time) {
    if (attach.heartbeat() && entry.session().hasConnection(attach.connectionId())) {
      entry.connections().beat(attach.connectionId(), time);
    }
  }

  /**
   * Why a joiner of a session that was never opened fails: the same password as the one imo.im
   * just rejected is refused alike; another one may open a session of its own (409: place the
   * attach again).
   */
  private static ReplyException notOpened(SessionEntry entry, AttachRequest attach) {
    AccountSession session = entry.session();
    if (!session.loginRejected()) {
      return new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
          BusMessages.FAILURE_UNAVAILABLE, "session not opened");
    }
    return session.passwordMatches(attach.account().password())
        ? new ReplyException(ReplyFailure.RECIPIENT_FAILURE, BusMessages.FAILURE_REFUSED,
            "credentials refused")
        : new ReplyException(ReplyFailure.RECIPIENT_FAILURE, BusMessages.FAILURE_CONFLICT,
            "session ended: " + LOGIN_REJECTED);
  }

  private Future<JsonObject> joinOpen(SessionEntry entry, AttachRequest attach) {
    AccountSession session = entry.session();
    if (!session.passwordMatches(attach.account().password())) {
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
          BusMessages.FAILURE_REFUSED, "credentials refused"));
    }
    ConnectionOutput current = session.output(attach.connectionId());
    if (current != null && !current.equals(attach.output())) {
      // another endpoint's connection: its commands and output are not this one's to take
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
          BusMessages.FAILURE_BAD_REQUEST, "connection id in use by another endpoint"));
    }
    boolean online = session.loggedIn();
    JsonObject reply = attachHere(entry, attach);
    if (attach.resumed()) {
      if (online) {
        // the session is up already: this client only saw CONNECTING from its endpoint
        JsonArray lines = BusMessages.lines(reply).add("CONNSTATUS ONLINE");
        reply.put(BusMessages.LINES, lines);
      } else {
        session.loginNow();
      }
    }
    return Future.succeededFuture(reply);
  }

  private JsonObject attachHere(SessionEntry entry, AttachRequest attach) {
    AccountSession session = entry.session();
    ConnectionOutput output = attach.output();
    Resumed resumed = null;
    if (attach.resumed()) {
      resumed = session.attachResumed(attach.connectionId(), output, attach.protocol(),
          attach.sending());
    } else {
      session.attach(attach.connectionId(), output);
    }
    entry.connections().add(attach.connectionId(), output, attach.heartbeat());
    LOG.info("connection {} from {} attached to session {} ({}){}", attach.connectionId(),
        attach.remote(), session.sessionId(), session.username(),
        attach.resumed() ? " after failover" : "");
    JsonObject reply = resumed == null
        ? BusMessages.attached(session.sessionId(), session.username())
        : BusMessages.reattached(session.sessionId(), session.username(), resumed.protocol(),
            resumed.lines(), resumed.sends());
    // the endpoint's heartbeats for this connection go to this gateway's address
    return BusMessages.withGateway(reply, ownership.gatewayId());
  }

  void send(ConnectionOutput output, JsonObject message) {
    eventBus.send(output.address(), output.body(message));
  }

  void detach(SessionEntry entry, String connectionId) {
    entry.session().detach(connectionId);
    entry.connections().remove(connectionId);
  }

  /**
   * Ends a session: unregisters its address, releases its lease, deletes its saved state
   * (unless a hand-over kept it for the next owner) and logs it out.
   */
  Future<Void> end(SessionEntry entry, String reason) {
    if (!remove(entry)) {
      return Future.succeededFuture();
    }
    LOG.info("session {} of {} ends: {}", entry.sessionId(), entry.session().username(),
        reason);
    Future<Void> unregistered = entry.address().unregister();
    Future<Boolean> released = ownership.release(entry);
    Future<Void> forgotten = !entry.lease().held() || entry.writer().keptForNextOwner()
        ? Future.succeededFuture()
        : stateStore.delete(entry.sessionId(), entry.accountKey())
            .onFailure(err -> LOG.warn("cannot delete the state of session {}: {}",
                entry.sessionId(), err.getMessage()))
            .otherwiseEmpty();
    LOG.debug("{}", totals);
    if (!sessions.stopping()) {
      ownership.announceLoad();
    }
    return Future.join(unregistered, released, forgotten, entry.session().close()).mapEmpty();
  }

  /** Drops a session that never got its account. */
  private void discard(SessionEntry entry) {
    remove(entry);
    entry.address().unregister();
    entry.session().close();
  }

  private boolean remove(SessionEntry entry) {
    entry.writer().stop();
    entry.connections().cancelGrace();
    return sessions.remove(entry);
  }
}
