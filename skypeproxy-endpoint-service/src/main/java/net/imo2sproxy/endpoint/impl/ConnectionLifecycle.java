package net.imo2sproxy.endpoint.impl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a connection's {@link ConnectionState} and moves it along the transitions the state
 * allows, logging each one at debug. Event-loop confined, like the connection.
 */
final class ConnectionLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLifecycle.class);

  private final String connectionId;
  private ConnectionState state = ConnectionState.HANDSHAKE;

  ConnectionLifecycle(String connectionId) {
    this.connectionId = connectionId;
  }

  ConnectionState state() {
    return state;
  }

  boolean is(ConnectionState expected) {
    return state == expected;
  }

  boolean ending() {
    return state.ending();
  }

  /**
   * Moves to {@code next}. Moving to the current state is a no-op, as is asking a closed
   * connection to close (a late close request); anything else the table forbids is a bug.
   *
   * @param why short cause for the debug log; never a credential
   * @throws IllegalStateException on a transition {@link ConnectionState#canMoveTo} forbids
   */
  void moveTo(ConnectionState next, String why) {
    if (next == state || (state == ConnectionState.CLOSED && next.ending())) {
      return;
    }
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException(state + " -> " + next + " (" + why + ")");
    }
    LOG.debug("[{}] {} -> {} ({})", connectionId, state, next, why);
    state = next;
  }
}
