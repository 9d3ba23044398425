package net.imo2sproxy.gateway.upstream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.gateway.upstream.impl.ImoClientImpl;

/**
 * One upstream imo.im session (docs/imo-protocol.md): bootstrap, login, a typed method per
 * client-to-server call, the long poll and the keep-alive, or the continuation of a session that
 * another gateway exported.
 *
 * <p>Every command is processed by the server exactly once and in the order it was called:
 * commands go out one at a time and an unanswered one is resent with its own {@code seq}. Every
 * server message reaches the {@link ImoEventListener} once, in server order; the server keeps
 * each until an acknowledgement covers it, so an answer lost in transit is delivered again.
 * A failed command future means the server did not process it and the session has ended (or was
 * closed); see {@link ImoEventListener#onSessionEnded}. A new client is needed then.
 *
 * <p>Not thread-safe: call it on the context that created it; every callback runs there. It has
 * its own cookie store, so sessions never share cookies.
 */
public interface ImoClient {

  static ImoClient create(Vertx vertx, HttpClient http, ImoClientOptions options, String uid,
      ImoEventListener listener, String logId) {
    return new ImoClientImpl(vertx, http, options, uid, listener, logId);
  }

  /**
   * The {@code gid} argument of the group methods: a chat name cut at its last {@code ;}
   * (docs/imo-protocol.md §11), so {@code c0ffee;} and {@code c0ffee} both give {@code c0ffee}.
   */
  static String gid(String chat) {
    int semi = chat.lastIndexOf(';');
    return semi < 0 ? chat : chat.substring(0, semi);
  }

  String uid();

  /** The server-assigned session id (null before the bootstrap). */
  String ssid();

  boolean isPolling();

  /** Whether {@code signed_on} arrived in this session (or it was resumed). */
  boolean isSignedOn();

  /** Whether the session is over (signed off, closed, or ended by the server or network). */
  boolean isEnded();

  // ---------------------------------------------------------------- lifecycle

  /** The start page for cookies, then {@code get_cookie_and_ssid} under a temporary id. */
  Future<Void> bootstrap();

  /**
   * {@code account_login}, then {@code get_unread_msgs} and {@code get_alpha_for_user}, then the
   * poll loop. The verdict on the password arrives as {@code signed_on} or as the end of the
   * session ({@link ImoSessionEnd.Cause#CREDENTIALS_REJECTED}).
   */
  Future<Void> login(String password);

  /**
   * What another gateway needs to continue this session: ssid, cookies, both sequence spaces and
   * the next request id. No password.
   */
  JsonObject exportState();

  /**
   * Continues a session exported by another gateway: asks the server for its next expected
   * {@code seq} (which wins over the saved one), takes what it kept for the session, then polls.
   * Fails when the server no longer knows the session, so the caller can log in afresh.
   */
  Future<Void> resume(JsonObject state);

  /**
   * From now on the acknowledgement sent to imo.im covers only server messages confirmed by
   * {@link #saved}: imo.im keeps the others, for whoever continues the session. The long
   * poll waits (up to a second) for such a confirmation and runs {@code requestSave} to ask
   * for one. Call before {@link #bootstrap} or {@link #resume}: what a login or a resume takes
   * is then acknowledged only once saved too (a fresh session has nothing saved, a resumed one
   * what its saved state holds).
   */
  void holdAcknowledgements(Runnable requestSave);

  /**
   * A state exported by {@link #exportState} was saved: its {@code server-ack} may now be
   * acknowledged.
   */
  void saved(JsonObject exportedState);

  /** Stops polling and sends {@code signoff_all} after the queued commands; never fails. */
  Future<Void> signOff();

  /** Stops polling and timers without telling the server; queued commands fail. */
  void close();

  // ---------------------------------------------------------------- methods

  /** {@code {ssid, uid, proto}}, the argument shape most {@code im} methods start with. */
  JsonObject accountArgs();

  /**
   * Takes a {@code request_id} for a {@link #sendIm} to come, so that it can be saved with the
   * message before the message goes out; the ids taken are exported with the session.
   */
  int reserveRequestId();

  /**
   * {@code send_im} to {@code buid} (a handle, or {@code <gid>;} for a group chat) under a
   * {@code request_id} from {@link #reserveRequestId}, which the server's {@code internal}
   * acknowledgement will name; the future carries it.
   */
  Future<Integer> sendIm(String buid, String text, int requestId);

  /** {@link #sendIm(String, String, int)} under a fresh {@code request_id}. */
  default Future<Integer> sendIm(String buid, String text) {
    return sendIm(buid, text, reserveRequestId());
  }

  /** {@code im_typing}: {@code typing}, {@code typed} (paused) or {@code not_typing}. */
  Future<Void> imTyping(String buid, String typingState);

  /** {@code set_status}; a null mood text is sent as "". */
  Future<Void> setStatus(String primitive, String moodText);

  /** {@code add_buddy} with group {@code Offline}, as the original always sent. */
  Future<Void> addBuddy(String buid);

  /** {@code del_buddy}; {@code group} as the contact arrived in {@code buddy_added}. */
  Future<Void> delBuddy(String buid, String group);

  Future<Void> blockBuddy(String buid);

  Future<Void> unblockBuddy(String buid);

  Future<Void> authAdd(String buid);

  Future<Void> authDeny(String buid);

  Future<Void> authBlock(String buid);

  Future<Void> changeBuddyAlias(String buid, String alias);

  /** {@code start_audio_chat} to {@code av}. */
  Future<Void> startAudioChat(String buid);

  /** {@code get_unread_msgs}: the server then delivers stored offline messages. */
  Future<Void> getUnreadMsgs();

  /** {@code get_alpha_for_user} to {@code alpha} (purpose unknown, reply ignored). */
  Future<Void> getAlphaForUser();

  /** {@code create_shared_group}; null name = the current Unix time, as the original sent. */
  Future<Void> createSharedGroup(String name);

  Future<Void> inviteToGroup(String chat, String buid);

  /** {@code kick_member}: the target is {@code <gid>;<member>;prpl-skype}. */
  Future<Void> kickMember(String chat, String member);

  Future<Void> setGroupTopic(String chat, String topic);

  Future<Void> leaveGroup(String chat);

  /** The preference {@code set} that switches auto-away off. */
  Future<Void> disableAutoAway();

  /** {@code reui_session} (implemented but unused by the original). */
  Future<Void> reuiSession();

  /** {@code observed_user_activity}, the keep-alive against auto-away. */
  Future<Void> keepAlive();

  /** Sends the keep-alive now (the server reported us away). */
  void keepAliveNow();

  /** A call without request id, for methods without a typed wrapper. */
  Future<Void> call(String system, String method, JsonObject args);

  /** The HTTP method {@code echo}: no envelope, no sequence number. */
  Future<Void> echo();

  /** Downloads the avatar {@code icon} with this session's cookies. */
  Future<Buffer> fetchAvatar(String icon);
}
