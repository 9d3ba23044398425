package net.imo2sproxy.gateway.skype;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One imo.im group chat as a Skype CHAT object. Its name is the group buid {@code <gid>;}
 * ({@code skype-api-emulation.md} section 10); members come from the member entries
 * {@code <gid>;<user>;prpl-skype}.
 */
final class Chat {

  /** One member entry of the chat, also a CHATMEMBER object from protocol 7 on. */
  static final class Member {
    final long objectId;
    final String handle;
    final String buid;
    String alias = "";
    String primitive = "offline";
    String moodText = "";
    String inviter;

    Member(long objectId, String handle, String buid) {
      this.objectId = objectId;
      this.handle = handle;
      this.buid = buid;
    }
  }

  /** The chat name, {@code <gid>;}. */
  final String name;
  /** The imo.im group name (the {@code name} given to create_shared_group). */
  String alias = "";
  /** The topic ({@code display}). */
  String topic = "";
  final long created;
  final Map<String, Member> members = new LinkedHashMap<>();

  Chat(String name, long created) {
    this.name = name;
    this.created = created;
  }

  /** The gid argument of imo.im group methods: the name cut at its last {@code ;}. */
  String gid() {
    int semi = name.lastIndexOf(';');
    return semi < 0 ? name : name.substring(0, semi);
  }

  /** The member buid imo.im uses for {@code kick_member}. */
  String memberBuid(String handle) {
    Member member = members.get(handle);
    return member != null ? member.buid : gid() + ";" + handle + ";prpl-skype";
  }

  List<String> memberHandles() {
    return new ArrayList<>(members.keySet());
  }

  String friendlyName() {
    return !topic.isEmpty() ? topic : alias;
  }

  /** The gid part of a buid ({@code <gid>;...}), or null when it has no {@code ;}. */
  static String chatNameOf(String buid) {
    int semi = buid == null ? -1 : buid.indexOf(';');
    return semi < 0 ? null : buid.substring(0, semi + 1);
  }

  /** The user of a member buid {@code <gid>;<user>;prpl-skype} (second field), or the buid. */
  static String userOf(String buid) {
    String[] parts = buid.split(";", -1);
    return parts.length >= 2 && !parts[1].isEmpty() ? parts[1] : buid;
  }
}
