package net.imo2sproxy.desktop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What Skype4Py does with any transport: every command goes out as {@code #n <command>} and
 * waits for the line carrying {@code #n}; every other line is a notification. Subclasses carry
 * the lines ({@link #transmit}) and hand in what arrives ({@link #received}). Every wait is
 * bounded. A transcript of the exchange ({@code > } sent, {@code < } reply, {@code ~ }
 * notification) is kept for golden comparisons.
 */
public abstract class SkypeApiTestClient implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  private final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
  private final List<String> notifications = new ArrayList<>();
  private final List<String> transcript = new ArrayList<>();
  private int nextId;
  private int notificationsRead;

  /** Sends one line to "Skype" as the transport does. */
  protected abstract void transmit(String line) throws Exception;

  /** A line from "Skype" (any thread). */
  protected final void received(String line) {
    arrived.add(line);
  }

  /** Sends {@code command} under a new id and returns its reply, without the id. */
  public String call(String command) throws Exception {
    String id = "#" + (++nextId);
    transcript.add("> " + command);
    String reply = exchange(id + " " + command);
    String text = reply.substring(id.length() + 1);
    transcript.add("< " + text);
    return text;
  }

  /** Sends a raw line (no id) and returns nothing: for lines that get no reply. */
  public void send(String line) throws Exception {
    transcript.add("> " + line);
    transmit(line);
  }

  /** Sends {@code line} (which carries its own id) and waits for the line with that id. */
  protected String exchange(String line) throws Exception {
    String id = line.substring(0, line.indexOf(' ') + 1);
    String direct = transmitForReply(line);
    if (direct != null && direct.startsWith(id)) {
      return direct;
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String next = arrived.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      if (next.startsWith(id)) {
        return next;
      }
      notifications.add(next);
    }
    throw new AssertionError("no reply to '" + line + "' within " + WAIT.toSeconds() + " s");
  }

  /** Transmits; a transport whose call returns the reply (D-Bus) returns it here. */
  protected String transmitForReply(String line) throws Exception {
    transmit(line);
    return null;
  }

  /** The next notification not read yet, waiting for it. */
  public String nextNotification() throws Exception {
    if (notificationsRead == notifications.size()) {
      String next = arrived.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (next == null) {
        throw new AssertionError("no notification within " + WAIT.toSeconds() + " s");
      }
      notifications.add(next);
    }
    String line = notifications.get(notificationsRead++);
    transcript.add("~ " + line);
    return line;
  }

  /** Reads notifications up to and including the first that equals {@code line}. */
  public void awaitNotification(String line) throws Exception {
    for (int i = 0; i < 1000; i++) {
      if (nextNotification().equals(line)) {
        return;
      }
    }
    throw new AssertionError("no notification '" + line + "' among the next 1000");
  }

  /** A line, if any, that arrives within {@code wait} (to check that nothing arrives). */
  public String pollArrived(Duration wait) throws InterruptedException {
    return arrived.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The exchange so far. */
  public List<String> transcript() {
    return List.copyOf(transcript);
  }
}
