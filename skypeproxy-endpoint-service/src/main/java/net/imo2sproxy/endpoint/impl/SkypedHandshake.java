package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skyped login (docs/skyped-listener.md): {@code USERNAME <u>}, then {@code PASSWORD <p>},
 * answered {@code PASSWORD OK} once attached or {@code PASSWORD KO} and the connection closed;
 * then each line is a Skype API command for the {@link SessionLink}. bitlbee sends its first
 * commands right behind the password: they wait in the {@link InputQueue} for the attach.
 *
 * <p>skyped's Skype4Py spoke {@code NAME} and {@code PROTOCOL 5} to Skype itself and kept the
 * answers; the listener does the same on the client's behalf, silently.
 */
final class SkypedHandshake {

  static final String PASSWORD_OK = "PASSWORD OK";
  static final String PASSWORD_KO = "PASSWORD KO";
  /** What skyped's Skype4Py negotiated; bitlbee's parser expects its CHATMESSAGE lines. */
  static final String CLIENT_NAME = "NAME skyped";
  static final String CLIENT_PROTOCOL = "PROTOCOL 5";

  private static final Logger LOG = LoggerFactory.getLogger(SkypedHandshake.class);
  private static final String USERNAME = "USERNAME";
  private static final String PASSWORD = "PASSWORD";

  private final String id;
  private final ConnectionLifecycle lifecycle;
  private final OutputWriter writer;
  private final SessionLink session;
  private final GatewayWait gatewayWait;
  private final Handshake.Host host;

  SkypedHandshake(String id, ConnectionLifecycle lifecycle, OutputWriter writer,
      SessionLink session, GatewayWait gatewayWait, Handshake.Host host) {
    this.id = id;
    this.lifecycle = lifecycle;
    this.writer = writer;
    this.session = session;
    this.gatewayWait = gatewayWait;
    this.host = host;
  }

  /** One line of the client; see {@link InputQueue}. */
  Future<Void> handle(Object input) {
    String line = (String) input;
    return switch (lifecycle.state()) {
      case HANDSHAKE -> username(line);
      case AWAITING_PASSWORD -> password(line);
      case OPEN, REATTACHING -> command(line);
      // no input is processed while an attach runs or once the connection ends
      default -> throw new IllegalStateException("line in state " + lifecycle.state());
    };
  }

  private Future<Void> username(String line) {
    String username = argument(USERNAME, line);
    if (username == null) {
      return refuse("a line other than USERNAME before the login");
    }
    session.username(username);
    lifecycle.moveTo(ConnectionState.AWAITING_PASSWORD, "USERNAME");
    return Future.succeededFuture();
  }

  /** The password: never logged, never forwarded as a command. */
  private Future<Void> password(String line) {
    String password = argument(PASSWORD, line);
    if (password == null) {
      return refuse("a line other than PASSWORD after USERNAME");
    }
    host.firstFrame();
    lifecycle.moveTo(ConnectionState.AUTHENTICATING, "PASSWORD");
    writer.holdLines(); // output arriving before PASSWORD OK follows it
    String credential = password.isEmpty() ? null : password;
    return session.attach(credential, "logged in (skyped)").transform(ar -> {
      if (ar.succeeded() && ar.result()) {
        return negotiated();
      }
      if (ar.failed() && !lifecycle.ending() && GatewayWait.applies(ar.cause())) {
        // no gateway could say whether the password is right: never KO for that
        writer.releaseLinesAfter(writer.encode(PASSWORD_OK));
        return gatewayWait.attach(credential, "logged in (skyped)", ar.cause()).compose(
            attached -> attached ? clientProtocol() : Future.succeededFuture());
      }
      writer.dropHeldLines();
      if (ar.failed() && !lifecycle.ending()) {
        if (GatewayLink.failureCode(ar.cause()) == BusMessages.FAILURE_REFUSED) {
          LOG.info("[{}] password refused; closing", id);
        } else {
          LOG.warn("[{}] attach failed ({}); closing", id, GatewayLink.describe(ar.cause()));
        }
        host.closeAfter(writer.encode(PASSWORD_KO), "authentication failed");
      }
      return Future.succeededFuture();
    });
  }

  /** Attached: NAME and PROTOCOL as skyped did, then PASSWORD OK and what was held. */
  private Future<Void> negotiated() {
    return clientProtocol().onComplete(ar ->
        writer.releaseLinesAfter(writer.encode(PASSWORD_OK)));
  }

  private Future<Void> clientProtocol() {
    return session.forwardSilently(CLIENT_NAME)
        .compose(v -> session.forwardSilently(CLIENT_PROTOCOL));
  }

  private Future<Void> command(String line) {
    if (line.equals("PONG")) {
      return Future.succeededFuture(); // bitlbee's answer to a PING: skyped's, not Skype's
    }
    return session.forward(line);
  }

  private Future<Void> refuse(String what) {
    LOG.info("[{}] {}; closing", id, what);
    host.firstFrame();
    host.closeAfter(writer.encode(PASSWORD_KO), "not logged in");
    return Future.succeededFuture();
  }

  /** The text after {@code keyword} and one space, or null when the line is not that. */
  private static String argument(String keyword, String line) {
    if (line.equals(keyword)) {
      return "";
    }
    return line.startsWith(keyword + " ") ? line.substring(keyword.length() + 1).strip() : null;
  }
}
