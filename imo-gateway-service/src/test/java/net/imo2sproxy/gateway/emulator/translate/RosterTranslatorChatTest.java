package net.imo2sproxy.gateway.emulator.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.emulator.impl.ChatCreations;
import net.imo2sproxy.gateway.emulator.impl.RosterReadiness;
import net.imo2sproxy.gateway.emulator.model.Chat;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.protocol.bus.BusMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Group-chat roster entries as notifications and chat event messages: who added whom, and no
 * message for what the own account did (docs/skype-api-emulation.md §4.12, §6).
 */
@ExtendWith(VertxExtension.class)
class RosterTranslatorChatTest {

  private final SessionModel model = new SessionModel("alice", 100);
  private final List<String> lines = new ArrayList<>();
  private RosterTranslator roster;

  @BeforeEach
  void setUp(Vertx vertx) {
    ConnectionFanOut fanOut = new ConnectionFanOut("test", (address, message) -> {
      if (BusMessages.TYPE_OUTPUT.equals(message.getString(BusMessages.TYPE))) {
        message.getJsonArray(BusMessages.LINES).forEach(line -> lines.add((String) line));
      }
    });
    fanOut.add(new ApiConnection("c", ConnectionOutput.of("c", "test-endpoint"), 7));
    RosterReadiness readiness = new RosterReadiness(vertx);
    readiness.markKnown();
    roster = new RosterTranslator("test", model, fanOut, readiness, new ChatCreations(vertx));
  }

  private static JsonObject chat(String topic) {
    return new JsonObject().put("buid", "g1;").put("alias", "team").put("display", topic)
        .put("type", "group");
  }

  private static JsonObject member(String handle, String inviter) {
    return new JsonObject().put("buid", "g1;" + handle + ";prpl-skype").put("alias", handle)
        .put("primitive", "available").put("group", "g1").put("inviter", inviter);
  }

  private void added(JsonObject... entries) {
    roster.onBuddies(new JsonObject().put("name", "buddy_added")
        .put("edata", new JsonArray(List.of((Object[]) entries))), true);
  }

  private ChatMessage last() {
    return model.messages.all().get(model.messages.all().size() - 1);
  }

  @Test
  void invitedBySomeoneOneAddedMembersMessageFromThem() {
    added(chat(""), member("bob", "bob"), member("cecil", "bob"), member("alice", "bob"));
    assertThat(lines).containsExactly("CHAT g1; STATUS MULTI_SUBSCRIBED",
        "CHAT g1; MEMBERS bob", "CHAT g1; MEMBERS bob cecil", "CHAT g1; MEMBERS bob cecil alice",
        "CHATMESSAGE " + last().id + " STATUS RECEIVED");
    assertThat(model.messages.all()).hasSize(1);
    assertThat(last().from).isEqualTo("bob");
    assertThat(last().type).isEqualTo("ADDEDMEMBERS");
    assertThat(last().users).isEqualTo("alice");
  }

  @Test
  void whomWeInvitedJoinsWithoutAMessage() {
    added(chat(""), member("alice", "alice"));
    lines.clear();
    added(member("echo123", "alice"));
    assertThat(lines).containsExactly("CHAT g1; MEMBERS alice echo123");
    assertThat(model.messages.all()).isEmpty();
  }

  @Test
  void whomSomeoneElseInvitedJoinsWithAMessage() {
    added(chat(""), member("alice", "alice"), member("bob", "alice"));
    lines.clear();
    added(member("cecil", "bob"));
    assertThat(lines).containsExactly("CHAT g1; MEMBERS alice bob cecil",
        "CHATMESSAGE " + last().id + " STATUS RECEIVED");
    assertThat(last().from).isEqualTo("bob");
    assertThat(last().users).isEqualTo("cecil");
  }

  @Test
  void theTopicWeSetIsNoMessageAnotherIs() {
    added(chat(""), member("alice", "alice"));
    lines.clear();
    Chat chat = model.chats.get("g1;");
    chat.topicAsked = "lunch";
    roster.onBuddies(new JsonObject().put("edata", chat("lunch")), false);
    assertThat(lines).containsExactly("CHAT g1; TOPIC lunch", "CHAT g1; FRIENDLYNAME lunch");
    assertThat(model.messages.all()).isEmpty();
    roster.onBuddies(new JsonObject().put("edata", chat("dinner")), false);
    assertThat(model.messages.all()).hasSize(1);
    assertThat(last().type).isEqualTo("SETTOPIC");
    assertThat(last().body).isEqualTo("dinner");
  }

  private void removed(String buid) {
    roster.onBuddiesRemoved(new JsonObject().put("uid", "alice")
        .put("edata", new JsonArray().add(new JsonObject().put("buid", buid))));
  }

  @Test
  void aMemberGoneIsTheirLeftMessageUnlessWeRemovedThem() {
    added(chat(""), member("alice", "alice"), member("bob", "alice"), member("cecil", "alice"));
    lines.clear();
    model.chats.get("g1;").kicksAsked.add("cecil");
    removed("g1;cecil;prpl-skype");
    assertThat(lines).containsExactly("CHAT g1; MEMBERS alice bob");
    assertThat(model.messages.all()).isEmpty();
    removed("g1;bob;prpl-skype");
    assertThat(lines).containsExactly("CHAT g1; MEMBERS alice bob", "CHAT g1; MEMBERS alice",
        "CHATMESSAGE " + last().id + " STATUS RECEIVED");
    assertThat(last().type).isEqualTo("LEFT");
    assertThat(last().from).isEqualTo("bob");
    assertThat(last().users).isEqualTo("bob");
  }

  @Test
  void weLeaveTheChat() {
    added(chat(""), member("alice", "bob"), member("bob", "bob"));
    lines.clear();
    int before = model.messages.all().size();
    removed("g1;alice;prpl-skype");
    removed("g1;");
    assertThat(lines).containsExactly("CHAT g1; MEMBERS bob", "CHAT g1; MYSTATUS UNSUBSCRIBED",
        "CHAT g1; STATUS UNSUBSCRIBED");
    assertThat(model.messages.all()).hasSize(before);
    assertThat(model.chats).doesNotContainKey("g1;");
  }

  @Test
  void aMemberBackAfterOurRemovalLeavesWithAMessage() {
    added(chat(""), member("alice", "alice"), member("bob", "alice"));
    model.chats.get("g1;").kicksAsked.add("bob");
    removed("g1;bob;prpl-skype");
    added(member("bob", "cecil"));
    removed("g1;bob;prpl-skype");
    assertThat(last().type).isEqualTo("LEFT");
    assertThat(last().from).isEqualTo("bob");
  }
}
