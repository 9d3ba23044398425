package net.imo2sproxy.gateway.skype;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Message numbers of one session, from blocks that a cluster-wide counter hands out, so that
 * numbers never collide across gateways and a session taken over by another gateway goes on
 * in its own block ({@link #export}, {@link #restore}). The next block is fetched when half
 * of the current one is used; if it is still missing when the block runs out (a burst within
 * one counter round trip), numbers come from the process-wide clock-seeded counter as before.
 *
 * <p>Confined to the session's context.
 */
public final class MessageNumbers {

  /** Hands out {@code size} consecutive numbers; the future carries the first. */
  public interface BlockSource {
    Future<Long> allocate(int size);
  }

  private final BlockSource source;
  private final int blockSize;
  private long next;
  private long limit;
  private Long nextBlock;
  private boolean fetching;

  public MessageNumbers(BlockSource source, int blockSize) {
    this.source = source;
    this.blockSize = blockSize;
  }

  /** Numbers from the local clock-seeded counter only (one process, unit tests). */
  static MessageNumbers local() {
    return new MessageNumbers(null, 0);
  }

  /** Fetches the first block; completes (never fails) once numbers come from it or locally. */
  public Future<Void> start() {
    if (source == null || next < limit) {
      return Future.succeededFuture();
    }
    return source.allocate(blockSize).map(first -> {
      next = first;
      limit = first + blockSize;
      return (Void) null;
    }).otherwiseEmpty();
  }

  long next() {
    if (next >= limit && nextBlock != null) {
      next = nextBlock;
      limit = nextBlock + blockSize;
      nextBlock = null;
    }
    if (next < limit) {
      long number = next++;
      if (source != null && nextBlock == null && !fetching && limit - next < blockSize / 2) {
        fetching = true;
        source.allocate(blockSize).onComplete(ar -> {
          fetching = false;
          if (ar.succeeded()) {
            nextBlock = ar.result();
          }
        });
      }
      return number;
    }
    return MessageStore.nextId();
  }

  /** The rest of the current block, for the state a survivor reads. */
  JsonObject export() {
    return new JsonObject().put("next", next).put("limit", limit);
  }

  /** Goes on in a block exported by the session's previous owner. */
  void restore(JsonObject state) {
    if (state == null) {
      return;
    }
    long restoredNext = state.getLong("next", 0L);
    long restoredLimit = state.getLong("limit", 0L);
    if (restoredNext < restoredLimit) {
      if (next < limit && nextBlock == null) {
        nextBlock = next; // keep the block fetched at start for later
      }
      next = restoredNext;
      limit = restoredLimit;
    }
  }
}
