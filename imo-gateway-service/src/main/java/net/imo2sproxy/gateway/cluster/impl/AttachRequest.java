package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * What an attach, join or open is about. The password never appears in toString.
 *
 * @param verifyLogin the client gave the account's own credentials and this is no re-attach:
 *     a session opened for it logs in at once and the attach waits for the verdict
 */
record AttachRequest(String connectionId, String endpointId, String remote,
    AccountResolver.Account account, int protocol, boolean resumed, List<Long> sending,
    boolean heartbeat, ConnectionOutput output, boolean verifyLogin) {

  /** Key of {@link #verifyLogin} in the open and join requests between gateways. */
  static final String VERIFY_LOGIN = "verify-login";

  JsonObject toJson(String type) {
    JsonObject json = new JsonObject().put(BusMessages.V, BusMessages.VERSION)
        .put(BusMessages.TYPE, type)
        .put(BusMessages.CONNECTION, connectionId)
        .put(BusMessages.ENDPOINT, endpointId)
        .put(BusMessages.REMOTE, remote)
        .put(BusMessages.USERNAME, account.username())
        .put(BusMessages.PASSWORD, account.password())
        .put(BusMessages.PROTOCOL, protocol)
        .put(BusMessages.RESUME, resumed)
        .put(BusMessages.SENDING, new JsonArray(sending))
        .put(BusMessages.HEARTBEAT, heartbeat)
        .put(VERIFY_LOGIN, verifyLogin);
    return json;
  }

  static AttachRequest fromJson(JsonObject body) {
    String connectionId = BusMessages.requireString(body, BusMessages.CONNECTION);
    String username = BusMessages.requireString(body, BusMessages.USERNAME);
    String password = BusMessages.requireString(body, BusMessages.PASSWORD);
    String endpointId = body.getString(BusMessages.ENDPOINT, "?");
    return new AttachRequest(connectionId, endpointId,
        body.getString(BusMessages.REMOTE, "?"),
        new AccountResolver.Account(username, password),
        body.getInteger(BusMessages.PROTOCOL, 0),
        Boolean.TRUE.equals(body.getValue(BusMessages.RESUME)),
        BusMessages.sendingNumbers(body),
        Boolean.TRUE.equals(body.getValue(BusMessages.HEARTBEAT)),
        outputOf(connectionId, body),
        Boolean.TRUE.equals(body.getValue(VERIFY_LOGIN)));
  }

  /** Where the connection's output goes: its endpoint's address (the attach must name it). */
  static ConnectionOutput outputOf(String connectionId, JsonObject body) {
    return ConnectionOutput.of(connectionId,
        body.getValue(BusMessages.ENDPOINT) instanceof String e ? e : null);
  }

  /** The account key of the directory and the state store (lower-case username). */
  String accountKey() {
    return account.username().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return "AttachRequest[" + connectionId + " " + account + "]";
  }
}
