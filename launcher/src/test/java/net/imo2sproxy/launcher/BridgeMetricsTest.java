package net.imo2sproxy.launcher;

import static net.imo2sproxy.launcher.OperatorTestSupport.await;
import static net.imo2sproxy.launcher.OperatorTestSupport.eventually;
import static net.imo2sproxy.launcher.OperatorTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge's own Prometheus metrics after a real chat over SkypeProxy sockets: each figure
 * equals what the test did (connections, refusals, logins, commands by verb, messages,
 * upstream requests), and no account name or password appears in them.
 */
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class BridgeMetricsTest {

  private final Vertx vertx = Vertx.vertx();
  private final WebClient web = WebClient.create(vertx);
  private Imo2sproxyMain.Bridge bridge;

  @AfterEach
  void stop() {
    OperatorTestSupport.stop(bridge);
    await(vertx.close());
  }

  @Test
  void figuresMatchAChat() throws Exception {
    bridge = OperatorTestSupport.startDemo();
    int management = bridge.managementPort();

    SkypeProxyTestClient intruder = await(SkypeProxyTestClient.connect(vertx, bridge.port()));
    assertThat(await(intruder.authenticate("wrong-guess-5521"))).isZero();
    await(intruder.closed());

    SkypeProxyTestClient alice = await(ChatScenarios.login(vertx, bridge.port(), null));
    SkypeProxyTestClient bob = await(ChatScenarios.login(vertx, bridge.port(), "bob:bob-pw"));
    await(alice.await("USER bob ONLINESTATUS ONLINE"));
    String sending = await(alice.ask("MESSAGE bob lunch at 12?", "CHATMESSAGE"));
    await(alice.await("CHATMESSAGE " + sending.split(" ")[1] + " STATUS SENT"));
    String received = await(bob.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED")));
    String id = received.split(" ")[1];
    await(bob.ask("GET CHATMESSAGE " + id + " BODY", "CHATMESSAGE " + id + " BODY"));
    await(bob.ask("FROBNICATE everything", "ERROR"));

    String during = OperatorTestSupport.get(web, management, "/metrics");
    assertThat(sample(during, "imo2sproxy_connections_open")).isEqualTo(2);
    assertThat(sample(during, "imo2sproxy_sessions")).isEqualTo(2);

    await(alice.closeAsync());
    await(bob.closeAsync());
    String scrape = eventually(() -> OperatorTestSupport.get(web, management, "/metrics"),
        text -> sample(text, "imo2sproxy_connections_open") == 0
            && sample(text, "imo2sproxy_connections_closed_total") == 3);

    assertThat(sample(scrape, "imo2sproxy_connections_accepted_total")).isEqualTo(3);
    assertThat(sample(scrape, "imo2sproxy_connections_closed_total",
        "reason=\"authentication failed\"")).isEqualTo(1);
    assertThat(sample(scrape, "imo2sproxy_connections_closed_total",
        "reason=\"client closed\"")).isEqualTo(2);
    assertThat(sample(scrape, "imo2sproxy_logins_total")).isEqualTo(2);
    assertThat(sample(scrape, "imo2sproxy_login_failures_total",
        "reason=\"credentials\"")).isEqualTo(1);
    assertThat(sample(scrape, "imo2sproxy_commands_total", "verb=\"PROTOCOL\"")).isEqualTo(2);
    assertThat(sample(scrape, "imo2sproxy_commands_total", "verb=\"MESSAGE\"")).isEqualTo(1);
    assertThat(sample(scrape, "imo2sproxy_commands_total", "verb=\"GET CHATMESSAGE\""))
        .isEqualTo(1);
    assertThat(sample(scrape, "imo2sproxy_commands_total", "verb=\"other\"")).isEqualTo(1);
    assertThat(sample(scrape, "imo2sproxy_messages_out_total")).isEqualTo(1);
    assertThat(sample(scrape, "imo2sproxy_messages_in_total")).isEqualTo(1);
    assertThat(sample(scrape, "imo2sproxy_upstream_requests_seconds_count",
        "method=\"send_im\"", "outcome=\"ok\"")).isEqualTo(1);
    assertThat(sample(scrape, "imo2sproxy_upstream_requests_seconds_count",
        "method=\"account_login\"")).isEqualTo(2);
    assertThat(sample(scrape, "imo2sproxy_log_events_total", "level=\"warn\"")).isNotNegative();
    // Vert.x's own metrics are served next to them.
    assertThat(scrape).contains("vertx_net_server");

    for (String line : scrape.split("\n")) {
      if (line.startsWith("imo2sproxy_")) {
        assertThat(line).doesNotContain("alice", "bob", "wrong-guess", "pw");
      }
    }
  }
}
