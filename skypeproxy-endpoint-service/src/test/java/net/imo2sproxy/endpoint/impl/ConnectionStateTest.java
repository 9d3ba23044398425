package net.imo2sproxy.endpoint.impl;

import static net.imo2sproxy.endpoint.impl.ConnectionState.ATTACHING;
import static net.imo2sproxy.endpoint.impl.ConnectionState.AUTHENTICATING;
import static net.imo2sproxy.endpoint.impl.ConnectionState.AWAITING_GATEWAY;
import static net.imo2sproxy.endpoint.impl.ConnectionState.AWAITING_PASSWORD;
import static net.imo2sproxy.endpoint.impl.ConnectionState.CLOSED;
import static net.imo2sproxy.endpoint.impl.ConnectionState.CLOSING;
import static net.imo2sproxy.endpoint.impl.ConnectionState.HANDSHAKE;
import static net.imo2sproxy.endpoint.impl.ConnectionState.OPEN;
import static net.imo2sproxy.endpoint.impl.ConnectionState.REATTACHING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ConnectionStateTest {

  @Test
  void passwordPathReachesOpen() {
    ConnectionLifecycle lifecycle = new ConnectionLifecycle("c");
    lifecycle.moveTo(AWAITING_PASSWORD, "AUTHENTICATE");
    lifecycle.moveTo(AUTHENTICATING, "password");
    lifecycle.moveTo(OPEN, "attached");
    lifecycle.moveTo(REATTACHING, "lost");
    lifecycle.moveTo(OPEN, "re-attached");
    assertThat(lifecycle.state()).isEqualTo(OPEN);
    assertThat(lifecycle.state().attached()).isTrue();
  }

  @Test
  void passwordlessPathReachesOpen() {
    ConnectionLifecycle lifecycle = new ConnectionLifecycle("c");
    lifecycle.moveTo(ATTACHING, "first frame");
    lifecycle.moveTo(OPEN, "attached");
    assertThat(lifecycle.is(OPEN)).isTrue();
  }

  @Test
  void anAttachThatReachedNoGatewayWaitsThenOpens() {
    ConnectionLifecycle lifecycle = new ConnectionLifecycle("c");
    lifecycle.moveTo(AWAITING_PASSWORD, "AUTHENTICATE");
    lifecycle.moveTo(AUTHENTICATING, "password");
    lifecycle.moveTo(AWAITING_GATEWAY, "no gateway");
    assertThat(lifecycle.state().attached()).isFalse();
    lifecycle.moveTo(OPEN, "attached");
    assertThat(ATTACHING.canMoveTo(AWAITING_GATEWAY)).isTrue();
    assertThat(HANDSHAKE.canMoveTo(AWAITING_GATEWAY)).isFalse();
    assertThat(AWAITING_PASSWORD.canMoveTo(AWAITING_GATEWAY)).isFalse();
    assertThat(OPEN.canMoveTo(AWAITING_GATEWAY)).isFalse();
  }

  @Test
  void everyStateButClosedMayEnd() {
    for (ConnectionState state : ConnectionState.values()) {
      assertThat(state.canMoveTo(CLOSED)).as(state + " -> CLOSED").isEqualTo(state != CLOSED);
      assertThat(state.canMoveTo(CLOSING)).as(state + " -> CLOSING")
          .isEqualTo(!state.ending());
    }
    assertThat(EnumSet.allOf(ConnectionState.class).stream().filter(ConnectionState::ending))
        .containsExactlyInAnyOrder(CLOSING, CLOSED);
  }

  @Test
  void aPasswordCannotBeSkippedNorAClosedConnectionReopened() {
    assertThat(HANDSHAKE.canMoveTo(OPEN)).isFalse();
    assertThat(AWAITING_PASSWORD.canMoveTo(ATTACHING)).isFalse();
    assertThat(AWAITING_PASSWORD.canMoveTo(OPEN)).isFalse();
    assertThat(CLOSING.canMoveTo(OPEN)).isFalse();
    ConnectionLifecycle lifecycle = new ConnectionLifecycle("c");
    assertThatThrownBy(() -> lifecycle.moveTo(OPEN, "no attach"))
        .isInstanceOf(IllegalStateException.class);
    lifecycle.moveTo(CLOSING, "bye");
    lifecycle.moveTo(CLOSED, "socket closed");
    lifecycle.moveTo(CLOSING, "late close request"); // ignored
    assertThat(lifecycle.state()).isEqualTo(CLOSED);
    assertThatThrownBy(() -> lifecycle.moveTo(OPEN, "late attach"))
        .isInstanceOf(IllegalStateException.class);
  }
}
