package net.imo2sproxy.simulator;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The accounts and bots a simulator starts with. Immutable; the simulator copies it into its
 * own mutable state, so one world can back several simulators.
 *
 * <p>JSON format (see README.md):
 * <pre>
 * { "echoBot": true,
 *   "accounts": [ { "uid": "alice", "password": "alice-pw", "alias": "Alice", "mood": "",
 *                   "icon": "optional icon id, \"\" = none",
 *                   "buddies": [ "bob", { "buid": "carol", "group": "Buddies", "alias": "Carol" } ],
 *                   "unread": [ { "from": "bob", "alias": "Bob", "msg": "hi", "timestamp": 1342598460 } ] } ],
 *   "bots": [ { "uid": "echo123", "alias": "Echo Test Service", "kind": "echo", "everyone": true } ] }
 * </pre>
 */
public final class SimulatorWorld {

  /** The uid of the standard echo bot. */
  public static final String ECHO_UID = "echo123";
  /** Roster group used when a buddy entry names none. */
  public static final String DEFAULT_GROUP = "Skype";

  /** One roster entry of an account; {@code alias} may be null (then the buddy's own alias is used). */
  public record Buddy(String buid, String group, String alias) {
    public Buddy {
      requireText(buid, "buddy buid");
      group = blankToNull(group) == null ? DEFAULT_GROUP : group;
    }
  }

  /** An offline message waiting for {@code get_unread_msgs}; {@code timestamp} in seconds, null = start time. */
  public record Unread(String from, String alias, String msg, Long timestamp) {
    public Unread {
      requireText(from, "unread from");
      Objects.requireNonNull(msg, "unread msg");
    }
  }

  /** A pending authorisation request from {@code from}, delivered as {@code buddy_request} at login. */
  public record AuthRequest(String from, String msg) {
    public AuthRequest {
      requireText(from, "request from");
      msg = msg == null ? "" : msg;
    }
  }

  /**
   * A login account. {@code icon} null = no avatar; {@code pending} = authorisation requests
   * waiting for an answer; {@code blocked} = uids whose messages and requests are dropped.
   */
  public record Account(String uid, String password, String alias, String mood, String icon,
                        List<Buddy> buddies, List<Unread> unread, List<AuthRequest> pending,
                        List<String> blocked) {
    public Account {
      requireText(uid, "account uid");
      Objects.requireNonNull(password, "password of " + uid);
      alias = blankToNull(alias) == null ? uid : alias;
      mood = mood == null ? "" : mood;
      buddies = List.copyOf(buddies);
      unread = List.copyOf(unread);
      pending = pending == null ? List.of() : List.copyOf(pending);
      blocked = blocked == null ? List.of() : List.copyOf(blocked);
    }

    /** An account without pending requests or blocked users. */
    public Account(String uid, String password, String alias, String mood, String icon,
                   List<Buddy> buddies, List<Unread> unread) {
      this(uid, password, alias, mood, icon, buddies, unread, List.of(), List.of());
    }

    /** Passwords must never reach logs, so the record's default toString is replaced. */
    @Override
    public String toString() {
      return "Account[" + uid + ", alias=" + alias + ", buddies=" + buddies.size() + "]";
    }
  }

  /** A scripted contact that cannot log in. {@code everyone} = present in every account's roster. */
  public record Bot(String uid, String alias, String kind, String mood, String icon, boolean everyone) {
    public Bot {
      requireText(uid, "bot uid");
      alias = blankToNull(alias) == null ? uid : alias;
      kind = blankToNull(kind) == null ? "echo" : kind;
      if (!"echo".equals(kind)) {
        throw new IllegalArgumentException("unsupported bot kind '" + kind + "' (only 'echo')");
      }
      mood = mood == null ? "" : mood;
    }
  }

  private final List<Account> accounts;
  private final List<Bot> bots;

  public SimulatorWorld(List<Account> accounts, List<Bot> bots) {
    this.accounts = List.copyOf(accounts);
    this.bots = List.copyOf(bots);
    Set<String> seen = new HashSet<>();
    for (Account a : this.accounts) {
      if (!seen.add(key(a.uid()))) {
        throw new IllegalArgumentException("duplicate uid '" + a.uid() + "'");
      }
    }
    for (Bot b : this.bots) {
      if (!seen.add(key(b.uid()))) {
        throw new IllegalArgumentException("duplicate uid '" + b.uid() + "'");
      }
    }
  }

  /** alice/alice-pw and bob/bob-pw, buddies of each other, plus echo123 in both rosters. */
  public static SimulatorWorld demo() {
    Account alice = new Account("alice", "alice-pw", "Alice", "", iconFor("alice"),
        List.of(new Buddy("bob", DEFAULT_GROUP, null)), List.of());
    Account bob = new Account("bob", "bob-pw", "Bob", "", iconFor("bob"),
        List.of(new Buddy("alice", DEFAULT_GROUP, null)), List.of());
    return new SimulatorWorld(List.of(alice, bob), List.of(echoBot()));
  }

  /** The standard echo bot. */
  public static Bot echoBot() {
    return new Bot(ECHO_UID, "Echo Test Service", "echo", "", iconFor(ECHO_UID), true);
  }

  /** Reads a world file (blocking: call it off the event loop). */
  public static SimulatorWorld load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return load(new JsonObject(text));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("world file " + file + " is not a JSON object: " + e.getMessage(), e);
    }
  }

  /**
   * Builds a world from its JSON form.
   *
   * @throws IllegalArgumentException when a required field is missing or has the wrong type
   */
  public static SimulatorWorld load(JsonObject json) {
    try {
      List<Account> accounts = new ArrayList<>();
      for (Object o : array(json, "accounts")) {
        accounts.add(account(object(o, "account")));
      }
      List<Bot> bots = new ArrayList<>();
      for (Object o : array(json, "bots")) {
        JsonObject b = object(o, "bot");
        bots.add(new Bot(b.getString("uid"), b.getString("alias"), b.getString("kind"),
            b.getString("mood"), icon(b), b.getBoolean("everyone", true)));
      }
      boolean echo = json.getBoolean("echoBot", true);
      if (echo && bots.stream().noneMatch(b -> key(b.uid()).equals(ECHO_UID))
          && accounts.stream().noneMatch(a -> key(a.uid()).equals(ECHO_UID))) {
        bots.add(echoBot());
      }
      return new SimulatorWorld(accounts, bots);
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("invalid world: " + e.getMessage(), e);
    }
  }

  private static Account account(JsonObject a) {
    String uid = a.getString("uid");
    List<Buddy> buddies = new ArrayList<>();
    for (Object o : array(a, "buddies")) {
      if (o instanceof String s) {
        buddies.add(new Buddy(s, DEFAULT_GROUP, null));
      } else {
        JsonObject b = object(o, "buddy of " + uid);
        buddies.add(new Buddy(b.getString("buid"), b.getString("group"), b.getString("alias")));
      }
    }
    List<Unread> unread = new ArrayList<>();
    for (Object o : array(a, "unread")) {
      JsonObject u = object(o, "unread message of " + uid);
      Number ts = u.getNumber("timestamp");
      unread.add(new Unread(u.getString("from"), u.getString("alias"), u.getString("msg"),
          ts == null ? null : ts.longValue()));
    }
    List<AuthRequest> pending = new ArrayList<>();
    for (Object o : array(a, "pending")) {
      JsonObject r = object(o, "pending request of " + uid);
      pending.add(new AuthRequest(r.getString("from"), r.getString("msg")));
    }
    List<String> blocked = new ArrayList<>();
    for (Object o : array(a, "blocked")) {
      if (!(o instanceof String b) || b.isBlank()) {
        throw new IllegalArgumentException("blocked entries of " + uid + " must be uids");
      }
      blocked.add(b);
    }
    return new Account(uid, a.getString("password"), a.getString("alias"), a.getString("mood"),
        icon(a), buddies, unread, pending, blocked);
  }

  private static String icon(JsonObject o) {
    if (!o.containsKey("icon")) {
      String uid = o.getString("uid");
      return uid == null ? null : iconFor(uid);
    }
    return blankToNull(o.getString("icon"));
  }

  /** Serialises this world (including passwords: keep the result out of logs). */
  public JsonObject toJson() {
    JsonArray accs = new JsonArray();
    for (Account a : accounts) {
      JsonArray buddies = new JsonArray();
      a.buddies().forEach(b -> buddies.add(new JsonObject().put("buid", b.buid()).put("group", b.group())
          .put("alias", b.alias())));
      JsonArray unread = new JsonArray();
      a.unread().forEach(u -> unread.add(new JsonObject().put("from", u.from()).put("alias", u.alias())
          .put("msg", u.msg()).put("timestamp", u.timestamp())));
      accs.add(new JsonObject().put("uid", a.uid()).put("password", a.password()).put("alias", a.alias())
          .put("mood", a.mood()).put("icon", a.icon() == null ? "" : a.icon())
          .put("buddies", buddies).put("unread", unread)
          .put("pending", new JsonArray(a.pending().stream()
              .map(r -> (Object) new JsonObject().put("from", r.from()).put("msg", r.msg())).toList()))
          .put("blocked", new JsonArray(new ArrayList<Object>(a.blocked()))));
    }
    JsonArray bs = new JsonArray();
    bots.forEach(b -> bs.add(new JsonObject().put("uid", b.uid()).put("alias", b.alias()).put("kind", b.kind())
        .put("mood", b.mood()).put("icon", b.icon() == null ? "" : b.icon()).put("everyone", b.everyone())));
    return new JsonObject().put("echoBot", false).put("accounts", accs).put("bots", bs);
  }

  public List<Account> accounts() {
    return accounts;
  }

  public List<Bot> bots() {
    return bots;
  }

  /** Looks an account up case-insensitively. */
  public Optional<Account> account(String uid) {
    return accounts.stream().filter(a -> key(a.uid()).equals(key(uid))).findFirst();
  }

  /** A stable icon id derived from the uid, so avatars survive restarts. */
  public static String iconFor(String uid) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key(uid).getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 7; i++) {
        sb.append(String.format("%02x", h[i]));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Account names compare case-insensitively. */
  public static String key(String uid) {
    return uid == null ? "" : uid.toLowerCase(Locale.ROOT);
  }

  private static JsonArray array(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v == null) {
      return new JsonArray();
    }
    if (v instanceof JsonArray a) {
      return a;
    }
    throw new IllegalArgumentException("'" + field + "' must be an array");
  }

  private static JsonObject object(Object o, String what) {
    if (o instanceof JsonObject j) {
      return j;
    }
    throw new IllegalArgumentException(what + " must be an object");
  }

  private static void requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    // ';' separates group ids from members in buids (docs/imo-protocol.md §11)
    if (s.contains(";") || !s.strip().equals(s)) {
      throw new IllegalArgumentException(what + " '" + s + "' must not contain ';' or surrounding spaces");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
