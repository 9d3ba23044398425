package net.imo2sproxy.gateway.emulator.impl;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Received messages that a previous owner saved and may have died before announcing (saved
 * {@link ChatMessage#unannounced}). Each connection that re-attaches within {@link #WINDOW} of
 * the message's first store is told of them: the owner may have announced to some connections
 * and not others, and connections re-attach one by one, within their endpoint's failover
 * timeout (30 s by default). A connection told already has its endpoint drop the repeat
 * (EVENT-BUS.md, {@code sends} with status RECEIVED). The messages stay flagged, in this
 * session's saved state too, until then, so a survivor of this survivor tells them again; the
 * window counts from the first store, not from each take-over, so that chained take-overs do
 * not repeat a message for longer than an endpoint remembers it.
 *
 * <p>Confined to the session's context.
 */
public final class RestoredAnnouncements {

  private static final Logger LOG = LoggerFactory.getLogger(RestoredAnnouncements.class);

  /** How long after its first store re-attaching connections are told of a message. */
  public static final Duration WINDOW = Duration.ofSeconds(45);

  private final Vertx vertx;
  private final SessionModel model;
  private final ConnectionFanOut fanOut;
  private final List<ChatMessage> messages = new ArrayList<>();
  private long timer = -1;

  public RestoredAnnouncements(Vertx vertx, SessionModel model, ConnectionFanOut fanOut) {
    this.vertx = vertx;
    this.model = model;
    this.fanOut = fanOut;
  }

  /** After a restore: collects the flagged messages and starts the window. */
  public void restored() {
    long now = System.currentTimeMillis();
    long last = 0;
    for (ChatMessage message : model.messages.withStatus(ChatMessage.Status.RECEIVED)) {
      if (!message.unannounced || messages.contains(message)) {
        continue;
      }
      if (now - message.unannouncedSince < WINDOW.toMillis()) {
        messages.add(message);
        last = Math.max(last, message.unannouncedSince);
      } else {
        message.unannounced = false; // its connections re-attached long ago
        model.changed();
      }
    }
    if (!messages.isEmpty()) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      timer = vertx.setTimer(Math.max(1, last + WINDOW.toMillis() - now), id -> {
        timer = -1;
        end();
      });
    }
  }

  /** Tells a re-attached connection of every flagged message still RECEIVED. */
  public void tell(ApiConnection connection) {
    if (!messages.isEmpty()) {
      LOG.info("[{}] telling connection {} of {} message(s) the previous owner saved and may "
          + "not have announced", fanOut.sessionId(), connection.id, messages.size());
    }
    for (ChatMessage message : messages) {
      if (message.status == ChatMessage.Status.RECEIVED) {
        fanOut.notifyReceived(connection, message.id);
      }
    }
  }

  /** The window is over (or the session closes): the flags go, in the next saved state too. */
  public void end() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    for (ChatMessage message : messages) {
      message.unannounced = false;
    }
    if (!messages.isEmpty()) {
      messages.clear();
      model.changed();
    }
  }
}
