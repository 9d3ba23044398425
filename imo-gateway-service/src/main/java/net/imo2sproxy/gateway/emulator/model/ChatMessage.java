package net.imo2sproxy.gateway.emulator.model;

/**
 * One entry of the message store: a received, reflected or own message
 * (docs/skype-api-emulation.md §9).
 */
public final class ChatMessage {

  public enum Status { RECEIVED, READ, SENDING, SENT, FAILED }

  public final long id;
  /** The contact handle (one-to-one) or the group buid ({@code gid;}) the message belongs to. */
  public final String partner;
  /** Sender of a received message; the own handle for own and reflected messages. */
  public final String from;
  public final String fromDisplayName;
  public final String body;
  public final boolean outgoing;
  public final String type;
  public long timestamp;
  public Status status;
  /** {@code request_id} of an own message's {@code send_im}; -1 for every other entry. */
  public int requestId = -1;
  public long ackTimer = -1;
  /** The {@code send_im} call has not completed yet (an acknowledgement waits for it). */
  public boolean sendInFlight;
  /** Numeric failure reason (docs/skype-api-emulation.md §13, Q25); 0 when none. */
  public int failureReason;
  /** The member a chat event is about (USERS), plain handle; null for ordinary messages. */
  public String users;
  /**
   * Own message: its current status was announced to the connections attached up to this
   * attach order (ConnectionFanOut); 0 when this session announced none.
   */
  public long statusToldUpTo;
  /**
   * Own message: status announcements waiting for their save. Each will reach every
   * connection attached by then, so a re-attach reply or a resent command's answer leaves the
   * status to it instead of telling it a second time.
   */
  public int announcementsPending;
  /**
   * Own message whose imo.im acknowledgement came before the answer to its {@code send_im}:
   * it reached imo.im, whatever becomes of that answer (kept in the saved state, since the
   * acknowledgement itself is then acknowledged to imo.im and never delivered again).
   */
  public boolean acknowledgedEarly;
  /** The command that sent this own message, or null (kept in the saved state). */
  public CommandKey commandKey;
  /**
   * Received, saved, not yet announced to the connections: a survivor that restores it
   * announces it (its notification may have died with the previous owner).
   */
  public boolean unannounced;
  /** When the message was first stored unannounced (ms), on whichever gateway; kept saved. */
  public long unannouncedSince;
  /** When this gateway stored or restored the entry (ms), for the retention of bodies. */
  public long storedAt = System.currentTimeMillis();
  /** The saved-state JSON of the entry and the fields it was encoded with (SessionState). */
  public String encoded;
  public Status encodedStatus;
  public int encodedRequestId;
  public long encodedTimestamp;
  public String encodedUsers;
  public boolean encodedUnannounced;
  public boolean encodedAcknowledgedEarly;

  public ChatMessage(long id, String partner, String from, String fromDisplayName, String body,
      boolean outgoing, String type, long timestamp, Status status) {
    this.id = id;
    this.partner = partner;
    this.from = from;
    this.fromDisplayName = fromDisplayName;
    this.body = body;
    this.outgoing = outgoing;
    this.type = type;
    this.timestamp = timestamp;
    this.status = status;
  }
}
