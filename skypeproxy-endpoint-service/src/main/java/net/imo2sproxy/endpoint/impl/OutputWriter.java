package net.imo2sproxy.endpoint.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.imo2sproxy.endpoint.EndpointLimit;
import net.imo2sproxy.protocol.trace.DeliveryHop;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.protocol.wire.SkypedLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of a client socket. Frames come encoded from {@code SkypeProxyFrames}; each
 * is one buffer and one write, so frames never interleave on the wire.
 *
 * <p>Output is never queued without bound: while the socket's write queue is full (the client
 * does not read) output is held in order up to {@code max-held-output-bytes} ({@link
 * #backlogged()}; the connection processes no input meanwhile), and the client is dropped past
 * that bound. Two more holds keep the wire order the protocol needs: lines written while the
 * reply byte to a password is owed ({@link #holdLines}), and frames written while the client
 * owes an OPEN_SLOT's slot number ({@link #holdFrames}).
 *
 * <p>Closing is graceful ({@link #closeWhenFlushed}) but bounded by a grace period, after
 * which the TCP connection is aborted, so a client that does not read cannot keep it open.
 */
final class OutputWriter {

  /** What the writer tells its connection. */
  interface Events {
    /** Held output is all written: input may be processed again. */
    void drained();

    /** A write failed: the connection should close. */
    void writeFailed(Throwable cause);

    /** The client reads too slowly: it is dropped; called just before the abort. */
    void droppedSlowReader();
  }

  /** How a listener kind puts one Skype API line on the wire. */
  interface LineFormat {
    /** The line encoded: one buffer, one write. */
    Buffer encode(String line);

    /** The size the input limit measures, for {@code encoded}. */
    int length(Buffer encoded);

    /** SkypeProxy: one frame per line (docs/skypeproxy-wire.md §3). */
    LineFormat FRAMES = new LineFormat() {
      @Override
      public Buffer encode(String line) {
        return SkypeProxyFrames.encodeFrame(line);
      }

      @Override
      public int length(Buffer encoded) {
        return SkypeProxyFrames.payloadLength(encoded);
      }
    };

    /** skyped: UTF-8 lines ended by \n (docs/skyped-listener.md). */
    LineFormat LINES = new LineFormat() {
      @Override
      public Buffer encode(String line) {
        return SkypedLines.encode(line);
      }

      @Override
      public int length(Buffer encoded) {
        return SkypedLines.longestLine(encoded);
      }
    };
  }

  private static final Logger LOG = LoggerFactory.getLogger(OutputWriter.class);
  /**
   * Bytes the socket queues (above the kernel's buffer) before it counts as full and output is
   * held instead; Netty's usual high-water mark, set explicitly so the bound is known.
   */
  static final int SOCKET_WRITE_QUEUE_BYTES = 64 * 1024;
  /** How long a closing connection may spend flushing its last bytes. */
  private static final long CLOSE_GRACE_MS = 2000;

  private final Vertx vertx;
  private final NetSocket socket;
  private final ConnectionLifecycle lifecycle;
  private final String id;
  private final String remoteHost;
  private final int maxFrameLength;
  private final long maxHeldOutput;
  private final LimitHits limitHits;
  private final Supplier<String> sessionId;
  private final Events events;
  private final LineFormat format;

  // output waiting for the socket's write queue to drain, in order (null while none waits)
  private ArrayDeque<Buffer> backlog;
  private long backlogBytes;
  // completed once the backlog is written (a closing connection waits for it)
  private Promise<Void> backlogWritten;
  private Future<Void> lastWrite = Future.succeededFuture();
  // lines held while a password's reply byte is owed (null while not holding)
  private List<String> heldLines;
  // frames held while an OPEN_SLOT's slot number is owed (null while not holding)
  private List<Buffer> heldFrames;
  private long graceTimer = -1;

  OutputWriter(Vertx vertx, NetSocket socket, ConnectionLifecycle lifecycle, String id,
      String remoteHost, int maxFrameLength, long maxHeldOutput, LimitHits limitHits,
      Supplier<String> sessionId, LineFormat format, Events events) {
    this.vertx = vertx;
    this.socket = socket;
    this.lifecycle = lifecycle;
    this.id = id;
    this.remoteHost = remoteHost;
    this.maxFrameLength = maxFrameLength;
    this.maxHeldOutput = maxHeldOutput;
    this.limitHits = limitHits;
    this.sessionId = sessionId;
    this.events = events;
    this.format = format;
    socket.setWriteQueueMaxSize(SOCKET_WRITE_QUEUE_BYTES);
  }

  /** One Skype API line (logged to the -v transcript); too long ones are dropped. */
  void line(String line) {
    if (heldLines != null) {
      heldLines.add(line);
      return;
    }
    Buffer frame = format.encode(line);
    int length = format.length(frame);
    if (length > maxFrameLength) {
      LOG.error("[{}] output line of {} bytes exceeds the maximum line length; dropped", id,
          length);
      return;
    }
    transcript(line);
    frame(frame);
    if (DeliveryHop.enabled() && DeliveryHop.isReceivedNotice(line)) {
      DeliveryHop.record("socket-write", id + " " + line, null);
    }
  }

  /** {@code line} as this connection's wire carries it. */
  Buffer encode(String line) {
    return format.encode(line);
  }

  /** Logs an output line to the -v transcript (the connection's logger, parsed by tools). */
  void transcript(String line) {
    if (ClientConnection.TRANSCRIPT.isDebugEnabled()) {
      ClientConnection.TRANSCRIPT.debug("[{}] session {} < {}", id, sessionId.get(), line);
    }
  }

  /** A command-mode reply byte. */
  void rawByte(int value) {
    frame(SkypeProxyFrames.rawByte(value));
  }

  /** An encoded frame, behind the frames held for a slot number if any. */
  void frame(Buffer frame) {
    if (heldFrames != null && !lifecycle.ending()) {
      heldFrames.add(frame);
      return;
    }
    frameNow(frame);
  }

  /** An encoded frame past the slot hold (the slot's own frames); still behind the backlog. */
  void frameNow(Buffer data) {
    if (lifecycle.ending()) {
      return;
    }
    if (backlog == null && socket.writeQueueFull()) {
      backlog = new ArrayDeque<>();
      limitHits.hit(EndpointLimit.WRITE_QUEUE_FULL, remoteHost, "output held");
      socket.drainHandler(v -> writeBacklog());
    }
    if (backlog == null) {
      send(data);
      return;
    }
    backlog.add(data);
    backlogBytes += data.length();
    if (backlogBytes > maxHeldOutput) {
      limitHits.hit(EndpointLimit.MAX_HELD_OUTPUT, remoteHost, "client not reading, dropped");
      LOG.info("[{}] client does not read ({} bytes held); dropping it", id, backlogBytes);
      backlog = null;
      backlogBytes = 0;
      events.droppedSlowReader();
      abort();
    }
  }

  /** True while output waits for the socket to drain. */
  boolean backlogged() {
    return backlog != null;
  }

  // ---------------------------------------------------------------- holds

  /** Holds lines (the password's reply byte must come first). */
  void holdLines() {
    heldLines = new ArrayList<>();
  }

  /** Writes {@code first}, then the held lines, and stops holding. */
  void releaseLinesAfter(Buffer first) {
    List<String> held = heldLines;
    heldLines = null;
    frame(first);
    if (held != null) {
      held.forEach(this::line);
    }
  }

  /** Stops holding lines and forgets them (the attach failed: the client gets 00 only). */
  void dropHeldLines() {
    heldLines = null;
  }

  /** Holds frames: nothing but the slot's frames may reach the client before its slot number. */
  void holdFrames() {
    heldFrames = new ArrayList<>();
  }

  boolean holdingFrames() {
    return heldFrames != null;
  }

  /** Writes the held frames in order and stops holding. */
  void releaseFrames() {
    List<Buffer> held = heldFrames;
    heldFrames = null;
    if (held != null) {
      held.forEach(this::frame);
    }
  }

  // ---------------------------------------------------------------- writing

  /** Writes held output while the socket takes it; once all is written, input resumes. */
  private void writeBacklog() {
    if (backlog == null || lifecycle.is(ConnectionState.CLOSED)) {
      return;
    }
    while (!backlog.isEmpty() && !socket.writeQueueFull()) {
      Buffer next = backlog.poll();
      backlogBytes -= next.length();
      send(next);
    }
    if (!backlog.isEmpty()) {
      return; // the drain handler calls again
    }
    backlog = null;
    socket.drainHandler(null);
    if (backlogWritten != null) {
      lastWrite.onComplete(backlogWritten);
      backlogWritten = null;
    }
    events.drained();
  }

  private void send(Buffer data) {
    Future<Void> written = socket.write(data);
    lastWrite = written;
    written.onFailure(err -> {
      if (!lifecycle.ending()) {
        events.writeFailed(err);
      }
    });
  }

  // ---------------------------------------------------------------- closing

  /** Completes once everything written so far (held output included) is on the wire. */
  Future<Void> flushed() {
    if (backlog == null) {
      return lastWrite;
    }
    if (backlogWritten == null) {
      backlogWritten = Promise.promise();
    }
    return backlogWritten.future();
  }

  /** Closes once {@code flushed} completes, or aborts after the grace period. */
  void closeWhenFlushed(Future<Void> flushed) {
    abortAfterGrace();
    flushed.onComplete(ar -> socket.close());
  }

  /** Closes now (what is queued may still go out), aborting after the grace period. */
  void closeNow() {
    if (!lifecycle.is(ConnectionState.CLOSED)) {
      socket.close();
      abortAfterGrace();
    }
  }

  private void abortAfterGrace() {
    if (graceTimer < 0 && !lifecycle.is(ConnectionState.CLOSED)) {
      graceTimer = vertx.setTimer(CLOSE_GRACE_MS, t -> {
        graceTimer = -1;
        abort();
      });
    }
  }

  /**
   * Closes the TCP connection at once, dropping output not yet sent. {@link NetSocket#close()}
   * is graceful: it closes only once everything queued is written, which a client that does
   * not read never allows.
   */
  void abort() {
    if (lifecycle.is(ConnectionState.CLOSED)) {
      return;
    }
    if (socket instanceof NetSocketInternal internal) {
      // from Vert.x's own handler's context: past its graceful close, straight to the channel
      internal.channelHandlerContext().close();
    } else {
      socket.close();
    }
  }

  /** Releases the writer's resources (the socket is closed). */
  void release() {
    if (graceTimer >= 0) {
      vertx.cancelTimer(graceTimer);
      graceTimer = -1;
    }
    heldLines = null;
    heldFrames = null;
    backlog = null;
  }
}
