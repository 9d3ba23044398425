package net.imo2sproxy.testsupport;

import io.vertx.core.buffer.Buffer;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;

/**
 * One input a {@link SkypeProxyTestClient} received from the server, in stream order
 * (docs/skypeproxy-wire.md §3 and §7.2); the raw answers to command-mode inputs are not inputs
 * (they answer the command's future).
 */
public sealed interface ServerInput permits ServerInput.Line, ServerInput.OpenSlot,
    ServerInput.DataSlot, ServerInput.CloseSlot {

  /** A frame: one Skype API line. */
  record Line(String text) implements ServerInput {
  }

  /** OPEN_SLOT: the server asks for a slot; {@code rawName} is as sent, with its NUL. */
  record OpenSlot(Buffer rawName) implements ServerInput {

    /** The file name (the NUL removed). */
    public String name() {
      return SkypeProxyFrames.payloadText(rawName);
    }
  }

  /** DATA_SLOT: a chunk of a slot's content. */
  record DataSlot(int slot, Buffer data) implements ServerInput {
  }

  /** CLOSE_SLOT: the slot's content is complete. */
  record CloseSlot(int slot) implements ServerInput {
  }
}
