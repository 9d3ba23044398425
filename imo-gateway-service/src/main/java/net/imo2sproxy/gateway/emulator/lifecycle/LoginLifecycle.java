package net.imo2sproxy.gateway.emulator.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.BiConsumer;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.imolink.ImoLink;
import net.imo2sproxy.gateway.emulator.imolink.UpstreamEvents;
import net.imo2sproxy.gateway.emulator.lifecycle.LoginState.Closed;
import net.imo2sproxy.gateway.emulator.lifecycle.LoginState.Connecting;
import net.imo2sproxy.gateway.emulator.lifecycle.LoginState.LoggedOut;
import net.imo2sproxy.gateway.emulator.lifecycle.LoginState.Online;
import net.imo2sproxy.gateway.emulator.lifecycle.LoginState.Resuming;
import net.imo2sproxy.gateway.emulator.lifecycle.LoginState.WaitingForRelogin;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.gateway.emulator.model.SkypeStatus;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imo.im login of one session as a state machine over {@link LoginState}: login with
 * timeout, re-login with back-off after a lost session, resume of a previous owner's upstream
 * session, logout and close. Only events of the current state's upstream session count.
 *
 * <p>Confined to the session's context.
 */
public final class LoginLifecycle {

  /** What else must happen when upstream sessions start and end. */
  public interface Hooks {
    /** A fresh upstream session starts: request ids of the previous one mean nothing now. */
    void upstreamStarting();

    /** The upstream session ended: pending sends fail, the roster is unknown again. */
    void upstreamEnded();

    /** An upstream session was opened; no request of it has gone out yet. */
    default void upstreamOpened(ImoLink link) {
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(LoginLifecycle.class);

  private final Vertx vertx;
  private final ImoLink.Factory upstreams;
  private final String password;
  private final String sessionId;
  private final SessionSettings settings;
  private final SessionModel model;
  private final ConnectionFanOut fanOut;
  private final BridgeMetrics metrics;
  private final Hooks hooks;
  private final OnlineAnnouncer announcer;
  private BiConsumer<String, JsonObject> serverMessages = (system, data) -> { };
  /** The upstream session being signed off, whose last messages still count. */
  private ImoLink signingOff;
  private LoginState state = new LoggedOut();
  /** imo.im rejected the credentials of the last login (cleared when the next one starts). */
  private boolean credentialsRejected;

  public LoginLifecycle(Vertx vertx, ImoLink.Factory upstreams, String password,
      String sessionId, SessionSettings settings, SessionModel model, ConnectionFanOut fanOut,
      BridgeMetrics metrics, Hooks hooks) {
    this.vertx = vertx;
    this.upstreams = upstreams;
    this.password = password;
    this.sessionId = sessionId;
    this.settings = settings;
    this.model = model;
    this.fanOut = fanOut;
    this.metrics = metrics;
    this.hooks = hooks;
    this.announcer = new OnlineAnnouncer(model, fanOut);
  }

  /** Receives the server messages of the current upstream session. */
  public void onServerMessage(BiConsumer<String, JsonObject> receiver) {
    this.serverMessages = receiver;
  }

  public LoginState state() {
    return state;
  }

  public boolean online() {
    return state instanceof Online;
  }

  public boolean loggedOut() {
    return state instanceof LoggedOut;
  }

  public boolean closed() {
    return state instanceof Closed;
  }

  /**
   * True when imo.im said the credentials are wrong and the session went OFFLINE for it; a
   * login that failed for any other reason (unreachable, timed out) leaves this false.
   */
  public boolean credentialsRejected() {
    return credentialsRejected;
  }

  /** The current upstream session, or null. */
  public ImoLink link() {
    return state.link();
  }

  /** Completes once a login or resume under way has ended either way; at once otherwise. */
  public Future<Void> settled() {
    Promise<Void> outcome = state.outcome();
    return outcome == null ? Future.succeededFuture() : outcome.future();
  }

  /** Logs in unless online or under way; completes (never fails) with the outcome. */
  public Future<Void> logIn() {
    if (state instanceof Online || state instanceof Closed) {
      return Future.succeededFuture();
    }
    Promise<Void> underWay = state.outcome();
    if (underWay != null) {
      return underWay.future();
    }
    if (state instanceof WaitingForRelogin waiting) {
      vertx.cancelTimer(waiting.timer()); // try now; clients already saw CONNECTING
      return attempt(waiting.attempt(), Promise.promise(), false);
    }
    return attempt(0, Promise.promise(), true);
  }

  /** One login attempt on a fresh upstream session (new cookies, ssid and sequence spaces). */
  private Future<Void> attempt(int attempt, Promise<Void> outcome, boolean announce) {
    ImoLink link = openLink();
    credentialsRejected = false;
    hooks.upstreamStarting();
    long timer = vertx.setTimer(settings.loginTimeout().toMillis(), id -> {
      if (state instanceof Connecting c && c.link() == link) {
        loginFailed(c, "login timed out");
      }
    });
    moveTo(new Connecting(attempt, outcome, timer, link));
    if (announce) {
      fanOut.notifyAll("CONNSTATUS CONNECTING");
    }
    LOG.info("[{}] logging in {}{}", sessionId, model.username(),
        attempt > 0 ? " (attempt " + (attempt + 1) + ")" : "");
    link.logIn(password).onFailure(err -> {
      if (state instanceof Connecting c && c.link() == link) {
        loginFailed(c, err.getMessage());
      }
    });
    return outcome.future();
  }

  /**
   * A login attempt failed without a verdict on the password (unreachable, timed out): the
   * next attempt follows with back-off. Only a rejected password, or the end of the attempts,
   * ends in OFFLINE.
   */
  private void loginFailed(Connecting connecting, String reason) {
    LOG.info("[{}] login of {} failed: {}", sessionId, model.username(), reason);
    metrics.loginFailed(reason.contains("timed out") ? "timeout" : "upstream");
    relogin(connecting.attempt() + 1, reason);
  }

  /** The server signed us on: ONLINE, and any status the user chose meanwhile goes upstream. */
  public void signedOn() {
    LoginState left = state;
    ImoLink link = left.link();
    if (left instanceof Connecting connecting) {
      vertx.cancelTimer(connecting.timer());
    }
    moveTo(new Online(link));
    if (SkypeStatus.OFFLINE.equals(model.ownStatus)) {
      model.ownStatus = SkypeStatus.ONLINE;
    }
    LOG.info("[{}] {} signed on", sessionId, model.ownHandle);
    metrics.loginSucceeded();
    announcer.signedOn();
    if (!SkypeStatus.ONLINE.equals(model.ownStatus) || !model.ownMood.isEmpty()) {
      link.setStatus(SkypeStatus.toPrimitive(model.ownStatus), model.ownMood);
    }
    releaseLater(left.outcome());
  }

  /**
   * Continues a previous owner's upstream session; when imo.im no longer knows it, logs in
   * afresh, and commands held meanwhile wait for that login. The future carries whether it
   * resumed.
   */
  public Future<Boolean> resume(JsonObject saved) {
    if (closed()) {
      return Future.succeededFuture(false);
    }
    ImoLink link = openLink();
    moveTo(new Resuming(Promise.promise(), link));
    return link.resume(saved).transform(ar -> {
      if (state.link() != link) {
        return Future.succeededFuture(false); // closed or replaced meanwhile
      }
      Promise<Void> outcome = state.outcome();
      if (ar.failed()) {
        LOG.info("[{}] upstream session of {} not resumed ({}); logging in again", sessionId,
            model.username(), ar.cause().getMessage());
        moveTo(new LoggedOut());
        hooks.upstreamEnded();
        return attempt(0, outcome != null ? outcome : Promise.promise(), true).map(false);
      }
      moveTo(new Online(link));
      LOG.info("[{}] upstream session of {} resumed", sessionId, model.username());
      announcer.resumed();
      releaseLater(outcome);
      return Future.succeededFuture(true);
    });
  }

  /**
   * A connection that joined while the session was online was told nothing by the sign-on:
   * it is told now, as real Skype told every newly attached client, once
   * (docs/skype-api-emulation.md §2.4).
   */
  public void tellJoined(ApiConnection connection) {
    if (online()) {
      announcer.joined(connection);
    }
  }

  /** Logs out: {@code signoff_all}, then CONNSTATUS and USERSTATUS OFFLINE for everyone. */
  public Future<Void> logOut() {
    LoginState left = state;
    if (left instanceof LoggedOut || left instanceof Closed) {
      return Future.succeededFuture();
    }
    moveTo(new LoggedOut());
    Future<Void> signOff = endLink(left, true);
    fanOut.notifyAll("CONNSTATUS OFFLINE");
    fanOut.notifyAll("USERSTATUS OFFLINE");
    release(left);
    return signOff;
  }

  /** Ends for good: signs off imo.im when signed on or under way. */
  public Future<Void> close() {
    LoginState left = state;
    if (left instanceof Closed) {
      return Future.succeededFuture();
    }
    moveTo(new Closed());
    Future<Void> result = left instanceof LoggedOut ? Future.succeededFuture()
        : endLink(left, true);
    release(left);
    return result;
  }

  // ---------------------------------------------------------------- lost sessions

  private ImoLink openLink() {
    ImoLink[] self = new ImoLink[1];
    self[0] = upstreams.open(new UpstreamEvents() {
      @Override
      public void onServerMessage(String fromSystem, JsonObject data) {
        // a session signing off still hands on what its last answers carried: the state
        // written after the sign-off must hold it (the server forgets what was acknowledged)
        if (state.link() == self[0] || signingOff == self[0]) {
          serverMessages.accept(fromSystem, data);
        }
      }

      @Override
      public void onEnded(boolean retryable, String reason) {
        if (state.link() == self[0]) {
          lostSession(retryable, reason);
        }
      }
    });
    hooks.upstreamOpened(self[0]);
    return self[0];
  }

  /**
   * The server or the network ended the upstream session (docs/imo-protocol.md §7.4). A rejected
   * password ends in OFFLINE and is never retried; anything else gets a fresh session and a
   * re-login.
   */
  private void lostSession(boolean retryable, String reason) {
    LOG.info("[{}] imo.im session of {} ended: {}", sessionId, model.ownHandle, reason);
    if (!retryable) {
      metrics.loginFailed("rejected");
      credentialsRejected = true;
      giveUp(reason);
      return;
    }
    if (state instanceof Resuming resuming) {
      // the saved session is gone: log in afresh now; commands held meanwhile keep waiting
      moveTo(new LoggedOut());
      endLink(resuming, false);
      attempt(0, resuming.outcome(), true);
      return;
    }
    relogin((state instanceof Connecting c ? c.attempt() : 0) + 1, reason);
  }

  /**
   * Waits (exponential back-off with jitter), then logs in on a fresh session; clients see
   * CONNSTATUS CONNECTING now and ONLINE after the sign-on.
   */
  private void relogin(int attempt, String reason) {
    if (!upstreams.reloginAllowed(attempt)) {
      giveUp("no re-login after " + (attempt - 1) + " attempt(s): " + reason);
      return;
    }
    LoginState left = state;
    long delay = upstreams.reloginDelayMillis(attempt);
    long timer = vertx.setTimer(delay, id -> {
      if (state instanceof WaitingForRelogin waiting && waiting.timer() == id) {
        attempt(waiting.attempt(), Promise.promise(), false);
      }
    });
    moveTo(new WaitingForRelogin(attempt, timer));
    endLink(left, false);
    if (left instanceof Online) {
      fanOut.notifyAll("CONNSTATUS CONNECTING");
    }
    release(left);
    LOG.info("[{}] re-login of {} in {} ms ({})", sessionId, model.username(), delay, reason);
  }

  /** Back to LOGGED_OUT with CONNSTATUS and USERSTATUS OFFLINE; no retry follows. */
  private void giveUp(String reason) {
    LOG.info("[{}] {} is offline: {}", sessionId, model.username(), reason);
    LoginState left = state;
    moveTo(new LoggedOut());
    endLink(left, false);
    if (!(left instanceof LoggedOut)) {
      fanOut.notifyAll("CONNSTATUS OFFLINE");
      fanOut.notifyAll("USERSTATUS OFFLINE");
    }
    release(left);
  }

  // ---------------------------------------------------------------- helpers

  private void moveTo(LoginState next) {
    LOG.debug("[{}] login state {} -> {}", sessionId, state.getClass().getSimpleName(),
        next.getClass().getSimpleName());
    state = next;
  }

  private Future<Void> endLink(LoginState left, boolean signOff) {
    hooks.upstreamEnded();
    ImoLink link = left.link();
    if (link == null) {
      return Future.succeededFuture();
    }
    if (signOff) {
      signingOff = link;
      return link.signOff().onComplete(ar -> {
        if (signingOff == link) {
          signingOff = null;
        }
      });
    }
    link.close();
    return Future.succeededFuture();
  }

  /** Stops the timers of a state left and lets the commands it held run. */
  private void release(LoginState left) {
    if (left instanceof Connecting connecting) {
      vertx.cancelTimer(connecting.timer());
    } else if (left instanceof WaitingForRelogin waiting) {
      vertx.cancelTimer(waiting.timer());
    }
    Promise<Void> outcome = left.outcome();
    if (outcome != null) {
      outcome.tryComplete();
    }
  }

  /**
   * Releases held commands after the rest of this server batch (the roster usually rides
   * with signed_on), so contact lines precede the reply to the first command, as in the
   * original.
   */
  private void releaseLater(Promise<Void> outcome) {
    if (outcome != null) {
      vertx.runOnContext(v -> outcome.tryComplete());
    }
  }
}
