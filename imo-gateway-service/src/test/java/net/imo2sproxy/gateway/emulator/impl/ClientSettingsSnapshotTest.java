package net.imo2sproxy.gateway.emulator.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import org.junit.jupiter.api.Test;

/** Client settings and own profile fields survive a takeover through the saved state (§4.15). */
class ClientSettingsSnapshotTest {

  @Test
  void settingsAndProfileFieldsAreSavedAndRestored() {
    SessionModel before = new SessionModel("alice", 10);
    before.client.setSetting("SILENT_MODE", "ON");
    before.client.setProfile("FULLNAME", "Alice Liddell");
    before.client.setProfile("CITY", "Oxford");
    before.client.setDisplayName("bob", "Bobby");
    JsonObject saved = new JsonObject(SnapshotCodec.encode(before, null).text());

    SessionModel after = new SessionModel("alice", 10);
    SnapshotCodec.restore(after, saved, null);

    assertThat(after.client.setting("SILENT_MODE", "OFF")).isEqualTo("ON");
    assertThat(after.ownFullName()).isEqualTo("Alice Liddell");
    assertThat(after.client.profile("CITY")).isEqualTo("Oxford");
    assertThat(after.client.displayName("Bob")).isEqualTo("Bobby");
  }

  @Test
  void aStateWithoutSettingsLeavesTheDefaults() {
    SessionModel before = new SessionModel("alice", 10);
    before.ownAlias = "Alice";
    JsonObject saved = new JsonObject(SnapshotCodec.encode(before, null).text());
    assertThat(saved.containsKey("client")).isFalse();

    SessionModel after = new SessionModel("alice", 10);
    SnapshotCodec.restore(after, saved, null);
    assertThat(after.client.isEmpty()).isTrue();
    assertThat(after.ownFullName()).isEqualTo("Alice");
  }
}
