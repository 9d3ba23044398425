package net.imo2sproxy.gateway.imo;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session with imo.im ({@code imo-json-protocol.md}): bootstrap, login, a typed method per
 * client-to-server call of section 9, the long poll and the keep-alive, with the sequence and
 * acknowledgement rules of section 4.
 *
 * <p>Failures: a failed long poll is retried with {@link ImoClientOptions#pollRetry()}; a command
 * without a usable answer is resent with the same seq ({@link ImoClientOptions#commandRetry()});
 * {@code disconnect}, {@code expired}, {@code reset}, an {@code ack} 0 answer and too many failed
 * polls end the session, reported once through {@link ImoEventListener#onSessionEnded}. A new
 * session object is needed then (fresh bootstrap, J6); the caller decides about re-login.
 *
 * <p>Not thread-safe: every method must be called on the context that created the session, and
 * every callback runs there. It has its own cookie store, so sessions never share cookies.
 */
public final class ImoSession {

  private static final Logger LOG = LoggerFactory.getLogger(ImoSession.class);

  private final Vertx vertx;
  private final Context context;
  private final WebClientSession http;
  private final ImoClientOptions options;
  private final String uid;
  private final ImoEventListener listener;
  private final String logId;

  private String ssid;
  /** Next client sequence number. */
  private int clientSeq;
  /** Highest server sequence number seen + 1; travels as {@code ack}. */
  private int serverAck;
  /**
   * Recently seen server sequence numbers. A poll and a command may be answered out of order,
   * so "below the ack" alone would drop a message that merely arrived late; a message is a
   * duplicate when its number was seen, or is older than this window.
   */
  private final java.util.BitSet seenSeqs = new java.util.BitSet();
  private static final int SEQ_WINDOW = 1024;
  private int nextRequestId;
  /** Resume probes answered with queued messages before the server states its ack. */
  private static final int RESUME_PROBES = 10;
  private boolean polling;
  /** No new calls (signed off, or ended). */
  private boolean closed;
  /** Over for good: no retries, no dispatching, the listener was told (if the server ended it). */
  private boolean ended;
  private boolean signedOn;
  private int pollFailures;
  private long keepAliveTimer = -1;
  private long retryTimer = -1;
  private final BridgeMetrics metrics;

  public ImoSession(Vertx vertx, WebClient client, ImoClientOptions options, String uid,
      ImoEventListener listener, String logId) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.http = WebClientSession.create(client);
    this.options = options;
    this.uid = uid;
    this.listener = listener;
    this.logId = logId;
    this.metrics = BridgeMetrics.of(vertx);
  }

  public String uid() {
    return uid;
  }

  public String ssid() {
    return ssid;
  }

  public boolean isPolling() {
    return polling;
  }

  /** Whether {@code signed_on} arrived in this session. */
  public boolean isSignedOn() {
    return signedOn;
  }

  /** Whether the session is over (signed off, closed, or ended by the server or network). */
  public boolean isEnded() {
    return ended;
  }

  /**
   * Section 6: the start page for cookies, then {@code get_cookie_and_ssid} under a temporary
   * id. Messages of the bootstrap response are neither processed nor acknowledged.
   */
  public Future<Void> bootstrap() {
    String temporary = ImoEnvelope.temporarySsid();
    ssid = temporary;
    clientSeq = 0;
    serverAck = 0;
    seenSeqs.clear();
    nextRequestId = 0;
    signedOn = false;
    return http.getAbs(options.baseUrl())
        .timeout(options.requestTimeout().toMillis())
        .send()
        .recover(err -> Future.failedFuture(
            new ImoCallException("start page unreachable: " + err.getMessage(), err)))
        .compose(page -> {
          JsonObject args = new JsonObject()
              .put("ssid", temporary).put("kind", "reui").put("version", "1336611734.48");
          JsonObject message = ImoEnvelope.message(
              ImoEnvelope.call("get_cookie_and_ssid", null, args), "session", temporary, 0);
          return postRaw(ImoEnvelope.REST_RPC, ImoEnvelope.request(0, temporary, message));
        })
        .map(body -> {
          String assigned = ImoEnvelope.ssidFromBootstrap(body.toString());
          if (assigned != null) {
            ssid = assigned;
          } else {
            LOG.warn("[{}] bootstrap response names no ssid; keeping the temporary id", logId);
          }
          clientSeq = 0;
          return null;
        });
  }

  /**
   * Section 7.1: {@code account_login}, then {@code get_unread_msgs} and
   * {@code get_alpha_for_user}, then the poll loop. The outcome of the login itself arrives as
   * a {@code signed_on} or {@code disconnect} event.
   */
  public Future<Void> login(String password) {
    JsonObject args = new JsonObject()
        .put("uid", uid).put("proto", ImoEnvelope.PROTO).put("passwd", password)
        .putNull("captcha").put("ssid", ssid);
    // Only account_login decides; the follow-ups failing must not leave a session without poll.
    return call("im", "account_login", args)
        .compose(v -> getUnreadMsgs().recover(this::followUpFailed))
        .compose(v -> getAlphaForUser().recover(this::followUpFailed))
        .onSuccess(v -> startPolling());
  }

  private Future<Void> followUpFailed(Throwable err) {
    LOG.info("[{}] a call after account_login failed: {}", logId, err.getMessage());
    return Future.succeededFuture();
  }

  /** {@code {ssid, uid, proto}}, the argument shape most {@code im} methods start with. */
  public JsonObject accountArgs() {
    return new JsonObject().put("ssid", ssid).put("uid", uid).put("proto", ImoEnvelope.PROTO);
  }

  // ---------------------------------------------------------------- methods of spec 9

  /**
   * Sends {@code send_im} to {@code buid} (a handle, or {@code <gid>;} for a group chat); the
   * future carries the {@code request_id} that the server's {@code internal} acknowledgement
   * will name. The id is consumed even when the call fails.
   */
  /** The {@code request_id} the next {@link #sendIm} will carry (saved before it is sent). */
  public int nextRequestId() {
    return nextRequestId;
  }

  public Future<Integer> sendIm(String buid, String text) {
    int requestId = nextRequestId++;
    JsonObject args = accountArgs().put("buid", buid).put("msg", text);
    return call("im", "send_im", requestId, args).map(v -> requestId);
  }

  /**
   * {@code im_typing} (spec 9.5).
   *
   * @param typingState {@code typing}, {@code typed} (paused) or {@code not_typing}
   */
  public Future<Void> imTyping(String buid, String typingState) {
    JsonObject args = new JsonObject().put("uid", uid).put("proto", ImoEnvelope.PROTO)
        .put("ssid", ssid).put("buid", buid).put("typing_state", typingState);
    return call("im", "im_typing", args);
  }

  /** {@code set_status} to {@code session} (section 9.3); a null mood text is sent as "". */
  public Future<Void> setStatus(String primitive, String moodText) {
    JsonObject args = new JsonObject().put("ssid", ssid).put("ad", "")
        .put("primitive", primitive).put("status", moodText == null ? "" : moodText)
        .put("auto_away", false);
    return call("session", "set_status", args);
  }

  /** {@code add_buddy} with group {@code Offline}, as the original always sent (spec 9.6). */
  public Future<Void> addBuddy(String buid) {
    return call("im", "add_buddy", accountArgs().put("buid", buid).put("group", "Offline"));
  }

  /**
   * {@code del_buddy}.
   *
   * @param group the group the contact arrived with in {@code buddy_added} (spec 9.6
   *     recommendation); null = {@code Skype}
   */
  public Future<Void> delBuddy(String buid, String group) {
    return call("im", "del_buddy", accountArgs().put("buid", buid)
        .put("group", group == null || group.isEmpty() ? "Skype" : group));
  }

  /** {@code block_buddy}: block an authorised contact. */
  public Future<Void> blockBuddy(String buid) {
    return call("im", "block_buddy", accountArgs().put("buid", buid));
  }

  /** {@code unblock_buddy}. */
  public Future<Void> unblockBuddy(String buid) {
    return call("im", "unblock_buddy", accountArgs().put("buid", buid));
  }

  /** {@code auth_add}: accept an authorisation request. */
  public Future<Void> authAdd(String buid) {
    return call("im", "auth_add", accountArgs().put("buid", buid));
  }

  /** {@code auth_deny}: refuse an authorisation request. */
  public Future<Void> authDeny(String buid) {
    return call("im", "auth_deny", accountArgs().put("buid", buid));
  }

  /** {@code auth_block}: refuse an authorisation request and block its sender. */
  public Future<Void> authBlock(String buid) {
    return call("im", "auth_block", accountArgs().put("buid", buid));
  }

  /** {@code change_buddy_alias}. */
  public Future<Void> changeBuddyAlias(String buid, String alias) {
    return call("im", "change_buddy_alias", accountArgs().put("buid", buid).put("alias", alias));
  }

  /** {@code start_audio_chat} to {@code av} (spec 9.7). */
  public Future<Void> startAudioChat(String buid) {
    return call("av", "start_audio_chat", accountArgs().put("buid", buid));
  }

  /** {@code get_unread_msgs}: the server then delivers stored offline messages as recv_im. */
  public Future<Void> getUnreadMsgs() {
    return call("im", "get_unread_msgs", accountArgs());
  }

  /** {@code get_alpha_for_user} to {@code alpha} (purpose unknown, reply ignored). */
  public Future<Void> getAlphaForUser() {
    return call("alpha", "get_alpha_for_user", accountArgs());
  }

  /**
   * {@code create_shared_group} (spec 9.8); the new chat arrives later as a {@code buddy_added}
   * entry {@code <gid>;}.
   *
   * @param name null = the current Unix time in seconds, as the original sent
   */
  public Future<Void> createSharedGroup(String name) {
    String groupName = name != null ? name : Long.toString(System.currentTimeMillis() / 1000);
    return call("im", "create_shared_group", accountArgs().put("is_native", false)
        .put("name", groupName));
  }

  /**
   * {@code invite_to_group}.
   *
   * @param chat the group id or chat name ({@code <gid>} or {@code <gid>;}), see {@link #gid}
   */
  public Future<Void> inviteToGroup(String chat, String buid) {
    return call("im", "invite_to_group", accountArgs().put("gid", gid(chat))
        .put("iproto", ImoEnvelope.PROTO).put("iuid", uid).put("ibuid", buid));
  }

  /** {@code kick_member}: the target is {@code <gid>;<member>;prpl-skype} (spec 11). */
  public Future<Void> kickMember(String chat, String member) {
    return call("im", "kick_member", accountArgs()
        .put("buid", gid(chat) + ";" + member + ";" + ImoEnvelope.PROTO));
  }

  /** {@code set_group_topic}. */
  public Future<Void> setGroupTopic(String chat, String topic) {
    return call("im", "set_group_topic", accountArgs().put("gid", gid(chat)).put("topic", topic));
  }

  /** {@code leave_group}. */
  public Future<Void> leaveGroup(String chat) {
    return call("im", "leave_group", accountArgs().put("gid", gid(chat)));
  }

  /** The preference {@code set} that switches auto-away off (section 9.9); no ssid. */
  public Future<Void> disableAutoAway() {
    JsonObject args = new JsonObject()
        .put("accounts", new JsonArray().add(
            new JsonObject().put("uid", uid).put("proto", ImoEnvelope.PROTO)))
        .put("preferences", new JsonArray().add(new JsonObject()
            .put("kind", "impref").put("pref", "auto_away").put("value", false)));
    return call("preference", "set", args);
  }

  /** {@code reui_session} to {@code session} (implemented but unused by the original). */
  public Future<Void> reuiSession() {
    return call("session", "reui_session", new JsonObject().put("ssid", ssid));
  }

  /** {@code observed_user_activity}, the keep-alive against auto-away. */
  public Future<Void> keepAlive() {
    return call("session", "observed_user_activity", new JsonObject().put("ssid", ssid));
  }

  /**
   * The HTTP method {@code echo}: body {@code data={"t":"<ms since epoch>"}} without envelope,
   * consuming no sequence number. Succeeds when the server answers with a 2xx status.
   */
  public Future<Void> echo() {
    JsonObject data = new JsonObject().put("t", Long.toString(System.currentTimeMillis()));
    return postRaw(ImoEnvelope.ECHO, data).mapEmpty();
  }

  /**
   * Downloads the avatar with id {@code icon} (from {@code buddy_icon}) from
   * {@code <base>b/<icon>} with this session's cookies (spec 12).
   */
  public Future<Buffer> fetchAvatar(String icon) {
    if (icon == null || icon.isEmpty()) {
      return Future.failedFuture(new ImoCallException("no avatar id"));
    }
    return http.getAbs(options.avatarUrl(ImoEnvelope.percentEncode(icon)))
        .timeout(options.requestTimeout().toMillis())
        .send()
        .recover(err -> Future.failedFuture(
            new ImoCallException("avatar unreachable: " + err.getMessage(), err, true)))
        .compose(this::checkStatus);
  }

  /**
   * The {@code gid} argument of the group methods: a chat name cut at its last {@code ;}
   * (spec 11), so {@code c0ffee;} and {@code c0ffee} both give {@code c0ffee}.
   */
  public static String gid(String chat) {
    int semi = chat.lastIndexOf(';');
    return semi < 0 ? chat : chat.substring(0, semi);
  }

  // ---------------------------------------------------------------- take-over (issue 5)

  /**
   * What another gateway needs to continue this session: ssid, cookies and both sequence
   * spaces. No password: a resumed session never logs in.
   */
  public JsonObject exportState() {
    JsonArray seen = new JsonArray();
    for (int seq = Math.max(0, serverAck - SEQ_WINDOW); seq < serverAck; seq++) {
      if (seenSeqs.get(seq % SEQ_WINDOW)) {
        seen.add(seq);
      }
    }
    JsonArray cookies = new JsonArray();
    String host = java.net.URI.create(options.baseUrl()).getHost();
    for (io.netty.handler.codec.http.cookie.Cookie cookie
        : http.cookieStore().get(options.baseUrl().startsWith("https"), host, "/")) {
      cookies.add(new JsonObject().put("name", cookie.name()).put("value", cookie.value())
          .put("domain", cookie.domain()).put("path", cookie.path()));
    }
    return new JsonObject().put("ssid", ssid).put("client-seq", clientSeq)
        .put("server-ack", serverAck).put("seen", seen).put("request-id", nextRequestId)
        .put("cookies", cookies);
  }

  /**
   * Continues a session exported by another gateway ({@link #exportState}): one probe with
   * seq 0 (a duplicate for the server, so not executed) tells the next expected seq and carries
   * what the server queued meanwhile; then polling goes on. Fails when the server no longer
   * knows the session ({@code ack} 0), so the caller can log in afresh.
   */
  public Future<Void> resume(JsonObject state) {
    ssid = state.getString("ssid");
    clientSeq = state.getInteger("client-seq", 0);
    serverAck = state.getInteger("server-ack", 0);
    nextRequestId = state.getInteger("request-id", 0);
    seenSeqs.clear();
    for (Object seq : state.getJsonArray("seen", new JsonArray())) {
      if (seq instanceof Number n) {
        seenSeqs.set(n.intValue() % SEQ_WINDOW);
      }
    }
    for (Object raw : state.getJsonArray("cookies", new JsonArray())) {
      if (raw instanceof JsonObject c && c.getString("name") != null) {
        io.netty.handler.codec.http.cookie.DefaultCookie cookie =
            new io.netty.handler.codec.http.cookie.DefaultCookie(c.getString("name"),
                c.getString("value", ""));
        cookie.setDomain(c.getString("domain"));
        cookie.setPath(c.getString("path"));
        http.cookieStore().put(cookie);
      }
    }
    return probe(RESUME_PROBES);
  }

  /**
   * One resume probe: a command with seq 0, which the server answers as a duplicate with the
   * next client seq it expects ({@code data.ack}), or with messages it had queued for the
   * session (then dispatched, and probed again: the ack only comes with an empty answer).
   */
  private Future<Void> probe(int probesLeft) {
    JsonObject probe = ImoEnvelope.message(ImoEnvelope.call("observed_user_activity", null,
        new JsonObject().put("ssid", ssid)), "session", ssid, 0);
    return postJson(ImoEnvelope.request(serverAck, ssid, probe)).compose(response -> {
      List<JsonObject> queued = acceptMessages(response);
      if (!queued.isEmpty()) {
        context.runOnContext(v -> dispatch(queued));
        if (probesLeft > 1) {
          return probe(probesLeft - 1);
        }
      }
      JsonObject data = response.getValue("data") instanceof JsonObject d ? d : new JsonObject();
      int expected = data.getValue("ack") instanceof Number n ? n.intValue() : 0;
      if (expected <= 0) {
        close();
        return Future.failedFuture(new ImoCallException("the server no longer knows the session"));
      }
      // The server's count wins: a command the previous owner numbered but the server never
      // processed (in flight at the kill) would otherwise leave a gap that blocks every later
      // command. That command's fate shows in its acknowledgement, or its absence.
      clientSeq = expected;
      signedOn = true;
      context.runOnContext(v -> startPolling());
      return Future.<Void>succeededFuture();
    });
  }

  /** Stops polling and sends {@code signoff_all}; the session is unusable afterwards. */
  public Future<Void> signOff() {
    stopPolling();
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    return call0("session", "signoff_all", null, new JsonObject().put("ssid", ssid))
        .onFailure(err -> LOG.debug("[{}] signoff_all failed: {}", logId, err.getMessage()))
        .otherwiseEmpty()
        .onComplete(ar -> ended = true)
        .mapEmpty();
  }

  /** Stops polling and timers without telling the server (it is gone or already forgot us). */
  public void close() {
    stopPolling();
    closed = true;
    ended = true;
  }

  /** A forwarded call without request id, for methods without a typed wrapper. */
  public Future<Void> call(String system, String method, JsonObject args) {
    return call(system, method, null, args);
  }

  private Future<Void> call(String system, String method, Integer requestId, JsonObject args) {
    if (closed) {
      return Future.failedFuture(new ImoCallException("session closed"));
    }
    return call0(system, method, requestId, args);
  }

  /**
   * Section 13 as the new client should apply it: non-2xx or unparsable bodies fail; an empty
   * answer must acknowledge our message; {@code ack} 0 means the server lost the session.
   * A failed attempt is resent with the same seq (the server answers a duplicate without
   * processing it again), so a lost answer neither loses nor doubles the command.
   * The future completes before the response's messages are handed to the listener, so that
   * a command's reply precedes the notifications its own round trip produced.
   */
  private Future<Void> call0(String system, String method, Integer requestId, JsonObject args) {
    int seq = clientSeq++;
    JsonObject message = ImoEnvelope.message(
        ImoEnvelope.call(method, requestId, args), system, ssid, seq);
    return attempt(method, message, seq, 1);
  }

  private Future<Void> attempt(String method, JsonObject message, int seq, int attempt) {
    JsonObject envelope = ImoEnvelope.request(serverAck, ssid, message);
    if (LOG.isTraceEnabled()) {
      LOG.trace("[{}] -> {}", logId, ImoEnvelope.masked(envelope));
    }
    return metrics.upstream(method, postJson(envelope))
        .compose(response -> evaluate(method, seq, response))
        .recover(err -> {
          ReconnectPolicy retry = options.commandRetry();
          // closed: signing off (best effort, once) or over; no resending then
          if (closed || ended || !(err instanceof ImoCallException e) || !e.retryable()
              || !retry.allows(attempt)) {
            return Future.failedFuture(err);
          }
          long delay = retry.delayMillis(attempt);
          LOG.debug("[{}] {} seq {} failed ({}), resending in {} ms", logId, method, seq,
              err.getMessage(), delay);
          Promise<Void> again = Promise.promise();
          vertx.setTimer(delay, id -> attempt(method, message, seq, attempt + 1)
              .onComplete(again));
          return again.future();
        });
  }

  private Future<Void> evaluate(String method, int seq, JsonObject response) {
    List<JsonObject> messages = acceptMessages(response);
    if (messages.isEmpty()) {
      Object data = response.getValue("data");
      Integer ack = data instanceof JsonObject d && d.getValue("ack") instanceof Number n
          ? n.intValue() : null;
      if (ack != null && ack == 0) {
        context.runOnContext(v -> end(ImoSessionEnd.Cause.ACK_RESET,
            "server answered " + method + " with ack 0"));
        return Future.failedFuture(new ImoCallException(method + ": session lost (ack 0)"));
      }
      if (ack == null || ack < seq + 1) {
        return Future.failedFuture(
            new ImoCallException(method + ": not acknowledged", null, true));
      }
    } else {
      context.runOnContext(v -> dispatch(messages));
    }
    return Future.succeededFuture();
  }

  private void startPolling() {
    if (polling || closed) {
      return;
    }
    polling = true;
    sendKeepAlive();
    keepAliveTimer = vertx.setPeriodic(options.keepAliveInterval().toMillis(),
        id -> sendKeepAlive());
    poll();
  }

  private void sendKeepAlive() {
    if (closed) {
      return;
    }
    keepAlive().onFailure(err -> LOG.debug("[{}] keep-alive failed: {}", logId,
        err.getMessage()));
  }

  /** Sends the keep-alive now (the server reported us away). */
  public void keepAliveNow() {
    if (polling) {
      sendKeepAlive();
    }
  }

  private void stopPolling() {
    polling = false;
    if (keepAliveTimer >= 0) {
      vertx.cancelTimer(keepAliveTimer);
      keepAliveTimer = -1;
    }
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }

  /** Ends the session once: stops everything and tells the listener why. */
  private void end(ImoSessionEnd.Cause cause, String detail) {
    if (ended) {
      return;
    }
    stopPolling();
    closed = true;
    ended = true;
    ImoSessionEnd end = new ImoSessionEnd(cause, detail);
    LOG.info("[{}] imo.im session ended: {}", logId, end);
    listener.onSessionEnded(end);
  }

  private void poll() {
    if (!polling) {
      return;
    }
    JsonObject envelope = ImoEnvelope.request(serverAck, ssid, null);
    metrics.upstream("poll", postJson(envelope)).onComplete(ar -> {
      if (!polling) {
        return;
      }
      if (ar.succeeded()) {
        pollFailures = 0;
        dispatch(acceptMessages(ar.result()));
        poll();
      } else {
        pollFailures++;
        ReconnectPolicy retry = options.pollRetry();
        if (pollFailures > options.maxPollFailures() || !retry.allows(pollFailures)) {
          LOG.warn("[{}] long poll failed {} times, giving up: {}", logId, pollFailures,
              ar.cause().getMessage());
          end(ImoSessionEnd.Cause.UNREACHABLE, ar.cause().getMessage());
          return;
        }
        long delay = retry.delayMillis(pollFailures);
        LOG.info("[{}] long poll failed ({}), retrying in {} ms", logId,
            ar.cause().getMessage(), delay);
        retryTimer = vertx.setTimer(delay, id -> {
          retryTimer = -1;
          poll();
        });
      }
    });
  }

  /**
   * Applies section 4 to a response: keeps messages whose {@code seq} is new, advances the
   * acknowledgement, drops duplicates and logs gaps.
   */
  private List<JsonObject> acceptMessages(JsonObject response) {
    List<JsonObject> accepted = new ArrayList<>();
    if (!ImoEnvelope.FORWARD_TO_CLIENT.equals(response.getValue("method"))) {
      LOG.debug("[{}] ignoring a response with method {}", logId, response.getValue("method"));
      return accepted;
    }
    JsonObject data = response.getValue("data") instanceof JsonObject d ? d : null;
    JsonArray messages = data != null && data.getValue("messages") instanceof JsonArray a
        ? a : null;
    if (messages == null) {
      return accepted;
    }
    for (Object element : messages) {
      if (!(element instanceof JsonObject message)) {
        LOG.warn("[{}] skipping a malformed server message", logId);
        continue;
      }
      Integer seq = message.getValue("seq") instanceof Number n ? n.intValue() : null;
      if (seq != null) {
        if (seq < 0 || seq < serverAck - SEQ_WINDOW || seenSeqs.get(seq % SEQ_WINDOW)
            && seq < serverAck) {
          LOG.debug("[{}] dropping duplicate server message seq {}", logId, seq);
          continue;
        }
        if (seq > serverAck) {
          LOG.debug("[{}] server message seq {} ahead of {} (reordered or lost)", logId, seq,
              serverAck);
          for (int skipped = serverAck; skipped < seq && skipped < serverAck + SEQ_WINDOW;
              skipped++) {
            seenSeqs.clear(skipped % SEQ_WINDOW);
          }
        }
        seenSeqs.set(seq % SEQ_WINDOW);
        serverAck = Math.max(serverAck, seq + 1);
      }
      accepted.add(message);
    }
    return accepted;
  }

  /**
   * Validates each message (J4) and routes it: session-level messages are handled here, the
   * rest goes to the listener. Nothing is dispatched once the session has ended.
   */
  private void dispatch(List<JsonObject> messages) {
    for (JsonObject message : messages) {
      if (ended) {
        return;
      }
      JsonObject to = message.getValue("to") instanceof JsonObject t ? t : null;
      JsonObject from = message.getValue("from") instanceof JsonObject f ? f : null;
      if (to == null || from == null || !(to.getValue("system") instanceof String toSystem)
          || !(from.getValue("system") instanceof String fromSystem)
          || !(message.getValue("data") instanceof JsonObject data)) {
        LOG.warn("[{}] skipping a server message without to/from system or data", logId);
        continue;
      }
      if (!"client".equals(toSystem)) {
        continue;
      }
      try {
        route(fromSystem, data);
      } catch (RuntimeException e) {
        // One bad event must not stop the ones after it.
        LOG.error("[{}] failed to handle a {} message", logId, fromSystem, e);
      }
    }
  }

  private void route(String fromSystem, JsonObject data) {
    switch (fromSystem) {
      case "reset" -> end(ImoSessionEnd.Cause.RESET, "server reset the session");
      case "preference" -> onPreferences(data);
      case "im", "av" -> onEvent(fromSystem, data);
      default -> listener.onServerMessage(fromSystem, data);
    }
  }

  private void onEvent(String fromSystem, JsonObject event) {
    if (!(event.getValue("name") instanceof String name)) {
      LOG.warn("[{}] skipping a {} event without name", logId, fromSystem);
      return;
    }
    if (event.getValue("proto") instanceof String proto
        && !ImoEnvelope.PROTO.equalsIgnoreCase(proto)) {
      LOG.debug("[{}] ignoring a {} event of protocol {}", logId, name, proto);
      return;
    }
    switch (name) {
      case "disconnect" -> {
        Object reason = event.getValue("edata") instanceof JsonObject e ? e.getValue("msg") : null;
        boolean rejected = "uidpassword".equals(reason) || !signedOn;
        end(rejected ? ImoSessionEnd.Cause.CREDENTIALS_REJECTED
            : ImoSessionEnd.Cause.DISCONNECTED,
            "disconnect" + (reason == null ? "" : " (" + reason + ")"));
      }
      case "expired" -> end(ImoSessionEnd.Cause.EXPIRED, "session expired");
      case "signed_on" -> {
        signedOn = true;
        listener.onServerMessage(fromSystem, event);
      }
      default -> listener.onServerMessage(fromSystem, event);
    }
  }

  /** Section 10.8: an {@code auto_away} = true push is answered by switching it off. */
  private void onPreferences(JsonObject data) {
    if (!(data.getValue("preferences") instanceof JsonArray preferences)) {
      LOG.debug("[{}] preference message without preferences ignored", logId);
      return;
    }
    for (Object element : preferences) {
      if (element instanceof JsonObject pref && "impref".equals(pref.getValue("kind"))
          && "auto_away".equals(pref.getValue("pref"))
          && Boolean.TRUE.equals(pref.getValue("value"))) {
        disableAutoAway().onFailure(err -> LOG.info("[{}] could not disable auto-away: {}",
            logId, err.getMessage()));
      } else {
        LOG.debug("[{}] ignoring preference {}", logId, element);
      }
    }
  }

  private Future<JsonObject> postJson(JsonObject envelope) {
    return postRaw(ImoEnvelope.FORWARD_TO_SERVER, envelope).compose(body -> {
      try {
        return Future.succeededFuture(new JsonObject(body));
      } catch (RuntimeException e) {
        return Future.failedFuture(
            new ImoCallException("unparsable response from imo.im", null, true));
      }
    });
  }

  private Future<Buffer> postRaw(String httpMethod, JsonObject envelope) {
    return http.requestAbs(HttpMethod.POST, options.rpcUrl())
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .putHeader("X-Requested-With", "XMLHttpRequest")
        .putHeader("Referer", options.baseUrl())
        .timeout(options.requestTimeout().toMillis())
        .sendBuffer(ImoEnvelope.formBody(httpMethod, envelope))
        .recover(err -> Future.failedFuture(
            new ImoCallException("imo.im unreachable: " + err.getMessage(), err, true)))
        .compose(this::checkStatus);
  }

  private Future<Buffer> checkStatus(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      return Future.failedFuture(new ImoCallException(
          "imo.im answered HTTP " + response.statusCode(), null, true));
    }
    Buffer body = response.body();
    return Future.succeededFuture(body == null ? Buffer.buffer() : body);
  }
}
