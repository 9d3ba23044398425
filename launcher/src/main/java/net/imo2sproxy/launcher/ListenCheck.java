package net.imo2sproxy.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.util.List;
import net.imo2sproxy.runtime.ConfigException;

/**
 * Checks, before anything of the bridge starts, that each fixed port it will listen on can be
 * bound, so that a port in use is one clear error naming the address and port, not a failure
 * after the gateway has already said it is ready.
 */
final class ListenCheck {

  /** One address the bridge will listen on; {@code what} names it in the error. */
  record Listen(String what, String host, int port) {
  }

  private ListenCheck() {
  }

  /**
   * Binds and releases each listen address with a fixed port (port 0 always binds); fails with
   * a {@link ConfigException} "cannot listen on host:port (what): reason" for the first that
   * cannot be bound.
   */
  static Future<Void> check(Vertx vertx, List<Listen> listens) {
    Future<Void> all = Future.succeededFuture();
    for (Listen listen : listens) {
      if (listen.port() > 0) {
        all = all.compose(v -> bindAndRelease(vertx, listen));
      }
    }
    return all;
  }

  private static Future<Void> bindAndRelease(Vertx vertx, Listen listen) {
    // Bound only for a moment; a client that connects meanwhile is closed at once.
    NetServer server = vertx.createNetServer().connectHandler(socket -> socket.close());
    return server.listen(listen.port(), listen.host())
        .recover(err -> Future.failedFuture(failure(listen, err)))
        .compose(s -> server.close());
  }

  /** The message the bridge exits with when {@code listen} cannot be bound. */
  static ConfigException failure(Listen listen, Throwable cause) {
    String host = listen.host().contains(":") ? "[" + listen.host() + "]" : listen.host();
    return new ConfigException("cannot listen on " + host + ":" + listen.port() + " ("
        + listen.what() + "): " + reason(cause));
  }

  /** "bind(..) failed with error(-98): Address already in use" becomes the part after ": ". */
  private static String reason(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    int colon = message.lastIndexOf("): ");
    return colon >= 0 ? message.substring(colon + 3) : message;
  }
}
