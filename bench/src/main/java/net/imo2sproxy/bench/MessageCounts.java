package net.imo2sproxy.bench;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Exact message accounting of a chat run, by token (every sent message carries a unique one in
 * its body, read back with {@code GET CHATMESSAGE n BODY}). Every sent message is in exactly
 * one of {@code deliveredOnce}, {@code duplicated} and {@code lost}.
 *
 * @param sent MESSAGE commands sent
 * @param deliveredOnce tokens announced to their receiver exactly once
 * @param lost tokens never announced by the end of the grace period
 * @param duplicated tokens announced more than once (under a new or the same message number)
 * @param extraDeliveries announcements beyond the first, summed over the duplicated tokens
 * @param outOfOrder first deliveries of a token after a later token of the same direction
 * @param sendFailed {@code STATUS FAILED} for a sent message (reply or notification)
 * @param errorReplies {@code ERROR} answers to MESSAGE or GET CHATMESSAGE
 * @param unanswered MESSAGE and GET CHATMESSAGE commands never answered
 * @param unresolved RECEIVED announcements whose body never came (GET unanswered or ERROR):
 *     up to this many of the lost ones may have been announced after all
 * @param foreign RECEIVED announcements whose body is not a token of this run
 */
public record MessageCounts(long sent, long deliveredOnce, long lost, long duplicated,
    long extraDeliveries, long outOfOrder, long sendFailed, long errorReplies, long unanswered,
    long unresolved, long foreign) {

  public static final MessageCounts NONE = new MessageCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public MessageCounts plus(MessageCounts o) {
    return new MessageCounts(sent + o.sent, deliveredOnce + o.deliveredOnce, lost + o.lost,
        duplicated + o.duplicated, extraDeliveries + o.extraDeliveries,
        outOfOrder + o.outOfOrder, sendFailed + o.sendFailed, errorReplies + o.errorReplies,
        unanswered + o.unanswered, unresolved + o.unresolved, foreign + o.foreign);
  }

  /** Tokens delivered at least once. */
  public long delivered() {
    return deliveredOnce + duplicated;
  }

  /** A message was lost or duplicated: the run fails. */
  public boolean broken() {
    return lost > 0 || duplicated > 0;
  }

  /** Every count that is a failure, summed (a message may be in more than one). */
  public long problems() {
    return lost + duplicated + sendFailed + errorReplies + unanswered + foreign;
  }

  /** The short form for a result line. */
  public String brief() {
    return String.format(Locale.ROOT, "lost=%d duplicated=%d", lost, duplicated);
  }

  public String describe() {
    return String.format(Locale.ROOT, "sent %d, delivered once %d, lost %d, duplicated %d "
            + "(%d extra), out of order %d, STATUS FAILED %d, ERROR %d, unanswered %d, "
            + "unresolved RECEIVED %d, foreign %d", sent, deliveredOnce, lost, duplicated,
        extraDeliveries, outOfOrder, sendFailed, errorReplies, unanswered, unresolved, foreign);
  }

  public JsonObject toJson() {
    return new JsonObject().put("sent", sent).put("delivered", delivered())
        .put("deliveredOnce", deliveredOnce).put("lost", lost).put("duplicated", duplicated)
        .put("extraDeliveries", extraDeliveries).put("outOfOrder", outOfOrder)
        .put("sendFailed", sendFailed).put("errorReplies", errorReplies)
        .put("unanswered", unanswered).put("unresolved", unresolved).put("foreign", foreign);
  }
}
