package net.imo2sproxy.gateway.bridge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * What each client socket of a TCP bridge may do (EVENT-BUS.md, "TCP bridge"): a bridge client
 * is an endpoint whose id the bridge gives it. It may consume only that endpoint's address,
 * its attaches carry that endpoint id, and it may command, detach and heartbeat only the
 * connections it attached itself. So it never sees or drives another client's connections,
 * whatever ids it learns.
 *
 * <p>Confined to the bridge's context.
 */
final class BridgeAccounts {

  /** Connections one socket may attach (each one is a login at the gateway). */
  static final int MAX_CONNECTIONS_PER_SOCKET = 256;

  /** One socket's endpoint id and the connections it attached. */
  static final class Account {
    final String endpointId = UUID.randomUUID().toString();
    final Set<String> connections = new HashSet<>();
  }

  private final Map<NetSocket, Account> accounts = new HashMap<>();
  // which socket attached each connection id first: no other may claim it
  private final Map<String, NetSocket> owners = new HashMap<>();

  void opened(NetSocket socket) {
    accounts.computeIfAbsent(socket, s -> new Account());
  }

  void closed(NetSocket socket) {
    Account account = accounts.remove(socket);
    if (account != null) {
      account.connections.forEach(owners::remove);
    }
  }

  /** The socket's account (created on its first event if the socket event came late). */
  Account of(NetSocket socket) {
    return accounts.computeIfAbsent(socket, s -> new Account());
  }

  /** Null when the socket may consume {@code address}, else why not. */
  String register(NetSocket socket, String address) {
    return BusAddresses.endpoint(of(socket).endpointId).equals(address) ? null
        : "only the endpoint address the bridge gave this socket may be consumed";
  }

  /**
   * Stamps the socket's endpoint id into a request to {@link BusAddresses#BRIDGE_ENDPOINT}
   * (the bridge's own consumer echoes it back); null when allowed, else why not.
   */
  String askEndpoint(NetSocket socket, Object body) {
    if (!(body instanceof JsonObject json)) {
      return "the request must be a JSON object";
    }
    json.put(BusMessages.ENDPOINT, of(socket).endpointId);
    return null;
  }

  /**
   * An attach: its endpoint becomes the socket's, and its connection the socket's unless
   * another socket holds that id; null when allowed, else why not.
   */
  String attach(NetSocket socket, Object body) {
    if (!(body instanceof JsonObject json)
        || !(json.getValue(BusMessages.CONNECTION) instanceof String connection)
        || connection.isEmpty()) {
      return "an attach needs a 'connection'";
    }
    Account account = of(socket);
    NetSocket owner = owners.get(connection);
    if (owner != null && owner != socket) {
      return "connection " + connection + " belongs to another client";
    }
    if (owner == null && account.connections.size() >= MAX_CONNECTIONS_PER_SOCKET) {
      return "too many connections on this socket";
    }
    owners.put(connection, socket);
    account.connections.add(connection);
    json.put(BusMessages.ENDPOINT, account.endpointId);
    return null;
  }

  /**
   * A command, detach or heartbeat to a session: only for the socket's own connections (a
   * heartbeat also gets the socket's endpoint id); null when allowed, else why not.
   */
  String toSession(NetSocket socket, JsonObject body) {
    Account account = of(socket);
    String type = body.getString(BusMessages.TYPE);
    if (BusMessages.TYPE_HEARTBEAT.equals(type)) {
      if (!(body.getValue(BusMessages.CONNECTIONS) instanceof JsonArray listed)) {
        return "a heartbeat needs 'connections'";
      }
      for (Object connection : listed) {
        if (!account.connections.contains(connection)) {
          return "connection " + connection + " was not attached by this client";
        }
      }
      body.put(BusMessages.ENDPOINT, account.endpointId);
      return null;
    }
    Object connection = body.getValue(BusMessages.CONNECTION);
    return account.connections.contains(connection) ? null
        : "connection " + connection + " was not attached by this client";
  }
}
