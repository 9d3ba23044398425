package net.imo2sproxy.gateway.emulator.lifecycle;

import io.vertx.core.Promise;
import net.imo2sproxy.gateway.emulator.imolink.ImoLink;

/**
 * Where a session's imo.im login stands; each state carries its own data. Commands that
 * arrive while {@link Connecting} or {@link Resuming} wait for the {@code outcome}.
 */
public sealed interface LoginState {

  /** The upstream session of this state, or null. */
  default ImoLink link() {
    return null;
  }

  /**
   * Completed (never failed) when the login or resume under way ends either way; null in a
   * state where nothing is under way.
   */
  default Promise<Void> outcome() {
    return null;
  }

  /** CONNSTATUS as clients see this state. */
  String connStatus();

  /** Not signed on, nothing under way (initially, after logout, after giving up). */
  record LoggedOut() implements LoginState {
    @Override
    public String connStatus() {
      return "OFFLINE";
    }
  }

  /**
   * A login on a fresh upstream session.
   *
   * @param attempt re-logins made since the session was lost (0: a first login)
   * @param outcome completed (never failed) when the login ends either way
   * @param timer the login timeout
   */
  record Connecting(int attempt, Promise<Void> outcome, long timer, ImoLink link)
      implements LoginState {
    @Override
    public String connStatus() {
      return "CONNECTING";
    }
  }

  /** Continuing the upstream session a previous owner left (no login). */
  record Resuming(Promise<Void> outcome, ImoLink link) implements LoginState {
    @Override
    public String connStatus() {
      return "CONNECTING";
    }
  }

  /** Signed on. */
  record Online(ImoLink link) implements LoginState {
    @Override
    public String connStatus() {
      return "ONLINE";
    }
  }

  /**
   * The session was lost or a login failed; the next attempt follows after {@code timer}.
   * Commands are not held meanwhile: they are answered as not logged in.
   */
  record WaitingForRelogin(int attempt, long timer) implements LoginState {
    @Override
    public String connStatus() {
      return "CONNECTING";
    }
  }

  /** The session ended for good. */
  record Closed() implements LoginState {
    @Override
    public String connStatus() {
      return "OFFLINE";
    }
  }
}
