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
import net.imo2sproxy.gateway.imo.ImoClientOptions;
import net.imo2sproxy.gateway.imo.ImoEnvelope;
import net.imo2sproxy.gateway.imo.ImoEventListener;
import net.imo2sproxy.gateway.imo.ImoSession;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.skypeapi.SkypeApiLine;
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

  enum State { LOGGED_OUT, CONNECTING, ONLINE }

  private final Vertx vertx;
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

  State state = State.LOGGED_OUT;
  private ImoSession imo;
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
    this.commands = new CommandTable();
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

  // ---------------------------------------------------------------- connections

  public void attach(String connectionId, String address) {
    connections.put(connectionId, new ApiConnection(connectionId, address,
        Math.min(settings.initialProtocol(), settings.maxProtocol())));
  }

  /** Removes a connection; the caller ends the session when none is left. */
  public void detach(String connectionId) {
    connections.remove(connectionId);
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
    SkypeApiLine line = SkypeApiLine.parse(text);
    if (line.isEmpty()) {
      return Future.succeededFuture(); // an empty command or a lone #id has nothing to answer
    }
    LOG.debug("[{}] {} > {}", sessionId, connection.id, text);
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
    LOG.debug("[{}] {} < {}", sessionId, connection.id, lines);
    output.send(connection.address, BusMessages.output(BusMessages.KIND_REPLY, lines));
  }

  /** One notification line, rendered for each connection (null = nothing for that one). */
  void notifyAll(Function<ApiConnection, String> render) {
    for (ApiConnection connection : connections.values()) {
      String text = render.apply(connection);
      if (text != null) {
        output.send(connection.address,
            BusMessages.output(BusMessages.KIND_NOTIFICATION, List.of(text)));
      }
    }
  }

  void notifyAll(String text) {
    notifyAll(connection -> text);
  }

  void notifyOthers(ApiConnection except, String text) {
    notifyAll(connection -> connection == except ? null : text);
  }

  Collection<ApiConnection> connections() {
    return connections.values();
  }

  // ---------------------------------------------------------------- login and logout

  boolean isOnline() {
    return state == State.ONLINE;
  }

  ImoSession imo() {
    return imo;
  }

  /** Starts a login unless one runs; the future completes (never fails) with its outcome. */
  Future<Void> startLogin() {
    if (state == State.CONNECTING) {
      return loginOutcome.future();
    }
    if (state == State.ONLINE) {
      return Future.succeededFuture();
    }
    state = State.CONNECTING;
    loginOutcome = Promise.promise();
    notifyAll("CONNSTATUS CONNECTING");
    ImoSession session = new ImoSession(vertx, webClient, imoOptions, username,
        new Listener(), sessionId);
    imo = session;
    // Request ids restart with the new imo.im session: old entries must not match new acks.
    for (ChatMessage message : messages.all()) {
      message.requestId = -1;
    }
    loginTimer = vertx.setTimer(settings.loginTimeout().toMillis(), id -> {
      loginTimer = -1;
      if (imo == session) {
        loginFailed("login timed out");
      }
    });
    LOG.info("[{}] logging in {}", sessionId, username);
    session.bootstrap()
        .compose(v -> session.login(password))
        .onFailure(err -> {
          if (imo == session) {
            loginFailed(err.getMessage());
          }
        });
    return loginOutcome.future();
  }

  private void loginFailed(String reason) {
    if (state != State.CONNECTING) {
      return;
    }
    LOG.info("[{}] login of {} failed: {}", sessionId, username, reason);
    endImoSession(false);
    state = State.LOGGED_OUT;
    notifyAll("CONNSTATUS OFFLINE");
    notifyAll("USERSTATUS OFFLINE");
    completeLogin();
  }

  private void signedOn(JsonObject event) {
    if (event.getValue("uid") instanceof String uid && !uid.isEmpty()) {
      ownHandle = uid;
    }
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : new JsonObject();
    ownAlias = edata.getValue("alias") instanceof String alias ? alias : ownAlias;
    boolean wasConnecting = state == State.CONNECTING;
    state = State.ONLINE;
    if (SkypeStatus.OFFLINE.equals(ownStatus)) {
      ownStatus = SkypeStatus.ONLINE;
    }
    LOG.info("[{}] {} signed on", sessionId, ownHandle);
    notifyAll("CONNSTATUS ONLINE");
    notifyAll("USERSTATUS " + ownStatus);
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

  /** The server ended the session (disconnect, expired, lost); tell the clients. */
  private void lostSession(String reason) {
    LOG.info("[{}] imo.im session of {} ended: {}", sessionId, ownHandle, reason);
    if (state == State.CONNECTING) {
      loginFailed(reason);
      return;
    }
    endImoSession(false);
    if (state == State.ONLINE) {
      state = State.LOGGED_OUT;
      notifyAll("CONNSTATUS OFFLINE");
      notifyAll("USERSTATUS OFFLINE");
    }
  }

  private Future<Void> endImoSession(boolean signOff) {
    cancelMoodUpdate();
    failPendingSends();
    rosterKnown = false;
    releaseRosterWaiters();
    ImoSession session = imo;
    imo = null;
    if (session == null) {
      return Future.succeededFuture();
    }
    if (signOff) {
      return session.signOff();
    }
    session.close();
    return Future.succeededFuture();
  }

  /** Tells every attached connection to close (the gateway is stopping). */
  public void closeConnections(String reason) {
    for (ApiConnection connection : connections.values()) {
      output.send(connection.address, BusMessages.close(reason));
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
    connections.clear();
    for (ChatMessage message : messages.all()) {
      cancelAckTimer(message);
    }
    return result;
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
    return message;
  }

  void notifyMessageStatus(ChatMessage message) {
    notifyAll(c -> c.messageKeyword() + " " + message.id + " STATUS " + message.status);
  }

  /** Sends an own message; the future carries the stored entry, SENDING or FAILED. */
  Future<ChatMessage> send(String partner, String text) {
    ChatMessage message = store(new ChatMessage(MessageStore.nextId(), partner, ownHandle,
        ownAlias, text, true, "SAID", now(), ChatMessage.Status.SENDING));
    return imo.sendIm(partner, text).transform(ar -> {
      if (ar.succeeded()) {
        if (message.status == ChatMessage.Status.SENDING) {
          message.requestId = ar.result();
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

    private ImoSession source() {
      return imo;
    }

    @Override
    public void onServerMessage(String fromSystem, JsonObject data) {
      if (closed || source() == null) {
        return;
      }
      switch (fromSystem) {
        case "im", "av" -> onEvent(data);
        case "internal" -> onAcknowledgement(data);
        case "preference" -> onPreferences(data);
        case "reset" -> lostSession("server reset the session");
        default -> LOG.debug("[{}] ignoring a message from system {}", sessionId, fromSystem);
      }
    }

    @Override
    public void onConnectionLost(String reason) {
      if (!closed && source() != null) {
        lostSession(reason);
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
      case "disconnect" -> lostSession("disconnected by the server ("
          + (event.getValue("edata") instanceof JsonObject e ? e.getValue("msg") : "") + ")");
      case "expired" -> lostSession("session expired");
      case "recv_im" -> onReceivedMessage(event);
      case "buddy_added" -> onBuddies(event, true);
      case "buddy_status" -> onBuddies(event, false);
      case "buddy_removed" -> onBuddiesRemoved(event);
      case "buddy_request" -> onBuddyRequest(event);
      case "reflect" -> onReflect(event);
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
    if (isOwnHandle(buid) || (author != null && isOwnHandle(author))) {
      return; // our own message echoed back (J10)
    }
    if (buid.contains(";")) {
      // Group chats are part of the full emulation; until then their messages are logged.
      LOG.info("[{}] group chat message from {} not shown: group chats are not supported yet",
          sessionId, buid);
      return;
    }
    String alias = edata.getValue("alias") instanceof String s ? s : buid;
    long timestamp = settings.localTimestamps() ? now()
        : edata.getValue("timestamp") instanceof Number n ? n.longValue() : now();
    ChatMessage message = store(new ChatMessage(MessageStore.nextId(), buid, buid, alias, text,
        false, "SAID", timestamp, ChatMessage.Status.RECEIVED));
    notifyMessageStatus(message);
  }

  private void onBuddies(JsonObject event, boolean added) {
    for (JsonObject buddy : objects(event.getValue("edata"))) {
      if (!(buddy.getValue("buid") instanceof String buid) || buid.isEmpty()) {
        LOG.warn("[{}] skipping a buddy without buid", sessionId);
        continue;
      }
      if (!Contact.isPlainContact(buddy)) {
        LOG.debug("[{}] group chat entry {} ignored: group chats are not supported yet",
            sessionId, buid);
        continue;
      }
      Contact contact = contacts.computeIfAbsent(buid, Contact::new);
      contact.update(buddy);
      if (added) {
        contact.buddyStatus = Contact.FRIEND;
        contact.authorized = true;
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

  private void onBuddiesRemoved(JsonObject event) {
    for (JsonObject entry : objects(event.getValue("edata"))) {
      if (entry.getValue("buid") instanceof String buid && contacts.remove(buid) != null) {
        notifyAll("USER " + buid + " BUDDYSTATUS 1");
      }
    }
  }

  private void onBuddyRequest(JsonObject event) {
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (edata == null || !(edata.getValue("buid") instanceof String buid)) {
      LOG.warn("[{}] skipping a malformed buddy_request", sessionId);
      return;
    }
    String text = edata.getValue("msg") instanceof String m ? m : "";
    Contact contact = contacts.computeIfAbsent(buid, Contact::new);
    if (contact.buddyStatus != Contact.FRIEND) {
      contact.buddyStatus = Contact.PENDING;
      contact.authorized = false;
    }
    notifyAll("USER " + buid + " RECEIVEDAUTHREQUEST " + text);
  }

  private void onReflect(JsonObject event) {
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : new JsonObject();
    String type = event.getValue("type") instanceof String t ? t : "";
    String action = edata.getValue("r_name") instanceof String r ? r : "";
    if ("conv".equals(type) && "send_im".equals(action)
        && edata.getValue("buid") instanceof String buid
        && edata.getValue("msg") instanceof String text) {
      long timestamp = edata.getValue("timestamp") instanceof Number n ? n.longValue() : now();
      ChatMessage message = store(new ChatMessage(MessageStore.nextId(), buid, ownHandle,
          ownAlias, text, true, "SAID", timestamp, ChatMessage.Status.SENT));
      notifyMessageStatus(message);
    } else if ("account".equals(type) && "set_status".equals(action)) {
      String status = SkypeStatus.ownStatus(
          edata.getValue("primitive") instanceof String p ? p : null);
      if (status != null) {
        ownStatus = status;
        notifyAll("USERSTATUS " + status);
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
    if (message == null) {
      LOG.debug("[{}] acknowledgement for unknown request {}", sessionId, requestId);
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

  private void onPreferences(JsonObject data) {
    for (JsonObject pref : objects(data.getValue("preferences"))) {
      if ("impref".equals(pref.getValue("kind")) && "auto_away".equals(pref.getValue("pref"))
          && Boolean.TRUE.equals(pref.getValue("value")) && imo != null) {
        imo.disableAutoAway().onFailure(err -> LOG.info("[{}] could not disable auto-away: {}",
            sessionId, err.getMessage()));
      }
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
