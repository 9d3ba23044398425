package net.imo2sproxy.gateway.emulator.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.function.Function;
import java.util.function.Supplier;
import net.imo2sproxy.gateway.emulator.command.UpstreamCalls;

/** The upstream calls of whichever upstream session is current; all fail while there is none. */
public final class CurrentUpstream implements UpstreamCalls {

  private final Supplier<? extends UpstreamCalls> current;

  public CurrentUpstream(Supplier<? extends UpstreamCalls> current) {
    this.current = current;
  }

  private <T> Future<T> call(Function<UpstreamCalls, Future<T>> method) {
    UpstreamCalls upstream = current.get();
    return upstream == null ? Future.failedFuture("not logged in") : method.apply(upstream);
  }

  @Override
  public int reserveRequestId() {
    UpstreamCalls upstream = current.get();
    return upstream == null ? -1 : upstream.reserveRequestId();
  }

  @Override
  public Future<Integer> sendIm(String buid, String text, int requestId) {
    return call(u -> u.sendIm(buid, text, requestId));
  }

  @Override
  public Future<Void> imTyping(String buid, String typingState) {
    return call(u -> u.imTyping(buid, typingState));
  }

  @Override
  public Future<Void> setStatus(String primitive, String moodText) {
    return call(u -> u.setStatus(primitive, moodText));
  }

  @Override
  public Future<Void> startAudioChat(String buid) {
    return call(u -> u.startAudioChat(buid));
  }

  @Override
  public Future<Void> addBuddy(String buid) {
    return call(u -> u.addBuddy(buid));
  }

  @Override
  public Future<Void> delBuddy(String buid, String group) {
    return call(u -> u.delBuddy(buid, group));
  }

  @Override
  public Future<Void> authAdd(String buid) {
    return call(u -> u.authAdd(buid));
  }

  @Override
  public Future<Void> authDeny(String buid) {
    return call(u -> u.authDeny(buid));
  }

  @Override
  public Future<Void> authBlock(String buid) {
    return call(u -> u.authBlock(buid));
  }

  @Override
  public Future<Void> blockBuddy(String buid) {
    return call(u -> u.blockBuddy(buid));
  }

  @Override
  public Future<Void> unblockBuddy(String buid) {
    return call(u -> u.unblockBuddy(buid));
  }

  @Override
  public Future<Void> createSharedGroup(String name) {
    return call(u -> u.createSharedGroup(name));
  }

  @Override
  public Future<Void> inviteToGroup(String gid, String inviter, String buid) {
    return call(u -> u.inviteToGroup(gid, inviter, buid));
  }

  @Override
  public Future<Void> kickMember(String memberBuid) {
    return call(u -> u.kickMember(memberBuid));
  }

  @Override
  public Future<Void> setGroupTopic(String gid, String topic) {
    return call(u -> u.setGroupTopic(gid, topic));
  }

  @Override
  public Future<Void> leaveGroup(String gid) {
    return call(u -> u.leaveGroup(gid));
  }

  @Override
  public Future<Buffer> fetchAvatar(String icon) {
    return call(u -> u.fetchAvatar(icon));
  }
}
