package net.imo2sproxy.gateway.emulator.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.gateway.emulator.command.SessionControl;
import net.imo2sproxy.gateway.emulator.imolink.ImoLink;
import net.imo2sproxy.gateway.emulator.lifecycle.LoginLifecycle;
import net.imo2sproxy.gateway.emulator.model.Chat;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.CommandKey;
import net.imo2sproxy.gateway.emulator.model.Contact;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.gateway.emulator.model.SkypeStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The session controls command handlers use, over the session's parts. */
public final class SessionServices implements SessionControl {

  private static final Logger LOG = LoggerFactory.getLogger(SessionServices.class);
  private static final long TEMPORARY_ENTRY_LIFETIME_MS = 30 * 60 * 1000L;

  private final Vertx vertx;
  private final String sessionId;
  private final SessionSettings settings;
  private final SessionModel model;
  private final LoginLifecycle lifecycle;
  private final OutgoingMessages outgoing;
  private final RosterReadiness roster;
  private final ChatCreations chatCreations;
  private long moodTimer = -1;

  public SessionServices(Vertx vertx, String sessionId, SessionSettings settings,
      SessionModel model, LoginLifecycle lifecycle, OutgoingMessages outgoing,
      RosterReadiness roster, ChatCreations chatCreations) {
    this.vertx = vertx;
    this.sessionId = sessionId;
    this.settings = settings;
    this.model = model;
    this.lifecycle = lifecycle;
    this.outgoing = outgoing;
    this.roster = roster;
    this.chatCreations = chatCreations;
  }

  @Override
  public String connStatus() {
    return lifecycle.state().connStatus();
  }

  @Override
  public boolean online() {
    return lifecycle.online();
  }

  @Override
  public Future<Void> logIn() {
    return lifecycle.logIn();
  }

  @Override
  public Future<Void> logOut() {
    return lifecycle.logOut();
  }

  @Override
  public void scheduleMoodUpdate() {
    cancelMoodUpdate();
    moodTimer = vertx.setTimer(settings.moodDelay().toMillis(), id -> {
      moodTimer = -1;
      ImoLink link = lifecycle.online() ? lifecycle.link() : null;
      if (link != null) {
        link.setStatus(SkypeStatus.toPrimitive(model.ownStatus), model.ownMood)
            .onFailure(err -> LOG.info("[{}] mood update failed: {}", sessionId,
                err.getMessage()));
      }
    });
  }

  @Override
  public void cancelMoodUpdate() {
    if (moodTimer >= 0) {
      vertx.cancelTimer(moodTimer);
      moodTimer = -1;
    }
  }

  @Override
  public Future<Void> rosterReady() {
    return roster.ready(lifecycle.online(), settings.friendsTimeout());
  }

  @Override
  public Future<ChatMessage> send(String partner, String text, CommandKey key) {
    return outgoing.send(partner, text, key);
  }

  @Override
  public Promise<Chat> expectNewChat(String groupName) {
    return chatCreations.expect(groupName, settings.loginTimeout());
  }

  @Override
  public void expireTemporary(Contact entry) {
    vertx.setTimer(TEMPORARY_ENTRY_LIFETIME_MS, id -> {
      if (entry.temporary && entry.pendingRequest == null
          && model.contacts.get(entry.handle) == entry
          && entry.buddyStatus == Contact.PENDING) {
        model.contacts.remove(entry.handle);
      }
    });
  }
}
