package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import net.imo2sproxy.testsupport.SkypedTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logging in with the imo.im account's own password while no session of the account runs:
 * the attach waits for the imo.im login, so a password imo.im rejects gets the same refusal
 * as a wrong proxy password (skyped: {@code PASSWORD KO}; SkypeProxy: {@code 00}), and the
 * right one is answered once online (docs/skyped-listener.md §4).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class AccountPasswordLoginTest extends DemoBridgeTest {

  private static final String[] BITLBEE_START =
      {"SEARCH GROUPS CUSTOM", "SEARCH FRIENDS", "SET USERSTATUS ONLINE"};

  @Override
  protected List<String> extraArguments() {
    return List.of("--skyped-port", "0");
  }

  @Test
  void skypedWrongPasswordOfANewSessionIsAnsweredKo(Vertx vertx) throws Exception {
    try (SkypedTestClient intruder = Await.result(
        SkypedTestClient.connect(vertx, bridge.skypedPort()))) {
      assertThat(Await.result(intruder.logIn("bob", "not-bobs", BITLBEE_START)))
          .isEqualTo("PASSWORD KO");
      Await.result(intruder.awaitClosed());
      assertThat(intruder.lines()).containsExactly("PASSWORD KO");
    }
    // bob's right password still logs in: the refused session left nothing behind
    try (SkypedTestClient bob = Await.result(SkypedTestClient.login(vertx,
        bridge.skypedPort(), "bob", "bob-pw", BITLBEE_START))) {
      assertThat(bob.lines().get(0)).isEqualTo("PASSWORD OK");
      assertThat(Await.result(bob.ask("GET CONNSTATUS", "CONNSTATUS")))
          .isEqualTo("CONNSTATUS ONLINE");
      assertThat(Await.result(bob.ask("GET CURRENTUSERHANDLE", "CURRENTUSERHANDLE")))
          .isEqualTo("CURRENTUSERHANDLE bob");
    }
  }

  @Test
  void skypedConcurrentWrongPasswordsAreBothAnsweredKo(Vertx vertx) throws Exception {
    try (SkypedTestClient one = Await.result(SkypedTestClient.connect(vertx,
            bridge.skypedPort()));
        SkypedTestClient two = Await.result(SkypedTestClient.connect(vertx,
            bridge.skypedPort()))) {
      Future<String> first = one.logIn("bob", "guess", BITLBEE_START);
      Future<String> second = two.logIn("bob", "guess", BITLBEE_START);
      assertThat(Await.result(first)).isEqualTo("PASSWORD KO");
      assertThat(Await.result(second)).isEqualTo("PASSWORD KO");
    }
  }

  @Test
  void skypeProxyWrongUserColonPasswordIsRefused(Vertx vertx) throws Exception {
    try (SkypeProxyTestClient intruder = Await.result(
        SkypeProxyTestClient.connect(vertx, bridge.host(), bridge.port()))) {
      assertThat(Await.result(intruder.authenticate("bob:not-bobs")))
          .isEqualTo(SkypeProxyFrames.REPLY_NO);
      Await.result(intruder.awaitClosed());
      assertThat(intruder.lines()).isEmpty();
    }
    try (SkypeProxyTestClient bob = Await.result(SkypeProxyTestClient.login(vertx,
        bridge.host(), bridge.port(), "bob:bob-pw"))) {
      assertThat(Await.result(bob.ask("GET CURRENTUSERHANDLE", "CURRENTUSERHANDLE")))
          .isEqualTo("CURRENTUSERHANDLE bob");
    }
  }
}
