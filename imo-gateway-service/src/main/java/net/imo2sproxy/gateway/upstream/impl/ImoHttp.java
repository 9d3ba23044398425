package net.imo2sproxy.gateway.upstream.impl;

import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.ClientCookieEncoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.spi.CookieStore;
import java.net.URI;
import net.imo2sproxy.gateway.upstream.ImoCallException;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;

/**
 * The HTTP requests of one upstream session (docs/imo-protocol.md §2), with its own cookies:
 * the form-encoded POST with the headers the web client sent, and GET for pages and avatars.
 * Non-2xx answers and unparsable bodies fail; transport errors fail as retryable.
 *
 * <p>On the gateway's pooled {@link HttpClient}, not the Web Client: every session holds a
 * long poll open, and a Web Client session per upstream session (its options, interceptor
 * context and copies of the headers per request) cost about 2 KiB per idle session and a
 * few hundred bytes per request. The cookies are what the Web Client's session would keep:
 * a {@link CookieStore}, a {@code Set-Cookie} without a domain taken for the request's host.
 */
final class ImoHttp {

  private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
  private static final String USER_AGENT = "imo2sproxy";

  private static volatile Target lastRpcTarget;

  private final HttpClient http;
  private final ImoClientOptions options;
  private final Target rpc;
  private final CookieStore cookies = CookieStore.build();

  ImoHttp(HttpClient http, ImoClientOptions options) {
    this.http = http;
    this.options = options;
    this.rpc = rpcTarget(options.rpcUrl());
  }

  CookieStore cookieStore() {
    return cookies;
  }

  /** GET of a page of the service with this session's cookies (start page, avatars). */
  Future<Buffer> get(String url, boolean retryable) {
    return send(HttpMethod.GET, Target.of(url), null, retryable);
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
    return send(HttpMethod.POST, rpc, ImoEnvelope.formBody(httpMethod, envelope), true);
  }

  /**
   * Every session of a gateway posts to the same address: parsed once and shared, not per
   * session (it is held by each) nor per request.
   */
  private static Target rpcTarget(String url) {
    Target target = lastRpcTarget;
    if (target == null || !target.url.equals(url)) {
      target = Target.of(url);
      lastRpcTarget = target;
    }
    return target;
  }

  private Future<Buffer> send(HttpMethod method, Target target, Buffer form,
      boolean retryable) {
    RequestOptions request = new RequestOptions()
        .setMethod(method)
        .setAbsoluteURI(target.url)
        .setIdleTimeout(options.requestTimeout().toMillis());
    String cookieHeader = ClientCookieEncoder.STRICT.encode(cookies.get(target.ssl, target.host,
        target.path));
    // the headers go on the request only: options with headers stay referenced beside the
    // request (a second copy of them) for as long as a long poll is held
    return http.request(request)
        .compose(req -> {
          req.putHeader(HttpHeaders.USER_AGENT, USER_AGENT);
          if (cookieHeader != null) {
            req.putHeader(HttpHeaders.COOKIE, cookieHeader);
          }
          if (form == null) {
            return req.send();
          }
          return req.putHeader(HttpHeaders.CONTENT_TYPE, FORM)
              .putHeader("X-Requested-With", "XMLHttpRequest")
              .putHeader(HttpHeaders.REFERER, options.baseUrl())
              .send(form);
        })
        .compose(response -> response.body().map(body -> {
          keepCookies(response, target.host);
          return new Answer(response.statusCode(), body);
        }))
        .recover(err -> Future.failedFuture(new ImoCallException(
            "imo.im unreachable: " + err.getMessage(), err, retryable)))
        .compose(ImoHttp::checkStatus);
  }

  /** Keeps the response's cookies, as a browser would, whatever its status. */
  private void keepCookies(HttpClientResponse response, String host) {
    for (String header : response.cookies()) {
      Cookie cookie = ClientCookieDecoder.STRICT.decode(header);
      if (cookie != null) {
        if (cookie.domain() == null) {
          cookie.setDomain(host);
        }
        cookies.put(cookie);
      }
    }
  }

  private static Future<Buffer> checkStatus(Answer answer) {
    if (answer.status / 100 != 2) {
      return Future.failedFuture(new ImoCallException(
          "imo.im answered HTTP " + answer.status, null, true));
    }
    return Future.succeededFuture(answer.body);
  }

  private record Answer(int status, Buffer body) {
  }

  /** A request's address and what its cookies are chosen by. */
  private record Target(String url, String host, boolean ssl, String path) {

    static Target of(String url) {
      URI uri = URI.create(url);
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty()
          ? "/" : uri.getRawPath();
      return new Target(url, uri.getHost(), "https".equalsIgnoreCase(uri.getScheme()), path);
    }
  }
}
