package net.imo2sproxy.endpoint.impl;

import java.util.Arrays;

/**
 * The received messages whose {@code STATUS RECEIVED} one connection was last told, so that a
 * repeat is not written: a gateway that takes a session over tells the connection again of the
 * messages its dead predecessor saved and may not have announced (EVENT-BUS.md). The repeats
 * come within a save delay of the predecessor's death, so the last {@link #CAPACITY} numbers
 * are enough; nothing is allocated before the first announcement.
 *
 * <p>Confined to the connection's context.
 */
final class ReceivedAnnouncements {

  static final int CAPACITY = 64;

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
