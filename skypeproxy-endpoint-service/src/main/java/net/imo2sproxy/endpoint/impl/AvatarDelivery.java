package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Base64;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrameDecoder;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the gateway's {@code avatar} messages (EVENT-BUS.md "Avatar"), the answer to
 * {@code GET USER <h> AVATAR 1 <path>}: pushed over data slots (docs/skypeproxy-wire.md §7) when
 * the endpoint and the client both enable them, else written into {@code avatar-dir} when the
 * path lies inside it, else answered with the error line.
 *
 * <p>Bus messages for the connection that arrive while an avatar is being delivered wait
 * behind it ({@link #queueIfBusy}), so nothing overtakes its reply line.
 */
final class AvatarDelivery {

  /** What the delivery needs from its connection. */
  interface Host {
    /** The client owes a slot number: the socket must be readable even if input piled up. */
    void slotNumberOwed();

    /** The slot number came: queued input may be processed again. */
    void slotNumberReceived();

    /** Handles a bus message that waited behind an avatar. */
    void deliverQueued(JsonObject message);

    void closeNow(String reason);
  }

  private static final Logger LOG = LoggerFactory.getLogger(AvatarDelivery.class);
  /** How long a client may take to answer OPEN_SLOT with its slot number. */
  private static final long SLOT_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final String id;
  private final boolean dataSlots;
  private final Path avatarDir;
  private final OutputWriter writer;
  private final SkypeProxyFrameDecoder decoder;
  private final Host host;
  private boolean clientDataSlots;
  // bus messages waiting behind the avatar being delivered (null while none is)
  private ArrayDeque<JsonObject> behindAvatar;
  private long slotTimer = -1;

  /** {@code decoder} reads the slot numbers; null when {@code dataSlots} is off (skyped). */
  AvatarDelivery(Vertx vertx, String id, boolean dataSlots, String avatarDir,
      OutputWriter writer, SkypeProxyFrameDecoder decoder, Host host) {
    this.vertx = vertx;
    this.id = id;
    this.dataSlots = dataSlots;
    this.avatarDir = avatarDir == null ? null : Paths.get(avatarDir).toAbsolutePath().normalize();
    this.writer = writer;
    this.decoder = decoder;
    this.host = host;
  }

  /** MY_CAPABILITIES: whether the client accepts data slots. */
  void clientCapabilities(int mask) {
    clientDataSlots = (mask & SkypeProxyCommand.CAP_USE_DATASLOTS) != 0;
  }

  /** Queues {@code message} when an avatar is being delivered; false when it may go now. */
  boolean queueIfBusy(JsonObject message) {
    if (behindAvatar == null) {
      return false;
    }
    behindAvatar.add(message);
    return true;
  }

  /** Delivers one avatar message; later bus messages wait until its line is written. */
  void deliver(JsonObject json) {
    String path;
    String reply;
    String error;
    byte[] data;
    try {
      path = BusMessages.requireString(json, BusMessages.PATH);
      reply = BusMessages.requireString(json, BusMessages.REPLY);
      error = BusMessages.requireString(json, BusMessages.ERROR);
      data = Base64.getDecoder().decode(BusMessages.requireString(json, BusMessages.DATA));
    } catch (IllegalArgumentException e) {
      LOG.error("[{}] bad avatar message: {}", id, e.getMessage());
      if (json.getValue(BusMessages.ERROR) instanceof String line) {
        writer.line(line); // the client still gets its one answer
      }
      return;
    }
    behindAvatar = new ArrayDeque<>();
    Future<String> answer;
    if (dataSlots && clientDataSlots) {
      answer = pushOverSlots(path, data, reply, error);
    } else if (avatarDir != null) {
      answer = writeIntoAvatarDir(path, data, reply, error);
    } else {
      answer = Future.succeededFuture(error);
    }
    answer.onComplete(ar -> {
      if (ar.failed()) {
        LOG.info("[{}] avatar not delivered: {}", id, ar.cause().toString());
      }
      writer.line(ar.succeeded() ? ar.result() : error);
      ArrayDeque<JsonObject> waiting = behindAvatar;
      behindAvatar = null;
      while (!waiting.isEmpty() && behindAvatar == null) {
        host.deliverQueued(waiting.poll());
      }
      if (behindAvatar != null) {
        behindAvatar.addAll(waiting); // another avatar started; the rest waits behind it
      }
    });
  }

  /** OPEN_SLOT, the client's slot number, DATA_SLOT chunks, CLOSE_SLOT; yields the line. */
  private Future<String> pushOverSlots(String path, byte[] data, String reply, String error) {
    if (!SkypeProxyFrames.fitsOpenSlot(path)) {
      return Future.succeededFuture(error);
    }
    writer.frame(SkypeProxyFrames.openSlot(path));
    writer.holdFrames();
    host.slotNumberOwed();
    Promise<Integer> slot = Promise.promise();
    decoder.expectRawByte(slot::tryComplete);
    slotTimer = vertx.setTimer(SLOT_TIMEOUT_MS, t -> {
      slotTimer = -1;
      LOG.info("[{}] no slot number for an avatar; closing", id);
      host.closeNow("no slot number");
      slot.tryFail("no slot number");
    });
    return slot.future().map(number -> {
      cancelSlotTimer();
      if (number != 0) {
        SkypeProxyFrames.dataSlots(number, data).forEach(writer::frameNow);
        writer.frameNow(SkypeProxyFrames.closeSlot(number));
      } else {
        LOG.info("[{}] client refused a data slot for an avatar", id);
      }
      writer.releaseFrames();
      host.slotNumberReceived();
      return number != 0 ? reply : error;
    });
  }

  /** Writes the file when the absolute, normalized path lies inside the avatar directory. */
  private Future<String> writeIntoAvatarDir(String path, byte[] data, String reply,
      String error) {
    Path target;
    try {
      target = Paths.get(path);
    } catch (InvalidPathException e) {
      return Future.succeededFuture(error);
    }
    // relative names are refused: they would be resolved against this process's directory
    target = target.isAbsolute() ? target.normalize() : null;
    if (target == null || !target.startsWith(avatarDir) || target.equals(avatarDir)
        || target.toString().contains("..")) {
      LOG.info("[{}] avatar path outside the avatar directory; not written", id);
      return Future.succeededFuture(error);
    }
    String prefix = SessionLink.commandPrefix(reply);
    String file = target.toString();
    FileSystem fs = vertx.fileSystem();
    return fs.exists(file)
        .compose(exists -> exists ? fs.props(file).map(props -> props.size() > 0)
            : Future.succeededFuture(false))
        .transform(nonEmpty -> {
          if (nonEmpty.succeeded() && nonEmpty.result()) {
            return Future.succeededFuture(prefix + "ERROR 124 GET Destination file is not empty");
          }
          return fs.writeFile(file, Buffer.buffer(data)).transform(written -> {
            if (written.failed()) {
              LOG.info("[{}] avatar file not written: {}", id, written.cause().toString());
            }
            return Future.succeededFuture(written.succeeded() ? reply
                : prefix + "ERROR 121 GET File path doesn't exist");
          });
        });
  }

  private void cancelSlotTimer() {
    if (slotTimer >= 0) {
      vertx.cancelTimer(slotTimer);
      slotTimer = -1;
    }
  }

  /** Releases the delivery's resources (the connection ended). */
  void release() {
    cancelSlotTimer();
  }
}
