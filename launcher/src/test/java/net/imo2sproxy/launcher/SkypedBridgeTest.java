package net.imo2sproxy.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import net.imo2sproxy.testsupport.SkypedTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * bitlbee's Skype plugin against {@code ./imo2sproxy --demo --skyped-port 0} with a proxy
 * password: real TLS sockets, the gateway and the simulator behind (docs/skyped-listener.md).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SkypedBridgeTest extends DemoBridgeTest {

  private static final String PROXY_PASSWORD = "proxy-s3cret";
  /** What bitlbee sends right behind its password, without waiting for the answer. */
  private static final String[] BITLBEE_START =
      {"SEARCH GROUPS CUSTOM", "SEARCH FRIENDS", "SET USERSTATUS ONLINE"};

  @Override
  protected List<String> extraArguments() {
    return List.of("--skyped-port", "0", "--auth-password", PROXY_PASSWORD);
  }

  private SkypedTestClient bitlbee(Vertx vertx, String username, String password)
      throws Exception {
    return Await.result(SkypedTestClient.login(vertx, bridge.skypedPort(), username, password,
        BITLBEE_START));
  }

  @Test
  void theImoAccountsOwnCredentialsLogInAndListTheContacts(Vertx vertx) throws Exception {
    try (SkypedTestClient bob = bitlbee(vertx, "bob", "bob-pw")) {
      String users = Await.result(bob.await(l -> l.startsWith("USERS "), "USERS"));
      assertThat(users.substring(6).split(", ")).contains("alice", "echo123");
      assertThat(Await.result(bob.ask("GET CURRENTUSERHANDLE", "CURRENTUSERHANDLE")))
          .isEqualTo("CURRENTUSERHANDLE bob");
      // PASSWORD OK comes first; the answers to skyped's own NAME and PROTOCOL never come
      assertThat(bob.lines().get(0)).isEqualTo("PASSWORD OK");
      assertThat(bob.lines()).doesNotContain("OK", "PROTOCOL 5");
    }
  }

  @Test
  void theProxyPasswordWithAnyUsernameIsTheDefaultAccount(Vertx vertx) throws Exception {
    try (SkypedTestClient client = bitlbee(vertx, "whoever", PROXY_PASSWORD)) {
      assertThat(Await.result(client.ask("GET CURRENTUSERHANDLE", "CURRENTUSERHANDLE")))
          .isEqualTo("CURRENTUSERHANDLE alice");
    }
  }

  @Test
  void userColonPasswordInThePasswordNamesTheAccount(Vertx vertx) throws Exception {
    try (SkypedTestClient client = bitlbee(vertx, "whoever", "bob:bob-pw")) {
      assertThat(Await.result(client.ask("GET CURRENTUSERHANDLE", "CURRENTUSERHANDLE")))
          .isEqualTo("CURRENTUSERHANDLE bob");
    }
  }

  @Test
  void aWrongPasswordForARunningSessionIsAnsweredKo(Vertx vertx) throws Exception {
    try (SkypedTestClient bob = bitlbee(vertx, "bob", "bob-pw");
        SkypedTestClient intruder = Await.result(
            SkypedTestClient.connect(vertx, bridge.skypedPort()))) {
      Await.result(bob.await(l -> l.startsWith("USERS "), "USERS"));
      assertThat(Await.result(intruder.logIn("bob", "not-bobs", BITLBEE_START)))
          .isEqualTo("PASSWORD KO");
      Await.result(intruder.awaitClosed());
      assertThat(intruder.lines()).containsExactly("PASSWORD KO");
    }
  }

  @Test
  void echo123AnswersAChatMessage(Vertx vertx) throws Exception {
    try (SkypedTestClient bob = bitlbee(vertx, "bob", "bob-pw")) {
      String sending = Await.result(bob.ask("MESSAGE echo123 hello echo", "CHATMESSAGE"));
      assertThat(sending).matches("CHATMESSAGE \\d+ STATUS SENDING");
      String received = Await.result(bob.await(
          l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED"), "the echo"));
      String id = received.split(" ")[1];
      // bitlbee's questions about a received message
      assertThat(Await.result(bob.ask("GET CHATMESSAGE " + id + " FROM_HANDLE", "CHATMESSAGE")))
          .isEqualTo("CHATMESSAGE " + id + " FROM_HANDLE echo123");
      assertThat(Await.result(bob.ask("GET CHATMESSAGE " + id + " BODY", "CHATMESSAGE")))
          .endsWith(" BODY hello echo");
    }
  }

  @Test
  void aliceAndBobChatThroughTwoSkypedConnections(Vertx vertx) throws Exception {
    try (SkypedTestClient alice = bitlbee(vertx, "alice", "alice-pw");
        SkypedTestClient bob = bitlbee(vertx, "bob", "bob-pw")) {
      Await.result(alice.await("USER bob ONLINESTATUS ONLINE"::equals, "bob online"));
      String sending = Await.result(alice.ask("MESSAGE bob Grüße, bob!", "CHATMESSAGE"));
      Await.result(alice.await(("CHATMESSAGE " + sending.split(" ")[1] + " STATUS SENT")::equals,
          "SENT"));
      String id = Await.result(bob.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED"),
          "alice's message")).split(" ")[1];
      assertThat(Await.result(bob.ask("GET CHATMESSAGE " + id + " BODY", "CHATMESSAGE")))
          .isEqualTo("CHATMESSAGE " + id + " BODY Grüße, bob!");
      assertThat(Await.result(bob.ask("GET CHATMESSAGE " + id + " FROM_HANDLE", "CHATMESSAGE")))
          .isEqualTo("CHATMESSAGE " + id + " FROM_HANDLE alice");
      // and back
      Await.result(bob.ask("MESSAGE alice Danke!", "CHATMESSAGE"));
      String back = Await.result(alice.await(
          l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED"), "bob's answer")).split(" ")[1];
      assertThat(Await.result(alice.ask("GET CHATMESSAGE " + back + " BODY", "CHATMESSAGE")))
          .isEqualTo("CHATMESSAGE " + back + " BODY Danke!");
    }
  }

  @Test
  void aMultiLineMessageReachesBitlbeeAsOneBodyLinePerLine(Vertx vertx) throws Exception {
    try (SkypedTestClient bob = bitlbee(vertx, "bob", "bob-pw");
        SkypeProxyTestClient alice = Await.result(SkypeProxyTestClient.login(vertx,
            bridge.host(), bridge.port(), "alice:alice-pw"))) {
      Await.result(alice.ask("MESSAGE bob first line\nsecond line\nthird", "CHATMESSAGE"));
      String id = Await.result(bob.await(l -> l.matches("CHATMESSAGE \\d+ STATUS RECEIVED"),
          "alice's message")).split(" ")[1];
      Await.result(bob.send("GET CHATMESSAGE " + id + " BODY"));
      String prefix = "CHATMESSAGE " + id + " BODY ";
      // as skyped wrote it: the prefix repeated on every line; bitlbee joins them again
      assertThat(Await.result(bob.take((prefix + "first line")::equals, "line 1"))).isNotNull();
      assertThat(Await.result(bob.take((prefix + "second line")::equals, "line 2"))).isNotNull();
      assertThat(Await.result(bob.take((prefix + "third")::equals, "line 3"))).isNotNull();
      List<String> lines = bob.lines();
      int first = lines.indexOf(prefix + "first line");
      assertThat(lines.subList(first, first + 3)).containsExactly(prefix + "first line",
          prefix + "second line", prefix + "third");
    }
  }
}
