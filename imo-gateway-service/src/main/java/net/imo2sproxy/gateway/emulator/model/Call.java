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
  public static final String UNPLACED = "UNPLACED";
  public static final String CANCELLED = "CANCELLED";
  public static final String FAILED = "FAILED";
  public static final String MISSED = "MISSED";
  /** Skype's FAILUREREASON of a call to a user who is offline. */
  public static final int USER_OFFLINE = 3;
  /** Skype's FAILUREREASON for any other failure (here: there is no audio path). */
  public static final int MISCELLANEOUS = 1;

  public final long id;
  public final String partner;
  public final boolean incoming;
  public final long timestamp;
  public String status;
  /** Skype's FAILUREREASON of a FAILED call, else 0. */
  public int failureReason;

  public Call(String partner, boolean incoming, long timestamp, String status) {
    this.id = NEXT_ID.incrementAndGet();
    this.partner = partner;
    this.incoming = incoming;
    this.timestamp = timestamp;
    this.status = status;
  }

  /**
   * The status a call ends in when imo.im reports it over: as real Skype, an incoming call
   * nobody answered is MISSED, an outgoing one the partner never took is REFUSED.
   */
  public String endedStatus() {
    return !unanswered() ? FINISHED : incoming ? MISSED : REFUSED;
  }

  /** Not (yet) answered: still being placed or ringing. */
  public boolean unanswered() {
    return RINGING.equals(status) || ROUTING.equals(status) || UNPLACED.equals(status);
  }

  public boolean isActive() {
    return !FINISHED.equals(status) && !REFUSED.equals(status) && !"MISSED".equals(status)
        && !"FAILED".equals(status) && !"CANCELLED".equals(status);
  }
}
