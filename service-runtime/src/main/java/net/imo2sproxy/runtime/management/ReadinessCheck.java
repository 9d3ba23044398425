package net.imo2sproxy.runtime.management;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** One named readiness condition of a service, checked on each readiness probe. */
public interface ReadinessCheck {

  String name();

  /** Succeeds with details when ready, fails with the reason otherwise. */
  Future<JsonObject> check(Vertx vertx);

  /** Ready when {@code url} answers HTTP at all (any status): the upstream is reachable. */
  static ReadinessCheck httpReachable(String name, String url) {
    return new ReadinessCheck() {
      private WebClient client;

      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<JsonObject> check(Vertx vertx) {
        if (client == null) {
          client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(3000));
        }
        return client.requestAbs(HttpMethod.GET, url).timeout(5000).send()
            .map(response -> new JsonObject().put("status", response.statusCode()));
      }
    };
  }
}
