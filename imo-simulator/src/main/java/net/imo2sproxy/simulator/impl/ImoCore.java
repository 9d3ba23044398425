package net.imo2sproxy.simulator.impl;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The server's state and what happens to accounts: accounts, sessions and group chats; sign-on,
 * sign-off and session end; presence, rosters and the events that carry them; delivery of
 * messages to accounts (docs/imo-protocol.md §9, §10, §15). The wire side lives in
 * {@link ImoRequests} (envelope, client seq) and {@link DeliveryQueues} (server queue, acks, long
 * polls). No HTTP here; every method runs on the simulator's event loop.
 */
final class ImoCore {

  private static final Logger LOG = LoggerFactory.getLogger(ImoCore.class);
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final Vertx vertx;
  private final Context context;
  private final SimulatorSettings settings;
  private final SecureRandom random = new SecureRandom();
  final Map<String, AccountState> accounts = new LinkedHashMap<>();
  final Map<String, Session> sessions = new HashMap<>();
  final Map<String, Group> groups = new LinkedHashMap<>();
  final DeliveryQueues queues;

  ImoCore(Vertx vertx, Context context, SimulatorWorld world, SimulatorSettings settings) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.queues = new DeliveryQueues(vertx, context, settings);
    accounts.putAll(AccountState.fromWorld(world));
    accounts.values().forEach(a -> a.lastBroadcast = a.visiblePrimitive() + "\u0000" + a.mood);
  }

  SimulatorSettings settings() {
    return settings;
  }

  /** Queues a server message to one session (see {@link DeliveryQueues#enqueue}). */
  void enqueue(Session s, String fromSystem, JsonObject data) {
    queues.enqueue(s, fromSystem, data);
  }

  // ---------------------------------------------------------------- events to accounts

  /** Queues an event to every session of an account; returns how many sessions. */
  int toAccount(AccountState a, String fromSystem, String name, Object edata) {
    return toAccount(a, fromSystem, name, null, edata);
  }

  /** As above with an event {@code type} (reflect, streams_info); null = none. */
  int toAccount(AccountState a, String fromSystem, String name, String type, Object edata) {
    for (Session s : List.copyOf(a.sessions)) {
      JsonObject event = Wire.event(name, s.loginUid, edata instanceof JsonObject o ? o.copy()
          : edata instanceof JsonArray arr ? arr.copy() : edata);
      if (type != null) {
        event.put("type", type);
      }
      enqueue(s, fromSystem, event);
    }
    return a.sessions.size();
  }

  // ---------------------------------------------------------------- sessions and presence

  void login(Session s, AccountState a, String uidAsTyped) {
    if (s.account != null) {
      logout(s);
    }
    if (a.sessions.isEmpty()) {
      a.primitive = "available";
    }
    s.account = a;
    s.loginUid = uidAsTyped;
    a.sessions.add(s);
    LOG.info("{}: {} signed on ({} session(s))", s.ssid, a.uid, a.sessions.size());
    enqueue(s, "im", Wire.event("signed_on", uidAsTyped, new JsonObject().put("alias", a.alias)));
    enqueue(s, "im", Wire.event("buddy_added", uidAsTyped, rosterOf(a)));
    JsonArray icons = new JsonArray();
    for (AccountState.RosterEntry e : a.roster.values()) {
      AccountState t = accounts.get(SimulatorWorld.key(e.buid));
      if (t != null && t.icon != null) {
        icons.add(new JsonObject().put("buid", t.uid).put("icon", t.icon));
      }
    }
    enqueue(s, "im", Wire.event("buddy_icon", uidAsTyped, icons));
    for (JsonObject request : a.pending.values()) {
      enqueue(s, "im", Wire.event("buddy_request", uidAsTyped, request.copy()));
    }
    presenceChanged(a);
  }

  void logout(Session s) {
    AccountState a = s.account;
    if (a == null) {
      return;
    }
    s.account = null;
    a.sessions.remove(s);
    LOG.info("{}: {} signed off ({} session(s) left)", s.ssid, a.uid, a.sessions.size());
    presenceChanged(a);
  }

  /** Ends a session: later requests for its ssid get {@code expired}. */
  void endSession(Session s, String why) {
    if (s.ended) {
      return;
    }
    LOG.info("session {} ended: {}", s.ssid, why);
    logout(s);
    s.ended = true;
    sessions.remove(s.ssid);
    queues.releasePoll(s);
  }

  /** Expires sessions nobody used for the configured time (a held poll counts as use). */
  void expireIdle(long timeoutMillis) {
    long limit = System.currentTimeMillis() - timeoutMillis;
    for (Session s : List.copyOf(sessions.values())) {
      if (s.poll == null && s.lastSeen < limit) {
        endSession(s, "idle for more than " + timeoutMillis / 1000 + " s");
      }
    }
  }

  /** Tells every watcher's sessions about a changed presence or mood; repeats are suppressed. */
  void presenceChanged(AccountState a) {
    String now = a.visiblePrimitive() + "\u0000" + a.mood;
    if (now.equals(a.lastBroadcast)) {
      return;
    }
    a.lastBroadcast = now;
    for (AccountState w : accounts.values()) {
      AccountState.RosterEntry e = w.roster.get(a.key);
      if (w != a && e != null && !w.sessions.isEmpty()) {
        toAccount(w, "im", "buddy_status", new JsonArray().add(buddyObject(e)));
      }
    }
    for (Group g : groups.values()) {
      if (g.members.containsKey(a.key)) {
        for (String m : g.members.keySet()) {
          AccountState w = accounts.get(m);
          if (w != null && w != a) {
            toAccount(w, "im", "buddy_status", new JsonArray().add(memberObject(g, a.key)));
          }
        }
      }
    }
  }

  /**
   * Full roster: contacts, then each group chat followed by its members (docs/imo-protocol.md §10.3
   * order rule).
   */
  JsonArray rosterOf(AccountState a) {
    JsonArray list = new JsonArray();
    a.roster.values().forEach(e -> list.add(buddyObject(e)));
    for (Group g : groups.values()) {
      if (g.members.containsKey(a.key)) {
        list.add(chatObject(g));
        g.members.keySet().forEach(m -> list.add(memberObject(g, m)));
      }
    }
    return list;
  }

  /** A complete buddy object: buddy_status replaces every field, so none may be left out. */
  JsonObject buddyObject(AccountState.RosterEntry e) {
    AccountState t = accounts.get(SimulatorWorld.key(e.buid));
    return new JsonObject()
        .put("buid", t == null ? e.buid : t.uid)
        .put("alias", e.alias != null ? e.alias : t != null ? t.alias : e.buid)
        .put("primitive", t == null ? "offline" : t.visiblePrimitive())
        .put("status", t == null ? "" : t.mood)
        .put("group", e.group);
  }

  JsonObject chatObject(Group g) {
    return new JsonObject().put("buid", g.buid()).put("alias", g.name).put("display", g.topic)
        .put("primitive", "available").put("type", "group");
  }

  JsonObject memberObject(Group g, String memberKey) {
    AccountState m = accounts.get(memberKey);
    String uid = m == null ? memberKey : m.uid;
    return new JsonObject().put("buid", g.memberBuid(uid)).put("alias", m == null ? uid : m.alias)
        .put("primitive", m == null ? "offline" : m.visiblePrimitive()).put("status", m == null ? "" : m.mood)
        .put("group", g.gid).put("inviter", g.members.get(memberKey));
  }

  /** Removes a member from a group chat; every member (the removed one included) gets buddy_removed. */
  void removeMember(Group g, String key) {
    AccountState member = accounts.get(key);
    JsonObject removed = new JsonObject().put("buid", g.memberBuid(member == null ? key : member.uid));
    List<String> audience = List.copyOf(g.members.keySet());
    g.members.remove(key);
    for (String m : audience) {
      AccountState w = accounts.get(m);
      if (w != null) {
        toAccount(w, "im", "buddy_removed", new JsonArray().add(removed.copy()));
      }
    }
    if (g.members.isEmpty()) {
      groups.remove(g.gid);
    }
  }

  /**
   * A topic change: buddy_status of the chat entry to every member, and to the others a recv_im
   * whose alias equals its text (docs/imo-protocol.md §10.5).
   */
  void topicChanged(Group g, AccountState by) {
    for (String m : List.copyOf(g.members.keySet())) {
      AccountState w = accounts.get(m);
      if (w == null) {
        continue;
      }
      toAccount(w, "im", "buddy_status", new JsonArray().add(chatObject(g)));
      if (w != by) {
        JsonObject edata = imEdata(g.buid(), g.topic, g.topic, Wire.nowSeconds());
        if (by != null) {
          edata.put("author", by.uid);
        }
        toAccount(w, "im", "recv_im", edata);
      }
    }
  }

  // ---------------------------------------------------------------- delivery

  static JsonObject imEdata(String buid, String alias, String msg, long timestamp) {
    return new JsonObject().put("buid", buid).put("alias", alias).put("msg", msg).put("timestamp", timestamp);
  }

  /**
   * Delivers a {@code recv_im} to every logged-in session of {@code to}, or stores it as unread.
   * Returns the number of sessions reached (0 = stored or dropped).
   */
  int deliverIm(AccountState to, JsonObject edata) {
    String from = SimulatorWorld.key(Wire.asString(edata.getValue("author")) != null
        ? edata.getString("author") : edata.getString("buid"));
    if (to.blocked.contains(from)) {
      LOG.info("message from {} to {} dropped: blocked", from, to.uid);
      return 0;
    }
    if (to.isBot()) {
      return 0;
    }
    if (to.sessions.isEmpty()) {
      to.unread.add(edata.copy());
      LOG.info("{} is offline: message from {} stored as unread", to.uid, from);
      return 0;
    }
    return toAccount(to, "im", "recv_im", edata);
  }

  /** The echo bot answers on a later turn, as a real remote party would. */
  void echo(AccountState bot, AccountState sender, String msg) {
    context.runOnContext(v -> deliverIm(sender, imEdata(bot.uid, bot.alias, msg, Wire.nowSeconds())));
  }

  void later(long delayMillis, Runnable action) {
    if (delayMillis <= 0) {
      action.run();
    } else {
      vertx.setTimer(delayMillis, id -> action.run());
    }
  }

  String newId(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }

  String newGid() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }

  AccountState account(String uid) {
    return uid == null ? null : accounts.get(SimulatorWorld.key(uid));
  }

  // ---------------------------------------------------------------- test control (admin API)

  /** Injects a recv_im to every session of {@code to}; stored as unread when none. */
  JsonObject inject(String to, String from, String alias, String msg, Long timestamp) {
    AccountState target = account(to);
    if (target == null || target.isBot()) {
      throw new NoSuchElementException("no account '" + to + "'");
    }
    AccountState sender = account(from);
    String buid = sender != null ? sender.uid : from;
    String name = alias != null ? alias : sender != null ? sender.alias : from;
    JsonObject edata = imEdata(buid, name, msg, timestamp == null ? Wire.nowSeconds() : timestamp);
    int before = target.unread.size();
    int n = deliverIm(target, edata);
    return new JsonObject().put("delivered", n).put("stored", target.unread.size() > before);
  }

  /** Queues a raw event (as given) from {@code system} to one ssid or every session of an account. */
  int injectEvent(String to, String ssid, String system, JsonObject event) {
    if (ssid != null) {
      Session s = sessions.get(ssid);
      if (s == null) {
        throw new NoSuchElementException("no session '" + ssid + "'");
      }
      enqueue(s, system, event.copy());
      return 1;
    }
    AccountState target = account(to);
    if (target == null || target.isBot()) {
      throw new NoSuchElementException("no account '" + to + "'");
    }
    for (Session s : List.copyOf(target.sessions)) {
      enqueue(s, system, event.copy());
    }
    return target.sessions.size();
  }

  JsonArray describeSessions() {
    List<Session> list = new ArrayList<>(sessions.values());
    list.sort((a, b) -> Long.compare(a.createdAt, b.createdAt));
    JsonArray out = new JsonArray();
    list.forEach(s -> out.add(s.describe()));
    return out;
  }

  JsonArray describeAccounts() {
    JsonArray out = new JsonArray();
    accounts.values().forEach(a -> out.add(a.describe()));
    return out;
  }
}
