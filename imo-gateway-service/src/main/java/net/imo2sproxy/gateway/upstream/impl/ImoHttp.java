package net.imo2sproxy.gateway.upstream.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.ext.web.client.spi.CookieStore;
import net.imo2sproxy.gateway.upstream.ImoCallException;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;

/**
 * The HTTP requests of one upstream session (docs/imo-protocol.md §2), with its own cookies:
 * the form-encoded POST with the headers the web client sent, and GET for pages and avatars.
 * Non-2xx answers and unparsable bodies fail; transport errors fail as retryable.
 */
final class ImoHttp {

  private final WebClientSession http;
  private final ImoClientOptions options;

  ImoHttp(WebClientSession http, ImoClientOptions options) {
    this.http = http;
    this.options = options;
  }

  CookieStore cookieStore() {
    return http.cookieStore();
  }


  /** GET of a page of the service with this session's cookies (start page, avatars). */
  Future<Buffer> get(String url, boolean retryable) {
    return http.getAbs(url)
        .timeout(options.requestTimeout().toMillis())
        .send()
        .recover(err -> Future.failedFuture(new ImoCallException(
            "imo.im unreachable: " + err.getMessage(), err, retryable)))
        .compose(ImoHttp::checkStatus);
  }

  Future<JsonObject> postJson(JsonObject envelope) {
    return post(ImoEnvelope.FORWARD_TO_SERVER, envelope).compose(body -> {
      try {
        return Future.succeededFuture(new JsonObject(body));
      } catch (RuntimeException e) {
        return Future.failedFuture(
            new ImoCallException("unparsable response from imo.im", null, true));
      }
    });
  }

  Future<Buffer> post(String httpMethod, JsonObject envelope) {
    return http.requestAbs(HttpMethod.POST, options.rpcUrl())
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .putHeader("X-Requested-With", "XMLHttpRequest")
        .putHeader("Referer", options.baseUrl())
        .timeout(options.requestTimeout().toMillis())
        .sendBuffer(ImoEnvelope.formBody(httpMethod, envelope))
        .recover(err -> Future.failedFuture(
            new ImoCallException("imo.im unreachable: " + err.getMessage(), err, true)))
        .compose(ImoHttp::checkStatus);
  }

  private static Future<Buffer> checkStatus(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      return Future.failedFuture(new ImoCallException(
          "imo.im answered HTTP " + response.statusCode(), null, true));
    }
    Buffer body = response.body();
    return Future.succeededFuture(body == null ? Buffer.buffer() : body);
  }
}
