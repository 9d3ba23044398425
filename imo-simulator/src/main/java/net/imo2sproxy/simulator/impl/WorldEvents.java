package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin actions that play what others in the world (or the server) do: every server event
 * of docs/imo-protocol.md §10 can be caused through one of these. Each takes the JSON body of its
 * {@code POST /admin/<action>} route; bad input throws IllegalArgumentException (400), unknown
 * accounts, groups or sessions NoSuchElementException (404). Runs on the simulator's event loop.
 */
final class WorldEvents {

  private static final Logger LOG = LoggerFactory.getLogger(WorldEvents.class);
  private static final Set<String> PRIMITIVES = Set.of("available", "away", "busy", "invisible", "offline");

  private final ImoCore core;

  WorldEvents(ImoCore core) {
    this.core = core;
  }

  /** {@code {uid, primitive?, mood?}}: a buddy's status or mood changes; watchers get buddy_status. */
  JsonObject presence(JsonObject b) {
    AccountState a = account(b, "uid");
    String primitive = text(b, "primitive", false);
    String mood = b.getValue("mood") == null ? null : text(b, "mood", false);
    if (primitive != null && !PRIMITIVES.contains(primitive)) {
      throw new IllegalArgumentException("'primitive' must be one of " + PRIMITIVES);
    }
    if (primitive != null) {
      a.primitive = primitive;
      a.adminOnline = !"offline".equals(primitive);
    }
    if (mood != null) {
      a.mood = mood;
    }
    core.presenceChanged(a);
    return new JsonObject().put("uid", a.uid).put("primitive", a.visiblePrimitive()).put("mood", a.mood);
  }

  /** {@code {to, buid, group?, alias?}}: the server adds a contact to {@code to}'s roster (buddy_added). */
  JsonObject buddyAdded(JsonObject b) {
    AccountState a = account(b, "to");
    String buid = text(b, "buid", true);
    AccountState t = core.account(buid);
    String id = t == null ? buid : t.uid;
    String group = text(b, "group", false);
    AccountState.RosterEntry e = new AccountState.RosterEntry(id,
        group == null || group.isEmpty() ? SimulatorWorld.DEFAULT_GROUP : group, text(b, "alias", false));
    a.roster.put(SimulatorWorld.key(id), e);
    a.pending.remove(SimulatorWorld.key(id));
    int n = core.toAccount(a, "im", "buddy_added", new JsonArray().add(core.buddyObject(e)));
    return new JsonObject().put("delivered", n);
  }

  /** {@code {to, buid}}: a contact disappears from {@code to}'s roster (buddy_removed, array form). */
  JsonObject buddyRemoved(JsonObject b) {
    AccountState a = account(b, "to");
    String buid = text(b, "buid", true);
    AccountState.RosterEntry e = a.roster.remove(SimulatorWorld.key(buid));
    if (e == null) {
      throw new NoSuchElementException("'" + buid + "' is not in the roster of " + a.uid);
    }
    int n = core.toAccount(a, "im", "buddy_removed", new JsonArray().add(new JsonObject().put("buid", e.buid)));
    return new JsonObject().put("delivered", n);
  }

  /** {@code {to, from, msg?}}: an authorisation request, kept until answered (buddy_request). */
  JsonObject authRequest(JsonObject b) {
    AccountState a = account(b, "to");
    String from = text(b, "from", true);
    AccountState sender = core.account(from);
    String buid = sender == null ? from : sender.uid;
    String msg = b.getValue("msg") == null ? "" : text(b, "msg", false);
    if (a.blocked.contains(SimulatorWorld.key(buid))) {
      LOG.info("authorisation request from {} to {} dropped: blocked", buid, a.uid);
      return new JsonObject().put("delivered", 0).put("blocked", true);
    }
    JsonObject request = new JsonObject().put("buid", buid).put("msg", msg);
    a.pending.put(SimulatorWorld.key(buid), request);
    int n = core.toAccount(a, "im", "buddy_request", request.copy());
    return new JsonObject().put("delivered", n);
  }

  /**
   * {@code {creator, members: [uid...], name?, topic?}}: someone creates a group chat; every
   * member's sessions get buddy_added with the chat entry before the member entries.
   */
  JsonObject groupCreated(JsonObject b) {
    AccountState creator = account(b, "creator");
    if (!(b.getValue("members") instanceof JsonArray list)) {
      throw new IllegalArgumentException("'members' must be an array of uids");
    }
    List<AccountState> members = new ArrayList<>();
    for (Object o : list) {
      AccountState m = o instanceof String s ? core.account(s) : null;
      if (m == null || m.isBot()) {
        throw new NoSuchElementException("no account '" + o + "'");
      }
      members.add(m);
    }
    String name = text(b, "name", false);
    Group g = new Group(core.newGid(), name == null || name.isBlank() ? "Group chat" : name);
    String topic = text(b, "topic", false);
    g.topic = topic == null ? "" : topic;
    g.members.put(creator.key, creator.uid);
    members.forEach(m -> g.members.putIfAbsent(m.key, creator.uid));
    core.groups.put(g.gid, g);
    JsonArray entries = new JsonArray().add(core.chatObject(g));
    g.members.keySet().forEach(m -> entries.add(core.memberObject(g, m)));
    for (String m : g.members.keySet()) {
      core.toAccount(core.accounts.get(m), "im", "buddy_added", entries.copy());
    }
    LOG.info("{} created group {} with {}", creator.uid, g.gid, g.members.keySet());
    return new JsonObject().put("gid", g.gid).put("buid", g.buid());
  }

  /** {@code {gid, from, msg, alias?}}: a group chat message from a member to the other members. */
  JsonObject groupMessage(JsonObject b) {
    Group g = group(b);
    AccountState from = member(g, b, "from");
    String msg = text(b, "msg", true);
    String alias = text(b, "alias", false);
    JsonObject edata = ImoCore.imEdata(g.buid(), alias == null ? from.alias : alias, msg, Wire.nowSeconds())
        .put("author", from.uid);
    int n = 0;
    for (String m : List.copyOf(g.members.keySet())) {
      AccountState to = core.accounts.get(m);
      if (to != null && to != from) {
        n += core.deliverIm(to, edata.copy());
      }
    }
    return new JsonObject().put("delivered", n);
  }

  /** {@code {gid, by, topic}}: a member changes the topic. */
  JsonObject groupTopic(JsonObject b) {
    Group g = group(b);
    AccountState by = member(g, b, "by");
    g.topic = text(b, "topic", true);
    core.topicChanged(g, by);
    return new JsonObject().put("gid", g.gid).put("topic", g.topic);
  }

  /** {@code {gid, member}}: a member is kicked (or leaves); every member gets buddy_removed. */
  JsonObject groupKick(JsonObject b) {
    Group g = group(b);
    AccountState m = member(g, b, "member");
    core.removeMember(g, m.key);
    return new JsonObject().put("gid", g.gid).put("members", g.members.size());
  }

  /** {@code {to, from, type = "call"}}: an incoming call (streams_info from {@code av}). */
  JsonObject callStarted(JsonObject b) {
    AccountState to = account(b, "to");
    String from = text(b, "from", true);
    String type = text(b, "type", false);
    JsonObject edata = new JsonObject().put("buid", from).put("is_initiator", false)
        .put("send_stream", core.newId(17)).put("recv_stream", core.newId(17));
    int n = core.toAccount(to, "av", "streams_info", type == null ? "call" : type, edata);
    return new JsonObject().put("delivered", n);
  }

  /** {@code {to, from, type = "call"}}: the call with {@code from} ends ({@code ended} from {@code av}). */
  JsonObject callEnded(JsonObject b) {
    AccountState to = account(b, "to");
    String from = text(b, "from", true);
    String type = text(b, "type", false);
    int n = core.toAccount(to, "av", "ended", type == null ? "call" : type, new JsonObject().put("buid", from));
    return new JsonObject().put("delivered", n);
  }

  /**
   * {@code {to | ssid, msg?}}: a forced disconnect: the session(s) get {@code disconnect} with
   * {@code edata.msg} and are logged out (the ssid stays until it idles out).
   */
  JsonObject disconnect(JsonObject b) {
    String msg = b.getValue("msg") == null ? "" : text(b, "msg", false);
    List<Session> targets = sessions(b);
    for (Session s : targets) {
      core.enqueue(s, "im", Wire.event("disconnect", s.loginUid, new JsonObject().put("msg", msg)));
      core.logout(s);
    }
    return new JsonObject().put("disconnected", targets.size());
  }

  /** {@code {to | ssid}}: a message from system {@code reset}; the session(s) are logged out. */
  JsonObject reset(JsonObject b) {
    List<Session> targets = sessions(b);
    for (Session s : targets) {
      core.enqueue(s, "reset", new JsonObject());
      core.logout(s);
    }
    return new JsonObject().put("reset", targets.size());
  }

  /** {@code {to | ssid, autoAway = true}}: the preference push of docs/imo-protocol.md §10.8. */
  JsonObject preference(JsonObject b) {
    boolean value = !Boolean.FALSE.equals(b.getValue("autoAway"));
    List<Session> targets = sessions(b);
    JsonObject push = new JsonObject().put("preferences", new JsonArray().add(new JsonObject()
        .put("kind", "impref").put("pref", "auto_away").put("value", value)));
    targets.forEach(s -> core.enqueue(s, "preference", push.copy()));
    return new JsonObject().put("delivered", targets.size());
  }

  // ---------------------------------------------------------------- helpers

  private List<Session> sessions(JsonObject b) {
    String to = text(b, "to", false);
    String ssid = text(b, "ssid", false);
    if ((to == null) == (ssid == null)) {
      throw new IllegalArgumentException("give exactly one of 'to' (account) or 'ssid'");
    }
    if (ssid != null) {
      Session s = core.sessions.get(ssid);
      if (s == null) {
        throw new NoSuchElementException("no session '" + ssid + "'");
      }
      return List.of(s);
    }
    AccountState a = account(b, "to");
    return List.copyOf(a.sessions);
  }

  private AccountState account(JsonObject b, String key) {
    String uid = text(b, key, true);
    AccountState a = core.account(uid);
    if (a == null) {
      throw new NoSuchElementException("no account '" + uid + "'");
    }
    return a;
  }

  private Group group(JsonObject b) {
    String gid = text(b, "gid", true);
    int semi = gid.indexOf(';');
    Group g = core.groups.get(semi < 0 ? gid : gid.substring(0, semi));
    if (g == null) {
      throw new NoSuchElementException("no group '" + gid + "'");
    }
    return g;
  }

  private AccountState member(Group g, JsonObject b, String key) {
    AccountState a = account(b, key);
    if (!g.members.containsKey(a.key)) {
      throw new NoSuchElementException(a.uid + " is no member of group " + g.gid);
    }
    return a;
  }

  static String text(JsonObject b, String key, boolean required) {
    Object v = b.getValue(key);
    if (v == null) {
      if (required) {
        throw new IllegalArgumentException("'" + key + "' is required");
      }
      return null;
    }
    if (!(v instanceof String s) || (required && s.isEmpty() && !key.equals("msg"))) {
      throw new IllegalArgumentException("'" + key + "' must be a non-empty string");
    }
    return s;
  }
}
