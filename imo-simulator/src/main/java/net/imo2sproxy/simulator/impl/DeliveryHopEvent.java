package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.JsonObject;
import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The simulator's hops of a received message (bench {@code --trace-hops}): the twin of
 * shared-protocol's {@code DeliveryHop}, same event name and fields, so one trace joins both.
 * Recorded only while a JFR recording enables it.
 */
@Name("imo2sproxy.DeliveryHop")
@Label("Delivery hop")
@Category("imo2sproxy")
@StackTrace(false)
final class DeliveryHopEvent extends Event {

  private static final EventType TYPE = EventType.getEventType(DeliveryHopEvent.class);

  @Label("Hop")
  String hop;

  @Label("Key")
  String key;

  @Label("Link")
  String link;

  static boolean enabled() {
    return TYPE.isEnabled();
  }

  /** Records {@code hop} for a queued server message when it is a {@code recv_im}. */
  static void recvIm(String hop, JsonObject data) {
    if (data != null && "recv_im".equals(data.getValue("name"))
        && data.getValue("edata") instanceof JsonObject edata
        && edata.getValue("msg") instanceof String msg) {
      DeliveryHopEvent event = new DeliveryHopEvent();
      event.hop = hop;
      // as DeliveryHop.messageKey: the hash, never the body
      event.key = "m:" + Integer.toHexString(msg.hashCode());
      event.commit();
    }
  }
}
