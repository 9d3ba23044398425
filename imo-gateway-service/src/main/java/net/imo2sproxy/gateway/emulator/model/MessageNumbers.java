package net.imo2sproxy.gateway.emulator.model;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Message numbers of one session, from blocks that a cluster-wide counter hands out, so that
 * numbers never collide across gateways; a session taken over by another gateway never goes on
 * in the block its previous owner used ({@link #restore}). The next block is fetched when half
 * of the current one is used; if it is still missing when the block runs out (a burst within
 * one counter round trip), numbers come from the process-wide clock-seeded counter as before.
 *
 * <p>Confined to the session's context.
 */
public final class MessageNumbers {

  /** Hands out {@code size} consecutive numbers; the future carries the first. */
  public interface BlockSource {
    Future<Long> allocate(int size);

    /** Makes every later block start above {@code floor}. */
    default Future<Void> raiseTo(long floor) {
      return Future.succeededFuture();
    }
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
  public static MessageNumbers local() {
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

  public long next() {
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
  public JsonObject export() {
    return new JsonObject().put("next", next).put("limit", limit);
  }

  /**
   * After a take-over: never continues in the block the previous owner exported, since the
   * dead owner may have handed out numbers from it after its last state write. Numbers keep
   * coming from fresh cluster blocks, above it (a block below it, from a counter that lost
   * writes, is dropped and the counter raised); the local fallback is raised past it.
   */
  public void restore(JsonObject state) {
    if (state == null) {
      return;
    }
    long used = state.getLong("limit", 0L);
    MessageStore.raiseFloor(used);
    if (source != null && next < used) {
      // The counter handed this session a block below the previous owner's: it lost writes
      // (more data members died at once than it has backups). Raise it, drop the block, and
      // number locally (above the floor) until a block above the previous owner's comes.
      next = 0;
      limit = 0;
      nextBlock = null;
      fetching = true;
      source.raiseTo(used).compose(v -> source.allocate(blockSize)).onComplete(ar -> {
        fetching = false;
        if (ar.succeeded() && ar.result() >= used) {
          nextBlock = ar.result();
        }
      });
    }
  }
}
