package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;

/**
 * The chat scenarios every deployment shape must pass (single process, clustered): real
 * SkypeProxy sockets in, the simulator behind.
 */
final class ChatScenarios {

  private ChatScenarios() {
  }

  /** Logs a client in as the Miranda plugin does: CAPABILITIES (and password), PROTOCOL 7. */
  static Future<SkypeProxyTestClient> login(Vertx vertx, int port, String password) {
    return SkypeProxyTestClient.connect(vertx, port).compose(client -> {
      Future<Integer> handshake = password == null
          ? client.command(2)
          : client.authenticate(password).compose(ok -> ok == 1
              ? client.command(2) : Future.failedFuture("password refused"));
      return handshake
          .compose(caps -> client.ask("PROTOCOL 7", "PROTOCOL"))
          .compose(v -> client.await("CONNSTATUS ONLINE"))
          .map(v -> client);
    });
  }

  /**
   * alice and bob see each other ONLINE; alice sends bob a message: alice sees SENDING then
   * SENT, bob gets CHATMESSAGE n STATUS RECEIVED with the right BODY and FROM_HANDLE.
   */
  static void aliceTellsBob(Vertx vertx, VertxTestContext ctx, int alicePort, String alicePassword,
      int bobPort, String bobPassword) {
    aliceTellsBob(vertx, alicePort, alicePassword, bobPort, bobPassword)
        .onComplete(ctx.succeedingThenComplete());
  }

  /** {@link #aliceTellsBob(Vertx, VertxTestContext, int, String, int, String)} as a future. */
  static Future<Void> aliceTellsBob(Vertx vertx, int alicePort, String alicePassword,
      int bobPort, String bobPassword) {
    String text = "Grüße, bob! Lunch at 12?";
    return login(vertx, alicePort, alicePassword).compose(alice ->
        login(vertx, bobPort, bobPassword).compose(bob ->
            alice.await("USER bob ONLINESTATUS ONLINE")
                .compose(v -> bob.await("USER alice ONLINESTATUS ONLINE"))
                .compose(v -> bob.ask("GET USER alice ONLINESTATUS", "USER alice ONLINESTATUS"))
                .compose(online -> {
                  assertThat(online).isEqualTo("USER alice ONLINESTATUS ONLINE");
                  return alice.ask("MESSAGE bob " + text, "CHATMESSAGE");
                })
                .compose(sending -> {
                  assertThat(sending).matches("CHATMESSAGE \\d+ STATUS SENDING");
                  String sentId = sending.split(" ")[1];
                  return alice.await("CHATMESSAGE " + sentId + " STATUS SENT")
                      .compose(v -> bob.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED")));
                })
                .compose(received -> {
                  String id = received.split(" ")[1];
                  return bob.ask("GET CHATMESSAGE " + id + " BODY", "CHATMESSAGE " + id + " BODY")
                      .compose(body -> bob.ask("GET CHATMESSAGE " + id + " FROM_HANDLE",
                          "CHATMESSAGE " + id + " FROM_HANDLE").map(from -> {
                            assertThat(body).isEqualTo("CHATMESSAGE " + id + " BODY " + text);
                            assertThat(from).isEqualTo("CHATMESSAGE " + id + " FROM_HANDLE alice");
                            return id;
                          }))
                      .compose(v -> bob.ask("SET CHATMESSAGE " + id + " SEEN",
                          "CHATMESSAGE " + id + " STATUS"))
                      .compose(read -> {
                        assertThat(read).isEqualTo("CHATMESSAGE " + id + " STATUS READ");
                        return Future.all(alice.closeAsync(), bob.closeAsync()).<Void>mapEmpty();
                      });
                })));
  }

  /** A message to echo123 comes back with the same text. */
  static void echoRoundTrip(Vertx vertx, VertxTestContext ctx, int port, String password) {
    login(vertx, port, password)
        .compose(client -> client.ask("MESSAGE echo123 ping through the bridge", "CHATMESSAGE")
            .compose(sending -> client.await("CHATMESSAGE " + sending.split(" ")[1]
                + " STATUS SENT"))
            .compose(v -> client.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED")))
            .compose(received -> {
              String id = received.split(" ")[1];
              return client.ask("GET CHATMESSAGE " + id + " BODY", "CHATMESSAGE " + id);
            })
            .compose(body -> {
              ctx.verify(() -> assertThat(body).endsWith(" BODY ping through the bridge"));
              return client.closeAsync();
            }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
