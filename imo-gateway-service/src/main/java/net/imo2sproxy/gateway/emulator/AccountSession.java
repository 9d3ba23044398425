package net.imo2sproxy.gateway.emulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import net.imo2sproxy.gateway.emulator.command.CommandContext;
import net.imo2sproxy.gateway.emulator.command.CommandTable;
import net.imo2sproxy.gateway.emulator.command.UpstreamCalls;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.emulator.connection.OutputSink;
import net.imo2sproxy.gateway.emulator.imolink.ImoLink;
import net.imo2sproxy.gateway.emulator.impl.ChatCreations;
import net.imo2sproxy.gateway.emulator.impl.CommandRunner;
import net.imo2sproxy.gateway.emulator.impl.CurrentUpstream;
import net.imo2sproxy.gateway.emulator.impl.OutgoingMessages;
import net.imo2sproxy.gateway.emulator.impl.RestoredAnnouncements;
import net.imo2sproxy.gateway.emulator.impl.RosterReadiness;
import net.imo2sproxy.gateway.emulator.impl.SessionServices;
import net.imo2sproxy.gateway.emulator.impl.SnapshotCodec;
import net.imo2sproxy.gateway.emulator.lifecycle.LoginLifecycle;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.MessageNumbers;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.gateway.emulator.model.SessionState;
import net.imo2sproxy.gateway.emulator.translate.EventTranslator;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;

/**
 * The Skype API emulation of one imo.im account, put together from its parts: the model, the
 * login lifecycle, the event translator, the connections' fan-out and the command runner.
 * This is what the session registry sees: attach and detach connections, run their commands,
 * save and restore the state a survivor needs.
 *
 * <p>Confined to one Vert.x context: every method must run on it.
 */
public final class AccountSession {

  /** Observer of changes worth persisting for a take-over (see {@link #snapshot}). */
  public interface StateListener extends SessionModel.ChangeListener {
  }

  private final SessionSettings settings;
  private final String password;
  private final String sessionId;
  private final SessionModel model;
  private final ConnectionFanOut fanOut;
  private final LoginLifecycle lifecycle;
  private final OutgoingMessages outgoing;
  private final RestoredAnnouncements restoredAnnouncements;
  private final RosterReadiness roster;
  private final SessionServices services;
  private final EventTranslator events;
  private final CommandRunner runner;
  private SavedState savedState = SavedState.NONE;

  public AccountSession(Vertx vertx, HttpClient upstreamHttp, ImoClientOptions imoOptions,
      SessionSettings settings, String username, String password, String sessionId,
      OutputSink output) {
    this.settings = settings;
    this.password = password;
    this.sessionId = sessionId;
    BridgeMetrics metrics = BridgeMetrics.of(vertx);
    model = new SessionModel(username, settings.messageCapacity());
    fanOut = new ConnectionFanOut(sessionId, output);
    roster = new RosterReadiness(vertx);
    ChatCreations chatCreations = new ChatCreations(vertx);
    // the parts refer to each other: these callbacks read the fields once they are set
    restoredAnnouncements = new RestoredAnnouncements(vertx, model, fanOut);
    outgoing = new OutgoingMessages(vertx, sessionId, settings, model, fanOut, metrics,
        this::currentLink);
    lifecycle = new LoginLifecycle(vertx,
        new ImoLink.Factory(vertx, upstreamHttp, imoOptions, username, sessionId), password,
        sessionId, settings, model, fanOut, metrics, new LoginLifecycle.Hooks() {
          @Override
          public void upstreamStarting() {
            outgoing.forgetRequestIds();
          }

          @Override
          public void upstreamOpened(ImoLink link) {
            // before its first request: what the login or the resume takes is acknowledged to
            // imo.im only once saved, so a survivor finds it in the state or gets it again
            if (savedState != SavedState.NONE) {
              link.holdAcknowledgements(() -> savedState.saved());
            }
          }

          @Override
          public void upstreamEnded() {
            services.cancelMoodUpdate();
            outgoing.failPending();
            roster.reset();
          }
        });
    services = new SessionServices(vertx, sessionId, settings, model, lifecycle, outgoing,
        roster, chatCreations);
    model.onEvicted(outgoing::cancelAckTimer);
    events = new EventTranslator(sessionId, settings, model, fanOut, metrics, lifecycle,
        outgoing, roster, chatCreations);
    lifecycle.onServerMessage(events::onServerMessage);
    UpstreamCalls upstream = new CurrentUpstream(lifecycle::link);
    runner = new CommandRunner(sessionId, settings, fanOut, lifecycle,
        new CommandTable(metrics), (line, connection, key, resent) -> new CommandContext(line,
            connection, key, resent, model, upstream, services, settings, fanOut));
  }

  private ImoLink currentLink() {
    return lifecycle.link();
  }

  /**
   * The session's state is saved for a survivor ({@link SavedState}): incoming messages are
   * announced, and acknowledged to imo.im, once saved, and own messages are saved before they
   * are sent. Call before the first log-in.
   */
  public void keepStateSaved(SavedState savedState) {
    this.savedState = savedState;
    events.savedState(savedState);
    outgoing.savedState(savedState);
  }

  SessionModel model() {
    return model;
  }

  public String sessionId() {
    return sessionId;
  }

  public String username() {
    return model.username();
  }

  /** Constant-time check that {@code candidate} is this account's imo.im password. */
  public boolean passwordMatches(String candidate) {
    return MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
        candidate.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- connections and commands

  public int connectionCount() {
    return fanOut.size();
  }

  public boolean hasConnection(String connectionId) {
    return fanOut.contains(connectionId);
  }

  /** Where an attached connection's output goes, or null when it is not attached. */
  public ConnectionOutput output(String connectionId) {
    ApiConnection connection = fanOut.get(connectionId);
    return connection == null ? null : connection.output;
  }

  public void attach(String connectionId, ConnectionOutput output) {
    if (fanOut.contains(connectionId)) {
      return; // attached already: a repeated request keeps the connection and its queue
    }
    fanOut.add(new ApiConnection(connectionId, output,
        Math.min(settings.initialProtocol(), settings.maxProtocol())));
  }

  /**
   * Attaches a connection that already negotiated {@code protocol} on a previous gateway and
   * says what it restored, how the messages it last saw SENDING ended ({@link Resumed#of}).
   */
  public Resumed attachResumed(String connectionId, ConnectionOutput address, int protocol,
      List<Long> sending) {
    ApiConnection connection = fanOut.get(connectionId);
    if (connection == null) {
      int level = protocol > 0 ? Math.min(protocol, settings.maxProtocol())
          : Math.min(settings.initialProtocol(), settings.maxProtocol());
      connection = new ApiConnection(connectionId, address, level);
      connection.sawFirstCommand = true;
      connection.toldOnline = true; // on the gateway it was attached to before
      fanOut.add(connection);
    }
    // else: an endpoint may send its re-attach more than once (a slow take-over); the first
    // one attached it, and replacing it would drop the commands queued on it. Each reply
    // carries the statuses: the endpoint writes those of the one reply it uses.
    // the previous owner saved these and may have died before announcing them; as output,
    // not in the reply: they reach the endpoint whichever reply it uses
    restoredAnnouncements.tell(connection);
    return Resumed.of(connection, sending, model.messages);
  }

  /** Removes a connection for good; the caller ends the session when none is left. */
  public void detach(String connectionId) {
    fanOut.remove(connectionId);
    model.messages.forgetConnection(connectionId); // its commands are never resent
    model.answered.forgetConnection(connectionId);
  }

  /** Queues one command line of a connection behind its previous commands. */
  public void command(String connectionId, String text) {
    runner.command(connectionId, text);
  }

  /** See {@link CommandRunner#run}. */
  public Future<CommandRunner.Answer> run(String connectionId, long id, boolean resent,
      String text) {
    return runner.run(connectionId, id, resent, text);
  }

  /**
   * Commands taken but not answered yet, over all connections, and sends whose {@code send_im}
   * was not answered yet (a hand-over waits for them).
   */
  public int pendingCommands() {
    return runner.pending() + outgoing.sendsInFlight();
  }

  /** Completes once every command taken so far was answered (a hand-over waits for it). */
  public Future<Void> commandsAnswered() {
    // a send is answered before its send_im: the saved state should know how that went
    return runner.answered().compose(v -> outgoing.sendsAnswered());
  }

  /** Tells every attached connection to close (the gateway is stopping). */
  public void closeConnections(String reason) {
    for (ApiConnection connection : fanOut.all()) {
      fanOut.sendOther(connection, BusMessages.close(reason));
    }
  }

  // ---------------------------------------------------------------- login

  /** True while signed on to imo.im. */
  public boolean loggedIn() {
    return lifecycle.online();
  }

  /**
   * Holds what the session tells the connection until its first command: a login made during
   * the attach then reaches it as one caused by that command would (CONNSTATUS lines before
   * its answer), not in the middle of the client's handshake.
   */
  public void holdOutput(String connectionId) {
    ApiConnection connection = fanOut.get(connectionId);
    if (connection != null) {
      fanOut.hold(connection);
    }
  }

  /** True when imo.im rejected the credentials of the last login (the session is OFFLINE). */
  public boolean loginRejected() {
    return lifecycle.credentialsRejected();
  }

  /** Logs in now instead of at the first command (the session was re-created elsewhere). */
  public Future<Void> loginNow() {
    return lifecycle.logIn();
  }

  /** The upstream imo.im session id while one exists, else null (published for take-over). */
  public String upstreamSessionId() {
    ImoLink link = lifecycle.link();
    return link == null ? null : link.ssid();
  }

  /** Ends the session for good: logs out of imo.im and drops every connection. */
  public Future<Void> close() {
    if (lifecycle.closed()) {
      return Future.succeededFuture();
    }
    Future<Void> result = lifecycle.close();
    outgoing.cancelAllTimers();
    restoredAnnouncements.end();
    // the connections stay until the sign-off is done: a message its last answers carry is
    // announced to them (and saved for the next owner), not taken silently
    return result.onComplete(ar -> fanOut.clear());
  }

  // ---------------------------------------------------------------- cluster hand-over

  /** Numbers messages from cluster-wide blocks instead of the process-local counter. */
  public void useNumbers(MessageNumbers clusterNumbers) {
    model.useNumbers(clusterNumbers);
  }

  public void onStateChange(StateListener listener) {
    model.onChange(listener);
  }

  /** Drops read and sent messages stored before {@code limitMillis} (retention). */
  public int dropMessagesOlderThan(long limitMillis) {
    return model.messages.dropOlderThan(limitMillis);
  }

  /**
   * What a survivor needs to continue this session (no password): the own profile, message
   * numbering, the upstream imo.im session while online, unread messages, own messages still
   * SENDING and, whatever their status, each connection's last own messages with their
   * command keys (so a command resent to the survivor is not sent twice). See
   * {@link #snapshotText}.
   */
  public JsonObject snapshot() {
    return new JsonObject(snapshotText(true));
  }

  /**
   * {@link #snapshot} as JSON text, written on every change of a clustered session: each
   * message's part is encoded once and reused until the message changes. Without
   * {@code upstream} the imo.im session is left out (it was signed off).
   */
  public String snapshotText(boolean upstream) {
    return stateSnapshot(upstream).text();
  }

  /**
   * {@link #snapshotText} and what to run once it is saved: the upstream session it holds may
   * then acknowledge to imo.im what the snapshot covers.
   */
  public StateSnapshot stateSnapshot(boolean upstream) {
    ImoLink link = lifecycle.link();
    boolean live = upstream && lifecycle.online() && link != null && !link.isEnded();
    return SnapshotCodec.encode(model, live ? link : null);
  }

  /** The contacts and group chats (written apart: they change less often than messages). */
  public JsonObject rosterSnapshot() {
    return SessionState.encodeRoster(model.contacts.values(), model.chats.values(),
        model.memberObjectIdFloor());
  }

  /**
   * Takes over the state a previous owner left ({@link #snapshot}, {@link #rosterSnapshot}):
   * unread messages with their numbers, pending sends, contacts and chats; numbering goes on
   * in fresh blocks, never in the previous owner's. Call before attaching connections, then
   * {@link #resumeUpstream}.
   */
  public void restore(JsonObject state, JsonObject roster) {
    SnapshotCodec.restore(model, state, roster);
    restoredAnnouncements.restored();
  }

  /**
   * Continues the previous owner's upstream session (no login); when imo.im no longer knows
   * it, or none was saved, logs in afresh with this session's password. Restored sends whose
   * acknowledgement does not arrive within {@code confirmWindow} end FAILED (reason 1): their
   * fate is unknown and they are never resent. Commands arriving meanwhile wait for the
   * outcome. The future carries whether it resumed.
   */
  public Future<Boolean> resumeUpstream(JsonObject upstream, Duration confirmWindow) {
    if (lifecycle.closed()) {
      return Future.succeededFuture(false);
    }
    outgoing.settleAcknowledged();
    if (upstream == null || upstream.getString("ssid") == null) {
      outgoing.failPending();
      return lifecycle.logIn().map(false);
    }
    outgoing.failUnnumbered();
    return lifecycle.resume(upstream).onSuccess(resumed -> {
      if (resumed) {
        roster.markKnown();
        outgoing.confirmWithin(confirmWindow);
        model.changed();
      }
    });
  }

  /** An {@code im} event recovered from a dead gateway's upstream session (StaleUpstreamDrain). */
  public void recoverEvent(JsonObject event) {
    if (!lifecycle.closed() && "recv_im".equals(event.getValue("name"))) {
      events.onReceivedMessage(event);
    }
  }
}
