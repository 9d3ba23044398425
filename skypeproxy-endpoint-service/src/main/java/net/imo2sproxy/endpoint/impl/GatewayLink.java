package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
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

  /** A successful attach. */
  public record Attachment(String sessionId, String account) {
  }

  private final Vertx vertx;
  private final String endpointId;
  private final DeliveryOptions delivery;

  public GatewayLink(Vertx vertx, EndpointOptions options) {
    this.vertx = vertx;
    this.endpointId = options.getEndpointId();
    this.delivery = new DeliveryOptions().setSendTimeout(options.getBusRequestTimeout().toMillis());
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
    return request(BusAddresses.GATEWAY_ATTACH,
        BusMessages.attach(connectionId, endpointId, remote, credential))
        .map(reply -> new Attachment(
            BusMessages.requireString(reply, BusMessages.SESSION),
            reply.getString(BusMessages.ACCOUNT)));
  }

  /** Hands one Skype API line to the session; completes when the session acknowledged it. */
  public Future<Void> command(String sessionId, String connectionId, String line) {
    return request(BusAddresses.session(sessionId), BusMessages.command(connectionId, line))
        .mapEmpty();
  }

  /** Tells the session the connection is gone. */
  public Future<Void> detach(String sessionId, String connectionId, String reason) {
    return request(BusAddresses.session(sessionId), BusMessages.detach(connectionId, reason))
        .mapEmpty();
  }

  /**
   * Registers the consumer of the connection's address. A cluster-wide consumer, not a local
   * one, because the gateway may run on another node; wait for {@code completion()} before
   * attaching.
   */
  public MessageConsumer<Object> consume(String connectionId, Handler<Object> bodyHandler) {
    return vertx.eventBus().consumer(BusAddresses.connection(connectionId),
        message -> bodyHandler.handle(message.body()));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().request(address, body, delivery)
        .map(message -> BusMessages.checkVersion(message.body()));
  }

  /** Failure code of a bus failure, {@code -1} when it is not a {@link ReplyException}. */
  public static int failureCode(Throwable failure) {
    return failure instanceof ReplyException re ? re.failureCode() : -1;
  }

  /** Short description of a bus failure for logs (never contains request bodies). */
  public static String describe(Throwable failure) {
    if (failure instanceof ReplyException re) {
      return re.failureType() + " " + re.failureCode() + ": " + re.getMessage();
    }
    return failure.toString();
  }
}
