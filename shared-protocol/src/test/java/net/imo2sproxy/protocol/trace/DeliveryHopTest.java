package net.imo2sproxy.protocol.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryHopTest {

  @Test
  void recordedOnlyWhileARecordingEnablesIt(@TempDir Path dir) throws Exception {
    assertThat(DeliveryHop.enabled()).isFalse();
    Path file = dir.resolve("hops.jfr");
    try (Recording recording = new Recording()) {
      recording.enable(DeliveryHop.NAME).withoutStackTrace();
      recording.start();
      assertThat(DeliveryHop.enabled()).isTrue();
      DeliveryHop.record("stored", DeliveryHop.messageKey("hello"), "session 3");
      recording.stop();
      recording.dump(file);
    }
    assertThat(DeliveryHop.enabled()).isFalse();
    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals(DeliveryHop.NAME)).toList();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getString("hop")).isEqualTo("stored");
    assertThat(events.get(0).getString("link")).isEqualTo("session 3");
    // the body's hash, never the body
    assertThat(events.get(0).getString("key")).isEqualTo("m:" + Integer.toHexString(
        "hello".hashCode())).doesNotContain("hello");
  }

  @Test
  void receivedNoticesAreRecognised() {
    assertThat(DeliveryHop.isReceivedNotice("CHATMESSAGE 5 STATUS RECEIVED")).isTrue();
    assertThat(DeliveryHop.isReceivedNotice("CHATMESSAGE 5 STATUS SENT")).isFalse();
  }
}
