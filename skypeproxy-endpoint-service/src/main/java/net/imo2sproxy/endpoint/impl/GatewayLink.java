package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.imo2sproxy.endpoint.EndpointOptions;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * The endpoint's side of the event-bus contract ({@code EVENT-BUS.md} in shared-protocol).
 *
 * <p>Every request carries the configured bus timeout. Replies are checked for the contract
 * version; a malformed reply fails the returned future like a missing gateway would.
 */
public final class GatewayLink {

  /**
   * A successful attach, with its whole reply (a re-attach's reply carries what the session
   * restored: the PROTOCOL level and the status lines of own messages, EVENT-BUS.md).
   */
  public record Attachment(String sessionId, String account, JsonObject reply) {
    public Attachment(String sessionId, String account) {
      this(sessionId, account, new JsonObject());
    }

    /** The gateway holding the session, or null (an older gateway that does not say). */
    public String gatewayId() {
      return reply.getValue(BusMessages.GATEWAY) instanceof String g && !g.isEmpty() ? g : null;
    }

    /**
     * The gateway to send the session's commands and detaches to, or null: the session's own
     * address then (a gateway that does not say it takes them on its address).
     */
    public String routeGatewayId() {
      return Boolean.TRUE.equals(reply.getValue(BusMessages.GATEWAY_ROUTE)) ? gatewayId() : null;
    }
  }

  private static final long REATTACH_TIMEOUT_MS = 5000;

  private final Vertx vertx;
  private final String endpointId;
  /** Commands wait this many bus timeouts for their answer. */
  static final int COMMAND_TIMEOUT_FACTOR = 4;

  private final DeliveryOptions delivery;
  private final DeliveryOptions commandDelivery;
  private final DeliveryOptions heartbeatDelivery;
  private final DeliveryOptions reattachDelivery;

  public GatewayLink(Vertx vertx, EndpointOptions options) {
    this.vertx = vertx;
    this.endpointId = options.getEndpointId();
    this.delivery = new DeliveryOptions().setSendTimeout(options.getBusRequestTimeout().toMillis());
    // A command is acknowledged once answered, and may wait for a log-in or for imo.im; a dead
    // gateway is noticed by the heartbeat, which fails the pending commands at once.
    this.commandDelivery = new DeliveryOptions().setSendTimeout(
        COMMAND_TIMEOUT_FACTOR * options.getBusRequestTimeout().toMillis());
    // A heartbeat not answered within two intervals means the session's gateway is gone. One
    // interval was too short on a loaded machine: a 2 s stall timed out every session at once,
    // and their re-attach storm kept the gateway too busy to answer the next round.
    // A re-attach may land on a gateway that just died (its registration outlives it until
    // the cluster drops it, and a request already sent there waits out its timeout): give up
    // soon. ReattachRun does not wait for that either: it sends another attempt after 1 s.
    this.reattachDelivery = new DeliveryOptions().setSendTimeout(
        Math.min(REATTACH_TIMEOUT_MS, options.getBusRequestTimeout().toMillis()));
    this.heartbeatDelivery = new DeliveryOptions().setSendTimeout(
        Math.max(1000, 2 * options.getHeartbeatInterval().toMillis()));
  }

  public String endpointId() {
    return endpointId;
  }

  /** True when the gateway accepts connections that never authenticate. */
  public Future<Boolean> passwordless() {
    return request(BusAddresses.GATEWAY_AUTH_POLICY, BusMessages.authPolicyRequest())
        .map(reply -> {
          Boolean passwordless = reply.getBoolean(BusMessages.PASSWORDLESS);
          if (passwordless == null) {
            throw new IllegalArgumentException("auth-policy reply without 'passwordless'");
          }
          return passwordless;
        });
  }

  /**
   * Attaches a connection to its account's session.
   *
   * @param credential the password frame as text, or {@code null} for a connection that never
   *     authenticated
   */
  public Future<Attachment> attach(String connectionId, String remote, String credential) {
    return attach(connectionId, remote, credential, null);
  }

  /** {@link #attach(String, String, String)} with a skyped client's username (or null). */
  public Future<Attachment> attach(String connectionId, String remote, String credential,
      String username) {
    return request(BusAddresses.GATEWAY_ATTACH, withHeartbeat(BusMessages.withUsername(
        BusMessages.attach(connectionId, endpointId, remote, credential), username)))
        .map(GatewayLink::attachment);
  }

  /**
   * Attaches a connection again after its session was lost or moved, with the previous session
   * id, the PROTOCOL level the client negotiated (0 = unknown) and the numbers of the client's
   * own messages last seen SENDING (the gateway reports how each ended).
   */
  public Future<Attachment> reattach(String connectionId, String remote, String credential,
      String username, String previousSessionId, int protocol, List<Long> sending) {
    return busRequest(BusAddresses.GATEWAY_ATTACH, withHeartbeat(
            BusMessages.withUsername(BusMessages.reattach(connectionId, endpointId, remote,
                credential, previousSessionId, protocol, sending), username)),
            reattachDelivery)
        .map(message -> attachment(BusMessages.checkVersion(message.body())));
  }

  /** This endpoint sends heartbeats for its connections. */
  private static JsonObject withHeartbeat(JsonObject attach) {
    return attach.put(BusMessages.HEARTBEAT, true);
  }

  private static Attachment attachment(JsonObject reply) {
    return new Attachment(BusMessages.requireString(reply, BusMessages.SESSION),
        reply.getString(BusMessages.ACCOUNT), reply);
  }

  /**
   * Heartbeat for this endpoint's connections of one session; the future carries the ids the
   * session does not know. Fails when the session (its gateway) does not answer in time.
   */
  public Future<List<String>> heartbeat(String sessionId, List<String> connectionIds) {
    return busRequest(BusAddresses.session(sessionId),
            BusMessages.heartbeat(endpointId, connectionIds), heartbeatDelivery)
        .map(message -> unknown(BusMessages.checkVersion(message.body())));
  }

  /**
   * Heartbeat for all of this endpoint's connections on one gateway's sessions, by session id;
   * the future carries the ids the gateway does not know there. Fails when the gateway does
   * not answer in time.
   */
  public Future<List<String>> gatewayHeartbeat(String gatewayId,
      Map<String, List<String>> connectionsBySession) {
    return busRequest(BusAddresses.gateway(gatewayId),
            BusMessages.gatewayHeartbeat(endpointId, connectionsBySession), heartbeatDelivery)
        .map(message -> unknown(BusMessages.checkVersion(message.body())));
  }

  private static List<String> unknown(JsonObject reply) {
    List<String> unknown = new ArrayList<>();
    JsonArray listed = reply.getJsonArray(BusMessages.UNKNOWN, new JsonArray());
    listed.forEach(id -> unknown.add(String.valueOf(id)));
    return unknown;
  }

  /**
   * Hands command {@code id} of a connection to the session; completes with the
   * acknowledgement, which the session sends once the command is answered and which carries
   * the answer (EVENT-BUS.md). {@code resent}: sent again after a failover. {@code gatewayId}:
   * the attach reply's {@link Attachment#routeGatewayId()}, or null (the session's address).
   */
  public Future<JsonObject> command(String sessionId, String gatewayId, String connectionId,
      long id, String line, boolean resent) {
    return busRequest(sessionRoute(sessionId, gatewayId),
            routed(BusMessages.command(connectionId, id, line, resent), sessionId, gatewayId),
            commandDelivery)
        .map(message -> BusMessages.checkVersion(message.body()));
  }

  /** Tells the session the connection is gone (the same route as its commands). */
  public Future<Void> detach(String sessionId, String gatewayId, String connectionId,
      String reason) {
    return request(sessionRoute(sessionId, gatewayId),
        routed(BusMessages.detach(connectionId, reason), sessionId, gatewayId)).mapEmpty();
  }

  /** Tells the session an attach named that the connection is gone. */
  public Future<Void> detach(Attachment attachment, String connectionId, String reason) {
    return detach(attachment.sessionId(), attachment.routeGatewayId(), connectionId, reason);
  }

  /**
   * Where a connection's commands and detach go: its session's gateway, naming the session in
   * the body, so that the clustered bus keeps one route per gateway rather than one per
   * session (each cost the endpoint a sender queue of some 4.7 KiB); the session's own address
   * when the gateway is not known. One route for both, so that a detach never overtakes a
   * command.
   */
  private static String sessionRoute(String sessionId, String gatewayId) {
    return gatewayId == null ? BusAddresses.session(sessionId) : BusAddresses.gateway(gatewayId);
  }

  private static JsonObject routed(JsonObject body, String sessionId, String gatewayId) {
    return gatewayId == null ? body : body.put(BusMessages.SESSION, sessionId);
  }

  /**
   * Registers the consumer of this endpoint's address, where the gateways send the output of
   * all its connections, each message tagged with its {@code connection}. One consumer for the
   * whole endpoint: a consumer per connection cost, clustered, a subscription entry each and a
   * registration round trip before its attach. Cluster-wide, because a gateway may run on
   * another node; wait for {@code completion()} before any attach.
   */
  public MessageConsumer<Object> consumeEndpoint(Handler<Object> bodyHandler) {
    return vertx.eventBus().consumer(BusAddresses.endpoint(endpointId),
        message -> bodyHandler.handle(message.body()));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return busRequest(address, body, delivery)
        .map(message -> BusMessages.checkVersion(message.body()));
  }

  /** Failure code of a bus failure, {@code -1} when it is not a {@link ReplyException}. */
  public static int failureCode(Throwable failure) {
    return failure instanceof ReplyException re ? re.failureCode() : -1;
  }

  /** True when the request reached no consumer (it was certainly not processed). */
  public static boolean noHandlers(Throwable failure) {
    return failure instanceof ReplyException re
        && re.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS;
  }

  /** Short description of a bus failure for logs (never contains request bodies). */
  public static String describe(Throwable failure) {
    if (failure instanceof ReplyException re) {
      return re.failureType() + " " + re.failureCode() + ": " + re.getMessage();
    }
    return failure.toString();
  }

  /**
   * A bus request whose failure always comes as the future's: Vert.x 5.0 can throw from
   * {@code request} itself ("Promise already completed") when the connection to a node that
   * just died fails during the send, and the caller's command would then be neither answered
   * nor failed over.
   */
  private <T> Future<Message<T>> busRequest(String address, Object body, DeliveryOptions options) {
    try {
      return vertx.eventBus().request(address, body, options);
    } catch (RuntimeException e) {
      return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS,
          "bus request to " + address + " failed: " + e));
    }
  }
}
