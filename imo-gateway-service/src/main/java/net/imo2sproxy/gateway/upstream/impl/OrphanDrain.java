package net.imo2sproxy.gateway.upstream.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.upstream.ImoSessionEnd;

/**
 * Ends the upstream session of a gateway that died without saving its state: a probe takes
 * what the server kept for the session and tells the next expected {@code seq}, then
 * {@code signoff_all} goes out as an ordinary command, so everything arriving later waits for
 * the next login as unread. Both go through the {@link ImoTransport}, like every other request.
 */
public final class OrphanDrain {

  private OrphanDrain() {
  }

  /** The {@code im} events found; never fails (what was collected is kept). */
  public static Future<List<JsonObject>> drain(Vertx vertx, HttpClient http,
      ImoClientOptions options, String ssid) {
    List<JsonObject> events = new ArrayList<>();
    ImoTransport transport = new ImoTransport(vertx, new ImoHttp(http, options), options,
        "orphan " + ssid);
    transport.receiver(new ImoTransport.Receiver() {
      @Override
      public void onMessages(List<JsonObject> messages) {
        for (JsonObject message : messages) {
          if (message.getValue("from") instanceof JsonObject from
              && "im".equals(from.getValue("system"))
              && message.getValue("data") instanceof JsonObject event) {
            events.add(event);
          }
        }
      }

      @Override
      public void onEnded(ImoSessionEnd end) {
      }
    });
    transport.continueAt(ssid, 0, new JsonObject());
    JsonObject args = new JsonObject().put("ssid", ssid);
    return transport.probe("session", "observed_user_activity", args)
        .compose(expected -> {
          if (expected == null || expected <= 0) {
            return Future.succeededFuture(); // the server no longer knows the session
          }
          transport.adoptClientSeq(expected);
          return transport.signOff(args);
        })
        .otherwiseEmpty()
        // the hand-off of the last answer runs on a later turn
        .compose(v -> transport.handedOn())
        .map(v -> events);
  }
}
