package net.imo2sproxy.gateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.CommandKey;
import net.imo2sproxy.gateway.emulator.model.Contact;
import net.imo2sproxy.gateway.emulator.model.MessageNumbers;
import net.imo2sproxy.gateway.emulator.model.MessageStore;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a session saves for a take-over, and what the survivor makes of it. */
@ExtendWith(VertxExtension.class)
class SessionStateTest {

  private static AccountSession session(Vertx vertx, List<JsonObject> out) {
    return new AccountSession(vertx, vertx.createHttpClient(),
        new ImoClientOptions("http://127.0.0.1:1/", java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(300), 8),
        SessionSettings.defaults(), "alice", "alice-pw", "s1", (address, m) -> out.add(m));
  }

  private static ChatMessage received(AccountSession s, String body) {
    return s.model().store(new ChatMessage(MessageStore.nextId(), "bob", "bob", "Bob",
        body, false, "SAID", 1_700_000_000L, ChatMessage.Status.RECEIVED));
  }

  /**
   * The last 16 own messages of each connection keep their command key in the saved state
   * whatever their status (16: an endpoint's limit of unacknowledged commands per connection),
   * so the survivor answers a resent send from its record; older ones leave it once settled,
   * and a connection that detached leaves none.
   */
  @Test
  void theLastSendsOfEachConnectionKeepTheirCommandKeys(Vertx vertx) {
    AccountSession before = session(vertx, new ArrayList<>());
    List<ChatMessage> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ChatMessage message = new ChatMessage(MessageStore.nextId(), "bob", "alice", "",
          "send " + i, true, "SAID", 1_700_000_000L + i, ChatMessage.Status.SENT);
      message.commandKey = new CommandKey("c1", i);
      sent.add(before.model().store(message));
    }
    ChatMessage gone = new ChatMessage(MessageStore.nextId(), "bob", "alice", "", "from c2",
        true, "SAID", 1_700_000_100L, ChatMessage.Status.SENT);
    gone.commandKey = new CommandKey("c2", 1);
    before.model().store(gone);
    before.attach("c2", net.imo2sproxy.gateway.emulator.connection.ConnectionOutput.of("c2",
        "e1"));
    before.detach("c2");

    before.model().answered.record(new CommandKey("c1", 40),
        List.of("CHAT #alice/$x;1 STATUS MULTI_SUBSCRIBED"));
    String text = before.snapshot().encode();
    assertThat(text).doesNotContain("\"send 3\"").contains("\"send 4\"", "\"send 19\"")
        .doesNotContain("from c2");

    AccountSession after = session(vertx, new ArrayList<>());
    after.restore(new JsonObject(text), new JsonObject(before.rosterSnapshot().encode()));
    ChatMessage restored = after.model().messages.byCommandKey(new CommandKey("c1", 7));
    assertThat(restored).isNotNull();
    assertThat(restored.id).isEqualTo(sent.get(7).id);
    assertThat(restored.status).isEqualTo(ChatMessage.Status.SENT);
    assertThat(after.model().messages.byCommandKey(new CommandKey("c1", 3))).isNull();
    assertThat(after.model().answered.get(new CommandKey("c1", 40)))
        .containsExactly("CHAT #alice/$x;1 STATUS MULTI_SUBSCRIBED");
    assertThat(after.model().messages.byCommandKey(new CommandKey("c2", 1))).isNull();
  }

  /**
   * A re-attach's reply says what the session restored: the connection's level, and how its
   * messages last seen SENDING ended (FAILED for one unknown, nothing for one still SENDING);
   * a repeated re-attach keeps the connection and says the same.
   */
  @Test
  void aReattachIsToldTheLevelAndHowItsSendsEnded(Vertx vertx) {
    AccountSession session = session(vertx, new ArrayList<>());
    session.model().store(new ChatMessage(1205, "bob", "alice", "", "sent", true, "SAID",
        1L, ChatMessage.Status.SENT));
    session.model().store(new ChatMessage(1206, "bob", "alice", "", "on its way", true, "SAID",
        2L, ChatMessage.Status.SENDING));
    var output = net.imo2sproxy.gateway.emulator.connection.ConnectionOutput.of("c9", "e1");
    Resumed first = session.attachResumed("c9", output, 7,
        List.of(1205L, 1206L, 9999L));
    assertThat(first.protocol()).isEqualTo(7);
    assertThat(first.lines()).containsExactly("CHATMESSAGE 1205 STATUS SENT",
        "CHATMESSAGE 9999 STATUS FAILED");
    assertThat(first.sends().encode())
        .isEqualTo("[{\"message\":1205,\"status\":\"SENT\"},"
            + "{\"message\":9999,\"status\":\"FAILED\"}]");
    Resumed again = session.attachResumed("c9", output, 3, List.of(1205L));
    assertThat(again.protocol()).isEqualTo(7);
    assertThat(again.lines()).containsExactly("CHATMESSAGE 1205 STATUS SENT");
    assertThat(session.connectionCount()).isEqualTo(1);
  }

  @Test
  void unreadMessagesPendingSendsAndNumberingSurviveWithoutPasswordOrReadBodies(Vertx vertx) {
    AccountSession before = session(vertx, new ArrayList<>());
    MessageNumbers numbers = new MessageNumbers(size -> Future.succeededFuture(5000L), 1000);
    numbers.start();
    before.useNumbers(numbers);
    ChatMessage unread = before.model().store(new ChatMessage(numbers.next(), "bob", "bob", "Bob",
        "unread one", false, "SAID", 1_700_000_000L, ChatMessage.Status.RECEIVED));
    ChatMessage read = before.model().store(new ChatMessage(numbers.next(), "bob", "bob", "Bob",
        "seen already", false, "SAID", 1_700_000_001L, ChatMessage.Status.READ));
    ChatMessage sending = before.model().store(new ChatMessage(numbers.next(), "bob", "alice", "",
        "on its way", true, "SAID", 1_700_000_002L, ChatMessage.Status.SENDING));
    sending.requestId = 3;
    before.model().contacts.computeIfAbsent("bob", Contact::new).alias = "Bob";

    JsonObject state = before.snapshot();
    String text = state.encode();
    assertThat(text).doesNotContain("alice-pw").doesNotContain("seen already")
        .contains("unread one", "on its way");

    AccountSession after = session(vertx, new ArrayList<>());
    MessageNumbers fresh = new MessageNumbers(size -> Future.succeededFuture(9000L), 1000);
    fresh.start();
    after.useNumbers(fresh);
    after.restore(new JsonObject(text), new JsonObject(before.rosterSnapshot().encode()));
    assertThat(after.model().messages.get(unread.id).body).isEqualTo("unread one");
    assertThat(after.model().messages.get(unread.id).status).isEqualTo(ChatMessage.Status.RECEIVED);
    assertThat(after.model().messages.get(read.id)).isNull();
    assertThat(after.model().messages.get(sending.id).requestId).isEqualTo(3);
    assertThat(after.model().contacts.get("bob").alias).isEqualTo("Bob");
    // numbering goes on in the survivor's own fresh block, never in the dead owner's
    assertThat(fresh.next()).isEqualTo(9000L);
  }

  @Test
  void savedTextFollowsChangesOfMessagesItHasEncodedBefore(Vertx vertx) {
    AccountSession s = session(vertx, new ArrayList<>());
    ChatMessage unread = received(s, "first");
    ChatMessage sending = s.model().store(new ChatMessage(MessageStore.nextId(), "bob", "alice", "",
        "mine", true, "SAID", 1_700_000_000L, ChatMessage.Status.SENDING));
    s.model().messages.expectAck(sending, 4);
    JsonObject before = new JsonObject(s.snapshotText(true));
    assertThat(before.getJsonArray("messages")).hasSize(2);
    assertThat(before.getString("account")).isEqualTo("alice");

    unread.status = ChatMessage.Status.READ;
    s.model().messages.expectAck(sending, 9);
    JsonObject after = new JsonObject(s.snapshotText(true));
    assertThat(after.getJsonArray("messages")).hasSize(1);
    assertThat(after.getJsonArray("messages").getJsonObject(0).getInteger("r")).isEqualTo(9);
    sending.status = ChatMessage.Status.SENT;
    assertThat(new JsonObject(s.snapshotText(false)).getJsonArray("messages")).isEmpty();
  }

  @Test
  void costPerUnreadMessageIsItsBodyPlusAboutOneHundredBytes(Vertx vertx) {
    AccountSession s = session(vertx, new ArrayList<>());
    int empty = s.snapshotText(true).length();
    for (int i = 0; i < 100; i++) {
      received(s, "a message of forty characters, roughly.");
    }
    int full = s.snapshotText(true).length();
    long started = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      s.snapshotText(true); // what each write encodes
    }
    long micros = (System.nanoTime() - started) / 200 / 1000;
    int perMessage = (full - empty) / 100;
    assertThat(perMessage).isBetween(40, 200);
    System.out.printf("state: %d bytes empty, %d bytes per unread message of 39 characters, "
        + "%d us per snapshot of 100 unread messages%n", empty, perMessage, micros);
  }

  @Test
  void retentionDropsReadAndSentBodiesButKeepsUnreadAndSending(Vertx vertx) {
    AccountSession s = session(vertx, new ArrayList<>());
    ChatMessage read = received(s, "old and read");
    read.status = ChatMessage.Status.READ;
    ChatMessage unread = received(s, "old but unread");
    ChatMessage sending = s.model().store(new ChatMessage(MessageStore.nextId(), "bob", "alice", "",
        "old, still sending", true, "SAID", 0, ChatMessage.Status.SENDING));
    assertThat(s.dropMessagesOlderThan(System.currentTimeMillis() + 1)).isEqualTo(1);
    assertThat(s.model().messages.get(read.id)).isNull();
    assertThat(s.model().messages.get(unread.id)).isNotNull();
    assertThat(s.model().messages.get(sending.id)).isNotNull();
  }
}
