package net.imo2sproxy.gateway.emulator;

import java.time.Duration;

/**
 * Behaviour settings of the Skype API emulation, shared by every session of a gateway.
 *
 * @param maxProtocol highest PROTOCOL level granted
 * @param initialProtocol level of a connection that never sent PROTOCOL (the original's 3)
 * @param loginTimeout how long a login may take before the session reports OFFLINE
 * @param sendAckTimeout how long an own message waits for its acknowledgement before FAILED
 * @param moodDelay delay of the imo.im update after SET PROFILE MOOD_TEXT
 * @param friendsTimeout longest wait of SEARCH FRIENDS for the first roster
 * @param localTimestamps stamp received messages with local time instead of the server's
 *     (the original's {@code -t})
 * @param messageCapacity messages kept per session (unread incoming ones are evicted last)
 * @param maxLineLength longest command line in characters; longer ones get {@code ERROR 1}
 */
public record SessionSettings(int maxProtocol, int initialProtocol, Duration loginTimeout,
    Duration sendAckTimeout, Duration moodDelay, Duration friendsTimeout,
    boolean localTimestamps, int messageCapacity, int maxLineLength) {

  /**
   * Level 7: ids (4), application datagrams, authorisation and recent-chat searches (5), chat
   * member objects and the level-7 message types (7) are implemented and tested. Level 8 is
   * not claimed: nothing documents what it changes.
   */
  public static final int DEFAULT_MAX_PROTOCOL = 7;

  /** Default longest command line: 64 KiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

  public static SessionSettings defaults() {
    return new SessionSettings(DEFAULT_MAX_PROTOCOL, 3, Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(10), false, 1000,
        DEFAULT_MAX_LINE_LENGTH);
  }

  public SessionSettings withMaxProtocol(int level) {
    return new SessionSettings(level, Math.min(initialProtocol, level), loginTimeout,
        sendAckTimeout, moodDelay, friendsTimeout, localTimestamps, messageCapacity,
        maxLineLength);
  }

  public SessionSettings withLocalTimestamps(boolean local) {
    return new SessionSettings(maxProtocol, initialProtocol, loginTimeout, sendAckTimeout,
        moodDelay, friendsTimeout, local, messageCapacity, maxLineLength);
  }

  public SessionSettings withSendAckTimeout(Duration timeout) {
    return new SessionSettings(maxProtocol, initialProtocol, loginTimeout, timeout, moodDelay,
        friendsTimeout, localTimestamps, messageCapacity, maxLineLength);
  }

  public SessionSettings withLoginTimeout(Duration timeout) {
    return new SessionSettings(maxProtocol, initialProtocol, timeout, sendAckTimeout, moodDelay,
        friendsTimeout, localTimestamps, messageCapacity, maxLineLength);
  }

  public SessionSettings withMessageCapacity(int capacity) {
    return new SessionSettings(maxProtocol, initialProtocol, loginTimeout, sendAckTimeout,
        moodDelay, friendsTimeout, localTimestamps, capacity, maxLineLength);
  }

  public SessionSettings withMaxLineLength(int length) {
    return new SessionSettings(maxProtocol, initialProtocol, loginTimeout, sendAckTimeout,
        moodDelay, friendsTimeout, localTimestamps, messageCapacity, length);
  }
}
