package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles each input of a connection according to its {@link ConnectionState}: command mode
 * (docs/skypeproxy-wire.md §5.1), the password rule (§5.2) and the attach, which lead from
 * HANDSHAKE to OPEN; once attached, frames are commands for the {@link SessionLink}.
 */
final class Handshake {

  /** What the handshake needs from its connection. */
  interface Host {
    /** The first frame came (a password or a command): the handshake timeout no longer applies. */
    void firstFrame();

    void closeNow(String reason);

    /** Writes {@code last}, then closes once it is flushed. */
    void closeAfter(Buffer last, String reason);
  }

  private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

  private final String id;
  private final ConnectionLifecycle lifecycle;
  private final GatewayLink link;
  private final OutputWriter writer;
  private final SessionLink session;
  private final AvatarDelivery avatars;
  private final GatewayWait gatewayWait;
  private final boolean dataSlots;
  private final Host host;

  Handshake(String id, ConnectionLifecycle lifecycle, GatewayLink link, OutputWriter writer,
      SessionLink session, AvatarDelivery avatars, GatewayWait gatewayWait, boolean dataSlots,
      Host host) {
    this.id = id;
    this.lifecycle = lifecycle;
    this.link = link;
    this.writer = writer;
    this.session = session;
    this.avatars = avatars;
    this.gatewayWait = gatewayWait;
    this.dataSlots = dataSlots;
    this.host = host;
  }

  /** One input, a {@link SkypeProxyCommand} or a frame's payload; see {@link InputQueue}. */
  Future<Void> handle(Object input) {
    return input instanceof SkypeProxyCommand command ? onCommand(command)
        : onFrame((Buffer) input);
  }

  private Future<Void> onCommand(SkypeProxyCommand command) {
    if (lifecycle.is(ConnectionState.AWAITING_PASSWORD)) {
      // docs/skypeproxy-wire.md §4.4: any command byte instead of the password is a protocol error
      LOG.info("[{}] {} while awaiting the password; closing", id, command);
      host.closeNow("protocol error");
      return Future.succeededFuture();
    }
    if (command.isMyCapabilities()) {
      LOG.debug("[{}] client capabilities {}", id, command.argument());
      avatars.clientCapabilities(command.argument());
      return Future.succeededFuture();
    }
    if (command.isCapabilities()) {
      return link.passwordless().transform(ar -> {
        boolean required;
        if (ar.succeeded()) {
          required = !ar.result();
        } else {
          // Safer to demand a password than to let a client in that then gets refused.
          LOG.warn("[{}] no auth policy from the gateway ({}); answering CAPABILITIES with 01",
              id, GatewayLink.describe(ar.cause()));
          required = true;
        }
        writer.rawByte((required ? SkypeProxyCommand.CAP_USE_AUTHENTICATION : 0)
            | (dataSlots ? SkypeProxyCommand.CAP_USE_DATASLOTS : 0));
        return Future.succeededFuture();
      });
    }
    if (command.isAuthenticate()) {
      if (lifecycle.is(ConnectionState.HANDSHAKE)) {
        writer.rawByte(SkypeProxyFrames.REPLY_YES);
        lifecycle.moveTo(ConnectionState.AWAITING_PASSWORD, "AUTHENTICATE");
      } else {
        // Already attached: "not needed", and no password frame is expected
        // (docs/skypeproxy-wire.md §4.4).
        LOG.info("[{}] AUTHENTICATE after attach; answering 00", id);
        writer.rawByte(SkypeProxyFrames.REPLY_NO);
      }
      return Future.succeededFuture();
    }
    LOG.info("[{}] unknown {}; answering 00", id, command);
    writer.rawByte(SkypeProxyFrames.REPLY_NO);
    return Future.succeededFuture();
  }

  private Future<Void> onFrame(Buffer payload) {
    String text = SkypeProxyFrames.payloadText(payload);
    return switch (lifecycle.state()) {
      case AWAITING_PASSWORD -> authenticate(text);
      case HANDSHAKE -> attachWithoutCredential(text);
      case OPEN, REATTACHING -> session.forward(text);
      // no input is processed while an attach runs or once the connection ends
      default -> throw new IllegalStateException("frame in state " + lifecycle.state());
    };
  }

  /** The password frame: never logged, never forwarded as a command. */
  private Future<Void> authenticate(String credential) {
    host.firstFrame();
    lifecycle.moveTo(ConnectionState.AUTHENTICATING, "password frame");
    writer.holdLines(); // output arriving before the attach reply follows the reply byte
    return session.attach(credential, "authenticated").transform(ar -> {
      if (ar.succeeded() && ar.result()) {
        writer.releaseLinesAfter(SkypeProxyFrames.rawByte(SkypeProxyFrames.REPLY_YES));
        return Future.succeededFuture();
      }
      if (ar.failed() && !lifecycle.ending() && GatewayWait.applies(ar.cause())) {
        // no gateway could say whether the password is right: never 00 for that
        writer.releaseLinesAfter(SkypeProxyFrames.rawByte(SkypeProxyFrames.REPLY_YES));
        return gatewayWait.attach(credential, "authenticated", ar.cause()).mapEmpty();
      }
      writer.dropHeldLines();
      if (ar.failed() && !lifecycle.ending()) {
        Throwable cause = ar.cause();
        if (GatewayLink.failureCode(cause) == BusMessages.FAILURE_REFUSED) {
          LOG.info("[{}] password refused; closing", id);
        } else {
          LOG.warn("[{}] attach failed ({}); closing", id, GatewayLink.describe(cause));
        }
        host.closeAfter(SkypeProxyFrames.rawByte(SkypeProxyFrames.REPLY_NO),
            "authentication failed");
      }
      return Future.succeededFuture();
    });
  }

  /** First frame of a connection that never authenticated: attach, then forward the frame. */
  private Future<Void> attachWithoutCredential(String firstLine) {
    host.firstFrame();
    lifecycle.moveTo(ConnectionState.ATTACHING, "first frame without password");
    return session.attach(null, "attached without password").transform(ar -> {
      if (ar.failed() && !lifecycle.ending() && GatewayWait.applies(ar.cause())) {
        return gatewayWait.attach(null, "attached without password", ar.cause()).compose(
            attached -> attached ? session.forward(firstLine) : Future.succeededFuture());
      }
      if (ar.failed()) {
        if (!lifecycle.ending()) {
          LOG.info("[{}] connection without password refused ({}); closing", id,
              GatewayLink.describe(ar.cause()));
          host.closeNow("refused");
        }
        return Future.succeededFuture();
      }
      return ar.result() ? session.forward(firstLine) : Future.succeededFuture();
    });
  }
}
