package net.imo2sproxy.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

  @Test
  void delaysDoubleUpToTheMaximumWithoutJitter() {
    ReconnectPolicy policy = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 0, 6);
    assertThat(policy.delayMillis(1)).isEqualTo(1000);
    assertThat(policy.delayMillis(2)).isEqualTo(2000);
    assertThat(policy.delayMillis(3)).isEqualTo(4000);
    assertThat(policy.delayMillis(4)).isEqualTo(5000);
    assertThat(policy.delayMillis(60)).isEqualTo(5000);
  }

  @Test
  void jitterStaysWithinItsShareOfTheDelay() {
    ReconnectPolicy policy = new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), 0.5, 10);
    for (int i = 0; i < 200; i++) {
      assertThat(policy.delayMillis(3)).isBetween(4000L, 8000L);
    }
  }

  @Test
  void attemptsAreLimited() {
    ReconnectPolicy policy = new ReconnectPolicy(Duration.ZERO, Duration.ZERO, 0, 2);
    assertThat(policy.allows(1)).isTrue();
    assertThat(policy.allows(2)).isTrue();
    assertThat(policy.allows(3)).isFalse();
    assertThat(policy.delayMillis(1)).isEqualTo(1);
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReconnectPolicy(Duration.ZERO, Duration.ZERO, 1.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReconnectPolicy(Duration.ZERO, Duration.ZERO, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
