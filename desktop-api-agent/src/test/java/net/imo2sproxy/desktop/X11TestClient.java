package net.imo2sproxy.desktop;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.platform.unix.X11.Display;
import com.sun.jna.platform.unix.X11.Window;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.desktop.impl.X11Native;

/**
 * A desktop client of the X11 Skype API written the way Skype4Py's {@code posix_x11} and
 * skype4pidgin's X11 code are: its own window, Skype's window from the root's
 * {@code _SKYPE_INSTANCE}, lines as 20-byte ClientMessages ending at a NUL. Deliberately its
 * own chunking, not the agent's, so that the two are checked against each other.
 */
public final class X11TestClient extends SkypeApiTestClient {

  private static final String STOP = "DESKTOP_AGENT_TEST_CLIENT_STOP";
  private static final java.util.Set<X11TestClient> OPEN =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Like the agent, the client survives its X server's end (Xlib would exit the process). */
  private static final X11Native.IoErrorExitCallback LOST = (display, data) -> {
    for (X11TestClient client : OPEN) {
      if (display.equals(client.events.getPointer())
          || display.equals(client.sender.getPointer())) {
        client.lost = true;
        client.running = false;
        client.lostSignal.countDown();
      }
    }
    // Returning would let Xlib read an event that is not there; the thread stays parked.
    java.util.concurrent.locks.LockSupport.park();
    while (true) {
      java.util.concurrent.locks.LockSupport.park();
    }
  };

  private final X11Native x = X11Native.load();
  private final Display events;
  private final Display sender;
  private final Window window;
  private final Window skype;
  private final X11.Atom begin;
  private final X11.Atom message;
  private final X11.Atom stop;
  private final Thread receiver;
  private volatile boolean running = true;
  private volatile boolean lost;
  private final java.util.concurrent.CountDownLatch lostSignal =
      new java.util.concurrent.CountDownLatch(1);
  private boolean closed;

  public X11TestClient(String display) {
    x.XInitThreads();
    events = x.XOpenDisplay(display);
    sender = x.XOpenDisplay(display);
    if (events == null || sender == null) {
      throw new IllegalStateException("cannot open display " + display);
    }
    OPEN.add(this);
    x.XSetIOErrorExitHandler(events, LOST, null);
    x.XSetIOErrorExitHandler(sender, LOST, null);
    Window root = x.XDefaultRootWindow(events);
    window = x.XCreateSimpleWindow(events, root, 0, 0, 1, 1, 0, 0, 0);
    begin = x.XInternAtom(events, "SKYPECONTROLAPI_MESSAGE_BEGIN", false);
    message = x.XInternAtom(events, "SKYPECONTROLAPI_MESSAGE", false);
    stop = x.XInternAtom(events, STOP, false);
    skype = findSkype(root);
    x.XFlush(events);
    receiver = new Thread(this::receive, "x11-test-client");
    receiver.setDaemon(true);
    receiver.start();
  }

  /** The window id in {@code _SKYPE_INSTANCE}, 0 when there is none. */
  public long skypeWindow() {
    return skype == null ? 0 : skype.longValue();
  }

  private Window findSkype(Window root) {
    X11.Atom instance = x.XInternAtom(events, "_SKYPE_INSTANCE", 1);
    if (instance == null || instance.longValue() == 0) {
      return null;
    }
    X11.AtomByReference type = new X11.AtomByReference();
    IntByReference format = new IntByReference();
    NativeLongByReference items = new NativeLongByReference();
    NativeLongByReference after = new NativeLongByReference();
    PointerByReference data = new PointerByReference();
    int status = x.XGetWindowProperty(events, root, instance, new NativeLong(0),
        new NativeLong(1), false, X11.XA_WINDOW, type, format, items, after, data);
    try {
      if (status != 0 || format.getValue() != 32 || items.getValue().longValue() < 1) {
        return null;
      }
      Pointer value = data.getValue();
      long id = Native.LONG_SIZE == 8 ? value.getLong(0) : value.getInt(0) & 0xFFFFFFFFL;
      return new Window(id);
    } finally {
      if (data.getValue() != null) {
        x.XFree(data.getValue());
      }
    }
  }

  @Override
  protected synchronized void transmit(String line) {
    if (skype == null) {
      throw new IllegalStateException("no _SKYPE_INSTANCE on the display");
    }
    byte[] text = Arrays.copyOf(line.getBytes(StandardCharsets.UTF_8),
        line.getBytes(StandardCharsets.UTF_8).length + 1); // with its NUL
    for (int pos = 0; pos < text.length; pos += 20) {
      sendChunk(skype, pos == 0 ? begin : message,
          Arrays.copyOf(Arrays.copyOfRange(text, pos, Math.min(text.length, pos + 20)), 20));
    }
    x.XFlush(sender);
  }

  private void sendChunk(Window to, X11.Atom type, byte[] chunk) {
    X11.XEvent event = new X11.XEvent();
    event.setType(X11.XClientMessageEvent.class);
    event.xclient.type = X11.ClientMessage;
    event.xclient.display = sender;
    event.xclient.window = window;
    event.xclient.message_type = type;
    event.xclient.format = 8;
    event.xclient.data.setType(byte[].class);
    event.xclient.data.b = chunk;
    x.XSendEvent(sender, to, 0, new NativeLong(0), event);
  }

  private void receive() {
    X11.XEvent event = new X11.XEvent();
    ByteArrayOutputStream line = null;
    while (running) {
      x.XNextEvent(events, event);
      if (lost || event.getPointer().getInt(0) != X11.ClientMessage) {
        continue;
      }
      X11.XClientMessageEvent m = (X11.XClientMessageEvent) event.readField("xclient");
      long type = m.message_type.longValue();
      if (type == stop.longValue()) {
        return;
      }
      m.data.setType(byte[].class);
      m.data.read();
      int length = 0;
      while (length < 20 && m.data.b[length] != 0) {
        length++;
      }
      if (type == begin.longValue()) {
        line = new ByteArrayOutputStream();
      } else if (type != message.longValue() || line == null) {
        continue;
      }
      line.write(m.data.b, 0, length);
      if (length < 20) {
        received(line.toString(StandardCharsets.UTF_8));
        line = null;
      }
    }
  }

  /**
   * Waits until the receiving thread has seen the X server go. Call it before {@link #close}
   * when the server was killed: closing first would make the closing thread meet the I/O error
   * and park in {@link #LOST} for good.
   */
  public boolean awaitLost(long timeout, TimeUnit unit) throws InterruptedException {
    return lostSignal.await(timeout, unit);
  }

  /** Destroys the window (the agent sees the client vanish) and closes the display. */
  @Override
  public synchronized void close() throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    OPEN.remove(this);
    if (lost) {
      return; // the X server is gone: nothing to close
    }
    sendChunk(window, stop, new byte[20]);
    x.XFlush(sender);
    receiver.join(TimeUnit.SECONDS.toMillis(10));
    x.XDestroyWindow(events, window);
    x.XFlush(events);
    x.XCloseDisplay(events);
    x.XCloseDisplay(sender);
  }
}
