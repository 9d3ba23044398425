package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.simulator.SimulatorWorld;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runtime state of an account or bot. Confined to the simulator's event loop. */
final class AccountState {

  /** One roster entry; {@code alias} null = use the buddy's own alias. */
  static final class RosterEntry {
    final String buid;
    String group;
    String alias;

    RosterEntry(String buid, String group, String alias) {
      this.buid = buid;
      this.group = group;
      this.alias = alias;
    }
  }

  final String uid;
  final String key;
  /** null for bots, which cannot log in. */
  final String password;
  final String alias;
  final String icon;
  final String botKind;
  String primitive = "available";
  String mood;
  final Map<String, RosterEntry> roster = new LinkedHashMap<>();
  final Set<String> blocked = new HashSet<>();
  final List<JsonObject> unread = new ArrayList<>();
  /** Authorisation requests waiting for auth_add/auth_deny/auth_block: requester key -> {buid, msg}. */
  final Map<String, JsonObject> pending = new LinkedHashMap<>();
  /** Set by the admin API: shown with {@link #primitive} although no session is logged in. */
  boolean adminOnline;
  final Set<Session> sessions = new LinkedHashSet<>();
  /** What watchers were last told, to avoid repeating identical buddy_status events. */
  String lastBroadcast;

  AccountState(String uid, String password, String alias, String mood, String icon, String botKind) {
    this.uid = uid;
    this.key = SimulatorWorld.key(uid);
    this.password = password;
    this.alias = alias;
    this.mood = mood;
    this.icon = icon;
    this.botKind = botKind;
  }

  /** The accounts and bots of {@code world} with their rosters, pending requests, blocks and unread messages. */
  static Map<String, AccountState> fromWorld(SimulatorWorld world) {
    Map<String, AccountState> accounts = new LinkedHashMap<>();
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
        s.roster.putIfAbsent(SimulatorWorld.key(buid), new RosterEntry(buid, b.group(), b.alias()));
      }
      for (SimulatorWorld.Bot bot : world.bots()) {
        if (bot.everyone()) {
          s.roster.putIfAbsent(SimulatorWorld.key(bot.uid()),
              new RosterEntry(bot.uid(), SimulatorWorld.DEFAULT_GROUP, null));
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
        s.unread.add(ImoCore.imEdata(from != null ? from.uid : u.from(), alias, u.msg(),
            u.timestamp() == null ? start : u.timestamp()));
      }
    }
    return accounts;
  }

  boolean isBot() {
    return botKind != null;
  }

  /** Presence as others see it (docs/imo-protocol.md §10.3 primitives). */
  String visiblePrimitive() {
    if (isBot()) {
      return primitive;
    }
    if ((sessions.isEmpty() && !adminOnline) || "invisible".equals(primitive)) {
      return "offline";
    }
    return primitive;
  }

  JsonObject describe() {
    JsonArray r = new JsonArray();
    roster.values().forEach(e -> r.add(new JsonObject().put("buid", e.buid).put("group", e.group)));
    return new JsonObject()
        .put("uid", uid)
        .put("alias", alias)
        .put("bot", isBot() ? botKind : null)
        .put("primitive", visiblePrimitive())
        .put("mood", mood)
        .put("icon", icon)
        .put("sessions", sessions.size())
        .put("unread", unread.size())
        .put("roster", r)
        .put("blocked", new JsonArray(new ArrayList<>(blocked)))
        .put("pending", new JsonArray(new ArrayList<>(pending.values())));
  }
}
