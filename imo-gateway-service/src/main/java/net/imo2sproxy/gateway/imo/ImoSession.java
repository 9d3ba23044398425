package net.imo2sproxy.gateway.imo;

import io.vertx.core.Context;
import io.vertx.core.Future;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session with imo.im ({@code imo-json-protocol.md}): bootstrap, login, calls, the long poll
 * and the keep-alive, with the sequence and acknowledgement rules of section 4.
 *
 * <p>Not thread-safe: every method must be called on the context that created the session, and
 * every callback runs there. It has its own cookie store, so sessions never share cookies.
 */
public final class ImoSession {

  private static final Logger LOG = LoggerFactory.getLogger(ImoSession.class);
  private static final long MAX_BACKOFF_MS = 60_000;

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
  private boolean polling;
  private boolean closed;
  private int pollFailures;
  private long keepAliveTimer = -1;
  private long retryTimer = -1;

  public ImoSession(Vertx vertx, WebClient client, ImoClientOptions options, String uid,
      ImoEventListener listener, String logId) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.http = WebClientSession.create(client);
    this.options = options;
    this.uid = uid;
    this.listener = listener;
    this.logId = logId;
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
    return call("im", "account_login", args)
        .compose(v -> call("im", "get_unread_msgs", accountArgs()))
        .compose(v -> call("alpha", "get_alpha_for_user", accountArgs()))
        .onSuccess(v -> startPolling());
  }

  /** {@code {ssid, uid, proto}}, the argument shape most {@code im} methods start with. */
  public JsonObject accountArgs() {
    return new JsonObject().put("ssid", ssid).put("uid", uid).put("proto", ImoEnvelope.PROTO);
  }

  /**
   * Sends {@code send_im}; the future carries the {@code request_id} that the server's
   * {@code internal} acknowledgement will name. The id is consumed even when the call fails.
   */
  public Future<Integer> sendIm(String buid, String text) {
    int requestId = nextRequestId++;
    JsonObject args = accountArgs().put("buid", buid).put("msg", text);
    return call("im", "send_im", requestId, args).map(v -> requestId);
  }

  /** {@code set_status} to {@code session} (section 9.3). */
  public Future<Void> setStatus(String primitive, String moodText) {
    JsonObject args = new JsonObject().put("ssid", ssid).put("ad", "")
        .put("primitive", primitive).put("status", moodText == null ? "" : moodText)
        .put("auto_away", false);
    return call("session", "set_status", args);
  }

  /** The preference {@code set} that switches auto-away off (section 9.9). */
  public Future<Void> disableAutoAway() {
    JsonObject args = new JsonObject()
        .put("accounts", new JsonArray().add(
            new JsonObject().put("uid", uid).put("proto", ImoEnvelope.PROTO)))
        .put("preferences", new JsonArray().add(new JsonObject()
            .put("kind", "impref").put("pref", "auto_away").put("value", false)));
    return call("preference", "set", args);
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
        .mapEmpty();
  }

  /** Stops polling and timers without telling the server (it is gone or already forgot us). */
  public void close() {
    stopPolling();
    closed = true;
  }

  /** A forwarded call without request id. */
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
   * The future completes before the response's messages are handed to the listener, so that
   * a command's reply precedes the notifications its own round trip produced.
   */
  private Future<Void> call0(String system, String method, Integer requestId, JsonObject args) {
    int seq = clientSeq++;
    JsonObject message = ImoEnvelope.message(
        ImoEnvelope.call(method, requestId, args), system, ssid, seq);
    JsonObject envelope = ImoEnvelope.request(serverAck, ssid, message);
    if (LOG.isTraceEnabled()) {
      LOG.trace("[{}] -> {}", logId, ImoEnvelope.masked(envelope));
    }
    return postJson(envelope).compose(response -> {
      List<JsonObject> messages = acceptMessages(response);
      if (messages.isEmpty()) {
        Integer ack = response.getJsonObject("data", new JsonObject()).getInteger("ack");
        if (ack != null && ack == 0) {
          context.runOnContext(v -> listener.onConnectionLost("server answered ack 0"));
          return Future.failedFuture(new ImoCallException(method + ": session lost (ack 0)"));
        }
        if (ack == null || ack < seq + 1) {
          return Future.failedFuture(new ImoCallException(method + ": not acknowledged"));
        }
      } else {
        context.runOnContext(v -> dispatch(messages));
      }
      return Future.succeededFuture();
    });
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
    call("session", "observed_user_activity", new JsonObject().put("ssid", ssid))
        .onFailure(err -> LOG.debug("[{}] keep-alive failed: {}", logId, err.getMessage()));
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

  private void poll() {
    if (!polling) {
      return;
    }
    JsonObject envelope = ImoEnvelope.request(serverAck, ssid, null);
    postJson(envelope).onComplete(ar -> {
      if (!polling) {
        return;
      }
      if (ar.succeeded()) {
        pollFailures = 0;
        dispatch(acceptMessages(ar.result()));
        poll();
      } else {
        pollFailures++;
        if (pollFailures > options.maxPollFailures()) {
          LOG.warn("[{}] long poll failed {} times, giving up: {}", logId, pollFailures,
              ar.cause().getMessage());
          stopPolling();
          listener.onConnectionLost("imo.im unreachable: " + ar.cause().getMessage());
          return;
        }
        long delay = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(pollFailures - 1, 6));
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
   * Applies section 4 to a response: keeps messages addressed to the client whose {@code seq}
   * is new, advances the acknowledgement, drops duplicates and logs gaps.
   */
  private List<JsonObject> acceptMessages(JsonObject response) {
    List<JsonObject> accepted = new ArrayList<>();
    if (!ImoEnvelope.FORWARD_TO_CLIENT.equals(response.getValue("method"))) {
      LOG.debug("[{}] ignoring a response with method {}", logId, response.getValue("method"));
      return accepted;
    }
    JsonObject data = response.getJsonObject("data");
    JsonArray messages = data == null ? null : data.getJsonArray("messages");
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

  private void dispatch(List<JsonObject> messages) {
    for (JsonObject message : messages) {
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
        listener.onServerMessage(fromSystem, data);
      } catch (RuntimeException e) {
        // One bad event must not stop the ones after it.
        LOG.error("[{}] failed to handle a {} message", logId, fromSystem, e);
      }
    }
  }

  private Future<JsonObject> postJson(JsonObject envelope) {
    return postRaw(ImoEnvelope.FORWARD_TO_SERVER, envelope).compose(body -> {
      try {
        return Future.succeededFuture(new JsonObject(body));
      } catch (RuntimeException e) {
        return Future.failedFuture(new ImoCallException("unparsable response from imo.im"));
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
            new ImoCallException("imo.im unreachable: " + err.getMessage(), err)))
        .compose(this::checkStatus);
  }

  private Future<Buffer> checkStatus(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      return Future.failedFuture(
          new ImoCallException("imo.im answered HTTP " + response.statusCode()));
    }
    Buffer body = response.body();
    return Future.succeededFuture(body == null ? Buffer.buffer() : body);
  }
}
