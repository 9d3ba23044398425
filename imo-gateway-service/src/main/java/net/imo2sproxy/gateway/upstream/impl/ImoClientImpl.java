package net.imo2sproxy.gateway.upstream.impl;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import net.imo2sproxy.gateway.upstream.ImoCallException;
import net.imo2sproxy.gateway.upstream.ImoClient;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;
import net.imo2sproxy.gateway.upstream.ImoEventListener;
import net.imo2sproxy.gateway.upstream.ImoSessionEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The typed methods of {@link ImoClient}, each a small function of the {@link ImoTransport}. */
public final class ImoClientImpl extends TypedCalls {

  private static final Logger LOG = LoggerFactory.getLogger(ImoClientImpl.class);
  /** Resume probes answered with kept messages but no {@code ack} before giving up. */
  private static final int RESUME_PROBES = 10;

  private final Vertx vertx;
  private final ImoHttp http;
  private final ImoClientOptions options;
  private final String uid;
  private final String logId;
  private final ImoTransport transport;
  private int nextRequestId;
  private boolean signedOn;
  private long keepAliveTimer = -1;

  public ImoClientImpl(Vertx vertx, HttpClient upstreamHttp, ImoClientOptions options, String uid,
      ImoEventListener listener, String logId) {
    this.vertx = vertx;
    this.http = new ImoHttp(upstreamHttp, options);
    this.options = options;
    this.uid = uid;
    this.logId = logId;
    this.transport = new ImoTransport(vertx, http, options, logId);
    transport.receiver(new ServerMessageRouter(listener, new Control(), logId));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public String ssid() {
    return transport.ssid();
  }

  @Override
  public boolean isPolling() {
    return transport.isPolling();
  }

  @Override
  public boolean isSignedOn() {
    return signedOn;
  }

  @Override
  public boolean isEnded() {
    return transport.isEnded();
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public Future<Void> bootstrap() {
    String temporary = ImoEnvelope.temporarySsid();
    signedOn = false;
    nextRequestId = 0;
    transport.start(temporary);
    JsonObject args = new JsonObject()
        .put("ssid", temporary).put("kind", "reui").put("version", "1336611734.48");
    JsonObject message = ImoEnvelope.message(
        ImoEnvelope.call("get_cookie_and_ssid", null, args), "session", temporary, 0);
    return http.get(options.baseUrl(), false)
        .recover(err -> Future.failedFuture(
            new ImoCallException("start page unreachable: " + err.getMessage(), err)))
        .compose(page -> http.post(ImoEnvelope.REST_RPC,
            ImoEnvelope.request(0, temporary, message)))
        .map(body -> {
          String assigned = ImoEnvelope.ssidFromBootstrap(body.toString());
          if (assigned == null) {
            LOG.warn("[{}] bootstrap response names no ssid; keeping the temporary id", logId);
          }
          // the bootstrap's messages are neither processed nor acknowledged
          // (docs/imo-protocol.md §4.4)
          transport.start(assigned != null ? assigned : temporary);
          return null;
        });
  }

  @Override
  public Future<Void> login(String password) {
    JsonObject args = new JsonObject()
        .put("uid", uid).put("proto", ImoEnvelope.PROTO).put("passwd", password)
        .putNull("captcha").put("ssid", ssid());
    // Only account_login decides; the follow-ups failing must not leave a session without poll.
    return transport.command("im", "account_login", null, args)
        .compose(v -> getUnreadMsgs().recover(this::followUpFailed))
        .compose(v -> getAlphaForUser().recover(this::followUpFailed))
        .onSuccess(v -> startPolling());
  }

  private Future<Void> followUpFailed(Throwable err) {
    LOG.info("[{}] a call after account_login failed: {}", logId, err.getMessage());
    return transport.isEnded() ? Future.failedFuture(err) : Future.succeededFuture();
  }

  @Override
  public JsonObject exportState() {
    JsonArray cookies = new JsonArray();
    String host = URI.create(options.baseUrl()).getHost();
    for (Cookie cookie : http.cookieStore().get(options.baseUrl().startsWith("https"), host,
        "/")) {
      cookies.add(new JsonObject().put("name", cookie.name()).put("value", cookie.value())
          .put("domain", cookie.domain()).put("path", cookie.path()));
    }
    JsonObject state = new JsonObject();
    transport.exportTo(state);
    return state.put("request-id", nextRequestId).put("cookies", cookies);
  }

  @Override
  public Future<Void> resume(JsonObject state) {
    nextRequestId = state.getInteger("request-id", 0);
    for (Object raw : state.getJsonArray("cookies", new JsonArray())) {
      if (raw instanceof JsonObject c && c.getString("name") != null) {
        DefaultCookie cookie = new DefaultCookie(c.getString("name"), c.getString("value", ""));
        cookie.setDomain(c.getString("domain"));
        cookie.setPath(c.getString("path"));
        http.cookieStore().put(cookie);
      }
    }
    transport.continueAt(state.getString("ssid"), state.getInteger("client-seq", 0), state);
    return probe(RESUME_PROBES);
  }

  /** A keep-alive with {@code seq} 0: a duplicate, answered with the next expected seq. */
  private Future<Void> probe(int probesLeft) {
    return transport.probe("session", "observed_user_activity",
        new JsonObject().put("ssid", ssid())).compose(expected -> {
          if (expected == null && probesLeft > 1) {
            return probe(probesLeft - 1);
          }
          if (expected == null || expected <= 0) {
            close();
            return Future.failedFuture(
                new ImoCallException("the server no longer knows the session"));
          }
          // The server's count wins: a command the previous owner numbered but the server
          // never processed would otherwise leave a gap that blocks every later command.
          transport.adoptClientSeq(expected);
          signedOn = true;
          // startPolling's keep-alive must be the first command numbered now: a request of the
          // previous owner may still be on its way under this number, and whichever of the
          // two the server runs first, the other is dropped as a duplicate; a keep-alive
          // loses nothing (LateRequestTakeoverTest)
          startPolling();
          return Future.<Void>succeededFuture();
        });
  }

  @Override
  public void holdAcknowledgements(Runnable requestSave) {
    transport.holdAcknowledgements(requestSave);
  }

  @Override
  public void saved(JsonObject exportedState) {
    transport.saved(exportedState.getInteger("server-ack", 0));
  }

  @Override
  public Future<Void> signOff() {
    stopKeepAlive();
    return transport.signOff(new JsonObject().put("ssid", ssid()));
  }

  @Override
  public void close() {
    stopKeepAlive();
    transport.close("closed");
  }

  private void startPolling() {
    if (transport.isPolling() || !transport.isOpen()) {
      return;
    }
    transport.startPolling();
    sendKeepAlive();
    keepAliveTimer = vertx.setPeriodic(options.keepAliveInterval().toMillis(),
        id -> sendKeepAlive());
  }

  private void stopKeepAlive() {
    if (keepAliveTimer >= 0) {
      vertx.cancelTimer(keepAliveTimer);
      keepAliveTimer = -1;
    }
  }

  private void sendKeepAlive() {
    if (!transport.isOpen()) {
      stopKeepAlive(); // ended by the server or the network
    } else {
      keepAlive().onFailure(err -> LOG.debug("[{}] keep-alive failed: {}", logId,
          err.getMessage()));
    }
  }

  /** What the router may do to this session. */
  private final class Control implements ServerMessageRouter.SessionControl {
    @Override
    public void end(ImoSessionEnd.Cause cause, String detail) {
      stopKeepAlive();
      transport.end(cause, detail);
    }

    @Override
    public boolean endedByServer() {
      return transport.endedByServer();
    }

    @Override
    public boolean isSignedOn() {
      return signedOn;
    }

    @Override
    public void signedOn() {
      signedOn = true;
    }

    @Override
    public void answerAutoAway() {
      disableAutoAway();
    }
  }

  // ---------------------------------------------------------------- methods

  @Override
  public JsonObject accountArgs() {
    return new JsonObject().put("ssid", ssid()).put("uid", uid).put("proto", ImoEnvelope.PROTO);
  }

  @Override
  public int reserveRequestId() {
    return nextRequestId++;
  }

  @Override
  public Future<Integer> sendIm(String buid, String text, int requestId) {
    JsonObject args = accountArgs().put("buid", buid).put("msg", text);
    return transport.command("im", "send_im", requestId, args).map(v -> requestId);
  }

  @Override
  public Future<Void> keepAlive() {
    return call("session", "observed_user_activity", new JsonObject().put("ssid", ssid()));
  }

  @Override
  public void keepAliveNow() {
    if (transport.isPolling()) {
      sendKeepAlive();
    }
  }

  @Override
  public Future<Void> call(String system, String method, JsonObject args) {
    return transport.command(system, method, null, args);
  }

  @Override
  public Future<Void> echo() {
    JsonObject data = new JsonObject().put("t", Long.toString(System.currentTimeMillis()));
    return http.post(ImoEnvelope.ECHO, data).mapEmpty();
  }

  @Override
  public Future<Buffer> fetchAvatar(String icon) {
    if (icon == null || icon.isEmpty()) {
      return Future.failedFuture(new ImoCallException("no avatar id"));
    }
    return http.get(options.avatarUrl(ImoEnvelope.percentEncode(icon)), true)
        .recover(err -> Future.failedFuture(err instanceof ImoCallException ? err
            : new ImoCallException("avatar unreachable: " + err.getMessage(), err, true)));
  }
}
