package net.imo2sproxy.gateway.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageStoreTest {

  private static ChatMessage entry(ChatMessage.Status status) {
    return new ChatMessage(MessageStore.nextId(), "bob", "bob", "Bob", "hi", false, "SAID", 0,
        status);
  }

  @Test
  void numbersAreUniqueAndIncreasing() {
    long first = MessageStore.nextId();
    assertThat(MessageStore.nextId()).isGreaterThan(first);
  }

  @Test
  void unreadIncomingMessagesAreEvictedLast() {
    MessageStore store = new MessageStore(2);
    ChatMessage first = entry(ChatMessage.Status.RECEIVED);
    store.add(first);
    ChatMessage read = entry(ChatMessage.Status.READ);
    store.add(read);
    ChatMessage evicted = store.add(entry(ChatMessage.Status.SENT));
    assertThat(evicted).isSameAs(read);
    assertThat(store.get(first.id)).isSameAs(first);
  }

  @Test
  void aStoreFullOfUnreadMessagesStaysBounded() {
    MessageStore store = new MessageStore(2);
    ChatMessage oldest = entry(ChatMessage.Status.RECEIVED);
    store.add(oldest);
    store.add(entry(ChatMessage.Status.RECEIVED));
    assertThat(store.add(entry(ChatMessage.Status.RECEIVED))).isSameAs(oldest);
    assertThat(store.all()).hasSize(2);
  }

  private static ChatMessage own() {
    return new ChatMessage(MessageStore.nextId(), "bob", "me", "Me", "hi", true, "SAID", 0,
        ChatMessage.Status.SENDING);
  }

  @Test
  void acknowledgementsFindTheNewestOwnMessageOfTheirRequest() {
    MessageStore store = new MessageStore(4);
    ChatMessage older = own();
    ChatMessage newer = own();
    store.add(older);
    store.add(newer);
    store.expectAck(older, 7);
    store.expectAck(newer, 7);
    assertThat(store.outgoingByRequestId(7)).isSameAs(newer);
    newer.requestId = -1; // acknowledged: the older one is what is left for request 7
    assertThat(store.outgoingByRequestId(7)).isSameAs(older);
    older.requestId = -1;
    assertThat(store.outgoingByRequestId(7)).isNull();
  }

  @Test
  void restoredMessagesAreFoundWithoutTheIndex() {
    MessageStore store = new MessageStore(4);
    ChatMessage restored = own();
    restored.requestId = 12; // as SessionState.decode sets it
    store.add(restored);
    assertThat(store.outgoingByRequestId(12)).isSameAs(restored);
  }

  @Test
  void evictedMessagesAreNotFoundAndTheIndexStaysBounded() {
    MessageStore store = new MessageStore(2);
    for (int request = 0; request < 1000; request++) {
      ChatMessage message = own();
      store.add(message);
      store.expectAck(message, request);
      message.status = ChatMessage.Status.SENT;
      message.requestId = -1;
    }
    assertThat(store.outgoingByRequestId(0)).isNull();
    assertThat(store.outgoingByRequestId(999)).isNull();
    assertThat(store.all()).hasSize(2);
    assertThat(store.requestIndexSize()).isLessThanOrEqualTo(2 * 2 + 1);
  }
}
