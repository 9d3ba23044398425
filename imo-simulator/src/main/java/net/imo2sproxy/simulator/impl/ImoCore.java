package net.imo2sproxy.simulator.impl;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.simulator.SimulatorWorld;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The protocol core: sessions, sequence numbers, queues, long polls, accounts and delivery
 * (docs/imo-protocol.md §3, §4, §6 and §15). No HTTP here; every method runs on the simulator's
 * event loop.
 */
final class ImoCore {

  private static final Logger LOG = LoggerFactory.getLogger(ImoCore.class);
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  /** The original client stores at most 17 characters (docs/imo-protocol.md §5). */
  private static final int SSID_LENGTH = 17;
  /** Bounds memory when a client never acknowledges. */
  private static final int MAX_UNACKED = 1000;

  private final Vertx vertx;
  private final Context context;
  private final SimulatorSettings settings;
  private final RequestLog requestLog;
  private final SecureRandom random = new SecureRandom();
  final Map<String, AccountState> accounts = new LinkedHashMap<>();
  final Map<String, Session> sessions = new HashMap<>();
  final Map<String, Group> groups = new LinkedHashMap<>();
  private final ImoMethods methods;
  /** Numbers responses, so redelivery knows what was delivered before a request started. */
  private long responseCounter;

  ImoCore(Vertx vertx, Context context, SimulatorWorld world, SimulatorSettings settings, RequestLog requestLog) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.requestLog = requestLog;
    for (SimulatorWorld.Account a : world.accounts()) {
      AccountState s = new AccountState(a.uid(), a.password(), a.alias(), a.mood(), a.icon(), null);
      accounts.put(s.key, s);
    }
    for (SimulatorWorld.Bot b : world.bots()) {
      AccountState s = new AccountState(b.uid(), null, b.alias(), b.mood(), b.icon(), b.kind());
      accounts.put(s.key, s);
    }
    long start = Wire.nowSeconds();
    for (SimulatorWorld.Account a : world.accounts()) {
      AccountState s = accounts.get(SimulatorWorld.key(a.uid()));
      for (SimulatorWorld.Buddy b : a.buddies()) {
        AccountState target = accounts.get(SimulatorWorld.key(b.buid()));
        String buid = target == null ? b.buid() : target.uid;
        s.roster.putIfAbsent(SimulatorWorld.key(buid), new AccountState.RosterEntry(buid, b.group(), b.alias()));
      }
      for (SimulatorWorld.Bot bot : world.bots()) {
        if (bot.everyone()) {
          s.roster.putIfAbsent(SimulatorWorld.key(bot.uid()),
              new AccountState.RosterEntry(bot.uid(), SimulatorWorld.DEFAULT_GROUP, null));
        }
      }
      for (SimulatorWorld.AuthRequest r : a.pending()) {
        AccountState from = accounts.get(SimulatorWorld.key(r.from()));
        String buid = from != null ? from.uid : r.from();
        s.pending.put(SimulatorWorld.key(buid), new JsonObject().put("buid", buid).put("msg", r.msg()));
      }
      a.blocked().forEach(b -> s.blocked.add(SimulatorWorld.key(b)));
      for (SimulatorWorld.Unread u : a.unread()) {
        AccountState from = accounts.get(SimulatorWorld.key(u.from()));
        String alias = u.alias() != null ? u.alias() : from != null ? from.alias : u.from();
        s.unread.add(imEdata(from != null ? from.uid : u.from(), alias, u.msg(),
            u.timestamp() == null ? start : u.timestamp()));
      }
    }
    accounts.values().forEach(a -> a.lastBroadcast = a.visiblePrimitive() + "\u0000" + a.mood);
    this.methods = new ImoMethods(this);
  }

  SimulatorSettings settings() {
    return settings;
  }

  // ---------------------------------------------------------------- HTTP entry point

  /** Handles one decoded POST /imo body. */
  void handle(String httpMethod, String rawData, Exchange ex) {
    JsonObject env = parseObject(rawData);
    long now = System.currentTimeMillis();
    if (httpMethod == null || env == null) {
      LOG.warn("invalid /imo request (method={}, data {}): answered empty", httpMethod,
          rawData == null ? "missing" : "not a JSON object, " + rawData.length() + " chars");
      requestLog.add(new JsonObject().put("time", now).put("kind", "invalid").put("http", httpMethod));
      ex.reply(Wire.response(0, new JsonArray()));
      return;
    }
    switch (httpMethod) {
      case "rest_rpc" -> restRpc(env, ex, now);
      case "forward_to_server" -> forward(env, ex, now);
      case "echo" -> {
        // no envelope: the whole body is the data
        record(now, "echo", null, "echo", null, null, null, new JsonObject().put("data", env), "accepted");
        ex.reply(new JsonObject().put("method", "echo").put("data", env));
      }
      default -> {
        LOG.warn("unknown HTTP-level method '{}': answered empty", httpMethod);
        record(now, httpMethod, Wire.asString(env.getValue("ssid")), null, null, null, null, env, "unknown");
        ex.reply(emptyFor(env));
      }
    }
  }

  private void restRpc(JsonObject env, Exchange ex, long now) {
    JsonObject msg = firstMessage(env);
    JsonObject payload = msg == null ? null : Wire.asObject(msg.getValue("data"));
    String method = payload == null ? null : Wire.asString(payload.getValue("method"));
    String oldSsid = Wire.asString(env.getValue("ssid"));
    if (!"get_cookie_and_ssid".equals(method)) {
      LOG.warn("rest_rpc with unsupported method '{}': answered empty", method);
      record(now, "rest_rpc", oldSsid, method, system(msg), seq(msg), null, payload, "unknown");
      ex.reply(emptyFor(env));
      return;
    }
    Session s = new Session(newId(SSID_LENGTH));
    sessions.put(s.ssid, s);
    LOG.info("new session {} (client id {})", s.ssid, oldSsid);
    record(now, "rest_rpc", oldSsid, method, system(msg), seq(msg), null, payload, "session " + s.ssid);
    ex.reply(Wire.bootstrap(s.ssid));
  }

  private void forward(JsonObject env, Exchange ex, long now) {
    long startCounter = responseCounter;
    String ssid = Wire.asString(env.getValue("ssid"));
    Long ack = Wire.asLong(env.getValue("ack"));
    JsonArray messages = env.getValue("messages") instanceof JsonArray a ? a : new JsonArray();
    Session s = ssid == null ? null : sessions.get(ssid);
    if (s == null) {
      LOG.info("request for unknown or ended ssid {}: {}", ssid,
          settings.expireUnknownSsid ? "expired" : "ack 0");
      record(now, "forward_to_server", ssid, null, null, null, ack, null, "unknown ssid");
      ex.reply(unknownSsid(ack));
      return;
    }
    s.lastSeen = now;
    if (ack != null) {
      s.acknowledge(ack);
    }
    if (messages.isEmpty()) {
      requestLog.add(new JsonObject().put("time", now).put("kind", "poll").put("http", "forward_to_server")
          .put("ssid", ssid).put("ack", ack));
      longPoll(s, ack, startCounter, ex);
      return;
    }
    for (Object m : messages) {
      process(s, m, ack, now);
    }
    ex.reply(drain(s, ack, startCounter));
  }

  /** Checks the client seq (docs/imo-protocol.md §4.1) and dispatches. */
  private void process(Session s, Object raw, Long ack, long now) {
    JsonObject msg = Wire.asObject(raw);
    JsonObject payload = msg == null ? null : Wire.asObject(msg.getValue("data"));
    String method = payload == null ? null : Wire.asString(payload.getValue("method"));
    String system = system(msg);
    Long seq = seq(msg);
    String result;
    if (seq == null) {
      LOG.warn("{}: message without seq ignored (method {})", s.ssid, method);
      result = "no seq";
    } else if (seq < s.expectedSeq) {
      LOG.info("{}: duplicate seq {} (expected {}), not processed again", s.ssid, seq, s.expectedSeq);
      result = "duplicate";
    } else if (seq > s.expectedSeq) {
      LOG.warn("{}: protocol error, seq {} but expected {}; not processed", s.ssid, seq, s.expectedSeq);
      result = "out of order";
    } else {
      s.expectedSeq++;
      result = "processed";
      if (method == null) {
        LOG.warn("{}: message seq {} without data.method", s.ssid, seq);
        result = "no method";
      } else {
        JsonObject args = payload.getValue("data") instanceof JsonObject o ? o : new JsonObject();
        try {
          if (!methods.dispatch(s, system, method, args, payload)) {
            result = "unknown method";
          }
        } catch (RuntimeException e) {
          LOG.error("{}: method {} failed", s.ssid, method, e);
          result = "error";
        }
      }
    }
    record(now, "forward_to_server", s.ssid, method, system, seq, ack, payload, result);
  }

  private void longPoll(Session s, Long ack, long startCounter, Exchange ex) {
    if (s.poll != null) {
      // at most one held poll per ssid: the older one is answered empty
      Session.Poll old = s.poll;
      s.poll = null;
      vertx.cancelTimer(old.timerId);
      old.exchange.reply(Wire.response(s.expectedSeq, new JsonArray()));
    }
    long hold = settings.holdMillis;
    if (hasDeliverable(s, ack, startCounter) || hold <= 0) {
      ex.reply(drain(s, ack, startCounter));
      return;
    }
    Session.Poll p = new Session.Poll(ex, ack, startCounter);
    s.poll = p;
    p.timerId = vertx.setTimer(hold, id -> {
      if (s.poll == p) {
        s.poll = null;
        s.lastSeen = System.currentTimeMillis();
        p.exchange.reply(drain(s, p.ack, p.startCounter));
      }
    });
    ex.onClose(() -> {
      if (s.poll == p) {
        s.poll = null;
        vertx.cancelTimer(p.timerId);
      }
    });
  }

  private boolean hasDeliverable(Session s, Long ack, long startCounter) {
    if (!s.queue.isEmpty()) {
      return true;
    }
    return !settings.deliverOnce && s.unacked.stream().anyMatch(o -> redeliver(o, ack, startCounter));
  }

  private static boolean redeliver(Session.Outgoing o, Long ack, long startCounter) {
    return o.deliveredIn <= startCounter && (ack == null || o.seq >= ack);
  }

  /** Builds a response: ack = next expected client seq plus everything deliverable. */
  private JsonObject drain(Session s, Long ack, long startCounter) {
    long n = ++responseCounter;
    JsonArray out = new JsonArray();
    if (!settings.deliverOnce) {
      for (Session.Outgoing o : s.unacked) {
        if (redeliver(o, ack, startCounter)) {
          o.deliveredIn = n;
          out.add(o.message);
        }
      }
    }
    while (!s.queue.isEmpty()) {
      Session.Outgoing o = s.queue.removeFirst();
      o.deliveredIn = n;
      s.unacked.add(o);
      out.add(o.message);
    }
    if (s.unacked.size() > MAX_UNACKED) {
      s.unacked.subList(0, s.unacked.size() - MAX_UNACKED).clear();
    }
    return Wire.response(s.expectedSeq, out);
  }

  private JsonObject unknownSsid(Long ack) {
    JsonArray msgs = new JsonArray();
    if (settings.expireUnknownSsid) {
      // seq = the client's ack, so a client that drops seq < ack still processes it
      long seq = ack == null || ack < 0 ? 0 : ack;
      msgs.add(Wire.message("im", seq, Wire.event("expired", null, null)));
    }
    return Wire.response(0, msgs);
  }

  private JsonObject emptyFor(JsonObject env) {
    Session s = sessions.get(Wire.asString(env.getValue("ssid")));
    return Wire.response(s == null ? 0 : s.expectedSeq, new JsonArray());
  }

  /** Who a /imo request belongs to, for fault rules: ssid, account key (null = none), long poll or not. */
  record Target(String ssid, String accountKey, boolean poll) {
  }

  /** The request body with its top-level {@code ack} removed (the LOST_ACK fault). */
  static String withoutAck(String rawData) {
    JsonObject env = parseObject(rawData);
    if (env == null) {
      return rawData;
    }
    env.remove("ack");
    return env.encode();
  }

  /** Classifies a request without processing it. Runs on the event loop. */
  Target target(String httpMethod, String rawData) {
    JsonObject env = parseObject(rawData);
    if (env == null) {
      return new Target(null, null, false);
    }
    String ssid = Wire.asString(env.getValue("ssid"));
    Session s = ssid == null ? null : sessions.get(ssid);
    boolean poll = "forward_to_server".equals(httpMethod)
        && !(env.getValue("messages") instanceof JsonArray a && !a.isEmpty());
    return new Target(ssid, s == null || s.account == null ? null : s.account.key, poll);
  }

  /**
   * The answer {@code response} never reached the client: under the "deliver once" fault its
   * messages go back to the front of the queue, with their seqs (otherwise the ack rule
   * delivers them again anyway).
   */
  void undeliver(String ssid, JsonObject response) {
    Session s = ssid == null ? null : sessions.get(ssid);
    JsonObject data = Wire.asObject(response.getValue("data"));
    if (s == null || !settings.deliverOnce || data == null || !(data.getValue("messages") instanceof JsonArray msgs)) {
      return;
    }
    Set<Long> seqs = new HashSet<>();
    for (Object m : msgs) {
      JsonObject o = Wire.asObject(m);
      Long seq = o == null ? null : Wire.asLong(o.getValue("seq"));
      if (seq != null) {
        seqs.add(seq);
      }
    }
    List<Session.Outgoing> back = new ArrayList<>();
    s.unacked.removeIf(o -> seqs.contains(o.seq) && back.add(o));
    back.sort((a, b) -> Long.compare(b.seq, a.seq));
    back.forEach(s.queue::addFirst);
    if (!back.isEmpty()) {
      LOG.info("{}: answer lost, {} message(s) will be delivered again", s.ssid, back.size());
    }
  }

  // ---------------------------------------------------------------- queues

  /** Queues a server message; a held poll of the session is answered on the next turn. */
  void enqueue(Session s, String fromSystem, JsonObject data) {
    if (s.ended) {
      return;
    }
    long seq = s.nextServerSeq++;
    s.queue.addLast(new Session.Outgoing(seq, Wire.message(fromSystem, seq, data)));
    if (s.poll != null && !s.flushScheduled) {
      // deferred, so a command being processed for this session gets its events in its own response
      s.flushScheduled = true;
      context.runOnContext(v -> flush(s));
    }
  }

  private void flush(Session s) {
    s.flushScheduled = false;
    Session.Poll p = s.poll;
    if (p != null && hasDeliverable(s, p.ack, p.startCounter)) {
      s.poll = null;
      vertx.cancelTimer(p.timerId);
      s.lastSeen = System.currentTimeMillis();
      p.exchange.reply(drain(s, p.ack, p.startCounter));
    }
  }

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
    Session.Poll p = s.poll;
    if (p != null) {
      s.poll = null;
      vertx.cancelTimer(p.timerId);
      p.exchange.reply(Wire.response(s.expectedSeq, new JsonArray()));
    }
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

  // ---------------------------------------------------------------- helpers

  private void record(long time, String http, String ssid, String method, String system, Long seq, Long ack,
                      JsonObject payload, String result) {
    JsonObject e = new JsonObject().put("time", time).put("kind", "message").put("http", http)
        .put("ssid", ssid).put("method", method).put("system", system).put("seq", seq).put("ack", ack);
    if (payload != null) {
      e.put("requestId", Wire.asLong(payload.getValue("request_id")));
      e.put("data", RequestLog.mask(payload.getValue("data")));
    }
    e.put("result", result);
    requestLog.add(e);
    if (LOG.isDebugEnabled()) {
      LOG.debug("request {}", e.encode());
    }
  }

  private static JsonObject parseObject(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      Object v = Json.decodeValue(raw);
      return v instanceof JsonObject o ? o : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  private static JsonObject firstMessage(JsonObject env) {
    if (env.getValue("messages") instanceof JsonArray a && !a.isEmpty()) {
      return Wire.asObject(a.getValue(0));
    }
    return null;
  }

  private static String system(JsonObject msg) {
    JsonObject to = msg == null ? null : Wire.asObject(msg.getValue("to"));
    return to == null ? null : Wire.asString(to.getValue("system"));
  }

  private static Long seq(JsonObject msg) {
    return msg == null ? null : Wire.asLong(msg.getValue("seq"));
  }
}
