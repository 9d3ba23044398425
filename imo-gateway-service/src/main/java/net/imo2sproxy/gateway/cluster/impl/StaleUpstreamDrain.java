package net.imo2sproxy.gateway.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.upstream.impl.OrphanDrain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over the upstream imo.im session of a gateway that died without leaving its state:
 * collects what the server kept for it and signs it off, so that everything arriving later is
 * kept as unread for the new session's login ({@code get_unread_msgs}).
 */
public final class StaleUpstreamDrain {

  private static final Logger LOG = LoggerFactory.getLogger(StaleUpstreamDrain.class);

  private final Vertx vertx;
  private final HttpClient http;
  private final ImoClientOptions options;

  public StaleUpstreamDrain(Vertx vertx, HttpClient http, ImoClientOptions options) {
    this.vertx = vertx;
    this.http = http;
    this.options = options;
  }

  /** Drains and ends {@code ssid}; the future carries the {@code im} events found. */
  public Future<List<JsonObject>> drain(String ssid) {
    return OrphanDrain.drain(vertx, http, options, ssid)
        .onSuccess(found -> LOG.info("orphaned upstream session drained and signed off: {} "
            + "event(s) recovered", found.size()));
  }
}
