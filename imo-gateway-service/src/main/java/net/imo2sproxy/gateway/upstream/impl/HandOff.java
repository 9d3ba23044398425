package net.imo2sproxy.gateway.upstream.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server messages taken (counted in the {@code ack}) and not yet handed on: they reach the
 * session on a later turn of the context, all that arrived meanwhile in one batch, in order.
 * A state exported meanwhile leaves them out ({@link #pendingSeqs}): a survivor must get them
 * again. Confined to the transport's context.
 */
final class HandOff {

  private static final Logger LOG = LoggerFactory.getLogger(HandOff.class);

  private final Context context;
  private final String logId;
  private final Consumer<List<JsonObject>> deliver;
  private final List<JsonObject> pending = new ArrayList<>();
  private boolean scheduled;

  HandOff(Context context, String logId, Consumer<List<JsonObject>> deliver) {
    this.context = context;
    this.logId = logId;
    this.deliver = deliver;
  }

  /** Queues {@code messages}, just taken ({@code ack} is the transport's ack now). */
  void add(List<JsonObject> messages, int ack) {
    if (messages.isEmpty()) {
      return;
    }
    pending.addAll(messages);
    if (LOG.isDebugEnabled()) {
      LOG.debug("[{}] took server seqs {}, ack now {}", logId,
          messages.stream().map(m -> m.getValue("seq")).toList(), ack);
    }
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> {
        scheduled = false;
        List<JsonObject> batch = List.copyOf(pending);
        pending.clear();
        deliver.accept(batch);
      });
    }
  }

  /** The server seqs taken and not yet handed on. */
  Set<Integer> pendingSeqs() {
    Set<Integer> seqs = new HashSet<>();
    for (JsonObject message : pending) {
      if (message.getValue("seq") instanceof Number n) {
        seqs.add(n.intValue());
      }
    }
    return seqs;
  }

  /** Completes once the messages taken so far were handed on. */
  Future<Void> handedOn() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> done.complete()); // queued behind a scheduled hand-off
    return done.future();
  }
}
