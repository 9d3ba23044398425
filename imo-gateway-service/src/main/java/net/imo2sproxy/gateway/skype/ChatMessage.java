package net.imo2sproxy.gateway.skype;

/**
 * One entry of the message store: a received, reflected or own message
 * ({@code skype-api-emulation.md} section 9).
 */
final class ChatMessage {

  enum Status { RECEIVED, READ, SENDING, SENT, FAILED }

  final long id;
  /** The contact handle (one-to-one) or the group buid ({@code gid;}) the message belongs to. */
  final String partner;
  /** Sender of a received message; the own handle for own and reflected messages. */
  final String from;
  final String fromDisplayName;
  final String body;
  final boolean outgoing;
  final String type;
  long timestamp;
  Status status;
  /** {@code request_id} of an own message's {@code send_im}; -1 for every other entry. */
  int requestId = -1;
  long ackTimer = -1;
  /** The {@code send_im} call has not completed yet (an acknowledgement waits for it). */
  boolean sendInFlight;
  /** Numeric failure reason (section 12, Q25); 0 when none. */
  int failureReason;
  /** The member a chat event is about (USERS), plain handle; null for ordinary messages. */
  String users;
  /** When this gateway stored or restored the entry (ms), for the retention of bodies. */
  long storedAt = System.currentTimeMillis();
  /** The saved-state JSON of the entry and the fields it was encoded with (SessionState). */
  String encoded;
  Status encodedStatus;
  int encodedRequestId;
  long encodedTimestamp;
  String encodedUsers;

  ChatMessage(long id, String partner, String from, String fromDisplayName, String body,
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
