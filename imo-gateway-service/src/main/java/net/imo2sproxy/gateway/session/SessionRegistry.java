package net.imo2sproxy.gateway.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import net.imo2sproxy.gateway.GatewayOptions;
import net.imo2sproxy.gateway.skype.AccountSession;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account sessions of one gateway: one per account, created by the first connection that
 * attaches, ended when the last one detaches. Each session listens on its own event-bus
 * address named by a random id.
 *
 * <p>Confined to the gateway verticle's context.
 */
public final class SessionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

  private final Vertx vertx;
  private final EventBus eventBus;
  private final WebClient webClient;
  private final GatewayOptions options;
  private final AccountResolver resolver;
  private final Map<String, Entry> byAccount = new HashMap<>();
  private final Map<String, Entry> bySessionId = new HashMap<>();

  private static final class Entry {
    final AccountSession session;
    final String accountKey;
    MessageConsumer<Object> consumer;
    Future<Void> ready;

    Entry(AccountSession session, String accountKey) {
      this.session = session;
      this.accountKey = accountKey;
    }
  }

  public SessionRegistry(Vertx vertx, WebClient webClient, GatewayOptions options) {
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
    this.webClient = webClient;
    this.options = options;
    this.resolver = new AccountResolver(options);
  }

  public int sessionCount() {
    return bySessionId.size();
  }

  /** Answers {@link BusAddresses#GATEWAY_AUTH_POLICY}. */
  public void onAuthPolicy(Message<Object> request) {
    request.reply(BusMessages.authPolicy(resolver.passwordless()));
  }

  /** Answers {@link BusAddresses#GATEWAY_ATTACH}. */
  public void onAttach(Message<Object> request) {
    JsonObject body;
    String connectionId;
    try {
      body = BusMessages.checkVersion(request.body());
      connectionId = BusMessages.requireString(body, BusMessages.CONNECTION);
    } catch (IllegalArgumentException e) {
      request.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      return;
    }
    String credential = body.getValue(BusMessages.CREDENTIAL) instanceof String c ? c : null;
    String remote = body.getString(BusMessages.REMOTE, "?");
    AccountResolver.Account account = resolver.resolve(credential);
    if (account == null) {
      LOG.info("refused connection {} from {}: {}", connectionId, remote,
          credential == null ? "password required" : "unknown password");
      request.fail(BusMessages.FAILURE_REFUSED, "credentials refused");
      return;
    }
    String key = account.username().toLowerCase(Locale.ROOT);
    Entry entry = byAccount.get(key);
    if (entry != null && !entry.session.passwordMatches(account.password())) {
      // Knowing a username is never enough to join someone's session.
      LOG.info("refused connection {} from {} to {}: password differs from the session's",
          connectionId, remote, account.username());
      request.fail(BusMessages.FAILURE_REFUSED, "credentials refused");
      return;
    }
    if (entry == null) {
      entry = createSession(account, key);
    }
    Entry joined = entry;
    joined.ready.onComplete(ar -> {
      if (ar.failed()) {
        request.fail(500, "session could not be registered");
        return;
      }
      joined.session.attach(connectionId, BusAddresses.connection(connectionId));
      LOG.info("connection {} from {} attached to session {} ({})", connectionId, remote,
          joined.session.sessionId(), joined.session.username());
      request.reply(BusMessages.attached(joined.session.sessionId(), joined.session.username()));
    });
  }

  private Entry createSession(AccountResolver.Account account, String key) {
    String sessionId = UUID.randomUUID().toString();
    AccountSession session = new AccountSession(vertx, webClient, options.imoClientOptions(),
        options.sessionSettings(), account.username(), account.password(), sessionId,
        eventBus::send);
    Entry entry = new Entry(session, key);
    byAccount.put(key, entry);
    bySessionId.put(sessionId, entry);
    entry.consumer = eventBus.consumer(BusAddresses.session(sessionId),
        message -> onSessionMessage(entry, message));
    entry.ready = entry.consumer.completion().onFailure(err -> {
      LOG.error("could not register session {}", sessionId, err);
      remove(entry);
    });
    LOG.info("session {} created for {}", sessionId, account.username());
    return entry;
  }

  private void onSessionMessage(Entry entry, Message<Object> message) {
    JsonObject body;
    String type;
    String connectionId;
    try {
      body = BusMessages.checkVersion(message.body());
      type = BusMessages.requireString(body, BusMessages.TYPE);
      connectionId = BusMessages.requireString(body, BusMessages.CONNECTION);
    } catch (IllegalArgumentException e) {
      message.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      return;
    }
    AccountSession session = entry.session;
    switch (type) {
      case BusMessages.TYPE_COMMAND -> {
        if (!session.hasConnection(connectionId)) {
          message.fail(BusMessages.FAILURE_UNKNOWN, "connection not attached");
          return;
        }
        String line = body.getValue(BusMessages.LINE) instanceof String l ? l : "";
        message.reply(BusMessages.accepted());
        session.command(connectionId, line);
      }
      case BusMessages.TYPE_DETACH -> {
        session.detach(connectionId);
        message.reply(BusMessages.accepted());
        LOG.info("connection {} detached from session {} ({})", connectionId,
            session.sessionId(), body.getString(BusMessages.REASON, "no reason"));
        if (session.connectionCount() == 0) {
          end(entry, "last connection left");
        }
      }
      default -> message.fail(BusMessages.FAILURE_BAD_REQUEST, "unknown type " + type);
    }
  }

  private Future<Void> end(Entry entry, String reason) {
    if (!remove(entry)) {
      return Future.succeededFuture();
    }
    LOG.info("session {} of {} ends: {}", entry.session.sessionId(), entry.session.username(),
        reason);
    Future<Void> unregistered = entry.consumer == null ? Future.succeededFuture()
        : entry.consumer.unregister();
    return Future.join(unregistered, entry.session.close()).mapEmpty();
  }

  private boolean remove(Entry entry) {
    boolean removed = bySessionId.remove(entry.session.sessionId()) != null;
    byAccount.remove(entry.accountKey, entry);
    return removed;
  }

  /** Ends every session: connections are told to close, accounts are logged out. */
  public Future<Void> closeAll(String reason) {
    List<Future<Void>> ends = new ArrayList<>();
    for (Entry entry : new ArrayList<>(bySessionId.values())) {
      entry.session.closeConnections(reason);
      ends.add(end(entry, reason));
    }
    return Future.join(ends).mapEmpty();
  }
}
