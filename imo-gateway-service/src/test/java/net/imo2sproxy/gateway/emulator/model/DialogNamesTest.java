package net.imo2sproxy.gateway.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link DialogNames} and the dialog names of {@link SessionModel}. */
class DialogNamesTest {

  @Test
  void bothSidesNameTheDialogAlike() {
    SessionModel alice = new SessionModel("alice", 10);
    SessionModel bob = new SessionModel("bob", 10);
    assertThat(alice.dialogName("bob")).isEqualTo("#alice/$bob;1cb15457d1ddab60")
        .isEqualTo(bob.dialogName("alice"));
    assertThat(DialogNames.of("Bob", "alice")).isEqualTo("#alice/$Bob;1cb15457d1ddab60");
  }

  @Test
  void eachSideFindsItsPartnerInTheName() {
    SessionModel alice = new SessionModel("alice", 10);
    SessionModel bob = new SessionModel("bob", 10);
    String name = alice.dialogName("bob");
    assertThat(alice.partnerOfDialog(name)).isEqualTo("bob");
    assertThat(bob.partnerOfDialog(name)).isEqualTo("alice");
    assertThat(new SessionModel("carol", 10).partnerOfDialog(name)).isNull();
  }

  @Test
  void namesOfEarlierVersionsStillWork() {
    SessionModel alice = new SessionModel("alice", 10);
    assertThat(alice.partnerOfDialog("#alice/$bob")).isEqualTo("bob");
    assertThat(alice.partnerOfDialog("#ALICE/$bob;ea753190f0a3e49b")).isEqualTo("bob");
    assertThat(alice.partnerOfDialog("c0ffee;")).isNull();
    assertThat(alice.partnerOfDialog("#/$bob")).isNull();
    assertThat(alice.partnerOfDialog("#alice/$")).isNull();
    assertThat(alice.partnerOfDialog(null)).isNull();
  }
}
