package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The imo.im methods the emulator calls, typed. Implemented over the imo.im client of the
 * current upstream session (it fails every call while there is none), and by recording fakes
 * in the tests. Swapping the imo.im client means changing that one implementation.
 */
public interface UpstreamCalls {

  /** Takes the {@code request_id} of a {@link #sendIm} to come (saved before it is sent). */
  int reserveRequestId();

  /** {@code send_im} under a reserved request id, which its acknowledgement will name. */
  Future<Integer> sendIm(String buid, String text, int requestId);

  Future<Void> imTyping(String buid, String typingState);

  Future<Void> setStatus(String primitive, String moodText);

  Future<Void> startAudioChat(String buid);

  Future<Void> addBuddy(String buid);

  Future<Void> delBuddy(String buid, String group);

  Future<Void> authAdd(String buid);

  Future<Void> authDeny(String buid);

  Future<Void> authBlock(String buid);

  Future<Void> blockBuddy(String buid);

  Future<Void> unblockBuddy(String buid);

  Future<Void> createSharedGroup(String name);

  /** {@code invite_to_group} of {@code buid} to group {@code gid}, sent as {@code inviter}. */
  Future<Void> inviteToGroup(String gid, String inviter, String buid);

  /** {@code kick_member} of the member roster entry {@code memberBuid}. */
  Future<Void> kickMember(String memberBuid);

  Future<Void> setGroupTopic(String gid, String topic);

  Future<Void> leaveGroup(String gid);

  /** The picture with avatar id {@code icon}. */
  Future<Buffer> fetchAvatar(String icon);
}
