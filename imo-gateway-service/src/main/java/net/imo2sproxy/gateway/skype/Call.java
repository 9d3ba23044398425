package net.imo2sproxy.gateway.skype;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One call record ({@code skype-api-emulation.md} section 11): signalling and state only, the
 * bridge carries no audio.
 */
final class Call {

  private static final AtomicLong NEXT_ID = new AtomicLong();

  static final String ROUTING = "ROUTING";
  static final String RINGING = "RINGING";
  static final String FINISHED = "FINISHED";
  static final String LOCALHOLD = "LOCALHOLD";
  static final String REFUSED = "REFUSED";

  final long id;
  final String partner;
  final boolean incoming;
  final long timestamp;
  String status;

  Call(String partner, boolean incoming, long timestamp, String status) {
    this.id = NEXT_ID.incrementAndGet();
    this.partner = partner;
    this.incoming = incoming;
    this.timestamp = timestamp;
    this.status = status;
  }

  boolean isActive() {
    return !FINISHED.equals(status) && !REFUSED.equals(status) && !"MISSED".equals(status)
        && !"FAILED".equals(status) && !"CANCELLED".equals(status);
  }
}
