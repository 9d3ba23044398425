package net.imo2sproxy.gateway.emulator.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One imo.im group chat as a Skype CHAT object. Its name is the group buid {@code <gid>;}
 * (docs/skype-api-emulation.md §10); members come from the member entries
 * {@code <gid>;<user>;prpl-skype}.
 */
public final class Chat {

  /** One member entry of the chat, also a CHATMEMBER object from protocol 7 on. */
  public static final class Member {
    public final long objectId;
    public final String handle;
    public final String buid;
    public String alias = "";
    public String primitive = "offline";
    public String moodText = "";
    public String inviter;

    public Member(long objectId, String handle, String buid) {
      this.objectId = objectId;
      this.handle = handle;
      this.buid = buid;
    }
  }

  /** The chat name, {@code <gid>;}. */
  public final String name;
  /** The imo.im group name (the {@code name} given to create_shared_group). */
  public String alias = "";
  /** The topic ({@code display}). */
  public String topic = "";
  public final long created;
  /** The topic this session last asked imo.im to set (not saved: a hint only). */
  public String topicAsked;
  /** Members this session asked imo.im to remove (not saved: a hint only). */
  public final Set<String> kicksAsked = new HashSet<>();
  public final Map<String, Member> members = new LinkedHashMap<>();

  public Chat(String name, long created) {
    this.name = name;
    this.created = created;
  }

  /** The gid argument of imo.im group methods: the name cut at its last {@code ;}. */
  public String gid() {
    int semi = name.lastIndexOf(';');
    return semi < 0 ? name : name.substring(0, semi);
  }

  /** The member buid imo.im uses for {@code kick_member}. */
  public String memberBuid(String handle) {
    Member member = members.get(handle);
    return member != null ? member.buid : gid() + ";" + handle + ";prpl-skype";
  }

  public List<String> memberHandles() {
    return new ArrayList<>(members.keySet());
  }

  public String friendlyName() {
    return !topic.isEmpty() ? topic : alias;
  }

  /** The gid part of a buid ({@code <gid>;...}), or null when it has no {@code ;}. */
  public static String chatNameOf(String buid) {
    int semi = buid == null ? -1 : buid.indexOf(';');
    return semi < 0 ? null : buid.substring(0, semi + 1);
  }

  /** The user of a member buid {@code <gid>;<user>;prpl-skype} (second field), or the buid. */
  public static String userOf(String buid) {
    String[] parts = buid.split(";", -1);
    return parts.length >= 2 && !parts[1].isEmpty() ? parts[1] : buid;
  }
}
