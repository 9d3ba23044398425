package net.imo2sproxy.gateway.skype;

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
}
