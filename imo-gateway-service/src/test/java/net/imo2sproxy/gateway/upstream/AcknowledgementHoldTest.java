package net.imo2sproxy.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A clustered session's acknowledgement covers only what its saved state holds: imo.im keeps a
 * message taken but not yet saved, for a survivor, and the long poll asks for the save.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class AcknowledgementHoldTest {

  private ImoTestSupport t;
  private ImoTestSupport.Client alice;

  @BeforeEach
  void start(Vertx vertx) {
    t = new ImoTestSupport(vertx);
    alice = t.loggedIn("alice", "alice-pw");
    alice.next("im", "buddy_added");
    alice.next("im", "buddy_icon");
    alice.call(ImoClient::keepAlive);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void theAckCoversOnlyWhatWasSavedAndThePollAsksForTheSave() {
    Promise<Void> saveAsked = Promise.promise();
    JsonObject savedBefore = t.on(() -> {
      alice.session.holdAcknowledgements(saveAsked::tryComplete);
      return Future.succeededFuture(alice.session.exportState());
    });
    int ackBefore = savedBefore.getInteger("server-ack");

    t.on(() -> t.simulator.inject("alice", "bob", "Bob", "kept until saved"));
    alice.next("im", "recv_im");
    t.on(saveAsked::future);
    alice.call(ImoClient::keepAlive);
    assertThat(lastKeepAliveAck()).as("the message is not acknowledged before it is saved")
        .isEqualTo(ackBefore);

    JsonObject savedAfter = t.on(() -> Future.succeededFuture(alice.session.exportState()));
    assertThat(savedAfter.getInteger("server-ack")).isEqualTo(ackBefore + 1);
    t.on(() -> {
      alice.session.saved(savedAfter);
      return Future.succeededFuture();
    });
    alice.call(ImoClient::keepAlive);
    assertThat(lastKeepAliveAck()).isEqualTo(ackBefore + 1);
    // taken once, though the server offered it again while it was not acknowledged
    assertThat(alice.delivered().stream()
        .filter(m -> "recv_im".equals(m.getJsonObject("data").getString("name"))))
        .hasSize(1);
  }

  private int lastKeepAliveAck() {
    List<JsonObject> sent = t.requests("observed_user_activity");
    return sent.get(sent.size() - 1).getInteger("ack");
  }
}
