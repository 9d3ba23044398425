package net.imo2sproxy.runtime.management.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's recent figures are counts over a stated window, not rates extrapolated from the
 * seconds since the first sample: two messages read 2 at once, and drop out once the window
 * has passed them.
 */
class NodeStatusTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static JsonObject recent(JsonObject record) {
    return record.getJsonObject("recent");
  }

  @Test
  void recentFiguresCountWhatHappenedInTheWindow() {
    BridgeMetrics metrics = BridgeMetrics.of(vertx);
    AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    NodeStatus status = new NodeStatus(vertx, "eu", "host", "1", clock::get);
    assertThat(recent(status.record())).isEqualTo(new JsonObject().put("windowSeconds", 60)
        .put("messagesIn", 0).put("messagesOut", 0).put("commands", 0));

    // Two messages, looked at two seconds later: 2, not a rate of 60 per minute.
    metrics.messageIn();
    metrics.messageOut();
    metrics.messageOut();
    metrics.command("CHATMESSAGE");
    clock.addAndGet(2_000);
    JsonObject record = status.record();
    assertThat(recent(record).getLong("messagesIn")).isEqualTo(1);
    assertThat(recent(record).getLong("messagesOut")).isEqualTo(2);
    assertThat(recent(record).getLong("commands")).isEqualTo(1);

    // Samples every 2 s as publishing takes them; one more message 30 s on.
    for (int i = 0; i < 15; i++) {
      clock.addAndGet(NodeStatus.PUBLISH_MILLIS);
      status.record();
    }
    metrics.messageIn();
    clock.addAndGet(NodeStatus.PUBLISH_MILLIS);
    assertThat(recent(status.record()).getLong("messagesIn")).isEqualTo(2);

    // 61 s after the first two: only the later message is still in the window.
    for (int i = 0; i < 15; i++) {
      clock.addAndGet(NodeStatus.PUBLISH_MILLIS);
      status.record();
    }
    record = status.record();
    assertThat(recent(record).getLong("messagesIn")).isEqualTo(1);
    assertThat(recent(record).getLong("messagesOut")).isZero();
    assertThat(recent(record).getLong("commands")).isZero();
    assertThat(record.getLong("messagesIn")).as("the totals since start").isEqualTo(2);

    // And nothing once the window has passed that one too.
    for (int i = 0; i < 31; i++) {
      clock.addAndGet(NodeStatus.PUBLISH_MILLIS);
      status.record();
    }
    assertThat(recent(status.record()).getLong("messagesIn")).isZero();
  }

  @Test
  void clusterTotalsAddTheNodesRecentCounts() throws Exception {
    BridgeMetrics metrics = BridgeMetrics.of(vertx);
    NodeStatus status = new NodeStatus(vertx, "eu", "host", "1");
    metrics.messageIn();
    metrics.messageIn();
    metrics.messageOut();
    JsonObject totals = status.clusterView().await(10, TimeUnit.SECONDS)
        .getJsonObject("totals");
    assertThat(totals.getJsonObject("recent")).isEqualTo(new JsonObject()
        .put("windowSeconds", 60).put("messagesIn", 2).put("messagesOut", 1));
  }
}
