package net.imo2sproxy.gateway.skype;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a session saves for a take-over, and what the survivor makes of it. */
@ExtendWith(VertxExtension.class)
class SessionStateTest {

  private static AccountSession session(Vertx vertx, List<JsonObject> out) {
    return new AccountSession(vertx, WebClient.create(vertx),
        new ImoClientOptions("http://127.0.0.1:1/", java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(300), 8),
        SessionSettings.defaults(), "alice", "alice-pw", "s1", (address, m) -> out.add(m));
  }

  private static ChatMessage received(AccountSession s, String body) {
    return s.store(new ChatMessage(MessageStore.nextId(), "bob", "bob", "Bob",
        body, false, "SAID", 1_700_000_000L, ChatMessage.Status.RECEIVED));
  }

  @Test
  void unreadMessagesPendingSendsAndNumberingSurviveWithoutPasswordOrReadBodies(Vertx vertx) {
    AccountSession before = session(vertx, new ArrayList<>());
    MessageNumbers numbers = new MessageNumbers(size -> Future.succeededFuture(5000L), 1000);
    numbers.start();
    before.useNumbers(numbers);
    ChatMessage unread = before.store(new ChatMessage(numbers.next(), "bob", "bob", "Bob",
        "unread one", false, "SAID", 1_700_000_000L, ChatMessage.Status.RECEIVED));
    ChatMessage read = before.store(new ChatMessage(numbers.next(), "bob", "bob", "Bob",
        "seen already", false, "SAID", 1_700_000_001L, ChatMessage.Status.READ));
    ChatMessage sending = before.store(new ChatMessage(numbers.next(), "bob", "alice", "",
        "on its way", true, "SAID", 1_700_000_002L, ChatMessage.Status.SENDING));
    sending.requestId = 3;
    before.contacts.computeIfAbsent("bob", Contact::new).alias = "Bob";

    JsonObject state = before.snapshot();
    String text = state.encode();
    assertThat(text).doesNotContain("alice-pw").doesNotContain("seen already")
        .contains("unread one", "on its way");

    AccountSession after = session(vertx, new ArrayList<>());
    MessageNumbers fresh = new MessageNumbers(size -> Future.succeededFuture(9000L), 1000);
    fresh.start();
    after.useNumbers(fresh);
    after.restore(new JsonObject(text), new JsonObject(before.rosterSnapshot().encode()));
    assertThat(after.messages.get(unread.id).body).isEqualTo("unread one");
    assertThat(after.messages.get(unread.id).status).isEqualTo(ChatMessage.Status.RECEIVED);
    assertThat(after.messages.get(read.id)).isNull();
    assertThat(after.messages.get(sending.id).requestId).isEqualTo(3);
    assertThat(after.contacts.get("bob").alias).isEqualTo("Bob");
    // numbering goes on in the dead owner's block, never reusing a number
    assertThat(fresh.next()).isEqualTo(sending.id + 1);
  }

  @Test
  void savedTextFollowsChangesOfMessagesItHasEncodedBefore(Vertx vertx) {
    AccountSession s = session(vertx, new ArrayList<>());
    ChatMessage unread = received(s, "first");
    ChatMessage sending = s.store(new ChatMessage(MessageStore.nextId(), "bob", "alice", "",
        "mine", true, "SAID", 1_700_000_000L, ChatMessage.Status.SENDING));
    s.messages.expectAck(sending, 4);
    JsonObject before = new JsonObject(s.snapshotText(true));
    assertThat(before.getJsonArray("messages")).hasSize(2);
    assertThat(before.getString("account")).isEqualTo("alice");

    unread.status = ChatMessage.Status.READ;
    s.messages.expectAck(sending, 9);
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
    ChatMessage sending = s.store(new ChatMessage(MessageStore.nextId(), "bob", "alice", "",
        "old, still sending", true, "SAID", 0, ChatMessage.Status.SENDING));
    assertThat(s.dropMessagesOlderThan(System.currentTimeMillis() + 1)).isEqualTo(1);
    assertThat(s.messages.get(read.id)).isNull();
    assertThat(s.messages.get(unread.id)).isNotNull();
    assertThat(s.messages.get(sending.id)).isNotNull();
  }
}
