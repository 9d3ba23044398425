package net.imo2sproxy.gateway.emulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/** A state store for tests that saves only when told ({@link #saveNow}). On the session's context. */
final class HeldSavedState implements SavedState {

  private final List<Promise<Void>> waiting = new ArrayList<>();
  private final Promise<Void> asked = Promise.promise();
  private AccountSession session;

  /** The session whose state {@link #saveNow} saves. */
  void of(AccountSession session) {
    this.session = session;
  }

  @Override
  public Future<Void> saved() {
    Promise<Void> saved = Promise.promise();
    waiting.add(saved);
    asked.tryComplete();
    return saved.future();
  }

  /** Completes once the session first asked for a save. */
  Future<Void> asked() {
    return asked.future();
  }

  /** Saves the session's state as it is now, and tells whoever waited. */
  void saveNow() {
    StateSnapshot snapshot = session.stateSnapshot(true);
    snapshot.saved().run();
    List.copyOf(waiting).forEach(Promise::tryComplete);
    waiting.clear();
  }
}
