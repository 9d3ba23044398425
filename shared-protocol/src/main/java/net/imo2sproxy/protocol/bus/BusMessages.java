package net.imo2sproxy.protocol.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Builders and readers for the JSON messages of the endpoint/gateway contract.
 *
 * <p>Every message is a plain {@link JsonObject} with a {@code v} (contract version) field and,
 * for messages sent to a session or a connection, a {@code type} field. No Java-only codec is
 * used, so services in other languages can take part. The shapes are documented in
 * {@code EVENT-BUS.md}.
 */
public final class BusMessages {

  /** Version of the contract implemented here. */
  public static final int VERSION = 2;

  public static final String V = "v";
  public static final String TYPE = "type";

  // message types
  public static final String TYPE_COMMAND = "command";
  public static final String TYPE_DETACH = "detach";
  public static final String TYPE_OUTPUT = "output";
  public static final String TYPE_CLOSE = "close";
  /** Endpoint to session: these connections are alive (and the session must be). */
  public static final String TYPE_HEARTBEAT = "heartbeat";
  /** Gateway to connection: the session moved; attach again with the same credential. */
  public static final String TYPE_REATTACH = "reattach";
  /** Gateway to session: attach a connection to this existing session (credentials checked). */
  public static final String TYPE_JOIN = "join";
  /** Gateway to gateway: open a session for an account here. */
  public static final String TYPE_OPEN = "open";
  /** Gateway to connection: a file (avatar) for the client, in place of a command's reply. */
  public static final String TYPE_AVATAR = "avatar";

  // fields
  public static final String CONNECTION = "connection";
  public static final String ENDPOINT = "endpoint";
  public static final String REMOTE = "remote";
  public static final String CREDENTIAL = "credential";
  /**
   * Optional in an attach: the username a skyped client gave (USERNAME); it names the imo.im
   * account when the credential alone names none (docs/skyped-listener.md).
   */
  public static final String CLIENT_USERNAME = "clientUsername";
  public static final String SESSION = "session";
  public static final String ACCOUNT = "account";
  public static final String LINE = "line";
  public static final String LINES = "lines";
  /** Command: its per-connection number, increasing (a resend keeps it). */
  public static final String ID = "id";
  /** Command: sent again after a failover (the lost session may have run it). */
  public static final String RESENT = "resent";
  /**
   * Acknowledgement, output, attach reply: the own messages whose status the lines report, as
   * {@code {"message":<n>,"status":"<s>"}} (so an endpoint knows which are still SENDING).
   */
  public static final String SENDS = "sends";
  public static final String MESSAGE = "message";
  public static final String STATUS = "status";
  public static final String KIND = "kind";
  public static final String REASON = "reason";
  public static final String PASSWORDLESS = "passwordless";
  public static final String CONNECTIONS = "connections";
  public static final String PROTOCOL = "protocol";
  public static final String RESUME = "resume";
  /** Re-attach: numbers of the connection's own messages last seen SENDING. */
  public static final String SENDING = "sending";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String UNKNOWN = "unknown";
  /**
   * Attach reply field: the id of the gateway holding the session; per-gateway heartbeats go
   * to {@link BusAddresses#gateway(String)}. Absent from the replies of older gateways.
   */
  public static final String GATEWAY = "gateway";
  /**
   * Attach reply field: {@code true} when the gateway takes the session's commands and detaches
   * on its own address (the session named in the body). Absent from older gateways' replies,
   * whose gateway address would refuse them: their endpoints keep the session's address.
   */
  public static final String GATEWAY_ROUTE = "gateway-route";
  /** Per-gateway heartbeat field: session id to the endpoint's connections attached to it. */
  public static final String SESSIONS = "sessions";
  /** Attach field: the endpoint sends heartbeats for this connection (it may be swept). */
  public static final String HEARTBEAT = "heartbeat";
  /** Avatar fields: client-side path, base64 content, reply line and fallback error line. */
  public static final String PATH = "path";
  public static final String DATA = "data";
  public static final String REPLY = "reply";
  public static final String ERROR = "error";

  /** {@code kind} of an output message: the direct reply to one command of this connection. */
  public static final String KIND_REPLY = "reply";
  /** {@code kind} of an output message: an unsolicited notification. */
  public static final String KIND_NOTIFICATION = "notification";

  /** Failure code of an attach refused because of the credentials. */
  public static final int FAILURE_REFUSED = 401;
  /** Failure code of a request naming a session or connection that does not exist. */
  public static final int FAILURE_UNKNOWN = 404;
  /** Failure code of a malformed request (missing field, wrong version). */
  public static final int FAILURE_BAD_REQUEST = 400;
  /** Failure code of an attach refused because too many logins were tried. */
  public static final int FAILURE_THROTTLED = 429;
  /** Failure code between gateways: someone else owns the account now, resolve again. */
  public static final int FAILURE_CONFLICT = 409;
  /** Failure code of a gateway that is shutting down and takes no new sessions. */
  public static final int FAILURE_UNAVAILABLE = 503;

  private BusMessages() {
  }

  private static JsonObject base() {
    // Sized for a bus message's handful of fields: the default map (16 slots) was the largest
    // single allocation per command on the bus (bench/README.md, eighth round).
    return new JsonObject(new java.util.LinkedHashMap<>(8)).put(V, VERSION);
  }

  private static JsonObject typed(String type) {
    return base().put(TYPE, type);
  }

  /** Request for {@link BusAddresses#GATEWAY_AUTH_POLICY}. */
  public static JsonObject authPolicyRequest() {
    return base();
  }

  /** Reply to {@link BusAddresses#GATEWAY_AUTH_POLICY}. */
  public static JsonObject authPolicy(boolean passwordless) {
    return base().put(PASSWORDLESS, passwordless);
  }

  /**
   * Request for {@link BusAddresses#GATEWAY_ATTACH}.
   *
   * @param connectionId random id of the connection
   * @param endpointId id of the endpoint instance holding the connection; the connection's
   *     output goes to {@link BusAddresses#endpoint(String)}
   * @param remote the client's address, for logs and throttling
   * @param credential the SkypeProxy password frame as text, or {@code null} when the
   *     connection never authenticated
   */
  public static JsonObject attach(String connectionId, String endpointId, String remote,
      String credential) {
    JsonObject json = base()
        .put(CONNECTION, connectionId)
        .put(ENDPOINT, endpointId)
        .put(REMOTE, remote);
    if (credential != null) {
      json.put(CREDENTIAL, credential);
    }
    return json;
  }

  /** {@code attach} with a skyped client's username; unchanged when it is null or empty. */
  public static JsonObject withUsername(JsonObject attach, String username) {
    if (username != null && !username.isEmpty()) {
      attach.put(CLIENT_USERNAME, username);
    }
    return attach;
  }

  /**
   * Re-attach after the session was lost or moved: the attach request plus the previous
   * session id and the connection's PROTOCOL level, so the client need not negotiate again,
   * and the numbers of the connection's own messages it last saw SENDING (the gateway tells it
   * how each one ended).
   */
  public static JsonObject reattach(String connectionId, String endpointId, String remote,
      String credential, String previousSessionId, int protocol, List<Long> sending) {
    JsonObject json = attach(connectionId, endpointId, remote, credential);
    if (previousSessionId != null) {
      json.put(RESUME, previousSessionId);
    }
    if (protocol > 0) {
      json.put(PROTOCOL, protocol);
    }
    if (!sending.isEmpty()) {
      json.put(SENDING, new JsonArray(List.copyOf(sending)));
    }
    return json;
  }

  /** The message numbers of a re-attach's {@code sending} field (malformed entries skipped). */
  public static List<Long> sendingNumbers(JsonObject reattach) {
    List<Long> numbers = new ArrayList<>();
    Object listed = reattach.getValue(SENDING);
    if (listed instanceof JsonArray array) {
      for (Object number : array) {
        if (number instanceof Number n && n.longValue() > 0) {
          numbers.add(n.longValue());
        }
      }
    }
    return numbers;
  }

  /** Heartbeat of one endpoint for its connections attached to one session. */
  public static JsonObject heartbeat(String endpointId, List<String> connectionIds) {
    return typed(TYPE_HEARTBEAT).put(ENDPOINT, endpointId)
        .put(CONNECTIONS, new JsonArray(List.copyOf(connectionIds)));
  }

  /**
   * Heartbeat of one endpoint to one gateway for all its connections attached to sessions
   * there, by session id: one request per gateway and interval instead of one per session.
   */
  public static JsonObject gatewayHeartbeat(String endpointId,
      java.util.Map<String, List<String>> connectionsBySession) {
    JsonObject sessions = new JsonObject();
    connectionsBySession.forEach((session, connections) ->
        sessions.put(session, new JsonArray(List.copyOf(connections))));
    return typed(TYPE_HEARTBEAT).put(ENDPOINT, endpointId).put(SESSIONS, sessions);
  }

  /**
   * The attach reply with the id of the gateway that holds the session, which takes the
   * session's commands and detaches on its address too.
   */
  public static JsonObject withGateway(JsonObject attachReply, String gatewayId) {
    return attachReply.put(GATEWAY, gatewayId).put(GATEWAY_ROUTE, true);
  }

  /** Reply to a heartbeat: the listed connections the session does not know (must re-attach). */
  public static JsonObject heartbeatReply(List<String> unknownConnections) {
    return base().put(UNKNOWN, new JsonArray(List.copyOf(unknownConnections)));
  }

  /** The gateway asks the connection to attach again (its session moved to another gateway). */
  public static JsonObject reattachRequest(String reason) {
    return typed(TYPE_REATTACH).put(REASON, reason);
  }

  /** Successful reply to an attach: the session id and the account's name. */
  public static JsonObject attached(String sessionId, String account) {
    return base().put(SESSION, sessionId).put(ACCOUNT, account);
  }

  /**
   * Successful reply to a re-attach: what the session restored for the connection, its
   * PROTOCOL level, and the lines (with their {@link #SENDS}) that tell the client how its
   * own messages last seen SENDING ended, to be written before any later output.
   */
  public static JsonObject reattached(String sessionId, String account, int protocol,
      List<String> lines, JsonArray sends) {
    JsonObject json = attached(sessionId, account).put(PROTOCOL, protocol);
    return withLines(json, lines, sends);
  }

  /** One entry of {@link #SENDS}: own message {@code number} now has {@code status}. */
  public static JsonObject sendStatus(long number, String status) {
    return new JsonObject(new java.util.LinkedHashMap<>(4)).put(MESSAGE, number)
        .put(STATUS, status);
  }

  private static JsonObject withLines(JsonObject json, List<String> lines, JsonArray sends) {
    if (!lines.isEmpty()) {
      json.put(LINES, new JsonArray(List.copyOf(lines)));
    }
    if (sends != null && !sends.isEmpty()) {
      json.put(SENDS, sends);
    }
    return json;
  }

  /**
   * One Skype API line from a connection, sent to its session.
   *
   * @param id the connection's number for the command, increasing; a resend keeps it
   * @param resent the command is sent again after a failover: the session answers a message
   *     send it already made from its record instead of sending the message twice
   */
  public static JsonObject command(String connectionId, long id, String line, boolean resent) {
    JsonObject json = typed(TYPE_COMMAND).put(CONNECTION, connectionId).put(ID, id)
        .put(LINE, line);
    return resent ? json.put(RESENT, true) : json;
  }

  /** The connection is gone; sent to its session. */
  public static JsonObject detach(String connectionId, String reason) {
    return typed(TYPE_DETACH).put(CONNECTION, connectionId).put(REASON, reason);
  }

  /** Lines the connection must write to its client, in order. */
  public static JsonObject output(String kind, List<String> lines) {
    return typed(TYPE_OUTPUT).put(KIND, kind).put(LINES, new JsonArray(List.copyOf(lines)));
  }

  /** {@link #output(String, List)} with the own-message statuses its lines report. */
  public static JsonObject output(String kind, List<String> lines, JsonArray sends) {
    JsonObject json = output(kind, lines);
    return sends == null || sends.isEmpty() ? json : json.put(SENDS, sends);
  }

  /**
   * A picture the endpoint delivers to the client (data slots or its avatar directory), then
   * writes {@code reply}; when it cannot, it writes {@code error}. Both lines carry the
   * command's {@code #id}. Takes the place of the command's reply. {@code data} is standard
   * padded base64 (RFC 4648 section 4) as a string, readable by any language.
   */
  public static JsonObject avatar(String path, byte[] jpeg, String reply, String error) {
    return typed(TYPE_AVATAR).put(PATH, path)
        .put(DATA, java.util.Base64.getEncoder().encodeToString(jpeg))
        .put(REPLY, reply).put(ERROR, error);
  }

  /** The gateway ends the connection (session gone, gateway stopping). */
  public static JsonObject close(String reason) {
    return typed(TYPE_CLOSE).put(REASON, reason);
  }

  /** Acknowledgement of a detach. */
  public static JsonObject accepted() {
    return base();
  }

  /**
   * Acknowledgement of a command, sent once it was answered: the lines it wrote to its
   * connection while it ran (none: no field), the own-message statuses they report, and the
   * connection's PROTOCOL level when the command changed it ({@code protocol} 0: unchanged).
   */
  public static JsonObject accepted(List<String> lines, JsonArray sends, int protocol) {
    JsonObject json = withLines(base(), lines, sends);
    return protocol > 0 ? json.put(PROTOCOL, protocol) : json;
  }

  /** Lines of an acknowledgement, output or attach reply ({@code []} when none). */
  public static JsonArray lines(JsonObject message) {
    return message.getValue(LINES) instanceof JsonArray a ? a : new JsonArray();
  }

  /**
   * The {@link #SENDS} of an acknowledgement, output or attach reply as message number to
   * status, in order (malformed entries skipped).
   */
  public static java.util.Map<Long, String> sends(JsonObject message) {
    if (!(message.getValue(SENDS) instanceof JsonArray array)) {
      return java.util.Map.of(); // most acknowledgements report none: no map each
    }
    java.util.Map<Long, String> statuses = new java.util.LinkedHashMap<>();
    for (Object entry : array) {
      if (entry instanceof JsonObject e && e.getValue(MESSAGE) instanceof Number n
          && e.getValue(STATUS) instanceof String status) {
        statuses.put(n.longValue(), status);
      }
    }
    return statuses;
  }

  /**
   * Checks the version field of an incoming message.
   *
   * @throws IllegalArgumentException when the message is not a version this code understands
   */
  public static JsonObject checkVersion(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw new IllegalArgumentException("message body is not a JSON object");
    }
    Integer version = json.getInteger(V);
    if (version == null || version != VERSION) {
      throw new IllegalArgumentException("unsupported contract version: " + json.getValue(V));
    }
    return json;
  }

  /** The {@link #ID} of a command: a required non-negative integer. */
  public static long requireId(JsonObject command) {
    Object value = command.getValue(ID);
    if (!(value instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
      throw new IllegalArgumentException("missing command number '" + ID + "'");
    }
    return n.longValue();
  }

  /** Reads a required string field. */
  public static String requireString(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException("missing string field '" + field + "'");
    }
    return s;
  }
}
