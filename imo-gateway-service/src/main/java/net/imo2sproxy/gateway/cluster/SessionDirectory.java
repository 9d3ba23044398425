package net.imo2sproxy.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster's record of who owns what, in two Vert.x shared-data maps (Hazelcast maps when
 * clustered, local maps otherwise), both written with a time-to-live: a lease that the owner
 * renews, so a gateway that dies loses its entries by itself.
 *
 * <ul>
 *   <li>{@value #OWNERS_MAP}: account key (lower-case username) to {@link Owner}: the session id,
 *       the owning gateway and the session's upstream imo.im session id (ssid). Claimed with
 *       putIfAbsent, so one account has one session in the whole cluster.</li>
 *   <li>{@value #GATEWAYS_MAP}: gateway id to its number of sessions, for placement.</li>
 * </ul>
 *
 * <p>Values are JSON text (never a password). Lease renewal is get-then-put, so a claim that
 * lands between the two can be overwritten (then the claimer loses its next renewal and hands
 * over): the compare-and-set with a time-to-live, {@code AsyncMap.replaceIfPresent(k, old,
 * new, ttl)}, is not implemented by the Hazelcast map (Vert.x 5.0), and without a time-to-live
 * a renewal would not extend the lease. An owner that finds another gateway's entry has lost
 * the account and must hand its connections over.
 */
public final class SessionDirectory {

  public static final String OWNERS_MAP = "imo2sproxy.session-owners";
  public static final String GATEWAYS_MAP = "imo2sproxy.gateways";

  /** One ownership entry. */
  public record Owner(String sessionId, String gatewayId, String upstreamSsid) {

    String encode() {
      JsonObject json = new JsonObject().put("session", sessionId).put("gateway", gatewayId);
      if (upstreamSsid != null) {
        json.put("ssid", upstreamSsid);
      }
      return json.encode();
    }

    static Owner decode(String text) {
      if (text == null) {
        return null;
      }
      JsonObject json = new JsonObject(text);
      return new Owner(json.getString("session"), json.getString("gateway"),
          json.getString("ssid"));
    }
  }

  /** One live gateway and its load. */
  public record GatewayLoad(String gatewayId, int sessions) {
  }

  private final Future<AsyncMap<String, String>> owners;
  private final Future<AsyncMap<String, String>> gateways;
  private final long leaseMillis;

  public SessionDirectory(Vertx vertx, long leaseMillis) {
    this.owners = vertx.sharedData().getAsyncMap(OWNERS_MAP);
    this.gateways = vertx.sharedData().getAsyncMap(GATEWAYS_MAP);
    this.leaseMillis = leaseMillis;
  }

  /** Completes when both maps are available. */
  public Future<Void> ready() {
    return Future.all(owners, gateways).mapEmpty();
  }

  /** The owner of an account's session, or null. */
  public Future<Owner> owner(String accountKey) {
    return owners.compose(map -> map.get(accountKey)).map(Owner::decode);
  }

  /** Claims an account; the future carries the existing owner when someone else was first. */
  public Future<Owner> claim(String accountKey, Owner owner) {
    return owners.compose(map -> map.putIfAbsent(accountKey, owner.encode(), leaseMillis))
        .map(Owner::decode);
  }

  /**
   * Renews the lease of {@code owner}; false when the account now belongs to someone else
   * (then nothing is written).
   */
  public Future<Boolean> renew(String accountKey, Owner owner) {
    return owners.compose(map -> map.get(accountKey).compose(current -> {
      Owner existing = Owner.decode(current);
      if (existing != null && !existing.sessionId().equals(owner.sessionId())) {
        return Future.succeededFuture(false);
      }
      return map.put(accountKey, owner.encode(), leaseMillis).map(true);
    }));
  }

  /** Removes the entry if it still names {@code sessionId}; true when it did. */
  public Future<Boolean> release(String accountKey, String sessionId) {
    return owners.compose(map -> map.get(accountKey).compose(current -> {
      Owner existing = Owner.decode(current);
      if (existing == null || !existing.sessionId().equals(sessionId)) {
        return Future.succeededFuture(false);
      }
      return map.removeIfPresent(accountKey, current);
    }));
  }

  /** Publishes this gateway's load (and that it is alive) for one lease. */
  public Future<Void> announce(String gatewayId, int sessions) {
    return gateways.compose(map -> map.put(gatewayId,
        new JsonObject().put("sessions", sessions).encode(), leaseMillis));
  }

  /** Removes this gateway from placement (it is stopping). */
  public Future<Void> withdraw(String gatewayId) {
    return gateways.compose(map -> map.remove(gatewayId)).mapEmpty();
  }

  /** Live gateways with their loads. */
  public Future<List<GatewayLoad>> gateways() {
    return gateways.compose(AsyncMap::entries).map(entries -> {
      List<GatewayLoad> result = new ArrayList<>();
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        int sessions;
        try {
          sessions = new JsonObject(entry.getValue()).getInteger("sessions", 0);
        } catch (RuntimeException e) {
          continue;
        }
        result.add(new GatewayLoad(entry.getKey(), sessions));
      }
      return result;
    });
  }
}
