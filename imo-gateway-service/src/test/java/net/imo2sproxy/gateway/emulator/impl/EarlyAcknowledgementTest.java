package net.imo2sproxy.gateway.emulator.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.gateway.emulator.command.UpstreamCalls;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.CommandKey;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.gateway.emulator.model.SessionState;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * imo.im's acknowledgement of a send can come (through the long poll) before the answer to the
 * {@code send_im} itself. The message reached imo.im then, and the acknowledgement, once
 * acknowledged in turn, is never delivered again: so the message ends SENT even when the answer
 * never comes, on this gateway or on the one that restores its saved state.
 */
@ExtendWith(VertxExtension.class)
class EarlyAcknowledgementTest {

  /** An upstream whose send_im answers only when the test says so. */
  private static final class HeldSends implements UpstreamCalls {
    final List<Promise<Integer>> sends = new ArrayList<>();
    int requestId;

    @Override
    public int reserveRequestId() {
      return requestId++;
    }

    @Override
    public Future<Integer> sendIm(String buid, String text, int reserved) {
      Promise<Integer> answer = Promise.promise();
      sends.add(answer);
      return answer.future();
    }

    private static <T> Future<T> unused() {
      return Future.failedFuture("not used here");
    }

    @Override
    public Future<Void> imTyping(String buid, String typingState) {
      return unused();
    }

    @Override
    public Future<Void> setStatus(String primitive, String moodText) {
      return unused();
    }

    @Override
    public Future<Void> startAudioChat(String buid) {
      return unused();
    }

    @Override
    public Future<Void> addBuddy(String buid) {
      return unused();
    }

    @Override
    public Future<Void> delBuddy(String buid, String group) {
      return unused();
    }

    @Override
    public Future<Void> authAdd(String buid) {
      return unused();
    }

    @Override
    public Future<Void> authDeny(String buid) {
      return unused();
    }

    @Override
    public Future<Void> authBlock(String buid) {
      return unused();
    }

    @Override
    public Future<Void> blockBuddy(String buid) {
      return unused();
    }

    @Override
    public Future<Void> unblockBuddy(String buid) {
      return unused();
    }

    @Override
    public Future<Void> createSharedGroup(String name) {
      return unused();
    }

    @Override
    public Future<Void> inviteToGroup(String gid, String inviter, String buid) {
      return unused();
    }

    @Override
    public Future<Void> kickMember(String memberBuid) {
      return unused();
    }

    @Override
    public Future<Void> setGroupTopic(String gid, String topic) {
      return unused();
    }

    @Override
    public Future<Void> leaveGroup(String gid) {
      return unused();
    }

    @Override
    public Future<Buffer> fetchAvatar(String icon) {
      return unused();
    }
  }

  /** One session's model and sends, with the lines its connection was told. */
  private static final class Side {
    final SessionModel model = new SessionModel("alice", 100);
    final List<String> told = new ArrayList<>();
    final HeldSends upstream = new HeldSends();
    final OutgoingMessages outgoing;

    Side(Vertx vertx) {
      ConnectionFanOut fanOut = new ConnectionFanOut("s", (address, message) -> {
        for (Object line : message.getJsonArray("lines", new JsonArray())) {
          told.add((String) line);
        }
      });
      fanOut.add(new ApiConnection("c", ConnectionOutput.of("c", "e"), 7));
      outgoing = new OutgoingMessages(vertx, "s", SessionSettings.defaults(), model, fanOut,
          BridgeMetrics.of(vertx), () -> upstream);
    }
  }

  private static JsonObject ackOf(int requestId) {
    return new JsonObject().put("request_id", requestId);
  }

  @Test
  void aSendAcknowledgedBeforeItsAnswerEndsSentWhenTheAnswerFails(Vertx vertx,
      VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      Side side = new Side(vertx);
      Future<ChatMessage> sent = side.outgoing.send("bob", "hi", new CommandKey("c", 1));
      ChatMessage message = side.model.messages.all().iterator().next();
      side.outgoing.onAcknowledgement(ackOf(message.requestId));
      sent.onComplete(ctx.succeeding(m -> ctx.verify(() -> {
        // the reply's moment: send_im has not even gone out yet
        assertThat(m.status).isEqualTo(ChatMessage.Status.SENDING);
        assertThat(side.upstream.sends).isEmpty();
      })));
      // send_im goes out on the context's next turn, after the reply
      vertx.runOnContext(w -> {
        side.upstream.sends.get(0).fail("session closed");
        ctx.verify(() -> {
          assertThat(message.status).isEqualTo(ChatMessage.Status.SENT);
          assertThat(side.told).containsExactly("CHATMESSAGE " + message.id + " STATUS SENT");
          ctx.completeNow();
        });
      });
    });
  }

  @Test
  void aSurvivorEndsARestoredSendAcknowledgedEarlySent(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      Side dead = new Side(vertx);
      dead.outgoing.send("bob", "hi", new CommandKey("c", 1));
      ChatMessage message = dead.model.messages.all().iterator().next();
      dead.outgoing.onAcknowledgement(ackOf(message.requestId));
      // the gateway dies here: its saved state is all that is left
      JsonObject saved = new JsonObject(SessionState.encodedText(message));

      Side survivor = new Side(vertx);
      ChatMessage restored = SessionState.decode(saved);
      survivor.model.store(restored);
      survivor.outgoing.settleAcknowledged();
      survivor.outgoing.confirmWithin(Duration.ofMillis(50));
      vertx.setTimer(200, t -> ctx.verify(() -> {
        assertThat(restored.status).isEqualTo(ChatMessage.Status.SENT);
        assertThat(survivor.told).containsExactly(
            "CHATMESSAGE " + message.id + " STATUS SENT");
        ctx.completeNow();
      }));
    });
  }

  @Test
  void aRestoredSendNotAcknowledgedFailsAfterTheWindow(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      Side dead = new Side(vertx);
      dead.outgoing.send("bob", "hi", new CommandKey("c", 1));
      ChatMessage message = dead.model.messages.all().iterator().next();
      JsonObject saved = new JsonObject(SessionState.encodedText(message));

      Side survivor = new Side(vertx);
      ChatMessage restored = SessionState.decode(saved);
      survivor.model.store(restored);
      survivor.outgoing.settleAcknowledged();
      survivor.outgoing.confirmWithin(Duration.ofMillis(50));
      vertx.setTimer(200, t -> ctx.verify(() -> {
        assertThat(restored.status).isEqualTo(ChatMessage.Status.FAILED);
        assertThat(survivor.told).containsExactly(
            "CHATMESSAGE " + message.id + " STATUS FAILED");
        ctx.completeNow();
      }));
    });
  }
}
