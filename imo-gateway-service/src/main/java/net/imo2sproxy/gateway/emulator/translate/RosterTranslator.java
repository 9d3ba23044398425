package net.imo2sproxy.gateway.emulator.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.impl.ChatCreations;
import net.imo2sproxy.gateway.emulator.impl.RosterReadiness;
import net.imo2sproxy.gateway.emulator.model.Chat;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.Contact;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.gateway.emulator.model.SkypeStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Roster events of imo.im ({@code buddy_added}, {@code buddy_status}, {@code buddy_removed},
 * {@code buddy_request}, {@code buddy_icon}) as model changes and USER / CHAT notifications.
 * Group chats and their members arrive as roster entries too ({@code <gid>;},
 * {@code <gid>;<member>;prpl-skype}).
 */
final class RosterTranslator {

  private static final Logger LOG = LoggerFactory.getLogger(RosterTranslator.class);

  private final String sessionId;
  private final SessionModel model;
  private final ConnectionFanOut fanOut;
  private final RosterReadiness roster;
  private final ChatCreations chatCreations;

  RosterTranslator(String sessionId, SessionModel model, ConnectionFanOut fanOut,
      RosterReadiness roster, ChatCreations chatCreations) {
    this.sessionId = sessionId;
    this.model = model;
    this.fanOut = fanOut;
    this.roster = roster;
    this.chatCreations = chatCreations;
  }

  void onBuddies(JsonObject event, boolean added) {
    boolean initial = added && !roster.known();
    // chats that appear with this event: the members listed with them were there before
    Set<String> appeared = new HashSet<>();
    for (JsonObject buddy : objects(event.getValue("edata"))) {
      if (!(buddy.getValue("buid") instanceof String buid) || buid.isEmpty()) {
        LOG.warn("[{}] skipping a buddy without buid", sessionId);
        continue;
      }
      if (!Contact.isPlainContact(buddy)) {
        onChatEntry(buid, buddy, added, initial, appeared);
        continue;
      }
      Contact existing = model.contacts.get(buid);
      boolean becameFriend = added && !initial
          && (existing == null || existing.buddyStatus != Contact.FRIEND);
      Contact contact = model.contacts.computeIfAbsent(buid, Contact::new);
      contact.update(buddy);
      if (added) {
        contact.buddyStatus = Contact.FRIEND;
        contact.authorized = true;
        contact.temporary = false;
        contact.pendingRequest = null;
      }
      if (becameFriend) {
        fanOut.notifyAll("USER " + buid + " BUDDYSTATUS " + Contact.FRIEND);
      }
      fanOut.notifyAll("USER " + buid + " ONLINESTATUS "
          + SkypeStatus.contactStatus(contact.primitive));
      fanOut.notifyAll("USER " + buid + " MOOD_TEXT " + contact.moodText);
    }
    if (added && !roster.known()) {
      roster.markKnown();
    }
  }

  /** Remembers avatar ids; no notification (the client asks with GET USER ... AVATAR). */
  void onBuddyIcons(JsonObject event) {
    for (JsonObject entry : objects(event.getValue("edata"))) {
      if (entry.getValue("buid") instanceof String buid && !buid.isEmpty()) {
        model.setAvatarIcon(buid, entry.getValue("icon") instanceof String icon ? icon : null);
      }
    }
  }

  /** A group-chat related roster entry: the chat itself or one of its members. */
  private void onChatEntry(String buid, JsonObject entry, boolean added, boolean initial,
      Set<String> appeared) {
    String chatName = Chat.chatNameOf(buid);
    if (chatName == null) {
      LOG.debug("[{}] roster entry {} of unknown kind ignored", sessionId, buid);
      return;
    }
    if (buid.equals(chatName)) {
      if (onChatObject(chatName, entry, initial)) {
        appeared.add(chatName);
      }
    } else {
      onChatMember(chatName, buid, entry, added, initial, appeared.contains(chatName));
    }
  }

  /** The chat itself; true when it is new to the session. */
  private boolean onChatObject(String chatName, JsonObject entry, boolean initial) {
    Chat chat = model.chats.get(chatName);
    String topic = entry.getValue("display") instanceof String d ? d : "";
    String alias = entry.getValue("alias") instanceof String a ? a : "";
    if (chat == null) {
      chat = new Chat(chatName, model.now());
      chat.alias = alias;
      chat.topic = topic;
      model.chats.put(chatName, chat);
      // a CHAT CREATE waiting for it answers with the STATUS line itself
      if (!chatCreations.appeared(alias, chat) && !initial) {
        fanOut.notifyAll("CHAT " + chatName + " STATUS MULTI_SUBSCRIBED");
      }
      return true;
    }
    chat.alias = alias;
    if (!topic.equals(chat.topic)) {
      chat.topic = topic;
      fanOut.notifyAll("CHAT " + chatName + " TOPIC " + topic);
      fanOut.notifyAll("CHAT " + chatName + " FRIENDLYNAME " + chat.friendlyName());
      if (topic.equals(chat.topicAsked)) {
        chat.topicAsked = null; // our own ALTER CHAT SETTOPIC: no message from anyone
      } else {
        announce(model.storeNew(chatName, model.ownHandle, model.ownAlias, topic, false,
            "SETTOPIC", model.now(), ChatMessage.Status.RECEIVED));
      }
    }
    return false;
  }

  /**
   * A member entry. Announces an ADDEDMEMBERS message for a member someone else added; for a
   * chat that appeared with this event only our own entry counts (we were added), the others
   * were members before. What we did ourselves is no message (the client has its reply).
   */
  private void onChatMember(String chatName, String buid, JsonObject entry, boolean added,
      boolean initial, boolean chatAppeared) {
    Chat chat = model.chats.get(chatName);
    if (chat == null) {
      LOG.debug("[{}] member {} of unknown chat ignored", sessionId, buid);
      return;
    }
    String handle = Chat.userOf(buid);
    Chat.Member member = chat.members.get(handle);
    boolean joined = member == null;
    if (joined) {
      member = new Chat.Member(model.nextMemberObjectId(), handle, buid);
      chat.members.put(handle, member);
      chat.kicksAsked.remove(handle); // a removal asked before is over
    }
    member.alias = entry.getValue("alias") instanceof String a ? a : "";
    member.primitive = entry.getValue("primitive") instanceof String p ? p : "offline";
    member.moodText = entry.getValue("status") instanceof String m ? m : "";
    if (entry.getValue("inviter") instanceof String inviter && !inviter.isEmpty()) {
      member.inviter = inviter;
    }
    if (joined && added && !initial) {
      notifyMembers(chat);
      boolean ours = model.isOwnHandle(handle);
      if (member.inviter == null) {
        if (!ours && !chatAppeared) {
          chatEvent(chatName, model.ownHandle, "ADDEDMEMBERS", handle); // adder unknown
        }
      } else if (!model.isOwnHandle(Chat.userOf(member.inviter)) && ours == chatAppeared) {
        chatEvent(chatName, Chat.userOf(member.inviter), "ADDEDMEMBERS", handle);
      }
    }
  }

  /**
   * Removed contacts, chats and chat members. imo.im does not tell who removed a member: one we
   * asked to remove gives no message (the client has its reply), any other removal is announced
   * as that member's LEFT message (docs/skype-api-emulation.md §4.12).
   */
  void onBuddiesRemoved(JsonObject event) {
    for (JsonObject entry : objects(event.getValue("edata"))) {
      if (!(entry.getValue("buid") instanceof String buid)) {
        continue;
      }
      String chatName = Chat.chatNameOf(buid);
      if (chatName == null) {
        Contact contact = model.contacts.get(buid);
        if (contact != null && contact.blocked) {
          contact.buddyStatus = Contact.DELETED; // kept: ISBLOCKED stays answerable
          fanOut.notifyAll("USER " + buid + " BUDDYSTATUS 1");
        } else if (model.contacts.remove(buid) != null) {
          fanOut.notifyAll("USER " + buid + " BUDDYSTATUS 1");
        }
      } else if (buid.equals(chatName)) {
        leftChat(chatName);
      } else {
        Chat chat = model.chats.get(chatName);
        String handle = Chat.userOf(buid);
        if (chat != null && chat.members.remove(handle) != null) {
          notifyMembers(chat);
          if (model.isOwnHandle(handle)) {
            leftChat(chatName); // left or kicked: either way we are out
          } else if (!chat.kicksAsked.remove(handle)) {
            chatEvent(chatName, handle, "LEFT", handle);
          }
        }
      }
    }
  }

  void onBuddyRequest(JsonObject event) {
    JsonObject edata = event.getValue("edata") instanceof JsonObject e ? e : null;
    if (edata == null || !(edata.getValue("buid") instanceof String buid)) {
      LOG.warn("[{}] skipping a malformed buddy_request", sessionId);
      return;
    }
    String text = edata.getValue("msg") instanceof String m ? m : "";
    Contact contact = model.contacts.computeIfAbsent(buid, handle -> {
      Contact created = new Contact(handle);
      created.temporary = true;
      created.buddyStatus = Contact.PENDING;
      return created;
    });
    if (contact.buddyStatus != Contact.FRIEND) {
      contact.buddyStatus = Contact.PENDING;
    }
    contact.authorized = false;
    contact.pendingRequest = text;
    fanOut.notifyAll("USER " + buid + " RECEIVEDAUTHREQUEST " + text);
  }

  private void leftChat(String chatName) {
    if (model.chats.remove(chatName) != null) {
      fanOut.notifyAll("CHAT " + chatName + " MYSTATUS UNSUBSCRIBED");
      fanOut.notifyAll("CHAT " + chatName + " STATUS UNSUBSCRIBED");
    }
  }

  private void notifyMembers(Chat chat) {
    fanOut.notifyAll("CHAT " + chat.name + " MEMBERS " + String.join(" ", chat.memberHandles()));
  }

  /** Stores and announces a chat event message (ADDEDMEMBERS, KICKED, ...). */
  private void chatEvent(String chatName, String from, String type, String users) {
    Contact contact = model.contact(from);
    String alias = model.isOwnHandle(from) ? model.ownAlias
        : contact != null ? contact.displayName() : from;
    ChatMessage event = new ChatMessage(model.nextMessageNumber(), chatName, from, alias, "",
        false, type, model.now(), ChatMessage.Status.RECEIVED);
    event.users = users;
    announce(model.store(event));
  }

  private void announce(ChatMessage message) {
    model.changed();
    fanOut.notifyAll(c -> c.messageKeyword() + " " + message.id + " STATUS " + message.status);
  }

  /** The objects of an {@code edata} that may be one object or an array of them. */
  static List<JsonObject> objects(Object value) {
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
}
