package net.imo2sproxy.desktop.impl;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.platform.unix.X11;
import com.sun.jna.platform.unix.X11.Display;
import com.sun.jna.platform.unix.X11.Window;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Skype API over X11, as Skype for Linux offered it (docs/desktop-api.md §2): a window of
 * ours whose id is in the root window's {@code _SKYPE_INSTANCE} property, and lines as
 * ClientMessage events of 20 bytes ({@link X11Chunks}). Each client is known by the window it
 * sends from; its window's destruction releases it.
 *
 * <p>Threads: one event thread owns the receiving display connection (it blocks in
 * {@code XNextEvent}); one send thread owns a second connection; client state lives on the
 * agent's context ({@link AgentCore#run}). Xlib is put in thread mode before any other call.
 */
public final class X11Transport {

  private static final Logger LOG = LoggerFactory.getLogger(X11Transport.class);

  public static final String INSTANCE_PROPERTY = "_SKYPE_INSTANCE";
  public static final String BEGIN_ATOM = "SKYPECONTROLAPI_MESSAGE_BEGIN";
  public static final String MESSAGE_ATOM = "SKYPECONTROLAPI_MESSAGE";
  /** Sent by the agent to its own window to end the event thread. */
  private static final String STOP_ATOM = "IMO2SPROXY_DESKTOP_AGENT_STOP";
  /** Longest line accepted from a client, in bytes (the bridge's frame limit). */
  static final int MAX_LINE_BYTES = 1 << 20;

  private static final Set<X11Transport> RUNNING = ConcurrentHashMap.newKeySet();
  /** Process-wide (Xlib has one handler); kept here so that it is never collected. */
  private static final X11Native.ErrorCallback ERRORS = (display, event) -> {
    long resource = X11Native.errorResource(event);
    int code = X11Native.errorCode(event);
    for (X11Transport transport : RUNNING) {
      transport.onXError(resource, code);
    }
    return 0;
  };

  /**
   * A lost X server must end this transport, not the process (Xlib's defaults call exit): the
   * process-wide handler only logs; the per-display exit handler stops the transport that owns
   * the display and then never returns, because Xlib, back from it, would go on to read an
   * event that is not there (a crash in XNextEvent). The thread that made the failed call, the
   * event or the send thread, stays parked until the process ends; it holds nothing else.
   */
  private static final X11Native.IoErrorCallback IO_ERRORS = display -> {
    LOG.warn("X11: the connection to the X server is lost");
    return 0;
  };
  private static final X11Native.IoErrorExitCallback IO_EXIT = (display, data) -> {
    for (X11Transport transport : RUNNING) {
      if (transport.owns(display)) {
        transport.onLost();
      }
    }
    parkForever();
  };

  private static void parkForever() {
    CountDownLatch never = new CountDownLatch(1);
    while (true) { // unbounded on purpose: returning would crash the process (see IO_EXIT)
      try {
        never.await();
      } catch (InterruptedException e) {
        // stay: the display connection is dead and Xlib must not continue on this thread
      }
    }
  }

  private final X11Native x;
  private final AgentCore core;
  private final String displayName;
  private final Display events;
  private final Display sender;
  private final Window root;
  private final Window window;
  private final X11.Atom begin;
  private final X11.Atom message;
  private final X11.Atom stop;
  private final X11.Atom instance;
  private final ExecutorService sendThread;
  private final Thread eventThread;
  private final Map<Long, X11Chunks.Reassembly> partial = new HashMap<>(); // event thread
  private final Map<Long, AttachedClient> clients = new HashMap<>(); // agent context
  private volatile boolean running = true;
  private volatile boolean lost;
  private boolean stopped;

  private X11Transport(X11Native x, AgentCore core, String displayName, Display events,
      Display sender) {
    this.x = x;
    this.core = core;
    this.displayName = displayName;
    this.events = events;
    this.sender = sender;
    root = x.XDefaultRootWindow(events);
    window = x.XCreateSimpleWindow(events, root, 0, 0, 1, 1, 0, 0, 0);
    begin = x.XInternAtom(events, BEGIN_ATOM, false);
    message = x.XInternAtom(events, MESSAGE_ATOM, false);
    stop = x.XInternAtom(events, STOP_ATOM, false);
    instance = x.XInternAtom(events, INSTANCE_PROPERTY, false);
    Memory id = new Memory(Native.LONG_SIZE); // format 32 = an array of C longs
    id.setNativeLong(0, new NativeLong(window.longValue()));
    x.XChangeProperty(events, root, instance, X11.XA_WINDOW, 32, X11.PropModeReplace, id, 1);
    x.XFlush(events);
    sendThread = Executors.newSingleThreadExecutor(r -> daemon(r, "desktop-x11-send"));
    eventThread = daemon(this::eventLoop, "desktop-x11-events");
  }

  /**
   * Opens {@code displayName} (null: {@code $DISPLAY}), publishes the window and starts the
   * event thread. Blocking: call it from a worker.
   *
   * @throws IllegalStateException with a message for the user when X11 cannot be used
   */
  public static X11Transport start(AgentCore core, String displayName) {
    String name = displayName != null ? displayName : System.getenv("DISPLAY");
    if (name == null || name.isBlank()) {
      throw new IllegalStateException("no X display: DISPLAY is not set (set it, give "
          + "desktop-display, or turn the X11 transport off with desktop-x11=false)");
    }
    X11Native x;
    try {
      x = X11Native.load();
    } catch (UnsatisfiedLinkError e) {
      throw new IllegalStateException("no X11 library (libX11) on this machine: "
          + e.getMessage());
    }
    x.XInitThreads();
    synchronized (RUNNING) {
      x.XSetErrorHandler(ERRORS);
      x.XSetIOErrorHandler(IO_ERRORS);
    }
    Display events = x.XOpenDisplay(name);
    Display sender = events == null ? null : x.XOpenDisplay(name);
    if (events == null || sender == null) {
      if (events != null) {
        x.XCloseDisplay(events);
      }
      throw new IllegalStateException("cannot open X display '" + name + "' (is the X "
          + "server running and may this user use it?)");
    }
    survive(x, events);
    survive(x, sender);
    X11Transport transport = new X11Transport(x, core, name, events, sender);
    RUNNING.add(transport);
    transport.eventThread.start();
    LOG.info("X11: Skype API window 0x{} published on display {}",
        Long.toHexString(transport.window.longValue()), name);
    return transport;
  }

  private static void survive(X11Native x, Display display) {
    try {
      x.XSetIOErrorExitHandler(display, IO_EXIT, null);
    } catch (UnsatisfiedLinkError e) {
      LOG.warn("X11: libX11 older than 1.7; losing the X server will end this process");
    }
  }

  private boolean owns(com.sun.jna.Pointer display) {
    return display.equals(events.getPointer()) || display.equals(sender.getPointer());
  }

  /** The X server is gone: the event thread ends and every client is released. */
  private void onLost() {
    if (lost) {
      return;
    }
    lost = true;
    running = false;
    LOG.error("X11: display {} is gone; the X11 transport has stopped and its clients are "
        + "released", displayName);
    core.run(this::releaseAll);
  }

  public String display() {
    return displayName;
  }

  /** The agent's window id, as published in {@code _SKYPE_INSTANCE}. */
  public long windowId() {
    return window.longValue();
  }

  /** Releases every client (on the agent's context). */
  public List<io.vertx.core.Future<Void>> releaseAll() {
    // A copy: a client without connection detaches (leaves the map) within release().
    return List.copyOf(clients.values()).stream().map(AttachedClient::release).toList();
  }

  /**
   * Withdraws the window and ends both threads. Blocking: call it from a worker, after
   * {@link #releaseAll}.
   */
  public void stop() throws InterruptedException {
    if (stopped) {
      return;
    }
    stopped = true;
    running = false;
    if (!lost) {
      sendThread.execute(() -> sendChunk(window, stop, new byte[X11Chunks.CHUNK], true));
    }
    sendThread.shutdown();
    if (!lost) {
      sendThread.awaitTermination(5, TimeUnit.SECONDS);
      eventThread.join(TimeUnit.SECONDS.toMillis(5));
    }
    RUNNING.remove(this);
    if (eventThread.isAlive() || lost) {
      if (!lost) {
        LOG.warn("X11: the event thread did not end; the display is left open");
      }
      return; // a lost connection is not touched again
    }
    x.XDeleteProperty(events, root, instance);
    x.XDestroyWindow(events, window);
    x.XCloseDisplay(events);
    x.XCloseDisplay(sender);
  }

  private void eventLoop() {
    X11.XEvent event = new X11.XEvent();
    while (running) {
      x.XNextEvent(events, event);
      if (lost) {
        return; // the call ended in an I/O error: the event is not valid
      }
      int type = event.getPointer().getInt(0);
      if (type == X11.ClientMessage) {
        onClientMessage((X11.XClientMessageEvent) event.readField("xclient"));
      } else if (type == X11.DestroyNotify) {
        X11.XDestroyWindowEvent destroyed =
            (X11.XDestroyWindowEvent) event.readField("xdestroywindow");
        onGone(destroyed.window.longValue());
      }
    }
  }

  private void onClientMessage(X11.XClientMessageEvent event) {
    long type = event.message_type.longValue();
    if (event.format != 8 || (type != begin.longValue() && type != message.longValue())) {
      return; // our stop message, or another program's
    }
    long from = event.window.longValue();
    event.data.setType(byte[].class);
    event.data.read();
    X11Chunks.Reassembly line = partial.get(from);
    if (line == null) {
      line = new X11Chunks.Reassembly(MAX_LINE_BYTES);
      partial.put(from, line);
      // To learn when the client goes away; a window already gone reports BadWindow.
      x.XSelectInput(events, new Window(from), new NativeLong(X11.StructureNotifyMask));
    }
    switch (line.feed(type == begin.longValue(), event.data.b)) {
      case COMPLETE -> {
        String text = line.take();
        core.run(() -> onLine(from, text));
      }
      case TOO_LONG -> LOG.warn("X11: a line of window 0x{} longer than {} bytes; not executed",
          Long.toHexString(from), MAX_LINE_BYTES);
      case ORPHAN -> LOG.warn("X11: window 0x{} sent a continuation without a beginning; "
          + "ignored", Long.toHexString(from));
      case INCOMPLETE -> {
      }
    }
  }

  private void onLine(long from, String line) {
    AttachedClient client = clients.get(from);
    if (client == null) {
      client = core.newClient("x11", "0x" + Long.toHexString(from), text -> send(from, text),
          gone -> clients.remove(from, gone));
      clients.put(from, client);
    }
    client.command(line, reply -> send(from, reply));
  }

  private void onGone(long from) {
    partial.remove(from);
    core.run(() -> {
      AttachedClient client = clients.get(from);
      if (client != null) {
        client.release();
      }
    });
  }

  private void onXError(long resource, int code) {
    if (code == X11.BadWindow) {
      // A client window that vanished between its message and our answer or watch.
      core.run(() -> {
        AttachedClient client = clients.get(resource);
        if (client != null) {
          client.release();
        }
      });
    }
  }

  /** Sends {@code line} to a client window; in order, on the send thread. */
  private void send(long to, String line) {
    // The bridge never sends a NUL (docs/skype-api-emulation.md §1.1); X11 could not carry one.
    List<byte[]> chunks = X11Chunks.encode(line.replace('\0', '\uFFFD'));
    sendThread.execute(() -> {
      if (lost) {
        return;
      }
      for (int i = 0; i < chunks.size(); i++) {
        sendChunk(new Window(to), i == 0 ? begin : message, chunks.get(i), false);
      }
      x.XFlush(sender);
    });
  }

  private void sendChunk(Window to, X11.Atom type, byte[] chunk, boolean flush) {
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
    if (flush) {
      x.XFlush(sender);
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
