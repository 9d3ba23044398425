package net.imo2sproxy.desktop.impl;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.unix.X11;

/**
 * JNA's Xlib bindings ({@code jna-platform}'s {@link X11}) plus the two calls they lack or get
 * wrong: {@code XInitThreads}, and an error handler that receives the raw {@code XErrorEvent}
 * (the platform's structure orders its fields unlike Xlib, so the failed resource id would be
 * read from the wrong place).
 */
public interface X11Native extends X11 {

  /** Xlib, loaded on first use (a machine without libX11 fails here, not at class load). */
  static X11Native load() {
    return Holder.INSTANCE;
  }

  /** Xlib's error callback with the event as raw memory (see {@link #errorResource}). */
  interface ErrorCallback extends Callback {
    int apply(Pointer display, Pointer errorEvent);
  }

  int XInitThreads();

  /** Xlib's fatal I/O error callback (the connection to the X server is gone). */
  interface IoErrorCallback extends Callback {
    int apply(Pointer display);
  }

  /** libX11 1.7+: what runs after the I/O error callback instead of {@code exit(1)}. */
  interface IoErrorExitCallback extends Callback {
    void apply(Pointer display, Pointer userData);
  }

  IoErrorCallback XSetIOErrorHandler(IoErrorCallback handler);

  void XSetIOErrorExitHandler(Display display, IoErrorExitCallback handler, Pointer userData);

  /**
   * {@code XInternAtom} with Xlib's Bool as a plain int: JNA passes a Java {@code true} as a
   * value the server refuses (BadValue), so "only if it exists" needs this form.
   */
  Atom XInternAtom(Display display, String name, int onlyIfExists);

  ErrorCallback XSetErrorHandler(ErrorCallback handler);

  /** The {@code resourceid} of an {@code XErrorEvent}: after int type and Display pointer. */
  static long errorResource(Pointer errorEvent) {
    return Native.LONG_SIZE == 8 ? errorEvent.getLong(2L * Native.POINTER_SIZE)
        : errorEvent.getInt(2L * Native.POINTER_SIZE) & 0xFFFFFFFFL;
  }

  /** The {@code error_code} of an {@code XErrorEvent}: after the resource id and the serial. */
  static int errorCode(Pointer errorEvent) {
    return errorEvent.getByte(2L * Native.POINTER_SIZE + 2L * Native.LONG_SIZE) & 0xFF;
  }

  /** Lazy holder: {@link Native#load} runs only when X11 is used. */
  final class Holder {
    static final X11Native INSTANCE = Native.load("X11", X11Native.class);

    private Holder() {
    }
  }
}
