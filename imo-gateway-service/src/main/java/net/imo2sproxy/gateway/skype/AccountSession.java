package net.imo2sproxy.gateway.skype;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;
import net.imo2sproxy.gateway.upstream.ImoEventListener;
import net.imo2sproxy.gateway.upstream.ImoClient;
import net.imo2sproxy.gateway.upstream.ImoSessionEnd;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.skypeapi.SkypeApiLine;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Skype API emulation of one imo.im account: its login state, contacts and messages, and
 * the connections attached to it. imo.im events become notifications for every attached
 * connection; each connection's commands run one at a time and are answered to it alone.
 *
 * <p>Confined to one Vert.x context: every method must run on it.
 */
public final class AccountSession {

  private static final Logger LOG = LoggerFactory.getLogger(AccountSession.class);
  private static final long TEMPORARY_ENTRY_LIFETIME_MS = 30 * 60 * 1000L;

  enum State { LOGGED_OUT, CONNECTING, ONLINE }

  private final Vertx vertx;
  final BridgeMetrics metrics;
  private final WebClient webClient;
  private final ImoClientOptions imoOptions;
  final SessionSettings settings;
  private final String username;
  private final String password;
  final String sessionId;
  private final CommandTable commands;
  private final OutputSink output;

  private final Map<String, ApiConnection> connections = new LinkedHashMap<>();
  final Map<String, Contact> contacts = new LinkedHashMap<>();
  final MessageStore messages;
  /**
   * Acknowledgements that overtook the answer to their send_im (a long poll brought the ack while
   * the answer was delayed or lost and the command resent), by request id, of the current imo.im
   * session only; bounded. Without them such a delivered message would end FAILED.
   */
  private final Map<Integer, JsonObject> earlyAcks = new LinkedHashMap<>();
  private static final int MAX_EARLY_ACKS = 64;
  /** Group chats by name ({@code <gid>;}). */
  final Map<String, Chat> chats = new LinkedHashMap<>();
  /** Call records by number, oldest first, bounded like the original's store of 50. */
  final Map<Long, Call> calls = new LinkedHashMap<>();
  /** Avatar ids from {@code buddy_icon} by lower-case handle (may come before the contacts). */
  private final Map<String, String> avatarIcons = new LinkedHashMap<>();
  /** CHAT CREATE requests waiting for their group, by the name given to imo.im. */
  final Map<String, Promise<Chat>> pendingChatCreates = new LinkedHashMap<>();
  private long nextMemberObjectId = 1;
  private long nextChatNameSuffix;

  State state = State.LOGGED_OUT;
  private ImoClient imo;
  /** The upstream session being signed off, whose last messages still count. */
  private ImoClient signingOff;
  private Promise<Void> loginOutcome;
  private long loginTimer = -1;
  /** Canonical own handle: the server's uid once signed on, the configured name before. */
  String ownHandle;
  String ownAlias = "";
  /** The Skype status the user wants; reported while online. */
  String ownStatus = SkypeStatus.ONLINE;
  String ownMood = "";
  private long moodTimer = -1;
  private boolean rosterKnown;
  private final List<Promise<Void>> rosterWaiters = new ArrayList<>();
  private boolean closed;
  private MessageNumbers numbers = MessageNumbers.local();
  /** Told (synchronously) whenever state a survivor needs may have changed. */
  private StateListener stateListener = roster -> { };

  /** Observer of changes worth persisting for a take-over (see {@link #snapshot}). */
  public interface StateListener {
    /** @param roster the contacts or chats changed too */
    void changed(boolean roster);
  }

  /** Where output lines go: the event bus in production, a list in unit tests. */
  public interface OutputSink {
    void send(String address, JsonObject message);
  }

  public AccountSession(Vertx vertx, WebClient webClient, ImoClientOptions imoOptions,
      SessionSettings settings, String username, String password, String sessionId,
      OutputSink output) {
    this.vertx = vertx;
    this.webClient = webClient;
    this.imoOptions = imoOptions;
    this.settings = settings;
    this.username = username;
    this.password = password;
    this.sessionId = sessionId;
    this.output = output;
    this.ownHandle = username;
    this.messages = new MessageStore(settings.messageCapacity());
    this.metrics = BridgeMetrics.of(vertx);
    this.commands = new CommandTable(metrics);
  }

  Vertx vertx() {
    return vertx;
  }

  public String sessionId() {
    return sessionId;
  }

  public String username() {
    return username;
  }

  /** Constant-time check that {@code candidate} is this account's imo.im password. */
  public boolean passwordMatches(String candidate) {
    return java.security.MessageDigest.isEqual(
        password.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public int connectionCount() {
    return connections.size();
  }

  public boolean hasConnection(String connectionId) {
    return connections.containsKey(connectionId);
  }

  // ---------------------------------------------------------------- cluster hand-over (issue 5)
  // Small hooks for gateway/session: re-attach after failover and recovery of an orphaned
  // upstream session. Nothing here changes the emulation itself.

  /**
   * Attaches a connection that already negotiated {@code protocol} on a previous gateway and
   * tells it how its own messages it last saw SENDING ended: the current status of each one
   * that is no longer SENDING, FAILED for one this session does not know (its fate is
   * unknown), nothing yet for one still SENDING (its status follows as a notification).
   */
  public void attachResumed(String connectionId, ConnectionOutput address, int protocol,
      List<Long> sending) {
    int level = protocol > 0 ? Math.min(protocol, settings.maxProtocol())
        : Math.min(settings.initialProtocol(), settings.maxProtocol());
    ApiConnection connection = new ApiConnection(connectionId, address, level);
    connection.sawFirstCommand = true;
    connections.put(connectionId, connection);
    for (long number : sending) {
      ChatMessage message = messages.get(number);
      if (message == null || message.status != ChatMessage.Status.SENDING) {
        notify(connection, connection.messageKeyword() + " " + number + " STATUS "
            + (message == null ? ChatMessage.Status.FAILED : message.status));
      }
    }
  }

  /** Commands taken but not answered yet, over all connections (a hand-over waits for them). */
  public int pendingCommands() {
    int pending = 0;
    for (ApiConnection connection : connections.values()) {
      pending += connection.pendingCommands;
    }
    return pending;
  }

  /** True while signed on to imo.im. */
  public boolean loggedIn() {
    return state == State.ONLINE;
  }

  /** Logs in now instead of at the first command (the session was re-created elsewhere). */
  public Future<Void> loginNow() {
    return closed ? Future.succeededFuture() : startLogin();
  }

  /** The upstream imo.im session id while one exists, else null (published for take-over). */
  public String upstreamSessionId() {
    ImoClient session = imo;
    return session == null ? null : session.ssid();
  }

  /** Numbers messages from cluster-wide blocks instead of the process-local counter. */
  public void useNumbers(MessageNumbers clusterNumbers) {
    this.numbers = clusterNumbers;
  }

  public void onStateChange(StateListener listener) {
    this.stateListener = listener;
  }

  void changed() {
    stateListener.changed(false);
  }

  /** Drops read and sent messages stored before {@code limitMillis} (retention). */
  public int dropMessagesOlderThan(long limitMillis) {
    return messages.dropOlderThan(limitMillis);
  }

  /**
   * What a survivor needs to continue this session (no password): the own profile, message
   * numbering, the upstream imo.im session while online, unread messages and own messages
   * still SENDING. Read messages are not part of it: their bodies stay here only for the
   * retention. See {@link #snapshotText}.
   */
  public JsonObject snapshot() {
    return new JsonObject(snapshotText(true));
  }

  /**
   * {@link #snapshot} as JSON text, written on every change of a clustered session: each
   * message's part is encoded once and reused until the message changes, so a session with
   * many unread messages does not re-encode them all for every new one. Without
   * {@code upstream} the imo.im session is left out (it was signed off).
   */
  public String snapshotText(boolean upstream) {
    JsonObject head = new JsonObject().put("v", 1).put("account", username)
        .put("own", new JsonObject().put("handle", ownHandle).put("alias", ownAlias)
            .put("status", ownStatus).put("mood", ownMood))
        .put("numbers", numbers.export());
    if (upstream && state == State.ONLINE && imo != null && !imo.isEnded()) {
      head.put("upstream", imo.exportState());
    }
    StringBuilder text = new StringBuilder(head.encode());
    text.setLength(text.length() - 1); // reopen the object for the messages
    text.append(",\"messages\":[");
    boolean first = true;
    for (ChatMessage message : messages.values()) {
      if (message.status == ChatMessage.Status.RECEIVED
          || message.status == ChatMessage.Status.SENDING) {
        if (!first) {
          text.append(',');
        }
        text.append(SessionState.encodedText(message));
        first = false;
      }
    }
    return text.append("]}").toString();
  }

  /** The contacts and group chats (written apart: they change less often than messages). */
  public JsonObject rosterSnapshot() {
    return SessionState.encodeRoster(contacts.values(), chats.values(), nextMemberObjectId);
  }

  /**
   * Takes over the state a previous owner left ({@link #snapshot}, {@link #rosterSnapshot}):
   * numbering, unread messages with their numbers, pending sends, contacts and chats. Call
   * before attaching connections, then {@link #resumeUpstream}.
   */
  public void restore(JsonObject state, JsonObject roster) {
    numbers.restore(state.getJsonObject("numbers"));
    JsonObject own = state.getJsonObject("own", new JsonObject());
    ownHandle = own.getString("handle", ownHandle);
    ownAlias = own.getString("alias", ownAlias);
    ownStatus = own.getString("status", ownStatus);
    ownMood = own.getString("mood", ownMood);
    for (Object raw : state.getJsonArray("messages", new JsonArray())) {
      if (raw instanceof JsonObject encoded) {
        ChatMessage message = SessionState.decode(encoded);
        if (message != null && messages.get(message.id) == null) {
          store(message);
        }
      }
    }
    if (roster != null) {
      nextMemberObjectId = Math.max(nextMemberObjectId,
          SessionState.decodeRoster(roster, contacts, chats));
    }
  }

  /**
   * Continues the previous owner's upstream session (no login); when imo.im no longer knows
   * it, or none was saved, logs in afresh with this session's password. Restored sends whose
   * acknowledgement does not arrive within {@code confirmWindow} end FAILED (reason 1): their
   * fate is unknown and they are never resent. The future carries whether it resumed.
   */
  public Future<Boolean> resumeUpstream(JsonObject upstream, java.time.Duration confirmWindow) {
    if (closed) {
      return Future.succeededFuture(false);
    }
    if (upstream == null || upstream.getString("ssid") == null) {
      failPendingSends();
      return startLogin().map(false);
    }
    state = State.CONNECTING;
    Listener listener = new Listener();
    ImoClient session = ImoClient.create(vertx, webClient, imoOptions, username, listener,
        sessionId);
    listener.session = session;
    imo = session;
    for (ChatMessage message : messages.withStatus(ChatMessage.Status.SENDING)) {
      if (message.requestId < 0) {
        failSend(message); // sent before its request id was saved: fate unknown
      }
    }
    return session.resume(upstream).transform(ar -> {
      if (closed || imo != session) {
        return Future.succeededFuture(false);
      }
      if (ar.failed()) {
        LOG.info("[{}] upstream session of {} not resumed ({}); logging in again", sessionId,
            username, ar.cause().getMessage());
        imo = null;
        state = State.LOGGED_OUT;
        failPendingSends();
        return startLogin().map(false);
      }
      state = State.ONLINE;
      rosterKnown = true;
      reloginAttempts = 0;
      LOG.info("[{}] upstream session of {} resumed", sessionId, username);
      notifyAll("CONNSTATUS ONLINE");
      notifyUserStatus(ownStatus, null);
      for (ChatMessage message : messages.withStatus(ChatMessage.Status.SENDING)) {
        cancelAckTimer(message);
        message.ackTimer = vertx.setTimer(confirmWindow.toMillis(), id -> {
          message.ackTimer = -1;
          if (message.status == ChatMessage.Status.SENDING) {
            failSend(message);
          }
        });
      }
      changed();
      return Future.succeededFuture(true);
    });
  }

  private void failSend(ChatMessage message) {
    cancelAckTimer(message);
    message.status = ChatMessage.Status.FAILED;
    message.failureReason = 1;
    message.requestId = -1;
    notifyMessageStatus(message);
    changed();
  }

  /** An {@code im} event recovered from a dead gateway's upstream session (see StaleUpstreamDrain). */
  public void recoverEvent(JsonObject event) {
    if (!closed && "recv_im".equals(event.getValue("name"))) {
      onReceivedMessage(event);
    }
  }

  // ---------------------------------------------------------------- connections

  public void attach(String connectionId, ConnectionOutput output) {
    connections.put(connectionId, new ApiConnection(connectionId, output,
        Math.min(settings.initialProtocol(), settings.maxProtocol())));
  }

  /** Removes a connection; the caller ends the session when none is left. */
  public void detach(String connectionId) {
    connections.remove(connectionId);
  }

  /**
   * Runs one command line of a connection whose sender takes the reply in the acknowledgement
   * (EVENT-BUS.md, {@code inline-reply}): when no earlier command of the connection is still
   * running, the command starts at once and the lines it writes to its connection until it
   * returns or waits for imo.im are returned instead of sent; later lines are sent as usual.
   * Behind an unfinished command it is queued like {@link #command} and nothing is returned.
   */
  public List<String> commandWithInlineReply(String connectionId, String text) {
    ApiConnection connection = connections.get(connectionId);
    if (connection == null || connection.pendingCommands > 0) {
      command(connectionId, text);
      return List.of();
    }
    List<String> captured = new ArrayList<>();
    connection.captured = captured;
    try {
      command(connectionId, text);
    } finally {
      connection.captured = null;
    }
    return captured;
  }

  /** Queues one command line of a connection behind its previous commands. */
  public void command(String connectionId, String text) {
    ApiConnection connection = connections.get(connectionId);
    if (connection == null) {
      return;
    }
    connection.pendingCommands++;
    connection.tail = connection.tail
        .transform(ignored -> execute(connection, text))
        .andThen(ar -> connection.pendingCommands--);
  }

  private Future<Void> execute(ApiConnection connection, String text) {
    if (closed || !connections.containsKey(connection.id)) {
      return Future.succeededFuture();
    }
    if (text.length() > settings.maxLineLength() || text.indexOf('\0') >= 0) {
      // Answered from the line's start (for its #id); the connection goes on.
      String head = text.substring(0, Math.min(text.length(), 256)).replace('\0', ' ');
      LOG.info("[{}] {}: rejected a line of {} characters", sessionId, connection.id,
          text.length());
      new CommandContext(this, connection, SkypeApiLine.parse(head))
          .error(1, "General syntax error");
      return Future.succeededFuture();
    }
    SkypeApiLine line = SkypeApiLine.parse(text);
    if (line.isEmpty()) {
      return Future.succeededFuture(); // an empty command or a lone #id has nothing to answer
    }
    LOG.trace("[{}] {} > {}", sessionId, connection.id, text); // -v: the endpoint logs it
    CommandContext ctx = new CommandContext(this, connection, line);
    boolean first = !connection.sawFirstCommand;
    connection.sawFirstCommand = true;
    if (first && state == State.LOGGED_OUT) {
      startLogin();
    }
    Future<Void> gate = state == State.CONNECTING ? loginOutcome.future() : Future.succeededFuture();
    return gate.transform(ignored -> {
      try {
        return commands.dispatch(ctx);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }).transform(ar -> {
      if (ar.failed()) {
        LOG.error("[{}] command {} failed", sessionId, line.keyword(0), ar.cause());
      }
      if (!ctx.replied()) {
        // Never leave a client waiting: every command gets exactly one answer.
        ctx.error(9901, "Internal error");
      }
      return Future.succeededFuture();
    });
  }

  // ---------------------------------------------------------------- output

  void sendReply(ApiConnection connection, List<String> lines) {
    LOG.trace("[{}] {} < {}", sessionId, connection.id, lines);
    sendLines(connection, BusMessages.KIND_REPLY, lines);
  }

  /** One notification line, rendered for each connection (null = nothing for that one). */
  void notifyAll(Function<ApiConnection, String> render) {
    for (ApiConnection connection : connections.values()) {
      String text = render.apply(connection);
      if (text != null) {
        sendLines(connection, BusMessages.KIND_NOTIFICATION, List.of(text));
      }
    }
  }

  /** Lines for one connection: kept for the acknowledgement while captured, else sent. */
  private void sendLines(ApiConnection connection, String kind, List<String> lines) {
    if (connection.captured != null) {
      connection.captured.addAll(lines);
    } else {
      send(connection, BusMessages.output(kind, lines));
    }
  }

  /**
   * A message other than lines for one connection. Lines captured for the acknowledgement
   * before it are sent ahead of it, since the acknowledgement arrives after it.
   */
  private void sendOther(ApiConnection connection, JsonObject message) {
    if (connection.captured != null && !connection.captured.isEmpty()) {
      send(connection, BusMessages.output(BusMessages.KIND_REPLY, connection.captured));
      connection.captured.clear();
    }
    send(connection, message);
  }

  private void send(ApiConnection connection, JsonObject message) {
    output.send(connection.output.address(), connection.output.body(message));
  }

  void notifyAll(String text) {
    notifyAll(connection -> text);
  }

  void notifyOthers(ApiConnection except, String text) {
    notifyAll(connection -> connection == except ? null : text);
  }

  /** One notification line to one connection. */
  void notify(ApiConnection connection, String text) {
    sendLines(connection, BusMessages.KIND_NOTIFICATION, List.of(text));
  }

  /** {@code USERSTATUS <s>} as each connection's level knows the status. */
  void notifyUserStatus(String status, ApiConnection except) {
    notifyAll(c -> c == except ? null : "USERSTATUS " + c.userStatus(status));
  }

  void notifyCallStatus(Call call) {
    notifyAll(c -> "CALL " + call.id + " STATUS " + c.callStatus(call.status));
  }

  /**
   * A forwarded imo.im call with the usual {@code {ssid, uid, proto}} arguments plus
   * {@code extra}; fails when the session is gone.
   */
  Future<Void> imoCall(String system, String method, JsonObject extra) {
    if (imo == null) {
      return Future.failedFuture("not logged in");
    }
    return imo.call(system, method, imo.accountArgs().mergeIn(extra));
  }

  Collection<ApiConnection> connections() {
    return connections.values();
  }

  // ---------------------------------------------------------------- login and logout

  boolean isOnline() {
    return state == State.ONLINE;
  }

  ImoClient imo() {
    return imo;
  }

  /** Re-logins made since the session was lost; 0 while online or logged out by choice. */
  private int reloginAttempts;
  private long reloginTimer = -1;

  /** Starts a login unless one runs; the future completes (never fails) with its outcome. */
  Future<Void> startLogin() {
    if (state == State.ONLINE) {
      return Future.succeededFuture();
    }
    if (state == State.CONNECTING && imo != null) {
      return loginOutcome.future();
    }
    // Logged out, or waiting for a re-login: try now.
    cancelRelogin();
    return attemptLogin();
  }

  /** One login attempt on a fresh imo.im session (new cookies, ssid and sequence spaces). */
  private Future<Void> attemptLogin() {
    boolean announce = state != State.CONNECTING;
    state = State.CONNECTING;
    if (loginOutcome == null || loginOutcome.future().isComplete()) {
      loginOutcome = Promise.promise();
    }
    if (announce) {
      notifyAll("CONNSTATUS CONNECTING");
    }
    Listener listener = new Listener();
    ImoClient session = ImoClient.create(vertx, webClient, imoOptions, username, listener,
        sessionId);
    listener.session = session;
    imo = session;
    // Request ids restart with the new imo.im session: old entries must not match new acks.
    for (ChatMessage message : messages.all()) {
      message.requestId = -1;
    }
    earlyAcks.clear();
    loginTimer = vertx.setTimer(settings.loginTimeout().toMillis(), id -> {
      loginTimer = -1;
      if (imo == session) {
        loginFailed("login timed out");
      }
    });
    LOG.info("[{}] logging in {}{}", sessionId, username,
        reloginAttempts > 0 ? " (attempt " + (reloginAttempts + 1) + ")" : "");
    session.bootstrap()
        .compose(v -> session.login(password))
        .onFailure(err -> {
          if (imo == session) {
            loginFailed(err.getMessage());
          }
        });
    return loginOutcome.future();
  }

  /**
   * A login attempt failed without a verdict on the password (unreachable, timed out): the
   * next attempt follows with back-off, for a first login as for a lost session. Only a
   * rejected password, or the end of the attempts, ends in OFFLINE.
   */
  private void loginFailed(String reason) {
    if (state != State.CONNECTING) {
      return;
    }
    LOG.info("[{}] login of {} failed: {}", sessionId, username, reason);
    metrics
        .loginFailed(reason.contains("timed out") ? "timeout" : "upstream");
    endImoSession(false);
    scheduleRelogin(reason);
  }

  /** Back to LOGGED_OUT with CONNSTATUS and USERSTATUS OFFLINE; no retry follows. */
  private void giveUp(String reason) {
    LOG.info("[{}] {} is offline: {}", sessionId, username, reason);
    cancelRelogin();
    reloginAttempts = 0;
    endImoSession(false);
    boolean wasOnline = state != State.LOGGED_OUT;
    state = State.LOGGED_OUT;
    if (wasOnline) {
      notifyAll("CONNSTATUS OFFLINE");
      notifyAll("USERSTATUS OFFLINE");
    }
    completeLogin();
  }

  /**
   * Waits (exponential back-off with jitter) and logs in on a fresh session; clients see
   * CONNSTATUS CONNECTING now and ONLINE after the sign-on. Commands are not held during the
   * wait: they are answered as "not logged in".
   */
  private void scheduleRelogin(String reason) {
    reloginAttempts++;
    if (closed || !imoOptions.relogin().allows(reloginAttempts)) {
      giveUp("no re-login after " + (reloginAttempts - 1) + " attempt(s): " + reason);
      return;
    }
    if (state != State.CONNECTING) {
      state = State.CONNECTING;
      notifyAll("CONNSTATUS CONNECTING");
    }
    completeLogin();
    long delay = imoOptions.relogin().delayMillis(reloginAttempts);
    LOG.info("[{}] re-login of {} in {} ms ({})", sessionId, username, delay, reason);
    reloginTimer = vertx.setTimer(delay, id -> {
      reloginTimer = -1;
      if (!closed && state == State.CONNECTING && imo == null) {
        attemptLogin();
      }
    });
  }

  private void cancelRelogin() {
    if (reloginTimer >= 0) {
      vertx.cancelTimer(reloginTimer);
      reloginTimer = -1;
    }
  }

  private void signedOn(JsonObject event) {
    if (event.getValue("uid") instanceof String uid && !uid.isEmpty()) {
      ownHandle = uid;
    }
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : new JsonObject();
    ownAlias = edata.getValue("alias") instanceof String alias ? alias : ownAlias;
    boolean wasConnecting = state == State.CONNECTING;
    state = State.ONLINE;
    reloginAttempts = 0;
    if (SkypeStatus.OFFLINE.equals(ownStatus)) {
      ownStatus = SkypeStatus.ONLINE;
    }
    LOG.info("[{}] {} signed on", sessionId, ownHandle);
    metrics.loginSucceeded();
    notifyAll("CONNSTATUS ONLINE");
    notifyUserStatus(ownStatus, null);
    notifyAll("CURRENTUSERHANDLE " + ownHandle);
    if (!SkypeStatus.ONLINE.equals(ownStatus) || !ownMood.isEmpty()) {
      // The user asked for another status (or a mood) before the login completed.
      imo.setStatus(SkypeStatus.toPrimitive(ownStatus), ownMood);
    }
    if (wasConnecting) {
      // Released after the rest of this server batch (the roster usually rides with
      // signed_on), so contact lines precede the reply to the first command, as in the original.
      vertx.runOnContext(v -> completeLogin());
    }
  }

  private void completeLogin() {
    if (loginTimer >= 0) {
      vertx.cancelTimer(loginTimer);
      loginTimer = -1;
    }
    if (loginOutcome != null) {
      loginOutcome.tryComplete();
    }
  }

  /** Logs out: {@code signoff_all}, then CONNSTATUS and USERSTATUS OFFLINE for everyone. */
  Future<Void> logOut() {
    cancelRelogin();
    reloginAttempts = 0;
    if (state == State.LOGGED_OUT) {
      return Future.succeededFuture();
    }
    Future<Void> signOff = endImoSession(true);
    boolean wasConnecting = state == State.CONNECTING;
    state = State.LOGGED_OUT;
    notifyAll("CONNSTATUS OFFLINE");
    notifyAll("USERSTATUS OFFLINE");
    if (wasConnecting) {
      completeLogin();
    }
    return signOff;
  }

  /**
   * The server or the network ended the imo.im session (spec 7.3). A rejected password ends in
   * OFFLINE and is never retried; anything else gets a fresh session and a re-login.
   */
  private void lostSession(ImoSessionEnd end) {
    LOG.info("[{}] imo.im session of {} ended: {}", sessionId, ownHandle, end);
    if (!end.retryable()) {
      metrics.loginFailed("rejected");
      giveUp(end.toString());
      return;
    }
    endImoSession(false);
    scheduleRelogin(end.toString());
  }

  private Future<Void> endImoSession(boolean signOff) {
    cancelMoodUpdate();
    failPendingSends();
    rosterKnown = false;
    releaseRosterWaiters();
    ImoClient session = imo;
    imo = null;
    if (session == null) {
      return Future.succeededFuture();
    }
    if (signOff) {
      signingOff = session;
      return session.signOff().onComplete(ar -> {
        if (signingOff == session) {
          signingOff = null;
        }
      });
    }
    session.close();
    return Future.succeededFuture();
  }

  /** Tells every attached connection to close (the gateway is stopping). */
  public void closeConnections(String reason) {
    for (ApiConnection connection : connections.values()) {
      sendOther(connection, BusMessages.close(reason));
    }
  }

  /** Ends the session for good: logs out of imo.im and drops every connection. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    Future<Void> result = state == State.LOGGED_OUT ? Future.succeededFuture() : endImoSession(true);
    state = State.LOGGED_OUT;
    closed = true;
    completeLogin();
    for (ChatMessage message : messages.all()) {
      cancelAckTimer(message);
    }
    // the connections stay until the sign-off is done: a message its last answers carry is
    // announced to them (and saved for the next owner), not taken silently
    return result.onComplete(ar -> connections.clear());
  }

  // ---------------------------------------------------------------- own status and mood

  /** Schedules the delayed imo.im update after a mood change (the original's 15 s). */
  void scheduleMoodUpdate() {
    cancelMoodUpdate();
    moodTimer = vertx.setTimer(settings.moodDelay().toMillis(), id -> {
      moodTimer = -1;
      if (imo != null && state == State.ONLINE) {
        imo.setStatus(SkypeStatus.toPrimitive(ownStatus), ownMood)
            .onFailure(err -> LOG.info("[{}] mood update failed: {}", sessionId,
                err.getMessage()));
      }
    });
  }

  void cancelMoodUpdate() {
    if (moodTimer >= 0) {
      vertx.cancelTimer(moodTimer);
      moodTimer = -1;
    }
  }

  // ---------------------------------------------------------------- roster

  /** Completes once the first roster after login is known, or after the friends timeout. */
  Future<Void> rosterReady() {
    if (rosterKnown || state != State.ONLINE) {
      return Future.succeededFuture();
    }
    Promise<Void> waiter = Promise.promise();
    rosterWaiters.add(waiter);
    vertx.setTimer(settings.friendsTimeout().toMillis(), id -> waiter.tryComplete());
    return waiter.future();
  }

  private void releaseRosterWaiters() {
    List<Promise<Void>> waiters = new ArrayList<>(rosterWaiters);
    rosterWaiters.clear();
    waiters.forEach(Promise::tryComplete);
  }

  Contact contact(String handle) {
    return handle == null ? null : contacts.get(handle);
  }

  boolean isOwnHandle(String handle) {
    return handle != null && (handle.equalsIgnoreCase(ownHandle)
        || handle.equalsIgnoreCase(username));
  }

  // ---------------------------------------------------------------- messages

  /** The dialog chat name of a one-to-one conversation (section 10). */
  String dialogName(String partner) {
    return "#" + ownHandle + "/$" + partner;
  }

  /** The partner handle of a dialog name we issued, or null. */
  String partnerOfDialog(String chatName) {
    if (chatName == null || !chatName.startsWith("#")) {
      return null;
    }
    int dollar = chatName.indexOf("/$");
    if (dollar < 0 || !isOwnHandle(chatName.substring(1, dollar))) {
      return null;
    }
    String partner = chatName.substring(dollar + 2);
    int hash = partner.indexOf(';');
    return hash >= 0 ? partner.substring(0, hash) : partner;
  }

  long now() {
    return System.currentTimeMillis() / 1000;
  }

  ChatMessage store(ChatMessage message) {
    ChatMessage evicted = messages.add(message);
    if (evicted != null) {
      cancelAckTimer(evicted);
    }
    changed();
    return message;
  }

  void notifyMessageStatus(ChatMessage message) {
    changed();
    notifyAll(c -> c.messageKeyword() + " " + message.id + " STATUS " + message.status);
  }

  /** Sends an own message; the future carries the stored entry, SENDING or FAILED. */
  Future<ChatMessage> send(String partner, String text) {
    ChatMessage message = store(new ChatMessage(numbers.next(), partner, ownHandle,
        ownAlias, text, true, "SAID", now(), ChatMessage.Status.SENDING));
    ImoClient upstream = imo;
    // known before the call, so a survivor can match the acknowledgement of a send in flight
    messages.expectAck(message, upstream.nextRequestId());
    message.sendInFlight = true;
    changed();
    return upstream.sendIm(partner, text).transform(ar -> {
      message.sendInFlight = false;
      if (ar.succeeded()) {
        if (message.status == ChatMessage.Status.SENDING) {
          messages.expectAck(message, ar.result());
          changed();
          JsonObject early = upstream == imo ? earlyAcks.remove(ar.result()) : null;
          if (early != null) {
            // After the SENDING reply, as if the ack had come next.
            vertx.getOrCreateContext().runOnContext(v -> {
              if (upstream == imo) {
                onAcknowledgement(early);
              }
            });
            return Future.succeededFuture(message);
          }
          message.ackTimer = vertx.setTimer(settings.sendAckTimeout().toMillis(), id -> {
            message.ackTimer = -1;
            if (message.status == ChatMessage.Status.SENDING) {
              LOG.info("[{}] no acknowledgement for message {}", sessionId, message.id);
              message.status = ChatMessage.Status.FAILED;
              message.failureReason = 1;
              notifyMessageStatus(message);
            }
          });
        }
      } else {
        LOG.info("[{}] send_im failed: {}", sessionId, ar.cause().getMessage());
        message.status = ChatMessage.Status.FAILED;
        message.failureReason = 1;
      }
      return Future.succeededFuture(message);
    });
  }

  private void cancelAckTimer(ChatMessage message) {
    if (message.ackTimer >= 0) {
      vertx.cancelTimer(message.ackTimer);
      message.ackTimer = -1;
    }
  }

  private void failPendingSends() {
    for (ChatMessage message : messages.withStatus(ChatMessage.Status.SENDING)) {
      cancelAckTimer(message);
      message.status = ChatMessage.Status.FAILED;
      message.failureReason = 1;
      notifyMessageStatus(message);
    }
  }

  // ---------------------------------------------------------------- imo.im events

  /** Listener bound to one imo.im session, so that late events of an old session are ignored. */
  private final class Listener implements ImoEventListener {

    private ImoClient session;

    private boolean current() {
      // a session signing off still hands on what its last answers carried: the state
      // written after the sign-off must hold it (the server forgets what was acknowledged)
      return session != null && (!closed && imo == session || signingOff == session);
    }

    @Override
    public void onServerMessage(String fromSystem, JsonObject data) {
      if (!current()) {
        return;
      }
      switch (fromSystem) {
        case "im", "av" -> onEvent(data);
        case "internal" -> onAcknowledgement(data);
        default -> LOG.debug("[{}] ignoring a message from system {}", sessionId, fromSystem);
      }
      // the upstream acknowledgement moved: persisted together with what the event changed
      stateListener.changed(data.getValue("name") instanceof String name
          && (name.startsWith("buddy_") || "signed_on".equals(name)));
    }

    @Override
    public void onSessionEnded(ImoSessionEnd end) {
      if (current()) {
        lostSession(end);
      }
    }
  }

  private void onEvent(JsonObject event) {
    if (!(event.getValue("name") instanceof String name)) {
      LOG.warn("[{}] skipping an event without name", sessionId);
      return;
    }
    if (event.getValue("proto") instanceof String proto
        && !ImoEnvelope.PROTO.equalsIgnoreCase(proto)) {
      LOG.debug("[{}] ignoring a {} event of protocol {}", sessionId, name, proto);
      return;
    }
    switch (name) {
      case "signed_on" -> signedOn(event);
      case "recv_im" -> onReceivedMessage(event);
      case "buddy_added" -> onBuddies(event, true);
      case "buddy_status" -> onBuddies(event, false);
      case "buddy_removed" -> onBuddiesRemoved(event);
      case "buddy_request" -> onBuddyRequest(event);
      case "reflect" -> onReflect(event);
      case "streams_info" -> onStreamsInfo(event);
      case "ended" -> onCallEnded(event);
      case "im_typing", "typing" -> onTyping(event);
      case "buddy_icon" -> onBuddyIcons(event);
      default -> LOG.debug("[{}] ignoring event {}", sessionId, name);
    }
  }

  private void onReceivedMessage(JsonObject event) {
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (edata == null || !(edata.getValue("buid") instanceof String buid)
        || !(edata.getValue("msg") instanceof String text)) {
      LOG.warn("[{}] skipping a malformed recv_im", sessionId);
      return;
    }
    String author = edata.getValue("author") instanceof String a && !a.isEmpty() ? a : null;
    if (isOwnHandle(buid) || (author != null && isOwnHandle(Chat.userOf(author)))) {
      return; // our own message echoed back (J10)
    }
    String chatName = Chat.chatNameOf(buid);
    String partner = chatName != null ? chatName : buid;
    String from = Chat.userOf(author != null ? author : buid);
    String alias = edata.getValue("alias") instanceof String s ? s : from;
    long timestamp = settings.localTimestamps() ? now()
        : edata.getValue("timestamp") instanceof Number n ? n.longValue() : now();
    ChatMessage message = store(new ChatMessage(numbers.next(), partner, from, alias, text,
        false, "SAID", timestamp, ChatMessage.Status.RECEIVED));
    metrics.messageIn();
    notifyMessageStatus(message);
  }

  private void onBuddies(JsonObject event, boolean added) {
    boolean initial = added && !rosterKnown;
    for (JsonObject buddy : objects(event.getValue("edata"))) {
      if (!(buddy.getValue("buid") instanceof String buid) || buid.isEmpty()) {
        LOG.warn("[{}] skipping a buddy without buid", sessionId);
        continue;
      }
      if (!Contact.isPlainContact(buddy)) {
        onChatEntry(buid, buddy, added, initial);
        continue;
      }
      Contact existing = contacts.get(buid);
      boolean becameFriend = added && !initial
          && (existing == null || existing.buddyStatus != Contact.FRIEND);
      Contact contact = contacts.computeIfAbsent(buid, Contact::new);
      contact.update(buddy);
      if (added) {
        contact.buddyStatus = Contact.FRIEND;
        contact.authorized = true;
        contact.temporary = false;
        contact.pendingRequest = null;
      }
      if (becameFriend) {
        notifyAll("USER " + buid + " BUDDYSTATUS " + Contact.FRIEND);
      }
      String status = SkypeStatus.contactStatus(contact.primitive);
      notifyAll("USER " + buid + " ONLINESTATUS " + status);
      notifyAll("USER " + buid + " MOOD_TEXT " + contact.moodText);
    }
    if (added && !rosterKnown) {
      rosterKnown = true;
      releaseRosterWaiters();
    }
  }

  /** Remembers avatar ids; no notification (the client asks with GET USER ... AVATAR). */
  private void onBuddyIcons(JsonObject event) {
    for (JsonObject entry : objects(event.getValue("edata"))) {
      if (entry.getValue("buid") instanceof String buid && !buid.isEmpty()) {
        String key = buid.toLowerCase(Locale.ROOT);
        if (entry.getValue("icon") instanceof String icon && !icon.isEmpty()) {
          avatarIcons.put(key, icon);
        } else {
          avatarIcons.remove(key); // "" or absent: the user has no picture (any more)
        }
      }
    }
  }

  /** The avatar id last announced for {@code handle}, or null. */
  String avatarIcon(String handle) {
    return handle == null ? null : avatarIcons.get(handle.toLowerCase(Locale.ROOT));
  }

  /** Sends a non-line answer (e.g. an avatar) to one connection. */
  void sendToConnection(ApiConnection connection, JsonObject message) {
    sendOther(connection, message);
  }

  /** A group-chat related roster entry: the chat itself or one of its members. */
  private void onChatEntry(String buid, JsonObject entry, boolean added, boolean initial) {
    String chatName = Chat.chatNameOf(buid);
    if (chatName == null) {
      LOG.debug("[{}] roster entry {} of unknown kind ignored", sessionId, buid);
      return;
    }
    if (buid.equals(chatName)) {
      onChatObject(chatName, entry, initial);
    } else {
      onChatMember(chatName, buid, entry, added, initial);
    }
  }

  private void onChatObject(String chatName, JsonObject entry, boolean initial) {
    Chat chat = chats.get(chatName);
    String topic = entry.getValue("display") instanceof String d ? d : "";
    String alias = entry.getValue("alias") instanceof String a ? a : "";
    if (chat == null) {
      chat = new Chat(chatName, now());
      chat.alias = alias;
      chat.topic = topic;
      chats.put(chatName, chat);
      Promise<Chat> creator = pendingChatCreates.remove(alias);
      if (creator != null) {
        creator.tryComplete(chat); // CHAT CREATE answers with the STATUS line itself
      } else if (!initial) {
        notifyAll("CHAT " + chatName + " STATUS MULTI_SUBSCRIBED");
      }
      return;
    }
    chat.alias = alias;
    if (!topic.equals(chat.topic)) {
      chat.topic = topic;
      notifyAll("CHAT " + chatName + " TOPIC " + topic);
      notifyAll("CHAT " + chatName + " FRIENDLYNAME " + chat.friendlyName());
      ChatMessage event = store(new ChatMessage(numbers.next(), chatName, ownHandle,
          ownAlias, topic, false, "SETTOPIC", now(), ChatMessage.Status.RECEIVED));
      notifyMessageStatus(event);
    }
  }

  private void onChatMember(String chatName, String buid, JsonObject entry, boolean added,
      boolean initial) {
    Chat chat = chats.get(chatName);
    if (chat == null) {
      LOG.debug("[{}] member {} of unknown chat ignored", sessionId, buid);
      return;
    }
    String handle = Chat.userOf(buid);
    Chat.Member member = chat.members.get(handle);
    boolean joined = member == null;
    if (joined) {
      member = new Chat.Member(nextMemberObjectId++, handle, buid);
      chat.members.put(handle, member);
    }
    member.alias = entry.getValue("alias") instanceof String a ? a : "";
    member.primitive = entry.getValue("primitive") instanceof String p ? p : "offline";
    member.moodText = entry.getValue("status") instanceof String m ? m : "";
    if (entry.getValue("inviter") instanceof String inviter && !inviter.isEmpty()) {
      member.inviter = inviter;
    }
    if (joined && added && !initial) {
      notifyAll("CHAT " + chatName + " MEMBERS " + String.join(" ", chat.memberHandles()));
      if (!isOwnHandle(handle)) {
        String from = member.inviter != null ? Chat.userOf(member.inviter) : ownHandle;
        chatEvent(chatName, from, "ADDEDMEMBERS", handle);
      }
    }
  }

  /** Stores and announces a chat event message (ADDEDMEMBERS, KICKED, ...). */
  private void chatEvent(String chatName, String from, String type, String users) {
    Contact contact = contact(from);
    String alias = isOwnHandle(from) ? ownAlias : contact != null ? contact.displayName() : from;
    ChatMessage event = new ChatMessage(numbers.next(), chatName, from, alias, "", false,
        type, now(), ChatMessage.Status.RECEIVED);
    event.users = users;
    notifyMessageStatus(store(event));
  }

  private void onBuddiesRemoved(JsonObject event) {
    String by = event.getValue("uid") instanceof String uid ? uid : ownHandle;
    for (JsonObject entry : objects(event.getValue("edata"))) {
      if (!(entry.getValue("buid") instanceof String buid)) {
        continue;
      }
      String chatName = Chat.chatNameOf(buid);
      if (chatName == null) {
        Contact contact = contacts.get(buid);
        if (contact != null && contact.blocked) {
          contact.buddyStatus = Contact.DELETED; // kept: ISBLOCKED stays answerable
          notifyAll("USER " + buid + " BUDDYSTATUS 1");
        } else if (contacts.remove(buid) != null) {
          notifyAll("USER " + buid + " BUDDYSTATUS 1");
        }
      } else if (buid.equals(chatName)) {
        leftChat(chatName);
      } else {
        Chat chat = chats.get(chatName);
        String handle = Chat.userOf(buid);
        if (chat != null && chat.members.remove(handle) != null) {
          notifyAll("CHAT " + chatName + " MEMBERS " + String.join(" ", chat.memberHandles()));
          if (isOwnHandle(handle)) {
            leftChat(chatName); // left or kicked: either way we are out
          } else {
            chatEvent(chatName, Chat.userOf(by), "KICKED", handle);
          }
        }
      }
    }
  }

  private void leftChat(String chatName) {
    if (chats.remove(chatName) != null) {
      notifyAll("CHAT " + chatName + " MYSTATUS UNSUBSCRIBED");
      notifyAll("CHAT " + chatName + " STATUS UNSUBSCRIBED");
    }
  }

  private void onBuddyRequest(JsonObject event) {
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (edata == null || !(edata.getValue("buid") instanceof String buid)) {
      LOG.warn("[{}] skipping a malformed buddy_request", sessionId);
      return;
    }
    String text = edata.getValue("msg") instanceof String m ? m : "";
    Contact contact = contacts.computeIfAbsent(buid, handle -> {
      Contact created = new Contact(handle);
      created.temporary = true;
      created.buddyStatus = Contact.PENDING;
      return created;
    });
    if (contact.buddyStatus != Contact.FRIEND) {
      contact.buddyStatus = Contact.PENDING;
    }
    contact.authorized = false;
    contact.pendingRequest = text;
    notifyAll("USER " + buid + " RECEIVEDAUTHREQUEST " + text);
  }

  private void onStreamsInfo(JsonObject event) {
    String type = event.getValue("type") instanceof String t ? t : "";
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (!("call".equals(type) || "video".equals(type) || "av".equals(type)) || edata == null
        || !(edata.getValue("buid") instanceof String partner)) {
      LOG.debug("[{}] ignoring streams_info of type {}", sessionId, type);
      return;
    }
    boolean outgoing = Boolean.TRUE.equals(edata.getValue("is_initiator"));
    if (outgoing) {
      for (Call call : calls.values()) {
        if (!call.incoming && call.partner.equals(partner) && Call.ROUTING.equals(call.status)) {
          call.status = Call.RINGING;
          notifyCallStatus(call);
          return;
        }
      }
    }
    Call call = addCall(new Call(partner, !outgoing, now(), Call.RINGING));
    notifyCallStatus(call);
  }

  Call addCall(Call call) {
    calls.put(call.id, call);
    if (calls.size() > 50) {
      calls.remove(calls.keySet().iterator().next());
    }
    return call;
  }

  private void onCallEnded(JsonObject event) {
    String type = event.getValue("type") instanceof String t ? t : "";
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (!("call".equals(type) || "video".equals(type)) || edata == null
        || !(edata.getValue("buid") instanceof String partner)) {
      return;
    }
    for (Call call : calls.values()) {
      if (call.partner.equals(partner) && call.isActive()) {
        call.status = Call.FINISHED;
        notifyCallStatus(call);
      }
    }
  }

  /**
   * A contact's typing state. imo.im's event name for it is undocumented (the original had no
   * handler); {@code im_typing} with the method's own fields is assumed.
   */
  private void onTyping(JsonObject event) {
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (edata == null || !(edata.getValue("buid") instanceof String buid)) {
      return;
    }
    String word = switch (edata.getValue("typing_state") instanceof String s ? s : "") {
      case "typing" -> "PURPLE_TYPING";
      case "typed" -> "PURPLE_TYPED";
      case "not_typing" -> "PURPLE_NOT_TYPING";
      default -> null;
    };
    if (word != null) {
      notifyAll(c -> c.typingApplication && c.protocol >= 5
          ? "APPLICATION " + ApplicationCommands.TYPING + " DATAGRAM " + buid + ":1 " + word
          : null);
    }
  }

  /** The chat name of a message: its group, or the dialog with its partner (section 10). */
  String chatNameOf(ChatMessage message) {
    String group = Chat.chatNameOf(message.partner);
    return group != null ? group : dialogName(message.partner);
  }

  /** Drops a SEARCH USERS entry that never became more than that (Q23). */
  void expireTemporary(Contact entry) {
    vertx.setTimer(TEMPORARY_ENTRY_LIFETIME_MS, id -> {
      if (entry.temporary && entry.pendingRequest == null && contacts.get(entry.handle) == entry
          && entry.buddyStatus == Contact.PENDING) {
        contacts.remove(entry.handle);
      }
    });
  }

  /** A unique group name for create_shared_group: the Unix time, made unique per session. */
  String newChatCreateName() {
    return Long.toString(now()) + (nextChatNameSuffix++ == 0 ? "" : "-" + nextChatNameSuffix);
  }

  private void onReflect(JsonObject event) {
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : new JsonObject();
    String type = event.getValue("type") instanceof String t ? t : "";
    String action = edata.getValue("r_name") instanceof String r ? r : "";
    if ("conv".equals(type) && "send_im".equals(action)
        && edata.getValue("buid") instanceof String buid
        && edata.getValue("msg") instanceof String text) {
      long timestamp = edata.getValue("timestamp") instanceof Number n ? n.longValue() : now();
      ChatMessage message = store(new ChatMessage(numbers.next(), buid, ownHandle,
          ownAlias, text, true, "SAID", timestamp, ChatMessage.Status.SENT));
      notifyMessageStatus(message);
    } else if ("account".equals(type) && "set_status".equals(action)) {
      String status = SkypeStatus.ownStatus(
          edata.getValue("primitive") instanceof String p ? p : null);
      if (status != null) {
        ownStatus = status;
        notifyUserStatus(status, null);
      }
      ownMood = edata.getValue("status") instanceof String mood ? mood : "";
      if ("AWAY".equals(status) && imo != null) {
        imo.keepAliveNow();
      }
    } else {
      LOG.debug("[{}] ignoring reflect {}/{}", sessionId, type, action);
    }
  }

  private void onAcknowledgement(JsonObject data) {
    if (!(data.getValue("request_id") instanceof Number requestId)) {
      LOG.debug("[{}] ignoring an internal message without request_id", sessionId);
      return;
    }
    ChatMessage message = messages.outgoingByRequestId(requestId.intValue());
    if (message == null || message.sendInFlight) {
      // the answer to send_im is still on its way (or was lost and the command is resent):
      // applied once the send completes, after its SENDING reply
      LOG.debug("[{}] early acknowledgement for request {}", sessionId, requestId);
      earlyAcks.put(requestId.intValue(), data);
      if (earlyAcks.size() > MAX_EARLY_ACKS) {
        earlyAcks.remove(earlyAcks.keySet().iterator().next());
      }
      return;
    }
    cancelAckTimer(message);
    if (data.getValue("response") instanceof JsonObject response
        && response.getValue("timestamp") instanceof Number ts) {
      message.timestamp = ts.longValue();
    }
    message.requestId = -1;
    if (message.status == ChatMessage.Status.SENDING || message.status == ChatMessage.Status.FAILED) {
      message.status = ChatMessage.Status.SENT;
      notifyMessageStatus(message);
    }
  }


  /** The objects of an {@code edata} that may be one object or an array of them. */
  private static List<JsonObject> objects(Object value) {
    List<JsonObject> result = new ArrayList<>();
    if (value instanceof JsonObject obj) {
      result.add(obj);
    } else if (value instanceof JsonArray array) {
      for (Object element : array) {
        if (element instanceof JsonObject obj) {
          result.add(obj);
        }
      }
    }
    return result;
  }

  static String upper(String text) {
    return text.toUpperCase(Locale.ROOT);
  }
}
