package net.imo2sproxy.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;

/**
 * Plays the endpoint side of the event-bus contract in gateway tests: attaches one connection,
 * sends command lines and collects the lines that come back.
 */
final class BusConnection {

  private final Vertx vertx;
  final String connectionId = UUID.randomUUID().toString();
  // the endpoint address of a connection attached on its own (null with a shared one)
  private EndpointAddress ownEndpoint;
  private String sessionId;
  private long nextCommandId;
  final List<String> lines = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  boolean closed;
  /** {@code avatar} messages received, in order. */
  final List<JsonObject> avatars = new ArrayList<>();
  private Promise<JsonObject> avatarWaiter;

  private record Waiter(Predicate<String> match, Promise<String> promise) {
  }

  BusConnection(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Attaches as the only connection of an endpoint of its own. */
  Future<BusConnection> attach(String credential) {
    ownEndpoint = new EndpointAddress(vertx);
    return ownEndpoint.ready()
        .compose(endpoint -> attachViaEndpoint(credential, endpoint))
        .map(this);
  }

  /**
   * Attaches as a connection of {@code endpoint}, whose address hands this connection what is
   * tagged with its id. The future carries the reply.
   */
  Future<JsonObject> attachViaEndpoint(String credential, EndpointAddress endpoint) {
    endpoint.add(this);
    return vertx.eventBus().<JsonObject>request(BusAddresses.GATEWAY_ATTACH,
            BusMessages.attach(connectionId, endpoint.endpointId, "127.0.0.1:1", credential))
        .map(reply -> {
          sessionId = reply.body().getString(BusMessages.SESSION);
          return reply.body();
        });
  }

  String sessionId() {
    return sessionId;
  }

  void onMessage(JsonObject body) {
    if (BusMessages.TYPE_CLOSE.equals(body.getString(BusMessages.TYPE))) {
      closed = true;
      return;
    }
    if (BusMessages.TYPE_AVATAR.equals(body.getString(BusMessages.TYPE))) {
      avatars.add(body);
      if (avatarWaiter != null) {
        Promise<JsonObject> waiter = avatarWaiter;
        avatarWaiter = null;
        waiter.complete(body);
      }
      return;
    }
    for (Object line : body.getJsonArray(BusMessages.LINES)) {
      received((String) line);
    }
  }

  private void received(String line) {
    lines.add(line);
    List<Waiter> matched = new ArrayList<>();
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.match.test(line)) {
        it.remove();
        matched.add(waiter);
      }
    }
    // Completed after the scan: a completion may register new waiters.
    matched.forEach(waiter -> waiter.promise.complete(line));
  }

  Future<Void> send(String line) {
    return sendInline(line).mapEmpty();
  }

  /**
   * Sends the next numbered command, as the endpoint does: lines in the acknowledgement count
   * as received when it arrives, in order with the output messages. The future carries the
   * acknowledgement.
   */
  Future<JsonObject> sendInline(String line) {
    return sendNumbered(nextCommandId++, line, false);
  }

  /** Sends command {@code id} (a resend when {@code resent}); see {@link #sendInline}. */
  Future<JsonObject> sendNumbered(long id, String line, boolean resent) {
    nextCommandId = Math.max(nextCommandId, id + 1);
    return vertx.eventBus().<JsonObject>request(BusAddresses.session(sessionId),
        BusMessages.command(connectionId, id, line, resent)).map(reply -> {
          JsonObject ack = reply.body();
          for (Object text : ack.getJsonArray(BusMessages.LINES, new io.vertx.core.json.JsonArray())) {
            received((String) text);
          }
          return ack;
        });
  }

  /** The first line (already received or future) matching the predicate. */
  Future<String> await(Predicate<String> match) {
    for (String line : lines) {
      if (match.test(line)) {
        return Future.succeededFuture(line);
      }
    }
    Promise<String> promise = Promise.promise();
    waiters.add(new Waiter(match, promise));
    return promise.future();
  }

  Future<String> await(String prefix) {
    return await(line -> line.startsWith(prefix));
  }

  /** Sends a command and waits for the first line starting with {@code replyPrefix}. */
  Future<String> ask(String command, String replyPrefix) {
    Future<String> reply = awaitNew(replyPrefix);
    return send(command).compose(v -> reply);
  }

  /** Like {@link #await(String)} but ignores lines already received. */
  Future<String> awaitNew(String prefix) {
    Promise<String> promise = Promise.promise();
    waiters.add(new Waiter(line -> line.startsWith(prefix), promise));
    return promise.future();
  }

  /** Sends a command and waits for the next {@code avatar} message. */
  Future<JsonObject> askAvatar(String command) {
    Promise<JsonObject> promise = Promise.promise();
    avatarWaiter = promise;
    return send(command).compose(v -> promise.future());
  }

  Future<Void> detach() {
    return vertx.eventBus().request(BusAddresses.session(sessionId),
        BusMessages.detach(connectionId, "test done")).mapEmpty()
        .compose(v -> ownEndpoint == null ? Future.succeededFuture() : ownEndpoint.close());
  }
}
