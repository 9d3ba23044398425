package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import net.imo2sproxy.gateway.emulator.model.Chat;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.CommandKey;
import net.imo2sproxy.gateway.emulator.model.Contact;

/** What command handlers may ask of the session beyond its model and the upstream calls. */
public interface SessionControl {

  /** {@code ONLINE}, {@code CONNECTING} or {@code OFFLINE}, as CONNSTATUS reports it. */
  String connStatus();

  boolean online();

  /** Logs in unless online; completes (never fails) with the login's outcome. */
  Future<Void> logIn();

  /** Signs off; CONNSTATUS and USERSTATUS OFFLINE follow for every connection. */
  Future<Void> logOut();

  /** The delayed imo.im update after a mood change (the original's 15 s). */
  void scheduleMoodUpdate();

  void cancelMoodUpdate();

  /** Completes once the first roster after login is known, or after the friends timeout. */
  Future<Void> rosterReady();

  /**
   * Sends an own message; the future carries the stored entry, SENDING or FAILED.
   *
   * @param key the command that sends it (null when it has no number), kept with the message
   */
  Future<ChatMessage> send(String partner, String text, CommandKey key);

  /**
   * Waits for the group created under {@code groupName} to appear in the roster; fails after
   * the login timeout.
   */
  Promise<Chat> expectNewChat(String groupName);

  /**
   * Drops a SEARCH USERS entry that never became more than that
   * (docs/skype-api-emulation.md §13, Q23).
   */
  void expireTemporary(Contact entry);
}
