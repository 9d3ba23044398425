package net.imo2sproxy.gateway.emulator.impl;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import net.imo2sproxy.gateway.emulator.model.Chat;

/**
 * CHAT CREATE requests waiting for their group, by the name given to imo.im
 * (docs/skype-api-emulation.md §13, Q17).
 */
public final class ChatCreations {

  private final Vertx vertx;
  private final Map<String, Promise<Chat>> pending = new LinkedHashMap<>();

  public ChatCreations(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Waits for the group named {@code groupName}; fails after {@code timeout}. */
  public Promise<Chat> expect(String groupName, Duration timeout) {
    Promise<Chat> created = Promise.promise();
    pending.put(groupName, created);
    long timer = vertx.setTimer(timeout.toMillis(),
        id -> created.tryFail("the new group did not appear"));
    created.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      pending.remove(groupName, created);
    });
    return created;
  }

  /** A new group appeared; true when a CHAT CREATE waited for it (and answers itself). */
  public boolean appeared(String alias, Chat chat) {
    Promise<Chat> creator = pending.remove(alias);
    return creator != null && creator.tryComplete(chat);
  }
}
