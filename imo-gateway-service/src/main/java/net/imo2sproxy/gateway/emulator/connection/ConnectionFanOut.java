package net.imo2sproxy.gateway.emulator.connection;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.imo2sproxy.gateway.emulator.command.CommandOutput;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.trace.DeliveryHop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections attached to one session and their output: replies go to the asker alone,
 * notifications to every connection, each rendered at the connection's protocol level.
 *
 * <p>Confined to the session's context.
 */
public final class ConnectionFanOut implements CommandOutput {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionFanOut.class);

  private final String sessionId;
  private final OutputSink sink;
  private final Map<String, ApiConnection> connections = new LinkedHashMap<>();
  private long attached;

  public ConnectionFanOut(String sessionId, OutputSink sink) {
    this.sessionId = sessionId;
    this.sink = sink;
  }

  public void add(ApiConnection connection) {
    connection.attachOrder = ++attached;
    connections.put(connection.id, connection);
  }

  /**
   * How many connections were attached so far: one whose {@link ApiConnection#attachOrder} is
   * at most this value was attached now.
   */
  public long attachedSoFar() {
    return attached;
  }

  public void remove(String connectionId) {
    connections.remove(connectionId);
  }

  public void clear() {
    connections.clear();
  }

  public ApiConnection get(String connectionId) {
    return connections.get(connectionId);
  }

  public boolean contains(String connectionId) {
    return connections.containsKey(connectionId);
  }

  public int size() {
    return connections.size();
  }

  public Collection<ApiConnection> all() {
    return connections.values();
  }

  @Override
  public void reply(ApiConnection asker, List<String> lines) {
    reply(asker, lines, null);
  }

  @Override
  public void reply(ApiConnection asker, List<String> lines, JsonArray sends) {
    if (LOG.isTraceEnabled()) { // three arguments: an Object[] per reply otherwise
      LOG.trace("[{}] {} < {}", sessionId, asker.id, lines);
    }
    sendLines(asker, BusMessages.KIND_REPLY, lines, sends);
  }

  @Override
  public void answer(ApiConnection asker, JsonObject message) {
    sendOther(asker, message);
  }

  public String sessionId() {
    return sessionId;
  }

  /**
   * Announces received message {@code number} to one connection. The output names it in its
   * {@code sends} with status RECEIVED, so an endpoint that wrote this announcement before (a
   * survivor repeats its predecessor's, EVENT-BUS.md) drops the repeat.
   */
  public void notifyReceived(ApiConnection connection, long number) {
    notify(connection, connection.messageKeyword() + " " + number + " STATUS RECEIVED",
        new JsonArray().add(BusMessages.sendStatus(number, "RECEIVED")));
  }

  /** {@link #notifyReceived} to every connection. */
  public void notifyReceived(long number) {
    for (ApiConnection connection : new ArrayList<>(connections.values())) {
      notifyReceived(connection, number);
    }
  }

  @Override
  public void notify(ApiConnection connection, String line) {
    notify(connection, line, null);
  }

  private void notify(ApiConnection connection, String line, JsonArray sends) {
    if (DeliveryHop.enabled() && DeliveryHop.isReceivedNotice(line)) {
      DeliveryHop.record("notified", sessionId + " " + line, connection.id + " " + line);
    }
    sendLines(connection, BusMessages.KIND_NOTIFICATION, List.of(line), sends);
  }

  @Override
  public void notifySendStatus(ApiConnection connection, long number, String status) {
    sendLines(connection, BusMessages.KIND_NOTIFICATION,
        List.of(connection.messageKeyword() + " " + number + " STATUS " + status),
        new JsonArray().add(BusMessages.sendStatus(number, status)));
  }

  /** The status of own message {@code number} to every connection. */
  public void notifySendStatus(long number, String status) {
    for (ApiConnection connection : new ArrayList<>(connections.values())) {
      notifySendStatus(connection, number, status);
    }
  }

  @Override
  public void notifyAll(Function<ApiConnection, String> render) {
    // a copy: rendering must not see connections attached meanwhile
    for (ApiConnection connection : new ArrayList<>(connections.values())) {
      String text = render.apply(connection);
      if (text != null) {
        notify(connection, text);
      }
    }
  }

  public void notifyAll(String line) {
    notifyAll(connection -> line);
  }

  /** {@code USERSTATUS <s>} as each connection's level knows the status. */
  public void notifyUserStatus(String status) {
    notifyAll(c -> "USERSTATUS " + c.userStatus(status));
  }

  /** Holds the connection's output until {@link #release} (its first command). */
  public void hold(ApiConnection connection) {
    if (connection.held == null) {
      connection.held = new ArrayList<>();
    }
  }

  /** Sends what was held for the connection, in order; nothing is held from now on. */
  public void release(ApiConnection connection) {
    List<ApiConnection.Held> held = connection.held;
    if (held == null) {
      return;
    }
    connection.held = null;
    for (ApiConnection.Held output : held) {
      sendLines(connection, output.kind(), output.lines(), output.sends());
    }
  }

  /** A message other than lines (close, avatar) to one connection. */
  public void sendOther(ApiConnection connection, JsonObject message) {
    release(connection);
    // lines captured for the acknowledgement go first: it arrives after this message
    if (connection.captured != null && !connection.captured.isEmpty()) {
      send(connection, BusMessages.output(BusMessages.KIND_REPLY, connection.captured,
          connection.capturedSends));
      connection.captured.clear();
      connection.capturedSends = new JsonArray();
    }
    send(connection, message);
  }

  private void sendLines(ApiConnection connection, String kind, List<String> lines,
      JsonArray sends) {
    if (connection.held != null) {
      connection.held.add(new ApiConnection.Held(kind, lines, sends));
    } else if (connection.captured != null) {
      connection.captured.addAll(lines);
      if (sends != null) {
        connection.capturedSends.addAll(sends);
      }
    } else {
      send(connection, BusMessages.output(kind, lines, sends));
    }
  }

  private void send(ApiConnection connection, JsonObject message) {
    sink.send(connection.output.address(), connection.output.body(message));
  }
}
