package net.imo2sproxy.gateway.upstream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.imo2sproxy.gateway.upstream.ImoCallException;
import net.imo2sproxy.gateway.upstream.ImoClientOptions;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP of one upstream session against a real local server: the cookie of the start page
 * goes back on every request, the POST carries the web client's headers and form body, and a
 * non-2xx answer, a body that is not JSON or a server that is gone fail retryable.
 */
@ExtendWith(VertxExtension.class)
class ImoHttpTest {

  private final List<HttpServerRequest> seen = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private HttpClient client;
  private ImoClientOptions options;
  private ImoHttp http;
  private volatile int status = 200;
  private volatile String answer = "{\"status\":\"ok\"}";

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      seen.add(req);
      bodies.add(body.toString());
      if (req.path().equals("/")) {
        req.response().addCookie(Cookie.cookie("imo_session", "c00kie").setPath("/"))
            .end("<html></html>");
      } else {
        req.response().setStatusCode(status).end(answer);
      }
    }));
    client = vertx.createHttpClient();
    server.listen(0, "127.0.0.1").onComplete(ctx.succeeding(s -> {
      options = new ImoClientOptions("http://127.0.0.1:" + s.actualPort(),
          Duration.ofSeconds(5), Duration.ofSeconds(30), 3);
      http = new ImoHttp(client, options);
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    client.close().compose(v -> server.close()).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theStartPagesCookieAndTheWebClientsHeadersGoWithEveryPost(VertxTestContext ctx) {
    JsonObject envelope = new JsonObject().put("ssid", "s1");
    http.get(options.baseUrl(), false)
        .compose(page -> http.postJson(envelope))
        .onComplete(ctx.succeeding(answered -> ctx.verify(() -> {
          assertThat(answered.getString("status")).isEqualTo("ok");
          assertThat(seen).hasSize(2);
          HttpServerRequest page = seen.get(0);
          assertThat(page.method().name()).isEqualTo("GET");
          assertThat(page.getHeader("Cookie")).isNull();
          HttpServerRequest post = seen.get(1);
          assertThat(post.method().name()).isEqualTo("POST");
          assertThat(post.path()).isEqualTo("/imo");
          assertThat(post.getHeader("Cookie")).isEqualTo("imo_session=c00kie");
          assertThat(post.getHeader("Content-Type"))
              .isEqualTo("application/x-www-form-urlencoded; charset=UTF-8");
          assertThat(post.getHeader("X-Requested-With")).isEqualTo("XMLHttpRequest");
          assertThat(post.getHeader("Referer")).isEqualTo(options.baseUrl());
          assertThat(post.getHeader("User-Agent")).isEqualTo("imo2sproxy");
          assertThat(bodies.get(1)).isEqualTo(
              ImoEnvelope.formBody(ImoEnvelope.FORWARD_TO_SERVER, envelope).toString());
          assertThat(http.cookieStore().get(false, "127.0.0.1", "/"))
              .extracting(c -> c.name() + "=" + c.value()).containsExactly("imo_session=c00kie");
          ctx.completeNow();
        })));
  }

  @Test
  void aNon2xxAnswerFailsRetryable(VertxTestContext ctx) {
    status = 503;
    http.postJson(new JsonObject()).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(ImoCallException.class).hasMessage("imo.im answered HTTP 503");
      assertThat(((ImoCallException) err).retryable()).isTrue();
      ctx.completeNow();
    })));
  }

  @Test
  void anAnswerThatIsNotJsonFailsRetryable(VertxTestContext ctx) {
    answer = "<html>maintenance</html>";
    http.postJson(new JsonObject()).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).hasMessage("unparsable response from imo.im");
      assertThat(((ImoCallException) err).retryable()).isTrue();
      ctx.completeNow();
    })));
  }

  @Test
  void aServerThatIsGoneFailsAsUnreachable(VertxTestContext ctx) {
    server.close().compose(v -> http.postJson(new JsonObject()))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ImoCallException.class);
          assertThat(err.getMessage()).startsWith("imo.im unreachable: ");
          assertThat(((ImoCallException) err).retryable()).isTrue();
          ctx.completeNow();
        })));
  }
}
