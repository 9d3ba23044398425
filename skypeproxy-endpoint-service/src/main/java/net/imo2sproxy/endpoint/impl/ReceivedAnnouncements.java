package net.imo2sproxy.endpoint.impl;

import java.util.Arrays;

/**
 * The received messages whose {@code STATUS RECEIVED} one connection was last told, so that a
 * repeat is not written: a gateway that takes a session over tells the connection again of the
 * messages its dead predecessor saved and may not have announced (EVENT-BUS.md), for up to 45 s
 * after the message first arrived. The last {@link #CAPACITY} numbers cover that at ten
 * received messages a second on one connection (4 KiB, allocated at the first announcement: an
 * idle connection pays nothing); past that rate a repeat may get through, as a second
 * announcement of the same number.
 *
 * <p>Confined to the connection's context.
 */
final class ReceivedAnnouncements {

  static final int CAPACITY = 512;

  private long[] numbers;
  private int next;
  private int size;

  /** True the first time {@code number} is told (and remembers it); false for a repeat. */
  boolean firstTime(long number) {
    if (numbers == null) {
      numbers = new long[CAPACITY];
    }
    for (int i = 0; i < size; i++) {
      if (numbers[i] == number) {
        return false;
      }
    }
    numbers[next] = number;
    next = (next + 1) % CAPACITY;
    size = Math.min(size + 1, CAPACITY);
    return true;
  }

  @Override
  public String toString() {
    return numbers == null ? "[]" : Arrays.toString(Arrays.copyOf(numbers, size));
  }
}
