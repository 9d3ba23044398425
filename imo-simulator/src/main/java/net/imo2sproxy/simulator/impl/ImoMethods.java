package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One small handler per client method (docs/imo-protocol.md §9 shapes,
 * imo-simulator/README.md "What the server does"). The table in the
 * constructor is the complete list of what the simulator understands.
 */
final class ImoMethods {

  private static final Logger LOG = LoggerFactory.getLogger(ImoMethods.class);

  @FunctionalInterface
  private interface Handler {
    /** {@code args} = {@code data.data}, {@code payload} = {@code data} (carries request_id). */
    void handle(Session s, JsonObject args, JsonObject payload);
  }

  private record Entry(String system, boolean needsLogin, Handler handler) {
  }

  private final ImoCore core;
  private final Map<String, Entry> table = new HashMap<>();

  ImoMethods(ImoCore core) {
    this.core = core;
    table.put("account_login", new Entry("im", false, this::accountLogin));
    table.put("get_unread_msgs", new Entry("im", true, this::getUnreadMsgs));
    table.put("get_alpha_for_user", new Entry("alpha", false, this::accept));
    table.put("observed_user_activity", new Entry("session", false, this::accept));
    table.put("reui_session", new Entry("session", false, this::accept));
    table.put("signoff_all", new Entry("session", false, this::signoffAll));
    table.put("set_status", new Entry("session", true, this::setStatus));
    table.put("send_im", new Entry("im", true, this::sendIm));
    table.put("im_typing", new Entry("im", false, this::accept));
    table.put("add_buddy", new Entry("im", true, (s, a, p) -> addBuddy(s, a, true)));
    table.put("auth_add", new Entry("im", true, (s, a, p) -> {
      answerRequest(s, a);
      addBuddy(s, a, false);
    }));
    table.put("del_buddy", new Entry("im", true, this::delBuddy));
    table.put("auth_deny", new Entry("im", true, (s, a, p) -> answerRequest(s, a)));
    table.put("block_buddy", new Entry("im", true, this::block));
    table.put("auth_block", new Entry("im", true, (s, a, p) -> {
      answerRequest(s, a);
      block(s, a, p);
    }));
    table.put("unblock_buddy", new Entry("im", true, this::unblock));
    table.put("change_buddy_alias", new Entry("im", true, this::changeAlias));
    table.put("create_shared_group", new Entry("im", true, this::createGroup));
    table.put("invite_to_group", new Entry("im", true, this::invite));
    table.put("kick_member", new Entry("im", true, this::kick));
    table.put("leave_group", new Entry("im", true, this::leaveGroup));
    table.put("set_group_topic", new Entry("im", true, this::setTopic));
    table.put("start_audio_chat", new Entry("av", true, this::startAudioChat));
    table.put("set", new Entry("preference", false, this::accept));
  }

  /** Runs the handler; false when the method is unknown (the message still counts as received). */
  boolean dispatch(Session s, String system, String method, JsonObject args, JsonObject payload) {
    Entry e = table.get(method);
    if (e == null) {
      LOG.warn("{}: unknown method '{}' to system '{}' accepted without effect", s.ssid, method, system);
      return false;
    }
    if (!e.system().equals(system)) {
      // lenient: real clients win over the catalogue, so only note the difference
      LOG.warn("{}: method {} sent to system '{}', expected '{}'", s.ssid, method, system, e.system());
    }
    if (e.needsLogin() && s.account == null) {
      LOG.warn("{}: {} before login ignored", s.ssid, method);
      return true;
    }
    e.handler().handle(s, args, payload);
    return true;
  }

  private void accept(Session s, JsonObject args, JsonObject payload) {
    // recorded in the request log by the core; nothing else to do
  }

  private void accountLogin(Session s, JsonObject args, JsonObject payload) {
    String uid = Wire.asString(args.getValue("uid"));
    Object passwd = args.getValue("passwd");
    AccountState a = core.account(uid);
    if (a == null || a.isBot() || !a.password.equals(passwd)) {
      LOG.info("{}: login as '{}' refused: wrong uid or password", s.ssid, uid);
      core.enqueue(s, "im", Wire.event("disconnect", null, new JsonObject().put("msg", "uidpassword")));
      return;
    }
    core.login(s, a, uid);
  }

  private void getUnreadMsgs(Session s, JsonObject args, JsonObject payload) {
    AccountState a = s.account;
    List<JsonObject> pending = List.copyOf(a.unread);
    a.unread.clear();
    // delivered to the asking session only: it is the one that fetched them
    pending.forEach(m -> core.enqueue(s, "im", Wire.event("recv_im", s.loginUid, m)));
  }

  private void signoffAll(Session s, JsonObject args, JsonObject payload) {
    core.endSession(s, "signoff_all");
  }

  private void setStatus(Session s, JsonObject args, JsonObject payload) {
    AccountState a = s.account;
    String primitive = Wire.asString(args.getValue("primitive"));
    String status = Wire.asString(args.getValue("status"));
    if (primitive != null && !primitive.isBlank()) {
      a.primitive = primitive;
    }
    if (status != null) {
      a.mood = status;
    }
    JsonObject reflect = new JsonObject().put("r_name", "set_status").put("primitive", a.primitive)
        .put("status", a.mood);
    others(s).forEach(o -> core.enqueue(o, "im", Wire.event("reflect", o.loginUid, reflect.copy())
        .put("type", "account")));
    core.presenceChanged(a);
  }

  private void sendIm(Session s, JsonObject args, JsonObject payload) {
    AccountState from = s.account;
    String buid = Wire.asString(args.getValue("buid"));
    String msg = Wire.asString(args.getValue("msg"));
    if (buid == null || msg == null) {
      LOG.warn("{}: send_im without buid or msg ignored (no ack)", s.ssid);
      return;
    }
    long ts = Wire.nowSeconds();
    Long requestId = Wire.asLong(payload.getValue("request_id"));
    SimulatorSettings settings = core.settings();
    if (requestId != null && settings.sendAcks) {
      JsonObject ack = new JsonObject().put("request_id", requestId)
          .put("response", new JsonObject().put("timestamp", ts));
      core.later(settings.ackDelayMillis, () -> core.enqueue(s, "internal", ack));
    }
    JsonObject reflect = new JsonObject().put("r_name", "send_im").put("buid", buid).put("msg", msg)
        .put("timestamp", ts);
    others(s).forEach(o -> core.enqueue(o, "im", Wire.event("reflect", o.loginUid, reflect.copy())
        .put("type", "conv")));
    if (buid.contains(";")) {
      groupMessage(s, buid, msg, ts);
      return;
    }
    AccountState to = core.account(buid);
    if (to == null) {
      LOG.info("{}: message to unknown account '{}' dropped", s.ssid, buid);
    } else if (to.isBot()) {
      core.echo(to, from, msg);
    } else {
      core.deliverIm(to, ImoCore.imEdata(from.uid, from.alias, msg, ts));
    }
  }

  private void groupMessage(Session s, String buid, String msg, long ts) {
    AccountState from = s.account;
    Group g = memberGroup(s, buid);
    if (g == null) {
      return;
    }
    JsonObject edata = ImoCore.imEdata(g.buid(), from.alias, msg, ts).put("author", from.uid);
    for (String m : g.members.keySet()) {
      AccountState to = core.accounts.get(m);
      if (to != null && to != from) {
        core.deliverIm(to, edata);
      }
    }
  }

  // ------------------------------------------------------------ roster

  private void addBuddy(Session s, JsonObject args, boolean request) {
    AccountState a = s.account;
    String buid = Wire.asString(args.getValue("buid"));
    if (buid == null || buid.isBlank() || SimulatorWorld.key(buid).equals(a.key)) {
      LOG.warn("{}: add of invalid buddy '{}' ignored", s.ssid, buid);
      return;
    }
    AccountState t = core.account(buid);
    String id = t == null ? buid : t.uid;
    String key = SimulatorWorld.key(id);
    a.blocked.remove(key);
    // the original always sends "Offline" (docs/imo-protocol.md §9.6);
    // a real contact lives in "Skype"
    String group = Wire.asString(args.getValue("group"));
    if (group == null || group.isBlank() || group.equals("Offline")) {
      group = SimulatorWorld.DEFAULT_GROUP;
    }
    AccountState.RosterEntry e = a.roster.get(key);
    if (e == null) {
      e = new AccountState.RosterEntry(id, group, null);
      a.roster.put(key, e);
    }
    core.toAccount(a, "im", "buddy_added", new JsonArray().add(core.buddyObject(e)));
    if (request && t != null && !t.isBot() && !t.roster.containsKey(a.key) && !t.blocked.contains(a.key)) {
      JsonObject req = new JsonObject().put("buid", a.uid).put("msg", "");
      t.pending.put(a.key, req);
      core.toAccount(t, "im", "buddy_request", req.copy());
    }
  }

  /** auth_add / auth_deny / auth_block answer the pending request of that buid. */
  private void answerRequest(Session s, JsonObject args) {
    String buid = Wire.asString(args.getValue("buid"));
    if (buid == null || s.account.pending.remove(SimulatorWorld.key(buid)) == null) {
      LOG.info("{}: no pending authorisation request from '{}'", s.ssid, buid);
    }
  }

  private void delBuddy(Session s, JsonObject args, JsonObject payload) {
    removeFromRoster(s.account, Wire.asString(args.getValue("buid")));
  }

  private void block(Session s, JsonObject args, JsonObject payload) {
    String buid = Wire.asString(args.getValue("buid"));
    if (buid != null) {
      s.account.blocked.add(SimulatorWorld.key(buid));
      removeFromRoster(s.account, buid);
    }
  }

  private void unblock(Session s, JsonObject args, JsonObject payload) {
    String buid = Wire.asString(args.getValue("buid"));
    if (buid != null) {
      s.account.blocked.remove(SimulatorWorld.key(buid));
    }
  }

  private void removeFromRoster(AccountState a, String buid) {
    AccountState.RosterEntry e = buid == null ? null : a.roster.remove(SimulatorWorld.key(buid));
    if (e != null) {
      core.toAccount(a, "im", "buddy_removed", new JsonArray().add(new JsonObject().put("buid", e.buid)));
    }
  }

  private void changeAlias(Session s, JsonObject args, JsonObject payload) {
    String buid = Wire.asString(args.getValue("buid"));
    AccountState.RosterEntry e = buid == null ? null : s.account.roster.get(SimulatorWorld.key(buid));
    if (e != null) {
      e.alias = Wire.asString(args.getValue("alias"));
      core.toAccount(s.account, "im", "buddy_status", new JsonArray().add(core.buddyObject(e)));
    }
  }

  // ------------------------------------------------------------ group chats

  private void createGroup(Session s, JsonObject args, JsonObject payload) {
    AccountState a = s.account;
    String name = Wire.asString(args.getValue("name"));
    Group g = new Group(core.newGid(), name == null || name.isBlank() ? "Group chat" : name);
    g.members.put(a.key, a.uid);
    core.groups.put(g.gid, g);
    LOG.info("{}: {} created group {}", s.ssid, a.uid, g.gid);
    core.toAccount(a, "im", "buddy_added",
        new JsonArray().add(core.chatObject(g)).add(core.memberObject(g, a.key)));
  }

  private void invite(Session s, JsonObject args, JsonObject payload) {
    Group g = memberGroup(s, Wire.asString(args.getValue("gid")));
    String ibuid = Wire.asString(args.getValue("ibuid"));
    AccountState t = core.account(ibuid);
    if (g == null || t == null || g.members.containsKey(t.key)) {
      LOG.info("{}: invite of '{}' ignored", s.ssid, ibuid);
      return;
    }
    g.members.put(t.key, s.account.uid);
    JsonObject member = core.memberObject(g, t.key);
    for (String m : g.members.keySet()) {
      AccountState w = core.accounts.get(m);
      if (w != t) {
        core.toAccount(w, "im", "buddy_added", new JsonArray().add(member.copy()));
      }
    }
    JsonArray all = new JsonArray().add(core.chatObject(g));
    g.members.keySet().forEach(m -> all.add(core.memberObject(g, m)));
    core.toAccount(t, "im", "buddy_added", all);
  }

  private void kick(Session s, JsonObject args, JsonObject payload) {
    String buid = Wire.asString(args.getValue("buid"));
    String[] parts = buid == null ? new String[0] : buid.split(";");
    Group g = parts.length >= 2 ? memberGroup(s, parts[0]) : null;
    String key = parts.length >= 2 ? SimulatorWorld.key(parts[1]) : null;
    if (g == null || !g.members.containsKey(key)) {
      LOG.info("{}: kick of '{}' ignored", s.ssid, buid);
      return;
    }
    removeMember(g, key);
  }

  private void leaveGroup(Session s, JsonObject args, JsonObject payload) {
    Group g = memberGroup(s, Wire.asString(args.getValue("gid")));
    if (g != null) {
      removeMember(g, s.account.key);
      core.toAccount(s.account, "im", "buddy_removed", new JsonArray().add(new JsonObject().put("buid", g.buid())));
    }
  }

  private void removeMember(Group g, String key) {
    core.removeMember(g, key);
  }

  private void setTopic(Session s, JsonObject args, JsonObject payload) {
    Group g = memberGroup(s, Wire.asString(args.getValue("gid")));
    String topic = Wire.asString(args.getValue("topic"));
    if (g != null && topic != null) {
      g.topic = topic;
      core.topicChanged(g, s.account);
    }
  }

  /** The group named by a gid (with or without trailing ';') if the session's account is a member. */
  private Group memberGroup(Session s, String gid) {
    if (gid == null) {
      return null;
    }
    int semi = gid.indexOf(';');
    Group g = core.groups.get(semi < 0 ? gid : gid.substring(0, semi));
    if (g == null || !g.members.containsKey(s.account.key)) {
      LOG.info("{}: {} is no member of group '{}'", s.ssid, s.account.uid, gid);
      return null;
    }
    return g;
  }

  // ------------------------------------------------------------ calls

  private void startAudioChat(Session s, JsonObject args, JsonObject payload) {
    String buid = Wire.asString(args.getValue("buid"));
    if (buid == null) {
      return;
    }
    AccountState callee = core.account(buid);
    String a = core.newId(17);
    String b = core.newId(17);
    core.enqueue(s, "av", Wire.event("streams_info", s.loginUid, new JsonObject().put("buid", buid)
        .put("is_initiator", true).put("send_stream", a).put("recv_stream", b)).put("type", "call"));
    if (callee != null && !callee.isBot()) {
      core.toAccount(callee, "av", "streams_info", "call", new JsonObject().put("buid", s.account.uid)
          .put("is_initiator", false).put("send_stream", b).put("recv_stream", a));
    }
  }

  private static List<Session> others(Session s) {
    return s.account.sessions.stream().filter(o -> o != s).toList();
  }
}
