package net.imo2sproxy.bench.limit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrameDecoder;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.protocol.wire.SkypeProxyProtocolException;

/**
 * One client connection of {@link LimitProxy}. In relay mode ({@code http} not null) it does the
 * least a bridge must do for "a partner posts a message, the plugin gets {@code CHATMESSAGE n
 * STATUS RECEIVED}": keep a long poll open at the hub for its account, turn {@code #id MESSAGE
 * <to> <text>} into a POST (reply {@code SENDING} at once, {@code SENT} when posted; one post at
 * a time per connection, so a sender's order holds), turn each polled text into
 * a numbered RECEIVED notification and answer {@code GET CHATMESSAGE n BODY}. Everything else is
 * echoed.
 */
final class LimitConnection implements SkypeProxyFrameDecoder.Listener {

  private static final long POLL_RETRY_MS = 100;

  private final Vertx vertx;
  private final NetSocket socket;
  private final HttpClient http;
  private final SkypeProxyFrameDecoder decoder;
  private final Map<Long, String> bodies = new HashMap<>();
  private boolean awaitingPassword;
  private boolean authenticated;
  private String uid = "anonymous";
  private long nextNumber = 1;
  private boolean closed;
  private boolean polling;
  private Future<Object> lastPost = Future.succeededFuture();

  LimitConnection(Vertx vertx, NetSocket socket, HttpClient http) {
    this.vertx = vertx;
    this.socket = socket;
    this.http = http;
    this.decoder = new SkypeProxyFrameDecoder(this);
    socket.handler(decoder);
    socket.closeHandler(v -> closed = true);
  }

  @Override
  public void onCommand(SkypeProxyCommand command) {
    switch (command.code()) {
      case SkypeProxyCommand.AUTHENTICATE -> {
        // a password once; asked again later, none is needed
        awaitingPassword = !authenticated;
        authenticated = true;
        socket.write(SkypeProxyFrames.rawByte(awaitingPassword ? SkypeProxyFrames.REPLY_YES
            : SkypeProxyFrames.REPLY_NO));
      }
      case SkypeProxyCommand.CAPABILITIES ->
          socket.write(SkypeProxyFrames.rawByte(SkypeProxyCommand.CAP_USE_AUTHENTICATION));
      default -> { } // MY_CAPABILITIES and the rest: no answer
    }
  }

  @Override
  public void onFrame(Buffer payload) {
    String line = SkypeProxyFrames.payloadText(payload);
    if (awaitingPassword) {
      awaitingPassword = false;
      int colon = line.indexOf(':');
      uid = colon < 0 ? line : line.substring(0, colon);
      socket.write(SkypeProxyFrames.rawByte(SkypeProxyFrames.REPLY_YES));
      return;
    }
    if (line.startsWith("PROTOCOL ")) {
      write(line);
      write("CONNSTATUS ONLINE");
      if (http != null && !polling) {
        polling = true;
        poll();
      }
      return;
    }
    if (http != null && line.startsWith("#")) {
      int space = line.indexOf(' ');
      if (space > 0 && relay(line.substring(0, space), line.substring(space + 1))) {
        return;
      }
    }
    socket.write(SkypeProxyFrames.encodeFrame(payload));
  }

  @Override
  public void onProtocolError(SkypeProxyProtocolException error) {
    socket.close();
  }

  /** {@code MESSAGE <to> <text>} and {@code GET CHATMESSAGE n BODY}; false for the rest. */
  private boolean relay(String id, String command) {
    if (command.startsWith("MESSAGE ")) {
      int space = command.indexOf(' ', "MESSAGE ".length());
      if (space < 0) {
        return false;
      }
      String to = command.substring("MESSAGE ".length(), space);
      long n = nextNumber++;
      write(id + " CHATMESSAGE " + n + " STATUS SENDING");
      String text = command.substring(space + 1);
      // one post at a time per connection: pooled connections would let a later message
      // overtake an earlier one (the least any relay must do to keep a sender's order)
      lastPost = lastPost.transform(previous -> http.request(new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setURI("/send?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8)))
          .compose(req -> req.send(text))
          .compose(resp -> resp.body().map(b -> resp.statusCode()))
          .transform(ar -> {
            write("CHATMESSAGE " + n + " STATUS "
                + (ar.succeeded() && ar.result() == 200 ? "SENT" : "FAILED"));
            return Future.succeededFuture();
          }));
      return true;
    }
    if (command.startsWith("GET CHATMESSAGE ") && command.endsWith(" BODY")) {
      String number = command.substring("GET CHATMESSAGE ".length(),
          command.length() - " BODY".length());
      String body;
      try {
        body = bodies.remove(Long.parseLong(number));
      } catch (NumberFormatException e) {
        body = null;
      }
      write(body == null ? id + " ERROR 14 Invalid message id"
          : id + " CHATMESSAGE " + number + " BODY " + body);
      return true;
    }
    return false;
  }

  private void poll() {
    if (closed) {
      return;
    }
    http.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setURI("/poll?uid=" + URLEncoder.encode(uid, StandardCharsets.UTF_8)))
        .compose(req -> req.send())
        .compose(resp -> resp.body())
        .onComplete(ar -> {
          if (ar.failed()) {
            vertx.setTimer(POLL_RETRY_MS, t -> poll());
            return;
          }
          String text = ar.result().toString(StandardCharsets.UTF_8);
          int from = 0;
          for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
            long n = nextNumber++;
            bodies.put(n, text.substring(from, nl));
            write("CHATMESSAGE " + n + " STATUS RECEIVED");
            from = nl + 1;
          }
          poll();
        });
  }

  private void write(String line) {
    if (!closed) {
      socket.write(SkypeProxyFrames.encodeFrame(line));
    }
  }
}
