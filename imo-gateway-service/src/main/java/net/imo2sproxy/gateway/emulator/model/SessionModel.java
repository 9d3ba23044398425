package net.imo2sproxy.gateway.emulator.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the Skype API emulation of one account knows: own identity and status, contacts, group
 * chats, messages and calls. No I/O and no timers; whoever changes it calls {@link #changed}
 * so that the state a survivor needs is written.
 *
 * <p>Confined to the session's context.
 */
public final class SessionModel {

  /** Told (synchronously) whenever state a survivor needs may have changed. */
  public interface ChangeListener {
    /** @param roster the contacts or chats changed too */
    void changed(boolean roster);
  }

  private static final int MAX_CALLS = 50;

  private final String username;
  /** Canonical own handle: the server's uid once signed on, the configured name before. */
  public String ownHandle;
  public String ownAlias = "";
  /** The Skype status the user wants; reported while online. */
  public String ownStatus = SkypeStatus.ONLINE;
  public String ownMood = "";
  /** Client settings and own profile fields imo.im cannot keep (§4.15). */
  public final ClientSettings client = new ClientSettings();
  /** Member objects of dialogs by partner handle: own member, then the partner (§4.6). */
  private final Map<String, Chat.Member[]> dialogMembers = new LinkedHashMap<>();

  public final Map<String, Contact> contacts = new LinkedHashMap<>();
  /** Group chats by name ({@code <gid>;}). */
  public final Map<String, Chat> chats = new LinkedHashMap<>();
  /** Call records by number, oldest first, bounded like the original's store of 50. */
  public final Map<Long, Call> calls = new LinkedHashMap<>();
  /** GROUP objects: hardwired views of the contacts, and custom groups (§4.16). */
  public final Groups groups = new Groups();
  public final MessageStore messages;
  /** Answers of commands that must not run twice, for their resend (EVENT-BUS.md). */
  public final AnsweredCommands answered = new AnsweredCommands();
  /** Avatar ids from {@code buddy_icon} by lower-case handle (may come before the contacts). */
  private final Map<String, String> avatarIcons = new LinkedHashMap<>();
  private MessageNumbers numbers = MessageNumbers.local();
  private long nextMemberObjectId = 1;
  private long nextChatNameSuffix;
  private ChangeListener changeListener = roster -> { };
  private Consumer<ChatMessage> evicted = message -> { };

  public SessionModel(String username, int messageCapacity) {
    this.username = username;
    this.ownHandle = username;
    this.messages = new MessageStore(messageCapacity);
  }

  public String username() {
    return username;
  }

  public void onChange(ChangeListener listener) {
    this.changeListener = listener;
  }

  /** Told about messages the store evicted (their pending work must stop). */
  public void onEvicted(Consumer<ChatMessage> listener) {
    this.evicted = listener;
  }

  public void changed() {
    changeListener.changed(false);
  }

  public void changed(boolean roster) {
    changeListener.changed(roster);
  }

  // ---------------------------------------------------------------- numbering

  public void useNumbers(MessageNumbers clusterNumbers) {
    this.numbers = clusterNumbers;
  }

  public MessageNumbers numbers() {
    return numbers;
  }

  public long nextMessageNumber() {
    return numbers.next();
  }

  public long nextMemberObjectId() {
    return nextMemberObjectId++;
  }

  public long memberObjectIdFloor() {
    return nextMemberObjectId;
  }

  public void raiseMemberObjectIds(long floor) {
    nextMemberObjectId = Math.max(nextMemberObjectId, floor);
  }

  /** A unique group name for create_shared_group: the Unix time, made unique per session. */
  public String newChatCreateName() {
    return Long.toString(now()) + (nextChatNameSuffix++ == 0 ? "" : "-" + nextChatNameSuffix);
  }

  // ---------------------------------------------------------------- identity

  public boolean isOwnHandle(String handle) {
    return handle != null && (handle.equalsIgnoreCase(ownHandle)
        || handle.equalsIgnoreCase(username));
  }

  public Contact contact(String handle) {
    return handle == null ? null : contacts.get(handle);
  }

  /**
   * The dialog chat name of a one-to-one conversation, the same on both sides
   * (docs/skype-api-emulation.md §10).
   */
  public String dialogName(String partner) {
    return DialogNames.of(ownHandle, partner);
  }

  /**
   * The partner handle of a dialog name of the own account (either side of the name may be
   * the own handle), or null.
   */
  public String partnerOfDialog(String chatName) {
    String[] pair = DialogNames.handles(chatName);
    if (pair == null) {
      return null;
    }
    if (isOwnHandle(pair[0])) {
      return pair[1];
    }
    return isOwnHandle(pair[1]) ? pair[0] : null;
  }

  /**
   * The chat name of a message: its group, or the dialog with its partner
   * (docs/skype-api-emulation.md §10).
   */
  public String chatNameOf(ChatMessage message) {
    String group = Chat.chatNameOf(message.partner);
    return group != null ? group : dialogName(message.partner);
  }

  /** The own full name: as a client set it (SET PROFILE FULLNAME), else imo.im's alias. */
  public String ownFullName() {
    String set = client.profile("FULLNAME");
    return set != null ? set : ownAlias;
  }

  /**
   * The two member objects (own, partner) of the dialog with {@code partner}, numbered like
   * group members on first use.
   */
  public Chat.Member[] dialogMembers(String partner) {
    return dialogMembers.computeIfAbsent(partner.toLowerCase(Locale.ROOT), key -> new Chat.Member[] {
        new Chat.Member(nextMemberObjectId(), ownHandle, ownHandle),
        new Chat.Member(nextMemberObjectId(), partner, partner)});
  }

  /** The dialog member object numbered {@code id} with its partner, or null. */
  public Map.Entry<String, Chat.Member> dialogMember(long id) {
    for (Map.Entry<String, Chat.Member[]> dialog : dialogMembers.entrySet()) {
      for (Chat.Member member : dialog.getValue()) {
        if (member.objectId == id) {
          return Map.entry(dialog.getValue()[1].handle, member);
        }
      }
    }
    return null;
  }

  /** The chat member object of {@code handle} in any group chat, or null. */
  public Chat.Member member(String handle) {
    for (Chat chat : chats.values()) {
      Chat.Member member = chat.members.get(handle);
      if (member != null) {
        return member;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- avatars

  public void setAvatarIcon(String handle, String icon) {
    String key = handle.toLowerCase(Locale.ROOT);
    if (icon == null || icon.isEmpty()) {
      avatarIcons.remove(key); // the user has no picture (any more)
    } else {
      avatarIcons.put(key, icon);
    }
  }

  /** The avatar id last announced for {@code handle}, or null. */
  public String avatarIcon(String handle) {
    return handle == null ? null : avatarIcons.get(handle.toLowerCase(Locale.ROOT));
  }

  // ---------------------------------------------------------------- messages and calls

  public ChatMessage store(ChatMessage message) {
    ChatMessage dropped = messages.add(message);
    if (dropped != null) {
      evicted.accept(dropped);
    }
    changed();
    return message;
  }

  /** A new message numbered by this session. */
  public ChatMessage storeNew(String partner, String from, String alias, String body,
      boolean outgoing, String type, long timestamp, ChatMessage.Status status) {
    return store(new ChatMessage(nextMessageNumber(), partner, from, alias, body, outgoing,
        type, timestamp, status));
  }

  public Call addCall(Call call) {
    calls.put(call.id, call);
    if (calls.size() > MAX_CALLS) {
      calls.remove(calls.keySet().iterator().next());
    }
    return call;
  }

  public long now() {
    return System.currentTimeMillis() / 1000;
  }
}
