package net.imo2sproxy.gateway.emulator.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages of one account session, by number, oldest first, bounded in size.
 *
 * <p>Numbers come from one process-wide counter seeded from the clock, so that a client that
 * stays connected across a gateway restart never sees a number it already knows (the Miranda
 * plugin ignores numbers it saw in the last 30 minutes). The seed grows by four per second,
 * so numbers stay below 2^31 until 2037.
 */
public final class MessageStore {

  private static final long EPOCH_2020 = 1_577_836_800L;
  private static final AtomicLong NEXT_ID =
      new AtomicLong((System.currentTimeMillis() / 1000 - EPOCH_2020) * 4);

  /**
   * Own messages kept by command key per connection, whatever their status: as many as an
   * endpoint may leave unacknowledged per connection (16), so a resent send always finds its
   * message if the session made it.
   */
  public static final int KEYED_PER_CONNECTION = 16;

  private final int capacity;
  private final Map<Long, ChatMessage> byId = new LinkedHashMap<>();
  // the last KEYED_PER_CONNECTION keyed own messages of each connection, oldest first
  private final Map<String, ArrayDeque<ChatMessage>> keyed = new HashMap<>();
  // own messages by the request id of their send_im, newest wins (a cache, see below)
  private final Map<Integer, ChatMessage> byRequestId = new HashMap<>();

  public MessageStore(int capacity) {
    this.capacity = capacity;
  }

  public static long nextId() {
    return NEXT_ID.incrementAndGet();
  }

  /** Makes every later {@link #nextId} greater than {@code used}. */
  static void raiseFloor(long used) {
    NEXT_ID.accumulateAndGet(used, Math::max);
  }

  /**
   * Adds an entry; beyond the capacity evicts the oldest entry that is not an unread incoming
   * message (those stay until read), or the oldest of all when every entry is unread, so
   * memory stays bounded. Returns the evicted entry.
   */
  public ChatMessage add(ChatMessage message) {
    byId.put(message.id, message);
    if (message.commandKey != null) {
      ArrayDeque<ChatMessage> recent = keyed.computeIfAbsent(message.commandKey.connection(),
          c -> new ArrayDeque<>());
      recent.addLast(message);
      if (recent.size() > KEYED_PER_CONNECTION) {
        recent.removeFirst();
      }
    }
    if (byId.size() <= capacity) {
      return null;
    }
    ChatMessage evicted = null;
    for (ChatMessage candidate : byId.values()) {
      if (candidate.status != ChatMessage.Status.RECEIVED) {
        evicted = candidate;
        break;
      }
    }
    if (evicted == null) {
      Iterator<ChatMessage> oldest = byId.values().iterator();
      evicted = oldest.next();
    }
    byId.remove(evicted.id);
    return evicted;
  }

  public ChatMessage get(long id) {
    return byId.get(id);
  }

  /** The own message that command {@code key} sent, or null when it sent none (kept or known). */
  public ChatMessage byCommandKey(CommandKey key) {
    ArrayDeque<ChatMessage> recent = keyed.get(key.connection());
    if (recent != null) {
      for (ChatMessage message : recent) {
        if (message.commandKey.equals(key)) {
          return message;
        }
      }
    }
    return null;
  }

  /**
   * True for one of the last {@link #KEYED_PER_CONNECTION} keyed own messages of its
   * connection (the saved state keeps those whatever their status).
   */
  public boolean recentlyKeyed(ChatMessage message) {
    ArrayDeque<ChatMessage> recent = message.commandKey == null ? null
        : keyed.get(message.commandKey.connection());
    return recent != null && recent.contains(message);
  }

  /** The connection left for good: its commands are never resent. */
  public void forgetConnection(String connectionId) {
    keyed.remove(connectionId);
  }

  /** Sets the request id of an own message's {@code send_im}, indexed for its acknowledgement. */
  public void expectAck(ChatMessage message, int requestId) {
    message.requestId = requestId;
    byRequestId.put(requestId, message);
    if (byRequestId.size() > 2 * capacity) {
      // entries of acknowledged, failed or evicted messages: pruned now and then, so the
      // index stays bounded at an amortized constant cost
      byRequestId.values().removeIf(m -> m.requestId < 0 || byId.get(m.id) != m);
    }
  }

  /** Entries of the request-id index (bounded; for tests). */
  public int requestIndexSize() {
    return byRequestId.size();
  }

  /**
   * Own messages still waiting for their acknowledgement, matched by request id
   * (docs/skype-api-emulation.md §13, Q19).
   */
  public ChatMessage outgoingByRequestId(int requestId) {
    // The index only answers when still true (request ids are reset without it, and restored
    // messages are not in it); otherwise the scan decides.
    ChatMessage indexed = byRequestId.get(requestId);
    if (indexed != null && indexed.requestId == requestId && byId.get(indexed.id) == indexed) {
      return indexed;
    }
    byRequestId.remove(requestId);
    ChatMessage match = null;
    for (ChatMessage message : byId.values()) {
      if (message.outgoing && message.requestId == requestId) {
        match = message; // newest wins, as in the original
      }
    }
    return match;
  }

  public List<ChatMessage> withStatus(ChatMessage.Status status) {
    List<ChatMessage> result = new ArrayList<>();
    for (ChatMessage message : byId.values()) {
      if (message.status == status) {
        result.add(message);
      }
    }
    return result;
  }

  /**
   * Drops entries stored before {@code limitMillis} that nobody needs any more: neither unread
   * incoming messages nor own messages still SENDING. Returns how many were dropped.
   */
  public int dropOlderThan(long limitMillis) {
    int dropped = 0;
    Iterator<ChatMessage> it = byId.values().iterator();
    while (it.hasNext()) {
      ChatMessage message = it.next();
      if (message.storedAt < limitMillis && message.status != ChatMessage.Status.RECEIVED
          && message.status != ChatMessage.Status.SENDING && message.ackTimer < 0) {
        it.remove();
        dropped++;
      }
    }
    return dropped;
  }

  /** The entries, oldest first, as a live view (do not change the store while iterating). */
  public Collection<ChatMessage> values() {
    return Collections.unmodifiableCollection(byId.values());
  }

  public List<ChatMessage> all() {
    return new ArrayList<>(byId.values());
  }
}
