package net.imo2sproxy.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** The conversations both transports' tests hold, and their golden transcripts. */
public final class DesktopConversations {

  /**
   * Attach, log in, list friends and one echo, as Skype4Py does it: {@code >} a command, {@code <}
   * its reply, {@code ~} a notification at the point the client read it (numbers normalised).
   */
  public static final List<String> ECHO_TRANSCRIPT = List.of(
      "> NAME Skype4Py",
      "< OK",
      "> PROTOCOL 7",
      "< PROTOCOL 7",
      "> SEARCH FRIENDS",
      "< USERS bob, echo123",
      "> MESSAGE echo123 hi",
      "< CHATMESSAGE <1> STATUS SENDING",
      // what a newly attached client is told (the agent's attach logged the session in)
      "~ CONNSTATUS CONNECTING",
      "~ CONNSTATUS ONLINE",
      "~ USERSTATUS ONLINE",
      "~ CURRENTUSERHANDLE alice",
      "~ USER bob ONLINESTATUS OFFLINE",
      "~ USER bob MOOD_TEXT ",
      "~ USER echo123 ONLINESTATUS ONLINE",
      "~ USER echo123 MOOD_TEXT ",
      "~ CHATMESSAGE <1> STATUS SENT",
      "~ CHATMESSAGE <2> STATUS RECEIVED",
      "> GET CHATMESSAGE <2> FROM_HANDLE",
      "< CHATMESSAGE <2> FROM_HANDLE echo123",
      "> GET CHATMESSAGE <2> BODY",
      "< CHATMESSAGE <2> BODY hi");

  /** Lines across chunk boundaries: multiples of 20 bytes, multi-byte characters, long. */
  public static final List<String> AWKWARD_TEXTS = List.of(
      "x",
      "exactly twenty bytes", // the line with its id is no multiple; see the next ones
      "12345678901234567890123456789012345678901234567890",
      "Grüße aus Köln, 日本語のテキスト, emoji 🙂🙂🙂 and ünïcödé across chunk edges",
      "long ".repeat(400).trim());

  private DesktopConversations() {
  }

  public static void chatWithEcho(SkypeApiTestClient client, String text) throws Exception {
    assertThat(client.call("NAME Skype4Py")).isEqualTo("OK");
    assertThat(client.call("PROTOCOL 7")).isEqualTo("PROTOCOL 7");
    assertThat(client.call("SEARCH FRIENDS")).isEqualTo("USERS bob, echo123");
    String sending = client.call("MESSAGE echo123 " + text);
    assertThat(sending).matches("CHATMESSAGE \\d+ STATUS SENDING");
    client.awaitNotification("CHATMESSAGE " + Golden.number(sending) + " STATUS SENT");
    String received = nextReceived(client);
    client.call("GET CHATMESSAGE " + Golden.number(received) + " FROM_HANDLE");
    client.call("GET CHATMESSAGE " + Golden.number(received) + " BODY");
  }

  public static void echoes(SkypeApiTestClient client, String text) throws Exception {
    String sending = client.call("MESSAGE echo123 " + text);
    assertThat(sending).matches("CHATMESSAGE \\d+ STATUS SENDING");
    String received = nextReceived(client);
    String body = client.call("GET CHATMESSAGE " + Golden.number(received) + " BODY");
    assertThat(body).isEqualTo("CHATMESSAGE " + Golden.number(received) + " BODY " + text);
  }

  public static void severalClients(SkypeApiTestClient first, SkypeApiTestClient second)
      throws Exception {
    assertThat(first.call("NAME first")).isEqualTo("OK");
    first.awaitNotification("CURRENTUSERHANDLE alice");
    assertThat(first.call("PROTOCOL 7")).isEqualTo("PROTOCOL 7");
    // The second joins a session already online: it is told the state all the same.
    assertThat(second.call("NAME second")).isEqualTo("OK");
    assertThat(List.of(second.nextNotification(), second.nextNotification(),
        second.nextNotification())).containsExactly("CONNSTATUS ONLINE",
        "CURRENTUSERHANDLE alice", "USERSTATUS ONLINE");
    assertThat(second.call("PROTOCOL 5")).isEqualTo("PROTOCOL 5");
    String sending = second.call("MESSAGE echo123 from the second");
    // The first client sees the second's message and the echo as notifications.
    first.awaitNotification("CHATMESSAGE " + Golden.number(sending) + " STATUS SENT");
    String received = nextReceived(first);
    assertThat(first.call("GET CHATMESSAGE " + Golden.number(received) + " BODY"))
        .endsWith("BODY from the second");
  }

  private static String nextReceived(SkypeApiTestClient client) throws Exception {
    for (int i = 0; i < 100; i++) {
      String line = client.nextNotification();
      if (line.matches("CHATMESSAGE \\d+ STATUS RECEIVED")) {
        return line;
      }
    }
    throw new AssertionError("no received message among the next 100 notifications");
  }
}
