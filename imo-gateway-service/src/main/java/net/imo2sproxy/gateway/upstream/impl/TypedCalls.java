package net.imo2sproxy.gateway.upstream.impl;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.gateway.upstream.ImoClient;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The typed methods of {@link ImoClient} that are one server call each (docs/imo-protocol.md
 * §9): their arguments, and nothing else; the session behind them is the subclass's.
 */
abstract class TypedCalls implements ImoClient {

  private static final Logger LOG = LoggerFactory.getLogger(TypedCalls.class);

  @Override
  public Future<Void> imTyping(String buid, String typingState) {
    return im("im_typing", new JsonObject().put("uid", uid()).put("proto", ImoEnvelope.PROTO)
        .put("ssid", ssid()).put("buid", buid).put("typing_state", typingState));
  }

  @Override
  public Future<Void> setStatus(String primitive, String moodText) {
    return call("session", "set_status", new JsonObject().put("ssid", ssid()).put("ad", "")
        .put("primitive", primitive).put("status", moodText == null ? "" : moodText)
        .put("auto_away", false));
  }

  @Override
  public Future<Void> addBuddy(String buid) {
    return im("add_buddy", accountArgs().put("buid", buid).put("group", "Offline"));
  }

  @Override
  public Future<Void> delBuddy(String buid, String group) {
    return im("del_buddy", accountArgs().put("buid", buid)
        .put("group", group == null || group.isEmpty() ? "Skype" : group));
  }

  @Override
  public Future<Void> blockBuddy(String buid) {
    return onBuddy("block_buddy", buid);
  }

  @Override
  public Future<Void> unblockBuddy(String buid) {
    return onBuddy("unblock_buddy", buid);
  }

  @Override
  public Future<Void> authAdd(String buid) {
    return onBuddy("auth_add", buid);
  }

  @Override
  public Future<Void> authDeny(String buid) {
    return onBuddy("auth_deny", buid);
  }

  @Override
  public Future<Void> authBlock(String buid) {
    return onBuddy("auth_block", buid);
  }

  @Override
  public Future<Void> changeBuddyAlias(String buid, String alias) {
    return im("change_buddy_alias", accountArgs().put("buid", buid).put("alias", alias));
  }

  @Override
  public Future<Void> startAudioChat(String buid) {
    return call("av", "start_audio_chat", accountArgs().put("buid", buid));
  }

  @Override
  public Future<Void> getUnreadMsgs() {
    return im("get_unread_msgs", accountArgs());
  }

  @Override
  public Future<Void> getAlphaForUser() {
    return call("alpha", "get_alpha_for_user", accountArgs());
  }

  @Override
  public Future<Void> createSharedGroup(String name) {
    String groupName = name != null ? name : Long.toString(System.currentTimeMillis() / 1000);
    return im("create_shared_group", accountArgs().put("is_native", false)
        .put("name", groupName));
  }

  @Override
  public Future<Void> inviteToGroup(String chat, String buid) {
    return im("invite_to_group", accountArgs().put("gid", ImoClient.gid(chat))
        .put("iproto", ImoEnvelope.PROTO).put("iuid", uid()).put("ibuid", buid));
  }

  @Override
  public Future<Void> kickMember(String chat, String member) {
    return im("kick_member", accountArgs()
        .put("buid", ImoClient.gid(chat) + ";" + member + ";" + ImoEnvelope.PROTO));
  }

  @Override
  public Future<Void> setGroupTopic(String chat, String topic) {
    return im("set_group_topic", accountArgs().put("gid", ImoClient.gid(chat))
        .put("topic", topic));
  }

  @Override
  public Future<Void> leaveGroup(String chat) {
    return im("leave_group", accountArgs().put("gid", ImoClient.gid(chat)));
  }

  @Override
  public Future<Void> disableAutoAway() {
    JsonObject args = new JsonObject()
        .put("accounts", new JsonArray().add(
            new JsonObject().put("uid", uid()).put("proto", ImoEnvelope.PROTO)))
        .put("preferences", new JsonArray().add(new JsonObject()
            .put("kind", "impref").put("pref", "auto_away").put("value", false)));
    return call("preference", "set", args).onFailure(err -> LOG.info(
        "[{}] could not disable auto-away: {}", uid(), err.getMessage()));
  }

  @Override
  public Future<Void> reuiSession() {
    return call("session", "reui_session", new JsonObject().put("ssid", ssid()));
  }

  protected final Future<Void> im(String method, JsonObject args) {
    return call("im", method, args);
  }

  protected final Future<Void> onBuddy(String method, String buid) {
    return im(method, accountArgs().put("buid", buid));
  }
}
