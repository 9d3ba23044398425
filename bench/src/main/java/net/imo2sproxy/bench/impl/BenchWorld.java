package net.imo2sproxy.bench.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The generated simulator world: disjoint groups of accounts per scenario, so that one
 * scenario's sessions never join another's. Account {@code <group>-<i>} has password
 * {@code pw-<group>-<i>} and the next {@code roster} accounts of its group as buddies (chat
 * accounts: their partner).
 */
public final class BenchWorld {

  public static final String PROBE = "probe";
  public static final String LOGIN = "login";
  public static final String COMMANDS = "cmd";
  public static final String CHAT = "chat";
  public static final String IDLE = "idle";

  private BenchWorld() {
  }

  public static String uid(String group, int i) {
    return group + "-" + i;
  }

  /** The first buddy of {@code uid} in a group of {@code n} (itself when alone). */
  public static String firstBuddy(String uid, int n) {
    int dash = uid.lastIndexOf('-');
    int i = Integer.parseInt(uid.substring(dash + 1));
    return uid.substring(0, dash) + "-" + (n <= 1 ? i : (i + 1) % n);
  }

  /** The SkypeProxy password that logs in as {@code uid}. */
  public static String proxyPassword(String uid) {
    return uid + ":pw-" + uid;
  }

  /** The world as the simulator's JSON world format. */
  public static JsonObject generate(int login, int commands, int chatPairs, int idle,
      int roster) {
    JsonArray accounts = new JsonArray();
    accounts.add(account(PROBE, new JsonArray()));
    addGroup(accounts, LOGIN, login, roster);
    addGroup(accounts, COMMANDS, commands, roster);
    addGroup(accounts, IDLE, idle, roster);
    for (int i = 0; i < 2 * chatPairs; i++) {
      accounts.add(account(uid(CHAT, i), new JsonArray().add(uid(CHAT, i ^ 1))));
    }
    return new JsonObject().put("echoBot", false).put("accounts", accounts);
  }

  private static void addGroup(JsonArray accounts, String group, int n, int roster) {
    for (int i = 0; i < n; i++) {
      JsonArray buddies = new JsonArray();
      for (int k = 1; k <= Math.min(roster, n - 1); k++) {
        buddies.add(uid(group, (i + k) % n));
      }
      accounts.add(account(uid(group, i), buddies));
    }
  }

  private static JsonObject account(String uid, JsonArray buddies) {
    return new JsonObject().put("uid", uid).put("password", "pw-" + uid)
        .put("alias", "User " + uid).put("icon", "").put("buddies", buddies);
  }
}
