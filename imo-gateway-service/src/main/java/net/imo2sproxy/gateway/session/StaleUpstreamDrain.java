package net.imo2sproxy.gateway.session;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.imo2sproxy.gateway.imo.ImoClientOptions;
import net.imo2sproxy.gateway.imo.ImoEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over the upstream imo.im session of a gateway that died: collects the messages the
 * server queued for it (they arrived after the dead gateway's last poll) and signs it off, so
 * that everything arriving later is kept by the server as unread and fetched by the new
 * session's login ({@code get_unread_msgs}). Nothing is lost and nothing is delivered twice.
 *
 * <p>Two requests on the old ssid: a keep-alive with sequence 0 (a duplicate for the server,
 * not executed) whose answer carries the queued messages and the next expected sequence; then
 * {@code signoff_all} with that sequence, whose answer carries what arrived in between.
 */
public final class StaleUpstreamDrain {

  private static final Logger LOG = LoggerFactory.getLogger(StaleUpstreamDrain.class);

  private final WebClient http;
  private final ImoClientOptions options;

  public StaleUpstreamDrain(WebClient http, ImoClientOptions options) {
    this.http = http;
    this.options = options;
  }

  /**
   * Drains and ends {@code ssid}; the future carries the {@code im} events found (never fails:
   * an unreachable server or an already ended session yields what was collected).
   */
  public Future<List<JsonObject>> drain(String ssid) {
    List<JsonObject> events = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    JsonObject probe = ImoEnvelope.message(ImoEnvelope.call("observed_user_activity", null,
        new JsonObject().put("ssid", ssid)), "session", ssid, 0);
    return post(ImoEnvelope.request(0, ssid, probe)).compose(first -> {
      collect(first, events, seen);
      Integer expected = first.getJsonObject("data", new JsonObject()).getInteger("ack");
      if (expected == null || expected <= 0) {
        return Future.succeededFuture(events); // the server no longer knows the session
      }
      JsonObject signOff = ImoEnvelope.message(ImoEnvelope.call("signoff_all", null,
          new JsonObject().put("ssid", ssid)), "session", ssid, expected);
      return post(ImoEnvelope.request(0, ssid, signOff)).map(second -> {
        collect(second, events, seen);
        return events;
      });
    }).recover(err -> {
      LOG.info("could not drain an orphaned upstream session: {}", err.getMessage());
      return Future.succeededFuture(events);
    }).onSuccess(found -> LOG.info("orphaned upstream session drained and signed off: {} "
        + "event(s) recovered", found.size()));
  }

  private static void collect(JsonObject response, List<JsonObject> events, Set<Long> seen) {
    JsonObject data = response.getValue("data") instanceof JsonObject d ? d : new JsonObject();
    JsonArray messages = data.getValue("messages") instanceof JsonArray a ? a : new JsonArray();
    for (Object raw : messages) {
      if (!(raw instanceof JsonObject message)) {
        continue;
      }
      Object seq = message.getValue("seq");
      if (seq instanceof Number n && !seen.add(n.longValue())) {
        continue;
      }
      JsonObject from = message.getValue("from") instanceof JsonObject f ? f : new JsonObject();
      if ("im".equals(from.getValue("system"))
          && message.getValue("data") instanceof JsonObject event) {
        events.add(event);
      }
    }
  }

  private Future<JsonObject> post(JsonObject envelope) {
    return http.requestAbs(HttpMethod.POST, options.rpcUrl())
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .putHeader("X-Requested-With", "XMLHttpRequest")
        .timeout(options.requestTimeout().toMillis())
        .sendBuffer(ImoEnvelope.formBody(ImoEnvelope.FORWARD_TO_SERVER, envelope))
        .compose(response -> {
          if (response.statusCode() / 100 != 2) {
            return Future.failedFuture("imo.im answered HTTP " + response.statusCode());
          }
          Buffer body = response.body();
          return Future.succeededFuture(body == null ? new JsonObject() : body.toJsonObject());
        });
  }
}
