package net.imo2sproxy.endpoint;

import io.vertx.core.buffer.Buffer;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;

/** Blocking SkypeProxy client for tests (runs on the JUnit thread, never on an event loop). */
final class TestClient implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  TestClient(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  /** A client whose receive buffer is {@code receiveBuffer} bytes (small: it fills quickly). */
  static TestClient withReceiveBuffer(int port, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window stays small
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
    return new TestClient(socket);
  }

  /** Wraps a connected socket (e.g. a TLS one). */
  TestClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(5000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  TestClient send(Buffer data) throws IOException {
    out.write(data.getBytes());
    out.flush();
    return this;
  }

  TestClient sendBytes(int... bytes) throws IOException {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    out.write(b);
    out.flush();
    return this;
  }

  TestClient command(int code) throws IOException {
    return send(SkypeProxyFrames.encodeCommand(code));
  }

  TestClient frame(String text) throws IOException {
    return send(SkypeProxyFrames.encodeFrame(text));
  }

  int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("closed while expecting a byte");
    }
    return b;
  }

  String readFrame() throws IOException {
    byte[] header = new byte[4];
    in.readFully(header);
    int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16
        | (header[3] & 0xFF) << 24;
    if (length < 0 || length > 1 << 20) {
      throw new IOException("implausible frame length " + Integer.toUnsignedString(length));
    }
    byte[] body = new byte[length];
    in.readFully(body);
    return new String(body, StandardCharsets.UTF_8);
  }

  /** True when the server closes the connection (EOF or reset) with no more data. */
  boolean awaitClosed() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException e) {
      return true; // reset by peer
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /**
   * Reads and discards whatever comes until the server closes the connection; false when it is
   * still open after {@code millis}.
   */
  boolean awaitClosedDiscarding(long millis) throws IOException {
    long deadline = System.currentTimeMillis() + millis;
    byte[] sink = new byte[8192];
    try {
      while (System.currentTimeMillis() < deadline) {
        try {
          if (in.read(sink) < 0) {
            return true;
          }
        } catch (SocketTimeoutException e) {
          // still open: keep waiting until the deadline
        }
      }
      return false;
    } catch (SocketException e) {
      return true; // reset by peer
    }
  }

  /** True when the server has closed the connection (EOF or reset) within {@code millis}. */
  boolean closedWithin(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    } finally {
      socket.setSoTimeout(5000);
    }
  }

  /** True when nothing arrives within the given time (the connection stays open and silent). */
  boolean silentFor(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      in.read();
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(5000);
    }
  }

  InputStream input() {
    return in;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
