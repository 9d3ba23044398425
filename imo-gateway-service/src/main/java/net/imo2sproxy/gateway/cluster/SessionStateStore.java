package net.imo2sproxy.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import net.imo2sproxy.gateway.emulator.model.MessageNumbers;

/**
 * What a survivor needs to continue a session, in the clustered map {@value #STATE_MAP}
 * (Hazelcast when clustered), written with a time-to-live that the owner refreshes:
 *
 * <ul>
 *   <li>{@code state:<session id>}: the upstream imo.im session (ssid, cookies, sequence
 *       numbers), the message numbering, unread messages and pending sends (JSON of
 *       {@code AccountSession.snapshot});</li>
 *   <li>{@code roster:<session id>}: contacts and chats, written only when they change;</li>
 *   <li>{@code account:<account key>}: the account's last session id, so a survivor finds the
 *       state even after the owner's lease ran out.</li>
 * </ul>
 *
 * <p>Keys are random session ids and account names; never a password.
 */
public final class SessionStateStore {

  public static final String STATE_MAP = "imo2sproxy.session-state";
  /** Cluster-wide counter handing out blocks of message numbers. */
  public static final String NUMBERS_COUNTER = "imo2sproxy.message-numbers";
  private static final long EPOCH_2020 = 1_577_836_800L;
  /** Compare-and-set attempts on the numbers counter before giving up. */
  static final int MAX_CAS_ATTEMPTS = 8;

  /** A previous owner's state, read for a take-over. */
  public record Saved(String sessionId, JsonObject state, JsonObject roster) {
  }

  private final Vertx vertx;
  private final Future<AsyncMap<String, String>> map;
  private final long ttlMillis;

  public SessionStateStore(Vertx vertx, long ttlMillis) {
    this.vertx = vertx;
    this.map = vertx.sharedData().getAsyncMap(STATE_MAP);
    this.ttlMillis = ttlMillis;
  }

  /**
   * Writes the session's state, the roster when not null, and the account pointer when
   * {@code pointer} (it only changes with the session, so writes on change skip it).
   */
  public Future<Void> save(String sessionId, String accountKey, String state, String roster,
      boolean pointer) {
    return map.compose(m -> {
      Future<Void> written = m.put("state:" + sessionId, state, ttlMillis);
      Future<Void> rosterWritten = roster == null ? Future.succeededFuture()
          : m.put("roster:" + sessionId, roster, ttlMillis);
      Future<Void> pointerWritten = !pointer ? Future.succeededFuture()
          : m.put("account:" + accountKey, sessionId, ttlMillis);
      return Future.all(written, rosterWritten, pointerWritten).mapEmpty();
    });
  }

  /** The state of {@code sessionId}, or null. */
  public Future<Saved> load(String sessionId) {
    return map.compose(m -> Future.all(m.get("state:" + sessionId),
        m.get("roster:" + sessionId)).map(both -> {
          String state = both.resultAt(0);
          String roster = both.resultAt(1);
          if (state == null) {
            return null;
          }
          try {
            return new Saved(sessionId, new JsonObject(state),
                roster == null ? null : new JsonObject(roster));
          } catch (RuntimeException e) {
            return null;
          }
        }));
  }

  /** The last session id of an account whose state may still be stored, or null. */
  public Future<String> lastSession(String accountKey) {
    return map.compose(m -> m.get("account:" + accountKey));
  }

  /** Removes a session's state; the account pointer only while it still names the session. */
  public Future<Void> delete(String sessionId, String accountKey) {
    return map.compose(m -> Future.all(m.remove("state:" + sessionId),
        m.remove("roster:" + sessionId),
        m.removeIfPresent("account:" + accountKey, sessionId)).mapEmpty());
  }

  /** The cluster counter as the message numbers' block source (allocate, and raise). */
  public MessageNumbers.BlockSource numberBlocks() {
    return new MessageNumbers.BlockSource() {
      @Override
      public Future<Long> allocate(int size) {
        return allocateNumbers(size);
      }

      @Override
      public Future<Void> raiseTo(long floor) {
        return raiseNumbersTo(floor);
      }
    };
  }

  /** Raises the counter to at least {@code floor}: later blocks start above it. */
  public Future<Void> raiseNumbersTo(long floor) {
    return vertx.sharedData().getCounter(NUMBERS_COUNTER)
        .compose(counter -> raise(counter, floor, MAX_CAS_ATTEMPTS));
  }

  /**
   * Compare-and-set until the counter is at least {@code floor}; each failed attempt means
   * another gateway moved it meanwhile. Fails after {@code attempts} (the numbering then
   * falls back to local numbers above the floor) rather than retrying without end.
   */
  static Future<Void> raise(Counter counter, long floor, int attempts) {
    return counter.get().compose(current -> {
      if (current >= floor) {
        return Future.<Void>succeededFuture();
      }
      if (attempts <= 0) {
        return Future.<Void>failedFuture(new IllegalStateException(
            "the message number counter kept moving; gave up raising it to " + floor));
      }
      return counter.compareAndSet(current, floor).compose(set -> set
          ? Future.<Void>succeededFuture() : raise(counter, floor, attempts - 1));
    });
  }

  /**
   * Allocates {@code size} message numbers cluster-wide; the counter starts at the clock seed
   * the process-local numbering used (four per second since 2020), so numbers keep growing
   * across restarts of the whole cluster.
   */
  public Future<Long> allocateNumbers(int size) {
    long seed = (System.currentTimeMillis() / 1000 - EPOCH_2020) * 4;
    return vertx.sharedData().getCounter(NUMBERS_COUNTER).compose(counter ->
        raise(counter, seed, MAX_CAS_ATTEMPTS)
            .compose(v -> counter.getAndAdd(size))
            .map(first -> first + 1));
  }
}
