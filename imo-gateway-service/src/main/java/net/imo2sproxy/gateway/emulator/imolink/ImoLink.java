package net.imo2sproxy.gateway.emulator.imolink;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.gateway.emulator.command.UpstreamCalls;
import net.imo2sproxy.gateway.upstream.ImoClient;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;
import net.imo2sproxy.gateway.upstream.ImoEventListener;
import net.imo2sproxy.gateway.upstream.ImoSessionEnd;

/**
 * One upstream imo.im session as the emulator uses it: the only class of the emulator that
 * knows the imo.im client, so replacing the client changes this file alone.
 */
public final class ImoLink implements UpstreamCalls {

  /** The protocol of the accounts this bridge serves, as imo.im events name it. */
  public static final String PROTO = ImoEnvelope.PROTO;

  /** Opens upstream sessions for one account and knows the re-login back-off. */
  public record Factory(Vertx vertx, HttpClient upstreamHttp, ImoClientOptions options,
      String username, String logId) {

    public ImoLink open(UpstreamEvents events) {
      ImoEventListener listener = new ImoEventListener() {
        @Override
        public void onServerMessage(String fromSystem, JsonObject data) {
          events.onServerMessage(fromSystem, data);
        }

        @Override
        public void onSessionEnded(ImoSessionEnd end) {
          events.onEnded(end.retryable(), end.toString());
        }
      };
      return new ImoLink(ImoClient.create(vertx, upstreamHttp, options, username, listener, logId));
    }

    /** Whether re-login number {@code attempt} (from 1) may be made. */
    public boolean reloginAllowed(int attempt) {
      return options.relogin().allows(attempt);
    }

    public long reloginDelayMillis(int attempt) {
      return options.relogin().delayMillis(attempt);
    }
  }

  private final ImoClient session;

  private ImoLink(ImoClient session) {
    this.session = session;
  }

  /** Start page, session id, then the login with {@code password}. */
  public Future<Void> logIn(String password) {
    return session.bootstrap().compose(v -> session.login(password));
  }

  /** Continues a session another gateway exported ({@link #exportState}). */
  public Future<Void> resume(JsonObject state) {
    return session.resume(state);
  }

  public JsonObject exportState() {
    return session.exportState();
  }

  /** Acknowledge to imo.im only what {@link #saved} confirms (a clustered session). */
  public void holdAcknowledgements(Runnable requestSave) {
    session.holdAcknowledgements(requestSave);
  }

  /** A state holding {@code exported} (from {@link #exportState}) was saved. */
  public void saved(JsonObject exported) {
    session.saved(exported);
  }

  public String ssid() {
    return session.ssid();
  }

  public boolean isEnded() {
    return session.isEnded();
  }

  public void keepAliveNow() {
    session.keepAliveNow();
  }

  public Future<Void> signOff() {
    return session.signOff();
  }

  public void close() {
    session.close();
  }

  @Override
  public int reserveRequestId() {
    return session.reserveRequestId();
  }

  @Override
  public Future<Integer> sendIm(String buid, String text, int requestId) {
    return session.sendIm(buid, text, requestId);
  }

  @Override
  public Future<Void> imTyping(String buid, String typingState) {
    return session.imTyping(buid, typingState);
  }

  @Override
  public Future<Void> setStatus(String primitive, String moodText) {
    return session.setStatus(primitive, moodText);
  }

  @Override
  public Future<Void> startAudioChat(String buid) {
    return session.startAudioChat(buid);
  }

  @Override
  public Future<Void> addBuddy(String buid) {
    return session.addBuddy(buid);
  }

  @Override
  public Future<Void> delBuddy(String buid, String group) {
    return session.delBuddy(buid, group);
  }

  @Override
  public Future<Void> authAdd(String buid) {
    return session.authAdd(buid);
  }

  @Override
  public Future<Void> authDeny(String buid) {
    return session.authDeny(buid);
  }

  @Override
  public Future<Void> authBlock(String buid) {
    return session.authBlock(buid);
  }

  @Override
  public Future<Void> blockBuddy(String buid) {
    return session.blockBuddy(buid);
  }

  @Override
  public Future<Void> unblockBuddy(String buid) {
    return session.unblockBuddy(buid);
  }

  @Override
  public Future<Void> createSharedGroup(String name) {
    return session.createSharedGroup(name);
  }

  @Override
  public Future<Void> inviteToGroup(String gid, String inviter, String buid) {
    // the inviter is the own handle the server signed us on with (the client's may differ)
    return session.call("im", "invite_to_group", session.accountArgs().put("gid", gid)
        .put("iproto", PROTO).put("iuid", inviter).put("ibuid", buid));
  }

  @Override
  public Future<Void> kickMember(String memberBuid) {
    // the member's roster entry as imo.im sent it, not rebuilt from the handle
    return session.call("im", "kick_member", session.accountArgs().put("buid", memberBuid));
  }

  @Override
  public Future<Void> setGroupTopic(String gid, String topic) {
    return session.setGroupTopic(gid, topic);
  }

  @Override
  public Future<Void> leaveGroup(String gid) {
    return session.leaveGroup(gid);
  }

  @Override
  public Future<Buffer> fetchAvatar(String icon) {
    return session.fetchAvatar(icon);
  }
}
