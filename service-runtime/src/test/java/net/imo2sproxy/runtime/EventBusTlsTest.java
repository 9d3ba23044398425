package net.imo2sproxy.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static net.imo2sproxy.runtime.ClusterNodes.await;
import static net.imo2sproxy.runtime.ClusterNodes.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Event-bus TLS between clustered nodes (test certificates in src/test/resources/eventbus-tls):
 * two nodes with certificates of the cluster CA exchange messages; an impostor whose certificate
 * chains to another CA and that accepts anyone, and a node without TLS, join the
 * (unauthenticated) Hazelcast membership but can neither send to nor receive from them.
 */
@ExtendWith(VertxExtension.class)
class EventBusTlsTest {

  @RegisterExtension
  final ClusterNodes nodes = new ClusterNodes();

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void onlyNodesWithATrustedCertificateExchangeMessages() throws Exception {
    String name = "tls-test-" + UUID.randomUUID();
    int seedPort = freePort();
    Vertx a = start(tls(cluster(name, seedPort, seedPort), "node-a", "cluster-ca"));
    AtomicInteger aReceived = new AtomicInteger();
    await(a.eventBus().<String>consumer("tls.test.a", msg -> {
      aReceived.incrementAndGet();
      msg.reply("A got " + msg.body());
    }).completion());
    Vertx b = start(tls(cluster(name, 0, seedPort), "node-b", "cluster-ca"));

    String reply = await(b.eventBus().<String>request("tls.test.a", "hello over TLS",
      new DeliveryOptions().setSendTimeout(15_000))).body();
    assertThat(reply).isEqualTo("A got hello over TLS");
    assertThat(aReceived).hasValue(1);

    // The impostor trusts every certificate and asks for none: only the members' own checks stop it.
    Vertx rogue = start(cluster(name, 0, seedPort), new VertxOptions().setEventBusOptions(new EventBusOptions()
      .setSsl(true).setTrustAll(true).setClientAuth(ClientAuth.NONE)
      .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(resource("rogue-key.pem"))
        .setCertPath(resource("rogue.pem")))));
    Vertx plain = start(cluster(name, 0, seedPort));
    // Hazelcast lets them in (its membership is not authenticated)...
    assertThat(((VertxInternal) a).clusterManager().getNodes()).hasSize(4);
    AtomicInteger outsidersReceived = new AtomicInteger();
    for (Vertx outsider : List.of(rogue, plain)) {
      await(outsider.eventBus().<String>consumer("tls.test.outsider", msg -> {
        outsidersReceived.incrementAndGet();
        msg.reply("leaked");
      }).completion());
    }
    // ...but the event bus refuses them both ways.
    for (Vertx outsider : List.of(rogue, plain)) {
      assertFails(outsider.eventBus().request("tls.test.a", "let me in",
        new DeliveryOptions().setSendTimeout(2_000)));
    }
    for (int i = 0; i < 2; i++) {
      assertFails(a.eventBus().request("tls.test.outsider", "secret for members only",
        new DeliveryOptions().setSendTimeout(2_000)));
    }
    assertThat(aReceived).hasValue(1);
    assertThat(outsidersReceived).hasValue(0);
    // The trusted pair still talks.
    assertThat(await(b.eventBus().<String>request("tls.test.a", "still here",
      new DeliveryOptions().setSendTimeout(15_000))).body()).isEqualTo("A got still here");
  }

  @Test
  void tlsWithoutItsFilesIsAConfigError(VertxTestContext ctx) {
    VertxRuntime.start(new ClusterOptions().setClustered(true).setEventBusTls(true)
        .setEventBusTlsKeyFile(resource("node-a-key.pem")).setEventBusTlsCertFile(resource("node-a.pem")))
      .onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertThat(err).isInstanceOf(ConfigException.class)
          .hasMessageContaining(ClusterOptions.EVENT_BUS_TLS_TRUST_FILE);
        ctx.completeNow();
      })));
  }

  @Test
  void tlsSettingsComeFromConfigAndAreOffByDefault() {
    assertThat(ClusterOptions.fromConfig(new JsonObject()).isEventBusTls()).isFalse();
    ClusterOptions options = ClusterOptions.fromConfig(new JsonObject().put(ClusterOptions.EVENT_BUS_TLS, true)
      .put(ClusterOptions.EVENT_BUS_TLS_KEY_FILE, resource("node-a-key.pem"))
      .put(ClusterOptions.EVENT_BUS_TLS_CERT_FILE, resource("node-a.pem"))
      .put(ClusterOptions.EVENT_BUS_TLS_TRUST_FILE, resource("cluster-ca.pem")));
    EventBusOptions eb = new EventBusOptions();
    VertxRuntime.applyTls(options, eb);
    assertThat(eb.isSsl()).isTrue();
    assertThat(eb.getClientAuth().name()).isEqualTo("REQUIRED");
    assertThat(eb.isTrustAll()).isFalse();
    assertThat(ClusterOptions.fromConfig(options.toJson()).getEventBusTlsTrustFile())
      .isEqualTo(resource("cluster-ca.pem"));
  }

  private Vertx start(ClusterOptions options) throws Exception {
    return nodes.start(options);
  }

  private Vertx start(ClusterOptions options, VertxOptions base) throws Exception {
    return nodes.start(options, base);
  }

  private static ClusterOptions cluster(String name, int port, int seedPort) {
    return new ClusterOptions().setClustered(true).setClusterName(name).setHost("127.0.0.1")
      .setClusterPort(port).setMembers(List.of("127.0.0.1:" + seedPort));
  }

  private static ClusterOptions tls(ClusterOptions options, String node, String ca) {
    return options.setEventBusTls(true).setEventBusTlsKeyFile(resource(node + "-key.pem"))
      .setEventBusTlsCertFile(resource(node + ".pem")).setEventBusTlsTrustFile(resource(ca + ".pem"));
  }

  private static String resource(String file) {
    try {
      return Path.of(EventBusTlsTest.class.getResource("/eventbus-tls/" + file).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertFails(Future<?> future) {
    assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class);
  }
}
