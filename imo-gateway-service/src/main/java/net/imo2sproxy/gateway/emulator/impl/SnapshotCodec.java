package net.imo2sproxy.gateway.emulator.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.gateway.emulator.StateSnapshot;
import net.imo2sproxy.gateway.emulator.imolink.ImoLink;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.gateway.emulator.model.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's saved state (no password): the own profile, message numbering, recorded command
 * answers, the upstream imo.im session while online, unread messages, own messages still
 * SENDING and each connection's recent keyed sends. The roster is saved apart
 * ({@link SessionState#encodeRoster}).
 */
public final class SnapshotCodec {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotCodec.class);

  private SnapshotCodec() {
  }

  /**
   * The state as JSON text, each message's part encoded once and reused until it changes;
   * {@code link} (null once signed off or offline) adds the upstream session, which is told
   * once the text is saved.
   */
  public static StateSnapshot encode(SessionModel model, ImoLink link) {
    JsonObject head = new JsonObject().put("v", 1).put("account", model.username())
        .put("own", new JsonObject().put("handle", model.ownHandle).put("alias", model.ownAlias)
            .put("status", model.ownStatus).put("mood", model.ownMood))
        .put("numbers", model.numbers().export());
    if (!model.client.isEmpty()) {
      head.put("client", model.client.encode());
    }
    if (!model.answered.isEmpty()) {
      head.put("answered", model.answered.encode());
    }
    JsonObject groups = model.groups.encode();
    if (groups != null) {
      head.put("groups", groups); // custom groups and their ids (§4.16)
    }
    Runnable saved = () -> { };
    if (link != null) {
      JsonObject exported = link.exportState();
      head.put("upstream", exported);
      saved = () -> {
        if (!link.isEnded()) {
          link.saved(exported);
        }
      };
    }
    StringBuilder text = new StringBuilder(head.encode());
    text.setLength(text.length() - 1); // reopen the object for the messages
    text.append(",\"messages\":[");
    boolean first = true;
    for (ChatMessage message : model.messages.values()) {
      if (message.status == ChatMessage.Status.RECEIVED
          || message.status == ChatMessage.Status.SENDING
          || model.messages.recentlyKeyed(message)) {
        if (!first) {
          text.append(',');
        }
        text.append(SessionState.encodedText(message));
        first = false;
      }
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] state encoded: server-ack {}, sending {}", model.username(),
          head.getJsonObject("upstream") == null ? "none"
              : head.getJsonObject("upstream").getValue("server-ack"),
          model.messages.withStatus(ChatMessage.Status.SENDING).stream()
              .map(m -> m.id + (m.acknowledgedEarly ? "(ae)" : "")).toList());
    }
    return new StateSnapshot(text.append("]}").toString(), saved);
  }

  /**
   * Takes a previous owner's state over: numbering goes on in fresh blocks, never in the
   * previous owner's; messages this session already has keep theirs.
   */
  public static void restore(SessionModel model, JsonObject state, JsonObject roster) {
    model.numbers().restore(state.getJsonObject("numbers"));
    model.answered.restore(state.getJsonArray("answered"));
    JsonObject own = state.getJsonObject("own", new JsonObject());
    model.ownHandle = own.getString("handle", model.ownHandle);
    model.ownAlias = own.getString("alias", model.ownAlias);
    model.ownStatus = own.getString("status", model.ownStatus);
    model.ownMood = own.getString("mood", model.ownMood);
    model.client.restore(state.getJsonObject("client"));
    for (Object raw : state.getJsonArray("messages", new JsonArray())) {
      if (raw instanceof JsonObject encoded) {
        ChatMessage message = SessionState.decode(encoded);
        if (message != null && model.messages.get(message.id) == null) {
          model.store(message);
        }
      }
    }
    if (roster != null) {
      model.raiseMemberObjectIds(SessionState.decodeRoster(roster, model.contacts,
          model.chats));
    }
    model.groups.restore(state.getJsonObject("groups"), model.contacts.values());
  }
}
