package net.imo2sproxy.deploy.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ClusterNetworkTest {

  @Test
  void membersKeepTheirPortsAndV6Brackets() {
    assertThat(ClusterNetwork.parse("gateway:5701, 10.0.0.7,[fd00::1]:5702")).containsExactly(
        new ClusterNetwork.Member("gateway", ":5701"),
        new ClusterNetwork.Member("10.0.0.7", ""),
        new ClusterNetwork.Member("fd00::1", ":5702"));
  }

  @Test
  void anEmptyEntryIsAnError() {
    assertThatThrownBy(() -> ClusterNetwork.parse("gateway:5701,,other"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty entry");
  }

  @Test
  void theLocalAddressTowardsLoopbackIsLoopback() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    assertThat(ClusterNetwork.localAddressTowards(loopback)).isEqualTo(loopback);
  }
}
