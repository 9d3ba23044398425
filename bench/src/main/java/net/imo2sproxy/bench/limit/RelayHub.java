package net.imo2sproxy.bench.limit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The "fake imo.im" of the relay limit: an HTTP server with a mailbox and at most one held long
 * poll per account, and nothing else (no sessions, no JSON envelopes, no acks). {@code POST
 * /send?to=<uid>} queues the body and answers at once; {@code GET /poll?uid=<uid>} answers the
 * queued bodies, one a line, or holds until one arrives (at most {@code holdMs}, then empty).
 * Runs on one event loop, like the simulator.
 */
public final class RelayHub {

  private final Vertx vertx;
  private final long holdMs;
  private final Map<String, Mailbox> mailboxes = new HashMap<>();
  private HttpServer server;

  private static final class Mailbox {
    final ArrayDeque<String> queued = new ArrayDeque<>();
    HttpServerRequest poll;
    long timer = -1;
  }

  public RelayHub(Vertx vertx, long holdMs) {
    this.vertx = vertx;
    this.holdMs = holdMs;
  }

  /** Listens on 127.0.0.1:{@code port} (0 = any free port); the future is the port. */
  public Future<Integer> listen(int port) {
    return vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1")
        .map(s -> {
          server = s;
          return s.actualPort();
        });
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (request.method() == HttpMethod.POST && path.equals("/send")) {
      String to = request.getParam("to");
      request.body().onSuccess(body -> {
        deliver(to, body.toString());
        request.response().end("ok");
      });
    } else if (path.equals("/poll")) {
      poll(request.getParam("uid"), request);
    } else if (path.equals("/admin/sessions")) {
      JsonArray sessions = new JsonArray();
      mailboxes.forEach((uid, m) -> sessions.add(new JsonObject().put("account", uid)
          .put("polling", m.poll != null)));
      request.response().putHeader("content-type", "application/json").end(sessions.encode());
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private void deliver(String to, String text) {
    Mailbox m = mailboxes.computeIfAbsent(to, k -> new Mailbox());
    m.queued.add(text);
    if (m.poll != null) {
      answer(m);
    }
  }

  private void poll(String uid, HttpServerRequest request) {
    Mailbox m = mailboxes.computeIfAbsent(uid, k -> new Mailbox());
    if (m.poll != null) {
      answer(m); // one held poll per account: the older one is answered
    }
    m.poll = request;
    if (!m.queued.isEmpty()) {
      answer(m);
      return;
    }
    m.timer = vertx.setTimer(holdMs, t -> {
      if (m.poll == request) {
        m.timer = -1;
        answer(m);
      }
    });
    request.connection().closeHandler(v -> {
      if (m.poll == request) {
        m.poll = null;
      }
    });
  }

  private void answer(Mailbox m) {
    HttpServerRequest request = m.poll;
    m.poll = null;
    if (m.timer >= 0) {
      vertx.cancelTimer(m.timer);
      m.timer = -1;
    }
    StringBuilder body = new StringBuilder();
    while (!m.queued.isEmpty()) {
      body.append(m.queued.poll()).append('\n');
    }
    request.response().end(body.toString());
  }
}
