package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers attach requests on any gateway: checks the credential and the login throttle, then
 * places the connection ({@link Placement}).
 */
final class AttachHandler {

  private static final Logger LOG = LoggerFactory.getLogger(AttachHandler.class);

  private final BridgeMetrics metrics;
  private final LoginThrottle throttle;
  private final Placement placement;
  private AccountResolver resolver;

  AttachHandler(BridgeMetrics metrics, LoginThrottle throttle, Placement placement,
      AccountResolver resolver) {
    this.metrics = metrics;
    this.throttle = throttle;
    this.placement = placement;
    this.resolver = resolver;
  }

  /** Replaces the password rule (once the accounts file is read). */
  void useResolver(AccountResolver resolver) {
    this.resolver = resolver;
  }

  void onAuthPolicy(Message<Object> request) {
    request.reply(BusMessages.authPolicy(resolver.passwordless()));
  }

  void onAttach(Message<Object> request) {
    JsonObject body;
    String connectionId;
    ConnectionOutput output;
    try {
      body = BusMessages.checkVersion(request.body());
      connectionId = BusMessages.requireString(body, BusMessages.CONNECTION);
      output = AttachRequest.outputOf(connectionId, body);
    } catch (IllegalArgumentException e) {
      request.fail(BusMessages.FAILURE_BAD_REQUEST, e.getMessage());
      return;
    }
    String credential = body.getValue(BusMessages.CREDENTIAL) instanceof String c ? c : null;
    String remote = body.getString(BusMessages.REMOTE, "?");
    String addressKey = "address:" + host(remote);
    boolean resumed = body.getValue(BusMessages.RESUME) instanceof String;
    if (!throttle.allowed(addressKey)) {
      LOG.info("refused connection {} from {}: too many logins from this address", connectionId,
          remote);
      metrics.loginFailed("throttled");
      request.fail(BusMessages.FAILURE_THROTTLED, "too many logins");
      return;
    }
    String username = body.getValue(BusMessages.CLIENT_USERNAME) instanceof String u ? u : null;
    AccountResolver.Account account = resolver.resolve(credential, username);
    if (account == null) {
      throttle.record(addressKey);
      LOG.info("refused connection {} from {}: {}", connectionId, remote,
          credential == null ? "password required" : "unknown password");
      metrics.loginFailed("credentials");
      request.fail(BusMessages.FAILURE_REFUSED, "credentials refused");
      return;
    }
    String accountKey = "account:" + account.username().toLowerCase(Locale.ROOT);
    if (!throttle.allowed(accountKey)) {
      LOG.info("refused connection {} from {} to {}: too many logins for this account",
          connectionId, remote, account.username());
      metrics.loginFailed("throttled");
      request.fail(BusMessages.FAILURE_THROTTLED, "too many logins");
      return;
    }
    AttachRequest attach = new AttachRequest(connectionId,
        body.getString(BusMessages.ENDPOINT, "?"), remote, account,
        body.getInteger(BusMessages.PROTOCOL, 0), resumed,
        resumed ? BusMessages.sendingNumbers(body) : List.of(),
        Boolean.TRUE.equals(body.getValue(BusMessages.HEARTBEAT)), output,
        !resumed && resolver.ownCredentials(credential, username));
    placement.place(attach).onComplete(ar -> {
      if (ar.succeeded()) {
        request.reply(ar.result());
        return;
      }
      int code = ar.cause() instanceof ReplyException re ? re.failureCode() : 500;
      if (code == BusMessages.FAILURE_REFUSED) {
        boolean rejectedUpstream = SessionHost.LOGIN_REJECTED.equals(ar.cause().getMessage());
        if (!rejectedUpstream) {
          // a login imo.im rejected was counted once already, when its session was opened
          throttle.record(addressKey);
          throttle.record(accountKey);
        }
        LOG.info("refused connection {} from {} to {}: {}", connectionId, remote,
            account.username(), rejectedUpstream ? SessionHost.LOGIN_REJECTED
                : "password differs from the session's (or is one imo.im just rejected)");
        metrics.loginFailed("credentials");
      } else {
        LOG.warn("attach of connection {} to {} failed: {}", connectionId, account.username(),
            ar.cause().getMessage());
      }
      request.fail(code, code == BusMessages.FAILURE_REFUSED ? "credentials refused"
          : String.valueOf(ar.cause().getMessage()));
    });
  }

  /** The host part of {@code host:port} (throttling is per source address, not per port). */
  static String host(String remote) {
    int colon = remote.lastIndexOf(':');
    return colon > 0 ? remote.substring(0, colon) : remote;
  }
}
