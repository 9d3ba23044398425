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
 * message taken but not yet saved, for a survivor, and the long poll asks for the save. That
 * holds from a session's first request, and for a survivor that resumes the session too.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class AcknowledgementHoldTest {

  private ImoTestSupport t;
  private ImoTestSupport.Client alice;
  private Store aliceStore;

  @BeforeEach
  void start(Vertx vertx) {
    t = new ImoTestSupport(vertx);
    alice = t.client("alice");
    aliceStore = new Store(alice.session);
    t.on(() -> {
      alice.session.holdAcknowledgements(aliceStore::saveAsked);
      return alice.session.bootstrap().compose(v -> alice.session.login("alice-pw"));
    });
    alice.next("im", "signed_on");
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
    JsonObject savedBefore = aliceStore.saveNow();
    int ackBefore = savedBefore.getInteger("server-ack");
    aliceStore.manual();

    t.on(() -> t.simulator.inject("alice", "bob", "Bob", "kept until saved"));
    alice.next("im", "recv_im");
    t.on(aliceStore::asked);
    alice.call(ImoClient::keepAlive);
    assertThat(lastAck(savedBefore.getString("ssid")))
        .as("the message is not acknowledged before it is saved").isEqualTo(ackBefore);

    JsonObject savedAfter = aliceStore.saveNow();
    assertThat(savedAfter.getInteger("server-ack")).isEqualTo(ackBefore + 1);
    alice.call(ImoClient::keepAlive);
    assertThat(lastAck(savedBefore.getString("ssid"))).isEqualTo(ackBefore + 1);
    // taken once, though the server offered it again while it was not acknowledged
    assertThat(alice.delivered().stream()
        .filter(m -> "recv_im".equals(m.getJsonObject("data").getString("name"))))
        .hasSize(1);
  }

  @Test
  void nothingALoginTakesIsAcknowledgedBeforeTheFirstSave() {
    ImoTestSupport.Client bob = t.client("bob");
    Store bobStore = new Store(bob.session);
    bobStore.manual();
    t.on(() -> {
      bob.session.holdAcknowledgements(bobStore::saveAsked);
      return bob.session.bootstrap().compose(v -> bob.session.login("bob-pw"));
    });
    bob.next("im", "signed_on");
    t.on(bobStore::asked); // the first poll waits for a save
    String ssid = t.on(() -> Future.succeededFuture(bob.session.ssid()));
    assertThat(acks(ssid)).as("acks sent while nothing was saved").containsOnly(0);

    JsonObject saved = bobStore.saveNow();
    assertThat(saved.getInteger("server-ack")).isPositive();
    bob.call(ImoClient::keepAlive);
    assertThat(lastAck(ssid)).isEqualTo(saved.getInteger("server-ack"));
  }

  /**
   * The owner dies with a message kept for it; the survivor's resume probe brings it, and no
   * request of the survivor acknowledges it before the survivor saved it: dying just after the
   * resume must not lose it either.
   */
  @Test
  void aSurvivorAcknowledgesWhatItsResumeBroughtOnlyOnceSaved() {
    JsonObject ownersState = aliceStore.saveNow();
    int savedAck = ownersState.getInteger("server-ack");
    String ssid = ownersState.getString("ssid");
    t.on(() -> {
      alice.session.close(); // killed: it sends nothing more, so imo.im keeps what comes now
      return Future.succeededFuture();
    });
    t.on(() -> t.simulator.inject("alice", "bob", "Bob", "while the owner was dead"));

    ImoTestSupport.Client survivor = t.client("alice");
    Store survivorStore = new Store(survivor.session);
    survivorStore.manual();
    t.on(() -> {
      survivor.session.holdAcknowledgements(survivorStore::saveAsked);
      return survivor.session.resume(ownersState);
    });
    assertThat(survivor.next("im", "recv_im").getJsonObject("data").getJsonObject("edata")
        .getString("msg")).isEqualTo("while the owner was dead");
    t.on(survivorStore::asked);
    survivor.call(ImoClient::keepAlive);
    assertThat(acksAfter(ssid, savedAck))
        .as("requests of the survivor acknowledging past the owner's saved state").isEmpty();

    JsonObject saved = survivorStore.saveNow();
    assertThat(saved.getInteger("server-ack")).isEqualTo(savedAck + 1);
    survivor.call(ImoClient::keepAlive);
    assertThat(lastAck(ssid)).isEqualTo(savedAck + 1);
  }

  private List<Integer> acks(String ssid) {
    return t.simulator.requests().stream().filter(e -> ssid.equals(e.getString("ssid"))
        && e.getValue("ack") != null).map(e -> e.getInteger("ack")).toList();
  }

  private List<Integer> acksAfter(String ssid, int ack) {
    return acks(ssid).stream().filter(a -> a > ack).toList();
  }

  private int lastAck(String ssid) {
    List<JsonObject> sent = t.requests("observed_user_activity").stream()
        .filter(e -> ssid.equals(e.getString("ssid"))).toList();
    return sent.get(sent.size() - 1).getInteger("ack");
  }

  /**
   * Stands in for the state store: saves at once when asked, until {@link #manual}; then it
   * only notes that a save was asked for, and {@link #saveNow} saves.
   */
  private final class Store {
    private final ImoClient session;
    private boolean automatic = true;
    private Promise<Void> asked = Promise.promise();

    Store(ImoClient session) {
      this.session = session;
    }

    void saveAsked() {
      if (automatic) {
        session.saved(session.exportState());
      } else {
        asked.tryComplete();
      }
    }

    void manual() {
      t.on(() -> {
        automatic = false;
        return Future.succeededFuture();
      });
    }

    /** Completes once a save was asked for since {@link #manual} or the last save. */
    Future<Void> asked() {
      return asked.future();
    }

    JsonObject saveNow() {
      return t.on(() -> {
        JsonObject exported = session.exportState();
        session.saved(exported);
        asked = Promise.promise();
        return Future.succeededFuture(exported);
      });
    }
  }
}
