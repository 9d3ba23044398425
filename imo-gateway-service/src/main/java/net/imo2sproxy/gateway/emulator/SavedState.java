package net.imo2sproxy.gateway.emulator;

import io.vertx.core.Future;

/**
 * Where a clustered session's state is saved for a survivor. An incoming message is announced,
 * and acknowledged to imo.im, only once a saved state holds it: a gateway that dies before
 * then leaves it to imo.im, which delivers it again to the survivor, and one that dies after
 * leaves it in the saved state, where the survivor finds it. Either way it is neither lost nor
 * announced under two numbers.
 */
public interface SavedState {

  /** A single gateway keeps nothing: everything counts as saved at once. */
  SavedState NONE = () -> Future.succeededFuture();

  /** Completes once a save that began after this call succeeded (soon: it is not delayed). */
  Future<Void> saved();
}
