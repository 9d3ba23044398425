package net.imo2sproxy.protocol.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event marking one hop of a received chat message on its way to the client's socket
 * (bench {@code --trace-hops}, bench/README.md). Recorded only while a JFR recording enables
 * {@value #NAME}; otherwise {@link #enabled()} is false and the hooks build nothing.
 *
 * <p>Hops are chained by keys: {@code key} names what this hop knows the message by, {@code
 * link} (if any) what the next hop will know it by. A message body is never recorded, only
 * {@link #messageKey its hash}. The simulator has a twin of this class with the same name (it
 * does not depend on this module).
 */
@Name(DeliveryHop.NAME)
@Label("Delivery hop")
@Category("imo2sproxy")
@Description("A received chat message passed a hop of the delivery path")
@StackTrace(false)
public final class DeliveryHop extends Event {

  public static final String NAME = "imo2sproxy.DeliveryHop";

  private static final EventType TYPE = EventType.getEventType(DeliveryHop.class);

  @Label("Hop")
  public String hop;

  @Label("Key")
  public String key;

  @Label("Link")
  public String link;

  /** True only while a recording enables the event: guard every hook with it. */
  public static boolean enabled() {
    return TYPE.isEnabled();
  }

  /** The key of a message body, the same in every process: {@code m:} and its hash. */
  public static String messageKey(String body) {
    return "m:" + Integer.toHexString(body.hashCode());
  }

  /** Records hop {@code hop} now (call only when {@link #enabled()}). */
  public static void record(String hop, String key, String link) {
    DeliveryHop event = new DeliveryHop();
    event.hop = hop;
    event.key = key;
    event.link = link;
    event.commit();
  }

  /** A line announcing a received message ({@code CHATMESSAGE n STATUS RECEIVED}, protocol 3+). */
  public static boolean isReceivedNotice(String line) {
    return line.endsWith(" STATUS RECEIVED");
  }
}
