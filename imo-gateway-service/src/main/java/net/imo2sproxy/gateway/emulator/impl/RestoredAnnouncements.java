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
 * the take-over is told of them: the owner may have announced to some connections and not
 * others, and connections re-attach one by one. A connection told already has its endpoint
 * drop the repeat (EVENT-BUS.md, {@code sends} with status RECEIVED). The messages stay
 * flagged, in this session's saved state too, until the window ends, so a survivor of this
 * survivor tells them again.
 *
 * <p>Confined to the session's context.
 */
public final class RestoredAnnouncements {

  private static final Logger LOG = LoggerFactory.getLogger(RestoredAnnouncements.class);

  /** How long re-attaching connections are told: well over an endpoint's failover timeout. */
  public static final Duration WINDOW = Duration.ofMinutes(2);

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
    for (ChatMessage message : model.messages.withStatus(ChatMessage.Status.RECEIVED)) {
      if (message.unannounced && !messages.contains(message)) {
        messages.add(message);
      }
    }
    if (!messages.isEmpty() && timer < 0) {
      timer = vertx.setTimer(WINDOW.toMillis(), id -> {
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
