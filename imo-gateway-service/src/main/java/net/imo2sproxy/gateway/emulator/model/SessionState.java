package net.imo2sproxy.gateway.emulator.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON form of the parts of a session a survivor restores ({@link AccountSession#snapshot}):
 * messages, contacts and chats, with short keys (it is written on every change).
 */
public final class SessionState {

  private SessionState() {
  }

  public static JsonObject encode(ChatMessage m) {
    JsonObject json = new JsonObject().put("id", m.id).put("p", m.partner).put("f", m.from)
        .put("a", m.fromDisplayName).put("b", m.body).put("t", m.type).put("ts", m.timestamp)
        .put("s", m.status.name());
    if (m.outgoing) {
      json.put("o", true);
    }
    if (m.requestId >= 0) {
      json.put("r", m.requestId);
    }
    if (m.users != null) {
      json.put("u", m.users);
    }
    if (m.commandKey != null) {
      json.put("kc", m.commandKey.connection()).put("ki", m.commandKey.id());
    }
    if (m.unannounced) {
      json.put("un", m.unannouncedSince); // when it was first stored, for the re-announcements
    }
    if (m.acknowledgedEarly) {
      json.put("ae", true);
    }
    return json;
  }

  /**
   * {@link #encode} as text, cached on the message until one of its changeable fields (status,
   * request id, timestamp, members, announced) differs from when it was encoded.
   */
  public static String encodedText(ChatMessage m) {
    if (m.encoded == null || m.encodedStatus != m.status || m.encodedRequestId != m.requestId
        || m.encodedTimestamp != m.timestamp || !Objects.equals(m.encodedUsers, m.users)
        || m.encodedUnannounced != m.unannounced
        || m.encodedAcknowledgedEarly != m.acknowledgedEarly) {
      m.encoded = encode(m).encode();
      m.encodedStatus = m.status;
      m.encodedRequestId = m.requestId;
      m.encodedTimestamp = m.timestamp;
      m.encodedUsers = m.users;
      m.encodedUnannounced = m.unannounced;
      m.encodedAcknowledgedEarly = m.acknowledgedEarly;
    }
    return m.encoded;
  }

  /** The message, or null when the entry is unreadable. */
  public static ChatMessage decode(JsonObject json) {
    try {
      ChatMessage m = new ChatMessage(json.getLong("id"), json.getString("p"),
          json.getString("f"), json.getString("a", ""), json.getString("b", ""),
          json.getBoolean("o", false), json.getString("t", "SAID"), json.getLong("ts", 0L),
          ChatMessage.Status.valueOf(json.getString("s")));
      m.requestId = json.getInteger("r", -1);
      m.users = json.getString("u");
      if (json.getValue("kc") instanceof String connection
          && json.getValue("ki") instanceof Number id) {
        m.commandKey = new CommandKey(connection, id.longValue());
      }
      Object unannounced = json.getValue("un");
      m.unannounced = unannounced instanceof Number || Boolean.TRUE.equals(unannounced);
      // an older state saved only the flag: counted from now
      m.unannouncedSince = unannounced instanceof Number since ? since.longValue()
          : m.unannounced ? System.currentTimeMillis() : 0;
      m.acknowledgedEarly = json.getBoolean("ae", false);
      return m.partner == null || m.from == null ? null : m;
    } catch (RuntimeException e) {
      return null;
    }
  }

  public static JsonObject encodeRoster(Collection<Contact> contacts, Collection<Chat> chats,
      long nextMemberObjectId) {
    JsonArray people = new JsonArray();
    for (Contact c : contacts) {
      JsonObject json = new JsonObject().put("h", c.handle).put("a", c.alias)
          .put("p", c.primitive).put("m", c.moodText).put("bs", c.buddyStatus);
      if (c.group != null) {
        json.put("g", c.group);
      }
      if (!c.authorized) {
        json.put("na", true);
      }
      if (c.pendingRequest != null) {
        json.put("rq", c.pendingRequest);
      }
      if (c.temporary) {
        json.put("tmp", true);
      }
      if (c.blocked) {
        json.put("blk", true);
      }
      people.add(json);
    }
    JsonArray groups = new JsonArray();
    for (Chat chat : chats) {
      JsonArray members = new JsonArray();
      for (Chat.Member member : chat.members.values()) {
        members.add(new JsonObject().put("id", member.objectId).put("h", member.handle)
            .put("b", member.buid).put("a", member.alias).put("p", member.primitive)
            .put("m", member.moodText).put("i", member.inviter));
      }
      groups.add(new JsonObject().put("n", chat.name).put("a", chat.alias)
          .put("t", chat.topic).put("c", chat.created).put("members", members));
    }
    return new JsonObject().put("contacts", people).put("chats", groups)
        .put("next-member", nextMemberObjectId);
  }

  /** Fills the maps from {@link #encodeRoster}; returns the next chat member object id. */
  public static long decodeRoster(JsonObject json, Map<String, Contact> contacts,
      Map<String, Chat> chats) {
    for (Object raw : json.getJsonArray("contacts", new JsonArray())) {
      if (raw instanceof JsonObject c && c.getValue("h") instanceof String handle) {
        Contact contact = contacts.computeIfAbsent(handle, Contact::new);
        contact.alias = c.getString("a", "");
        contact.primitive = c.getString("p", "offline");
        contact.moodText = c.getString("m", "");
        contact.group = c.getString("g");
        contact.buddyStatus = c.getInteger("bs", Contact.FRIEND);
        contact.authorized = !c.getBoolean("na", false);
        contact.pendingRequest = c.getString("rq");
        contact.temporary = c.getBoolean("tmp", false);
        contact.blocked = c.getBoolean("blk", false);
      }
    }
    for (Object raw : json.getJsonArray("chats", new JsonArray())) {
      if (raw instanceof JsonObject c && c.getValue("n") instanceof String name) {
        Chat chat = chats.computeIfAbsent(name, n -> new Chat(n, c.getLong("c", 0L)));
        chat.alias = c.getString("a", "");
        chat.topic = c.getString("t", "");
        for (Object rawMember : c.getJsonArray("members", new JsonArray())) {
          if (rawMember instanceof JsonObject m && m.getValue("h") instanceof String handle) {
            Chat.Member member = new Chat.Member(m.getLong("id", 0L), handle,
                m.getString("b", ""));
            member.alias = m.getString("a", "");
            member.primitive = m.getString("p", "offline");
            member.moodText = m.getString("m", "");
            member.inviter = m.getString("i");
            chat.members.put(handle, member);
          }
        }
      }
    }
    return json.getLong("next-member", 1L);
  }
}
