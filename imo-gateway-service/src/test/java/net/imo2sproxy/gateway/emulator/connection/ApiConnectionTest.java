package net.imo2sproxy.gateway.emulator.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How objects render at each PROTOCOL level (docs/skype-api-emulation.md §3.2). */
class ApiConnectionTest {

  private static ApiConnection at(int level) {
    return new ApiConnection("c", ConnectionOutput.of("c", "test-endpoint"), level);
  }

  @Test
  void messageObjectsBeforeLevelThreeChatMessagesFrom() {
    assertThat(at(1).messageKeyword()).isEqualTo("MESSAGE");
    assertThat(at(2).messageKeyword()).isEqualTo("MESSAGE");
    assertThat(at(3).messageKeyword()).isEqualTo("CHATMESSAGE");
    assertThat(at(7).messageKeyword()).isEqualTo("CHATMESSAGE");
    assertThat(at(2).messageType("SAID")).isEqualTo("TEXT");
    assertThat(at(3).messageType("SAID")).isEqualTo("SAID");
    assertThat(at(2).messageType("ADDEDMEMBERS")).isEqualTo("ADDEDMEMBERS");
  }

  @Test
  void skypeMeFromLevelTwo() {
    assertThat(at(1).userStatus("SKYPEME")).isEqualTo("ONLINE");
    assertThat(at(2).userStatus("SKYPEME")).isEqualTo("SKYPEME");
    assertThat(at(1).userStatus("AWAY")).isEqualTo("AWAY");
  }

  @Test
  void holdSplitFromLevelTwo() {
    assertThat(at(1).callStatus("LOCALHOLD")).isEqualTo("ONHOLD");
    assertThat(at(1).callStatus("REMOTEHOLD")).isEqualTo("ONHOLD");
    assertThat(at(2).callStatus("LOCALHOLD")).isEqualTo("LOCALHOLD");
    assertThat(at(1).callStatus("RINGING")).isEqualTo("RINGING");
  }

  @Test
  void levelSevenMessageTypesAreUnknownBelow() {
    assertThat(at(6).messageType("POSTEDCONTACTS")).isEqualTo("UNKNOWN");
    assertThat(at(6).messageType("SETROLE")).isEqualTo("UNKNOWN");
    assertThat(at(7).messageType("SETROLE")).isEqualTo("SETROLE");
  }
}
