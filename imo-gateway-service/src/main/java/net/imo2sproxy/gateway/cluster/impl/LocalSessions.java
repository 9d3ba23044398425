package net.imo2sproxy.gateway.cluster.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The sessions this gateway holds, by session id and by account; closed once it stops. */
final class LocalSessions {

  private final Map<String, SessionEntry> byAccount = new HashMap<>();
  private final Map<String, SessionEntry> bySessionId = new HashMap<>();
  private boolean stopping;

  void add(SessionEntry entry) {
    byAccount.put(entry.accountKey(), entry);
    bySessionId.put(entry.sessionId(), entry);
  }

  /** True when {@code entry} was still held (only the first removal counts). */
  boolean remove(SessionEntry entry) {
    boolean removed = bySessionId.remove(entry.sessionId()) != null;
    byAccount.remove(entry.accountKey(), entry);
    return removed;
  }

  SessionEntry byAccount(String accountKey) {
    return byAccount.get(accountKey);
  }

  SessionEntry bySessionId(String sessionId) {
    return bySessionId.get(sessionId);
  }

  boolean holds(SessionEntry entry) {
    return bySessionId.get(entry.sessionId()) == entry;
  }

  /** A copy: callers may end sessions while they go through it. */
  List<SessionEntry> all() {
    return new ArrayList<>(bySessionId.values());
  }

  int count() {
    return bySessionId.size();
  }

  /** The gateway is stopping: no new session opens here. */
  void stopAccepting() {
    stopping = true;
  }

  boolean stopping() {
    return stopping;
  }
}
