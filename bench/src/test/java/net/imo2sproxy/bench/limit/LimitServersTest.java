package net.imo2sproxy.bench.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.imo2sproxy.bench.impl.ProxyClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The limit servers over real sockets on 127.0.0.1, driven by the load generator's client. */
class LimitServersTest {

  private Vertx vertx;
  private Context context;
  private NetClient net;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    net = vertx.createNetClient();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private <T> T on(Supplier<Future<T>> work) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Future<ProxyClient> loggedIn(int port, String uid) {
    return ProxyClient.connect(vertx, net, "127.0.0.1", port)
        .compose(c -> c.login(uid + ":pw-" + uid, 5_000).map(c));
  }

  /** The first line {@code client} receives after {@code send} that matches. */
  private static Future<String> await(ProxyClient client, Predicate<String> match, Runnable send) {
    Promise<String> line = Promise.promise();
    client.lineHandler(l -> {
      if (match.test(l)) {
        line.tryComplete(l);
      }
    });
    send.run();
    return line.future();
  }

  @Test
  void echoAnswersTheHandshakeAndWritesEveryFrameBack() throws Exception {
    int port = on(() -> new LimitProxy(vertx, null).listen(0));
    String echoed = on(() -> loggedIn(port, "a")
        .compose(a -> await(a, l -> l.startsWith("#"), () -> a.send("#3 PING"))));
    assertThat(echoed).isEqualTo("#3 PING");
  }

  @Test
  void relayDeliversAPostedMessageAsReceivedAndAnswersItsBody() throws Exception {
    int hub = on(() -> new RelayHub(vertx, 5_000).listen(0));
    int port = on(() -> new LimitProxy(vertx, URI.create("http://127.0.0.1:" + hub + "/"))
        .listen(0));
    List<String> lines = on(() -> Future.all(loggedIn(port, "a"), loggedIn(port, "b"))
        .compose(both -> {
          ProxyClient a = both.resultAt(0);
          ProxyClient b = both.resultAt(1);
          Future<String> sent = await(a, l -> l.endsWith("STATUS SENT"), () -> { });
          Future<String> received = await(b, l -> l.endsWith("STATUS RECEIVED"),
              () -> a.send("#1 MESSAGE b hello there"));
          return Future.all(sent, received).compose(r -> {
            String number = received.result().split(" ")[1];
            return await(b, l -> l.startsWith("#2 "),
                () -> b.send("#2 GET CHATMESSAGE " + number + " BODY"))
                .map(body -> List.of(sent.result(), received.result(), body));
          });
        }));
    assertThat(lines.get(0)).matches("CHATMESSAGE \\d+ STATUS SENT");
    assertThat(lines.get(1)).matches("CHATMESSAGE \\d+ STATUS RECEIVED");
    assertThat(lines.get(2)).isEqualTo("#2 CHATMESSAGE " + lines.get(1).split(" ")[1]
        + " BODY hello there");
  }
}
