package net.imo2sproxy.gateway.emulator.model;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One call record (docs/skype-api-emulation.md §11): signalling and state only, the
 * bridge carries no audio.
 */
public final class Call {

  private static final AtomicLong NEXT_ID = new AtomicLong();

  public static final String ROUTING = "ROUTING";
  public static final String RINGING = "RINGING";
  public static final String FINISHED = "FINISHED";
  public static final String LOCALHOLD = "LOCALHOLD";
  public static final String REFUSED = "REFUSED";

  public final long id;
  public final String partner;
  public final boolean incoming;
  public final long timestamp;
  public String status;

  public Call(String partner, boolean incoming, long timestamp, String status) {
    this.id = NEXT_ID.incrementAndGet();
    this.partner = partner;
    this.incoming = incoming;
    this.timestamp = timestamp;
    this.status = status;
  }

  public boolean isActive() {
    return !FINISHED.equals(status) && !REFUSED.equals(status) && !"MISSED".equals(status)
        && !"FAILED".equals(status) && !"CANCELLED".equals(status);
  }
}
