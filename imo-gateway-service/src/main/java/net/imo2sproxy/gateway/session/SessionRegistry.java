package net.imo2sproxy.gateway.session;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.emulator.AccountSession;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.emulator.model.MessageNumbers;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account sessions of one gateway, and its part in the cluster's ownership rules
 * ({@link SessionDirectory}): one session per account in the whole cluster, opened on the
 * least-loaded gateway, joined through its per-session address from any gateway.
 *
 * <p>An attach request may reach any gateway. That gateway checks the credential (and the
 * login throttle), looks the account up in the directory and either forwards a {@code join}
 * to the owning session's address (the owner checks the password: passwords never enter the
 * shared maps) or asks the least-loaded gateway to {@code open} the session. An owner that does
 * not answer within the owner timeout is presumed dead: its entry is removed, its orphaned
 * upstream session drained ({@link StaleUpstreamDrain}) and the session opened again.
 *
 * <p>Confined to the gateway verticle's context.
 */
public final class SessionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  /** Attempts to resolve an owner before an attach gives up (each one re-reads the directory). */
  private static final int MAX_PLACEMENT_ATTEMPTS = 8;
  private static final long RETRY_DELAY_MS = 250;
  private static final long SWEEP_INTERVAL_MS = 1000;
  /** How soon a new upstream ssid reaches the directory (a take-over needs it to drain). */
  private static final long PUBLISH_INTERVAL_MS = 200;
  /** Longest wait for a session's running commands before it is handed over. */
  private static final long HANDOVER_WAIT_MS = 3000;
  /** Message numbers per block of the cluster-wide counter. */
  private static final int NUMBER_BLOCK_SIZE = 1000;
  /** Longest wait of a taken-over pending send for its acknowledgement. */
  private static final java.time.Duration TAKEOVER_CONFIRM = java.time.Duration.ofSeconds(10);
  /** Retention sweeps run every this many sweeps. */
  private static final int RETENTION_SWEEP_EVERY = 30;

  private final Vertx vertx;
  private final BridgeMetrics metrics;
  private final EventBus eventBus;
  private final WebClient webClient;
  private final GatewayOptions options;
  private final String gatewayId = UUID.randomUUID().toString();
  private final LoginThrottle throttle;
  private final SessionDirectory directory;
  private final StaleUpstreamDrain drain;
  private final SessionStateStore stateStore;
  // Only another gateway of the cluster ever reads the saved state: a bridge that is not
  // clustered has none, and encoding every session's unread messages on each change cost a
  // fifth of its CPU under chat load.
  private final boolean keepsState;
  /** Totals of the state writes of this gateway (bytes, CPU of snapshot + encode). */
  private long stateWrites;
  private long stateBytes;
  private long stateNanos;
  private int sweeps;
  private final DeliveryOptions ownerDelivery;
  private AccountResolver resolver;
  private final Map<String, Entry> byAccount = new HashMap<>();
  private final Map<String, Entry> bySessionId = new HashMap<>();
  private MessageConsumer<Object> gatewayConsumer;
  private long leaseTimer = -1;
  private long sweepTimer = -1;
  private long publishTimer = -1;
  private boolean stopping;

  private static final class Entry {
    final AccountSession session;
    final String accountKey;
    /** Attached connections and where their output goes. */
    final Map<String, ConnectionOutput> connections = new LinkedHashMap<>();
    /** Last heartbeat per connection; connections of endpoints that never send one are absent. */
    final Map<String, Long> heartbeats = new HashMap<>();
    MessageConsumer<Object> consumer;
    boolean claimed;
    long graceTimer = -1;
    /** The upstream ssid last written to the directory. */
    String publishedSsid;
    /** State writing (see {@link SessionStateStore}): debounce timer, last texts written. */
    long writeTimer = -1;
    boolean writing;
    boolean dirty;
    boolean rosterDirty = true;
    String lastState;
    String lastRoster;
    /** Last write of everything (state, roster, account pointer): their time-to-live. */
    long lastFullWriteAt;
    /** Ended for a hand-over: its state stays for the next owner. */
    boolean keepState;
    /**
     * The previous owner's saved state was looked up (and taken over if any): until then this
     * session writes nothing, or it would find its own state instead of its predecessor's.
     */
    boolean stateSettled;

    Entry(AccountSession session, String accountKey) {
      this.session = session;
      this.accountKey = accountKey;
    }
  }

  /** The session a take-over continues: its id (whose state is read) and upstream ssid. */
  private record Takeover(String sessionId, String ssid) {
  }

  /** What an attach, join or open is about. The password never appears in toString. */
  private record AttachRequest(String connectionId, String endpointId, String remote,
      AccountResolver.Account account, int protocol, boolean resumed, List<Long> sending,
      boolean heartbeat, ConnectionOutput output) {

    JsonObject toJson(String type) {
      JsonObject json = new JsonObject().put(BusMessages.V, BusMessages.VERSION)
          .put(BusMessages.TYPE, type)
          .put(BusMessages.CONNECTION, connectionId)
          .put(BusMessages.ENDPOINT, endpointId)
          .put(BusMessages.REMOTE, remote)
          .put(BusMessages.USERNAME, account.username())
          .put(BusMessages.PASSWORD, account.password())
          .put(BusMessages.PROTOCOL, protocol)
          .put(BusMessages.RESUME, resumed)
          .put(BusMessages.SENDING, new JsonArray(sending))
          .put(BusMessages.HEARTBEAT, heartbeat);
      return output.announce(json);
    }

    static AttachRequest fromJson(JsonObject body) {
      String connectionId = BusMessages.requireString(body, BusMessages.CONNECTION);
      String username = BusMessages.requireString(body, BusMessages.USERNAME);
      String password = BusMessages.requireString(body, BusMessages.PASSWORD);
      String endpointId = body.getString(BusMessages.ENDPOINT, "?");
      return new AttachRequest(connectionId, endpointId,
          body.getString(BusMessages.REMOTE, "?"),
          new AccountResolver.Account(username, password),
          body.getInteger(BusMessages.PROTOCOL, 0),
          Boolean.TRUE.equals(body.getValue(BusMessages.RESUME)),
          BusMessages.sendingNumbers(body),
          Boolean.TRUE.equals(body.getValue(BusMessages.HEARTBEAT)),
          outputOf(connectionId, body));
    }

    /** Where the connection's output goes; endpoint output needs the attach's endpoint id. */
    static ConnectionOutput outputOf(String connectionId, JsonObject body) {
      return ConnectionOutput.of(connectionId,
          body.getValue(BusMessages.ENDPOINT) instanceof String e ? e : null,
          BusMessages.outputMode(body));
    }

    @Override
    public String toString() {
      return "AttachRequest[" + connectionId + " " + account + "]";
    }
  }

  public SessionRegistry(Vertx vertx, WebClient webClient, GatewayOptions options) {
    this.vertx = vertx;
    this.metrics = BridgeMetrics.of(vertx);
    this.eventBus = vertx.eventBus();
    this.webClient = webClient;
    this.options = options;
    this.resolver = new AccountResolver(options);
    this.throttle = new LoginThrottle(options.loginAttempts(), options.loginWindow().toMillis(),
        System::currentTimeMillis);
    this.directory = new SessionDirectory(vertx, options.ownerLease().toMillis());
    this.drain = new StaleUpstreamDrain(vertx, webClient, options.imoClientOptions());
    this.stateStore = new SessionStateStore(vertx, options.sessionStateTtl().toMillis());
    this.keepsState = vertx.isClustered();
    this.ownerDelivery = new DeliveryOptions().setSendTimeout(options.ownerTimeout().toMillis());
  }

  /** Loads the accounts file, joins the directory and starts the lease and heartbeat timers. */
  public Future<Void> start() {
    Future<Void> tokens = Future.succeededFuture();
    if (options.accountsFile() != null) {
      tokens = vertx.fileSystem().readFile(options.accountsFile())
          .recover(err -> Future.failedFuture(new IllegalArgumentException(
              "cannot read the accounts file " + options.accountsFile() + ": "
                  + err.getMessage())))
          .map(buffer -> {
            Map<String, AccountResolver.Account> parsed =
                AccountsFile.parse(buffer.toString(), System::getenv);
            resolver = new AccountResolver(options, parsed);
            LOG.info("{} operator token(s) loaded from {}", parsed.size(), options.accountsFile());
            return null;
          });
    }
    return tokens
        .compose(v -> directory.ready())
        .compose(v -> {
          gatewayConsumer = eventBus.consumer(BusAddresses.gateway(gatewayId),
              this::onGatewayRequest);
          return gatewayConsumer.completion();
        })
        .compose(v -> directory.announce(gatewayId, 0))
        .onSuccess(v -> {
          leaseTimer = vertx.setPeriodic(Math.max(500, options.ownerLease().toMillis() / 3),
              id -> renewLeases());
          sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> sweep());
          publishTimer = vertx.setPeriodic(PUBLISH_INTERVAL_MS, id -> publishNewSsids());
          LOG.info("gateway {} joined the session directory", gatewayId);
        });
  }

  public String gatewayId() {
    return gatewayId;
  }

  public int sessionCount() {
    return bySessionId.size();
  }

  /** Answers {@link BusAddresses#GATEWAY_AUTH_POLICY}. */
  public void onAuthPolicy(Message<Object> request) {
    request.reply(BusMessages.authPolicy(resolver.passwordless()));
  }

  // ---------------------------------------------------------------- attach (any gateway)

  /** Answers {@link BusAddresses#GATEWAY_ATTACH}. */
  public void onAttach(Message<Object> request) {
    JsonObject body;
    String connectionId;
    ConnectionOutput output;
    try {
      body = BusMessages.checkVersion(request.body());
      connectionId = BusMessages.requireString(body, BusMessages.CONNECTION);
      output = AttachRequest.outputOf(connectionId, body);
    } catch (IllegalArgumentException e) {
      request.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      return;
    }
    String credential = body.getValue(BusMessages.CREDENTIAL) instanceof String c ? c : null;
    String remote = body.getString(BusMessages.REMOTE, "?");
    String addressKey = "address:" + host(remote);
    boolean resumed = body.getValue(BusMessages.RESUME) instanceof String;
    if (!throttle.allowed(addressKey)) {
      LOG.info("refused connection {} from {}: too many logins from this address", connectionId,
          remote);
      metrics.loginFailed("throttled");
      request.fail(BusMessages.FAILURE_THROTTLED, "too many logins");
      return;
    }
    AccountResolver.Account account = resolver.resolve(credential);
    if (account == null) {
      throttle.record(addressKey);
      LOG.info("refused connection {} from {}: {}", connectionId, remote,
          credential == null ? "password required" : "unknown password");
      metrics.loginFailed("credentials");
      request.fail(BusMessages.FAILURE_REFUSED, "credentials refused");
      return;
    }
    String key = account.username().toLowerCase(Locale.ROOT);
    String accountKey = "account:" + key;
    if (!throttle.allowed(accountKey)) {
      LOG.info("refused connection {} from {} to {}: too many logins for this account",
          connectionId, remote, account.username());
      metrics.loginFailed("throttled");
      request.fail(BusMessages.FAILURE_THROTTLED, "too many logins");
      return;
    }
    AttachRequest attach = new AttachRequest(connectionId,
        body.getString(BusMessages.ENDPOINT, "?"), remote, account,
        body.getInteger(BusMessages.PROTOCOL, 0), resumed,
        resumed ? BusMessages.sendingNumbers(body) : List.of(),
        Boolean.TRUE.equals(body.getValue(BusMessages.HEARTBEAT)), output);
    place(attach, key, 0).onComplete(ar -> {
      if (ar.succeeded()) {
        request.reply(ar.result());
        return;
      }
      int code = ar.cause() instanceof ReplyException re ? re.failureCode() : 500;
      if (code == BusMessages.FAILURE_REFUSED) {
        throttle.record(addressKey);
        throttle.record(accountKey);
        LOG.info("refused connection {} from {} to {}: password differs from the session's",
            connectionId, remote, account.username());
        metrics.loginFailed("credentials");
      } else {
        LOG.warn("attach of connection {} to {} failed: {}", connectionId, account.username(),
            ar.cause().getMessage());
      }
      request.fail(code, code == BusMessages.FAILURE_REFUSED ? "credentials refused"
          : String.valueOf(ar.cause().getMessage()));
    });
  }

  /** Finds the account's owner and joins its session, or opens one; re-resolves on failure. */
  private Future<JsonObject> place(AttachRequest attach, String key, int attempt) {
    if (attempt >= MAX_PLACEMENT_ATTEMPTS) {
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
          BusMessages.FAILURE_UNAVAILABLE, "no gateway could take the session"));
    }
    return directory.owner(key).compose(owner -> {
      if (owner == null) {
        return open(attach, key, null, attempt);
      }
      if (owner.gatewayId().equals(gatewayId)) {
        Entry local = bySessionId.get(owner.sessionId());
        if (local != null) {
          return joinLocal(local, attach);
        }
        return directory.release(key, owner.sessionId())
            .compose(removed -> retry(attach, key, attempt));
      }
      return eventBus.request(BusAddresses.session(owner.sessionId()),
              attach.toJson(BusMessages.TYPE_JOIN), ownerDelivery)
          .map(reply -> BusMessages.checkVersion(reply.body()))
          .recover(err -> {
            if (!ownerGone(err)) {
              return Future.failedFuture(err);
            }
            // Re-resolve ourselves instead of letting the endpoint wait for a dead node.
            LOG.info("owner {} of session {} does not answer ({}); taking the account over",
                owner.gatewayId(), owner.sessionId(), err.getMessage());
            return directory.release(key, owner.sessionId()).compose(removed -> removed
                ? open(attach, key, new Takeover(owner.sessionId(), owner.upstreamSsid()),
                    attempt + 1)
                : retry(attach, key, attempt));
          });
    });
  }

  private Future<JsonObject> retry(AttachRequest attach, String key, int attempt) {
    Promise<Void> delay = Promise.promise();
    vertx.setTimer(RETRY_DELAY_MS, id -> delay.complete());
    return delay.future().compose(v -> place(attach, key, attempt + 1));
  }

  private static boolean ownerGone(Throwable err) {
    if (!(err instanceof ReplyException re)) {
      return false;
    }
    return re.failureType() == ReplyFailure.NO_HANDLERS
        || re.failureType() == ReplyFailure.TIMEOUT
        || re.failureCode() == BusMessages.FAILURE_UNKNOWN;
  }

  /** Opens the session on the least-loaded gateway (this one on ties). */
  private Future<JsonObject> open(AttachRequest attach, String key, Takeover previous,
      int attempt) {
    if (!attach.resumed()) {
      // a new upstream login: counted against the account and the address
      throttle.record("account:" + key);
      throttle.record("address:" + host(attach.remote()));
    }
    return directory.gateways().compose(loads -> {
      String target = gatewayId;
      int best = stopping ? Integer.MAX_VALUE : bySessionId.size();
      for (SessionDirectory.GatewayLoad load : loads) {
        if (!load.gatewayId().equals(gatewayId) && load.sessions() < best) {
          best = load.sessions();
          target = load.gatewayId();
        }
      }
      if (target.equals(gatewayId)) {
        return openLocal(attach, key, previous);
      }
      JsonObject request = attach.toJson(BusMessages.TYPE_OPEN);
      if (previous != null) {
        request.put("stale-ssid", previous.ssid()).put("stale-session", previous.sessionId());
      }
      String chosen = target;
      return eventBus.request(BusAddresses.gateway(target), request, ownerDelivery)
          .map(reply -> BusMessages.checkVersion(reply.body()))
          .recover(err -> {
            int code = err instanceof ReplyException re ? re.failureCode() : -1;
            if (code == BusMessages.FAILURE_CONFLICT) {
              return retry(attach, key, attempt);
            }
            if (code == BusMessages.FAILURE_REFUSED || code == BusMessages.FAILURE_BAD_REQUEST) {
              return Future.failedFuture(err);
            }
            LOG.info("gateway {} cannot open a session ({}); opening it here", chosen,
                err.getMessage());
            return stopping ? retry(attach, key, attempt) : openLocal(attach, key, previous);
          });
    });
  }

  // ---------------------------------------------------------------- gateway-to-gateway

  private void onGatewayRequest(Message<Object> request) {
    AttachRequest attach;
    Takeover previous;
    try {
      JsonObject body = BusMessages.checkVersion(request.body());
      if (!BusMessages.TYPE_OPEN.equals(body.getString(BusMessages.TYPE))) {
        throw new IllegalArgumentException("unknown type " + body.getValue(BusMessages.TYPE));
      }
      attach = AttachRequest.fromJson(body);
      String staleSsid = body.getValue("stale-ssid") instanceof String s ? s : null;
      String staleSession = body.getValue("stale-session") instanceof String s ? s : null;
      previous = staleSsid == null && staleSession == null ? null
          : new Takeover(staleSession, staleSsid);
    } catch (IllegalArgumentException e) {
      request.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      return;
    }
    openLocal(attach, attach.account().username().toLowerCase(Locale.ROOT), previous)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            request.reply(ar.result());
          } else {
            int code = ar.cause() instanceof ReplyException re ? re.failureCode() : 500;
            request.fail(code, String.valueOf(ar.cause().getMessage()));
          }
        });
  }

  /**
   * Creates the session here: registers its address, claims the account (409 when another
   * gateway was first), recovers an orphaned upstream session, then attaches the connection.
   */
  private Future<JsonObject> openLocal(AttachRequest attach, String key, Takeover previous) {
    if (stopping) {
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
          BusMessages.FAILURE_UNAVAILABLE, "gateway stopping"));
    }
    Entry existing = byAccount.get(key);
    if (existing != null) {
      return joinLocal(existing, attach);
    }
    String sessionId = UUID.randomUUID().toString();
    AccountSession session = new AccountSession(vertx, webClient, options.imoClientOptions(),
        options.sessionSettings(), attach.account().username(), attach.account().password(),
        sessionId, eventBus::send);
    MessageNumbers numbers = new MessageNumbers(stateStore::allocateNumbers,
        NUMBER_BLOCK_SIZE);
    session.useNumbers(numbers);
    Entry entry = new Entry(session, key);
    session.onStateChange(roster -> scheduleWrite(entry, roster));
    byAccount.put(key, entry);
    bySessionId.put(sessionId, entry);
    entry.consumer = eventBus.consumer(BusAddresses.session(sessionId),
        message -> onSessionMessage(entry, message));
    return entry.consumer.completion()
        .compose(v -> directory.claim(key, new SessionDirectory.Owner(sessionId, gatewayId,
            null)))
        .compose(owner -> {
          if (owner != null) {
            discard(entry);
            return Future.<SessionStateStore.Saved>failedFuture(new ReplyException(
                ReplyFailure.RECIPIENT_FAILURE, BusMessages.FAILURE_CONFLICT,
                "account owned by another gateway"));
          }
          entry.claimed = true;
          LOG.info("session {} created for {}", sessionId, attach.account().username());
          announceLoad();
          return numbers.start().compose(v -> savedState(key, previous));
        }, err -> {
          discard(entry);
          return Future.failedFuture(err);
        })
        .compose(saved -> {
          entry.stateSettled = true;
          if (saved != null && saved.sessionId().equals(sessionId)) {
            saved = null; // never continue oneself
          }
          if (saved != null) {
            return Future.succeededFuture(takeOver(entry, attach, saved));
          }
          Future<List<JsonObject>> recovered = previous == null || previous.ssid() == null
              ? Future.succeededFuture(List.of()) : drain.drain(previous.ssid());
          return recovered.map(events -> {
            JsonObject reply = attachHere(entry, attach);
            events.forEach(session::recoverEvent);
            if (attach.resumed()) {
              session.loginNow();
            }
            writeState(entry, true);
            return reply;
          });
        });
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
  private JsonObject takeOver(Entry entry, AttachRequest attach, SessionStateStore.Saved saved) {
    AccountSession session = entry.session;
    session.restore(saved.state(), saved.roster());
    JsonObject reply = attachHere(entry, attach);
    LOG.info("session {} of {} continues session {} ({} saved message(s))", session.sessionId(),
        session.username(), saved.sessionId(),
        saved.state().getJsonArray("messages", new JsonArray()).size());
    java.time.Duration confirm = options.sessionSettings().sendAckTimeout()
        .compareTo(TAKEOVER_CONFIRM) < 0 ? options.sessionSettings().sendAckTimeout()
        : TAKEOVER_CONFIRM;
    session.resumeUpstream(saved.state().getJsonObject("upstream"), confirm)
        .onComplete(ar -> writeState(entry, true).onComplete(w ->
            stateStore.delete(saved.sessionId(), entry.accountKey)
                .onFailure(err -> LOG.warn("cannot delete the state of session {}: {}",
                    saved.sessionId(), err.getMessage()))));
    return reply;
  }

  // ---------------------------------------------------------------- saved state

  private void scheduleWrite(Entry entry, boolean roster) {
    entry.rosterDirty |= roster;
    entry.dirty = true;
    if (!keepsState || entry.writeTimer >= 0 || entry.writing || !entry.claimed) {
      return;
    }
    entry.writeTimer = vertx.setTimer(Math.max(1, options.stateWriteDelay().toMillis()), id -> {
      entry.writeTimer = -1;
      writeState(entry, false);
    });
  }

  /**
   * Writes the session's state when it changed (or {@code force}: the time-to-live needs a
   * refresh). One write per session at a time; changes meanwhile are written after it.
   */
  private Future<Void> writeState(Entry entry, boolean force) {
    if (entry.writing) {
      entry.dirty = true;
      return Future.succeededFuture();
    }
    if (!keepsState || !entry.claimed || !entry.stateSettled
        || (!bySessionId.containsKey(entry.session.sessionId())
        && !entry.keepState)) {
      return Future.succeededFuture();
    }
    long started = System.nanoTime();
    // a hand-over signed the upstream session off: the next owner logs in afresh
    String state = entry.session.snapshotText(!entry.keepState);
    String roster = null;
    if (entry.rosterDirty || entry.lastRoster == null || force) {
      roster = entry.session.rosterSnapshot().encode();
      if (roster.equals(entry.lastRoster) && !force) {
        roster = null;
      }
    }
    entry.rosterDirty = false;
    entry.dirty = false;
    if (!force && roster == null && state.equals(entry.lastState)) {
      return Future.succeededFuture();
    }
    stateNanos += System.nanoTime() - started;
    stateWrites++;
    stateBytes += state.length() + (roster == null ? 0 : roster.length());
    entry.writing = true;
    if (force) {
      entry.lastFullWriteAt = System.currentTimeMillis();
    }
    String writtenRoster = roster;
    return stateStore.save(entry.session.sessionId(), entry.accountKey, state, roster, force)
        .onComplete(ar -> {
          entry.writing = false;
          if (ar.succeeded()) {
            entry.lastState = state;
            if (writtenRoster != null) {
              entry.lastRoster = writtenRoster;
            }
          } else {
            LOG.warn("cannot save the state of session {}: {}", entry.session.sessionId(),
                ar.cause().getMessage());
            entry.dirty = true;
          }
          if (entry.dirty && bySessionId.containsKey(entry.session.sessionId())) {
            scheduleWrite(entry, false);
          }
        })
        .otherwiseEmpty();
  }

  /** State writes so far: count, bytes, nanoseconds of snapshot and encoding. */
  public long[] stateWriteTotals() {
    return new long[] {stateWrites, stateBytes, stateNanos};
  }

  private void discard(Entry entry) {
    remove(entry);
    if (entry.consumer != null) {
      entry.consumer.unregister();
    }
    entry.session.close();
  }

  /** Joins an existing session of this gateway: the password must be the session's. */
  private Future<JsonObject> joinLocal(Entry entry, AttachRequest attach) {
    AccountSession session = entry.session;
    if (!session.passwordMatches(attach.account().password())) {
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
          BusMessages.FAILURE_REFUSED, "credentials refused"));
    }
    JsonObject reply = attachHere(entry, attach);
    if (attach.resumed()) {
      if (session.loggedIn()) {
        // the session is up already: this client only saw CONNECTING from its endpoint
        send(attach.output(), BusMessages.output(
            BusMessages.KIND_NOTIFICATION, List.of("CONNSTATUS ONLINE")));
      } else {
        session.loginNow();
      }
    }
    return Future.succeededFuture(reply);
  }

  private JsonObject attachHere(Entry entry, AttachRequest attach) {
    AccountSession session = entry.session;
    ConnectionOutput output = attach.output();
    if (attach.resumed()) {
      session.attachResumed(attach.connectionId(), output, attach.protocol(), attach.sending());
    } else {
      session.attach(attach.connectionId(), output);
    }
    entry.connections.put(attach.connectionId(), output);
    if (attach.heartbeat()) {
      // swept like any heartbeating connection even if its endpoint dies before the first one
      entry.heartbeats.put(attach.connectionId(), System.currentTimeMillis());
    }
    if (entry.graceTimer >= 0) {
      vertx.cancelTimer(entry.graceTimer);
      entry.graceTimer = -1;
    }
    LOG.info("connection {} from {} attached to session {} ({}){}", attach.connectionId(),
        attach.remote(), session.sessionId(), session.username(),
        attach.resumed() ? " after failover" : "");
    JsonObject reply = BusMessages.attached(session.sessionId(), session.username());
    // repeated so that the endpoint knows its output comes to its own address
    return output.announce(reply);
  }

  private void send(ConnectionOutput output, JsonObject message) {
    eventBus.send(output.address(), output.body(message));
  }

  // ---------------------------------------------------------------- per-session address

  private void onSessionMessage(Entry entry, Message<Object> message) {
    JsonObject body;
    String type;
    try {
      body = BusMessages.checkVersion(message.body());
      type = BusMessages.requireString(body, BusMessages.TYPE);
    } catch (IllegalArgumentException e) {
      message.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      return;
    }
    if (BusMessages.TYPE_HEARTBEAT.equals(type)) {
      onHeartbeat(entry, body, message);
      return;
    }
    String connectionId;
    try {
      connectionId = BusMessages.requireString(body, BusMessages.CONNECTION);
    } catch (IllegalArgumentException e) {
      message.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      return;
    }
    AccountSession session = entry.session;
    switch (type) {
      case BusMessages.TYPE_COMMAND -> {
        if (!session.hasConnection(connectionId)) {
          message.fail(BusMessages.FAILURE_UNKNOWN, "connection not attached");
          return;
        }
        String line = body.getValue(BusMessages.LINE) instanceof String l ? l : "";
        if (Boolean.TRUE.equals(body.getValue(BusMessages.INLINE_REPLY))) {
          message.reply(BusMessages.accepted(session.commandWithInlineReply(connectionId, line)));
        } else {
          message.reply(BusMessages.accepted());
          session.command(connectionId, line);
        }
      }
      case BusMessages.TYPE_DETACH -> {
        detach(entry, connectionId);
        message.reply(BusMessages.accepted());
        LOG.info("connection {} detached from session {} ({})", connectionId,
            session.sessionId(), body.getString(BusMessages.REASON, "no reason"));
        if (session.connectionCount() == 0) {
          end(entry, "last connection left");
        }
      }
      case BusMessages.TYPE_JOIN -> {
        AttachRequest attach;
        try {
          attach = AttachRequest.fromJson(body);
        } catch (IllegalArgumentException e) {
          message.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
          return;
        }
        if (!bySessionId.containsKey(session.sessionId())) {
          message.fail(BusMessages.FAILURE_UNKNOWN, "session ended");
          return;
        }
        joinLocal(entry, attach).onComplete(ar -> {
          if (ar.succeeded()) {
            message.reply(ar.result());
          } else {
            int code = ar.cause() instanceof ReplyException re ? re.failureCode() : 500;
            message.fail(code, String.valueOf(ar.cause().getMessage()));
          }
        });
      }
      default -> message.fail(BusMessages.FAILURE_BAD_REQUEST, "unknown type " + type);
    }
  }

  private void onHeartbeat(Entry entry, JsonObject body, Message<Object> message) {
    JsonArray listed = body.getValue(BusMessages.CONNECTIONS) instanceof JsonArray a
        ? a : new JsonArray();
    long now = System.currentTimeMillis();
    List<String> unknown = new ArrayList<>();
    for (Object value : listed) {
      if (!(value instanceof String connectionId)) {
        continue;
      }
      if (entry.session.hasConnection(connectionId)) {
        entry.heartbeats.put(connectionId, now);
      } else {
        unknown.add(connectionId);
      }
    }
    message.reply(BusMessages.heartbeatReply(unknown));
  }

  private void detach(Entry entry, String connectionId) {
    entry.session.detach(connectionId);
    entry.connections.remove(connectionId);
    entry.heartbeats.remove(connectionId);
  }

  // ---------------------------------------------------------------- leases and heartbeats

  /** Publishes this gateway's load now, so placement sees a new session at once. */
  private void announceLoad() {
    directory.announce(gatewayId, bySessionId.size())
        .onFailure(err -> LOG.warn("cannot announce this gateway: {}", err.getMessage()));
  }

  private void renewLeases() {
    announceLoad();
    for (Entry entry : new ArrayList<>(bySessionId.values())) {
      if (!entry.claimed) {
        continue;
      }
      renew(entry);
      if (System.currentTimeMillis() - entry.lastFullWriteAt
          > options.sessionStateTtl().toMillis() / 3) {
        // refreshes the time-to-live of the roster and the account pointer, which writes on
        // change leave alone, and of an idle session's state
        writeState(entry, true);
      }
    }
  }

  /** Renews at once the entries whose upstream ssid changed (a login happened). */
  private void publishNewSsids() {
    for (Entry entry : new ArrayList<>(bySessionId.values())) {
      String ssid = entry.session.upstreamSessionId();
      if (entry.claimed && ssid != null && !ssid.equals(entry.publishedSsid)) {
        renew(entry);
      }
    }
  }

  private void renew(Entry entry) {
    SessionDirectory.Owner owner = new SessionDirectory.Owner(entry.session.sessionId(),
        gatewayId, entry.session.upstreamSessionId());
    entry.publishedSsid = owner.upstreamSsid();
    directory.renew(entry.accountKey, owner).onComplete(ar -> {
      if (ar.succeeded() && !ar.result() && bySessionId.containsKey(owner.sessionId())) {
        // Presumed dead by the others (a long pause?): another session owns the account.
        LOG.warn("session {} of {} lost its ownership; handing its connections over",
            owner.sessionId(), entry.session.username());
        handOver(entry, "session moved", false);
      } else if (ar.failed()) {
        LOG.warn("cannot renew the lease of session {}: {}", owner.sessionId(),
            ar.cause().getMessage());
      }
    });
  }

  /** Detaches connections whose endpoint stopped sending heartbeats. */
  private void sweep() {
    throttle.sweep();
    if (++sweeps % RETENTION_SWEEP_EVERY == 0) {
      long limit = System.currentTimeMillis() - options.messageRetention().toMillis();
      for (Entry entry : bySessionId.values()) {
        entry.session.dropMessagesOlderThan(limit);
      }
    }
    long limit = System.currentTimeMillis() - options.endpointTimeout().toMillis();
    for (Entry entry : new ArrayList<>(bySessionId.values())) {
      List<String> lost = new ArrayList<>();
      entry.heartbeats.forEach((connectionId, last) -> {
        if (last < limit) {
          lost.add(connectionId);
        }
      });
      if (lost.isEmpty()) {
        continue;
      }
      for (String connectionId : lost) {
        LOG.info("connection {} of session {} detached: its endpoint sends no heartbeats",
            connectionId, entry.session.sessionId());
        detach(entry, connectionId);
      }
      if (entry.session.connectionCount() == 0 && entry.graceTimer < 0) {
        // The client may come back through another endpoint: keep the session for a while.
        LOG.info("session {} of {} kept for {} s without connections",
            entry.session.sessionId(), entry.session.username(),
            options.sessionGrace().toSeconds());
        entry.graceTimer = vertx.setTimer(options.sessionGrace().toMillis(), id -> {
          entry.graceTimer = -1;
          if (entry.session.connectionCount() == 0) {
            end(entry, "grace period over");
          }
        });
      }
    }
  }

  // ---------------------------------------------------------------- ending

  private Future<Void> end(Entry entry, String reason) {
    if (!remove(entry)) {
      return Future.succeededFuture();
    }
    LOG.info("session {} of {} ends: {}", entry.session.sessionId(), entry.session.username(),
        reason);
    Future<Void> unregistered = entry.consumer == null ? Future.succeededFuture()
        : entry.consumer.unregister();
    Future<Boolean> released = entry.claimed
        ? directory.release(entry.accountKey, entry.session.sessionId())
        : Future.succeededFuture(false);
    Future<Void> forgotten = !entry.claimed || entry.keepState ? Future.succeededFuture()
        : stateStore.delete(entry.session.sessionId(), entry.accountKey)
            .onFailure(err -> LOG.warn("cannot delete the state of session {}: {}",
                entry.session.sessionId(), err.getMessage()))
            .otherwiseEmpty();
    if (stateWrites > 0) {
      LOG.debug("state writes so far: {}, {} bytes on average, {} us CPU on average",
          stateWrites, stateBytes / stateWrites, stateNanos / stateWrites / 1000);
    }
    if (!stopping) {
      announceLoad();
    }
    return Future.join(unregistered, released, forgotten, entry.session.close()).mapEmpty();
  }

  /**
   * Gives a session up without its clients noticing more than CONNECTING: the upstream session
   * is signed off (so the next owner's login fetches what arrives meanwhile as unread), then
   * every connection is asked to attach again, which opens the session on another gateway.
   */
  private Future<Void> handOver(Entry entry, String reason, boolean keepState) {
    return whenIdle(entry, System.currentTimeMillis() + HANDOVER_WAIT_MS)
        .compose(v -> endAndReattach(entry, reason, keepState));
  }

  /** Writes the state once the write in flight (if any) is done, so the last one wins. */
  private Future<Void> finalWrite(Entry entry, long deadline) {
    if (!entry.writing || System.currentTimeMillis() >= deadline) {
      return writeState(entry, true);
    }
    Promise<Void> later = Promise.promise();
    vertx.setTimer(20, id -> later.complete());
    return later.future().compose(v -> finalWrite(entry, deadline));
  }

  /** Completes once the session answered every command it took (or at the deadline). */
  private Future<Void> whenIdle(Entry entry, long deadline) {
    if (entry.session.pendingCommands() == 0 || System.currentTimeMillis() >= deadline) {
      return Future.succeededFuture();
    }
    Promise<Void> later = Promise.promise();
    vertx.setTimer(100, id -> later.complete());
    return later.future().compose(v -> whenIdle(entry, deadline));
  }

  private Future<Void> endAndReattach(Entry entry, String reason, boolean keepState) {
    List<ConnectionOutput> connections = new ArrayList<>(entry.connections.values());
    Future<Void> saved = Future.succeededFuture();
    if (keepState) {
      // the next owner restores unread messages, pending sends and numbering, then logs in.
      // Signed off first, so the state written last holds every message this session took.
      entry.keepState = true;
      if (entry.writeTimer >= 0) {
        vertx.cancelTimer(entry.writeTimer);
        entry.writeTimer = -1;
      }
      saved = entry.session.close()
          .compose(v -> finalWrite(entry, System.currentTimeMillis() + HANDOVER_WAIT_MS));
    }
    return saved.compose(v -> end(entry, reason)).onComplete(ar -> {
      for (ConnectionOutput output : connections) {
        send(output, BusMessages.reattachRequest(reason));
      }
    });
  }

  private boolean remove(Entry entry) {
    if (entry.writeTimer >= 0) {
      vertx.cancelTimer(entry.writeTimer);
      entry.writeTimer = -1;
    }
    if (entry.graceTimer >= 0) {
      vertx.cancelTimer(entry.graceTimer);
      entry.graceTimer = -1;
    }
    boolean removed = bySessionId.remove(entry.session.sessionId()) != null;
    byAccount.remove(entry.accountKey, entry);
    return removed;
  }

  /**
   * Stops this gateway: with other gateways alive its sessions are handed over to them;
   * the last gateway logs its sessions out and closes their connections.
   */
  public Future<Void> stop(String reason) {
    stopping = true;
    if (leaseTimer >= 0) {
      vertx.cancelTimer(leaseTimer);
    }
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    if (publishTimer >= 0) {
      vertx.cancelTimer(publishTimer);
    }
    Future<Void> unregistered = gatewayConsumer == null ? Future.succeededFuture()
        : gatewayConsumer.unregister();
    return unregistered
        .compose(v -> directory.withdraw(gatewayId))
        .compose(v -> directory.gateways())
        .recover(err -> Future.succeededFuture(List.of()))
        .compose(others -> {
          boolean last = others.stream().noneMatch(g -> !g.gatewayId().equals(gatewayId));
          List<Future<Void>> ends = new ArrayList<>();
          for (Entry entry : new ArrayList<>(bySessionId.values())) {
            if (last) {
              entry.session.closeConnections(reason);
              ends.add(end(entry, reason));
            } else {
              ends.add(handOver(entry, "gateway stopping", true));
            }
          }
          if (!ends.isEmpty()) {
            LOG.info("{} {} session(s)", last ? "closing" : "handing over", ends.size());
          }
          return Future.join(ends).mapEmpty();
        });
  }

  /** The host part of {@code host:port} (throttling is per source address, not per port). */
  static String host(String remote) {
    int colon = remote.lastIndexOf(':');
    return colon > 0 ? remote.substring(0, colon) : remote;
  }
}
