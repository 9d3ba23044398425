package net.imo2sproxy.gateway.emulator.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.imo2sproxy.gateway.emulator.SessionSettings;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.connection.ConnectionOutput;
import net.imo2sproxy.gateway.emulator.model.Chat;
import net.imo2sproxy.gateway.emulator.model.ChatMessage;
import net.imo2sproxy.gateway.emulator.model.CommandKey;
import net.imo2sproxy.gateway.emulator.model.Contact;
import net.imo2sproxy.gateway.emulator.model.MessageNumbers;
import net.imo2sproxy.gateway.emulator.model.SessionModel;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.skypeapi.SkypeApiLine;
import net.imo2sproxy.runtime.metrics.BridgeMetrics;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs command handlers without sockets or imo.im: a model, a recording fake of the upstream
 * calls and of the session controls, and two connections (the asker at protocol 7, another at
 * protocol 1) whose output lines are kept.
 */
final class CommandHarness {

  /**
   * One row of a handler table: lines in, lines and upstream calls out.
   *
   * @param given changes to the standard world before the commands run
   * @param in command lines of the asker, run in order
   * @param asker every line the asker got, replies and notifications
   * @param other every line the other connection got
   * @param upstream the upstream calls made, in order
   */
  record Case(String name, Consumer<CommandHarness> given, List<String> in, List<String> asker,
      List<String> other, List<String> upstream) {
  }

  static Case row(String in, List<String> asker, List<String> upstream) {
    return new Case(in, h -> { }, List.of(in), asker, List.of(), upstream);
  }

  static Case row(String in, String reply) {
    return row(in, List.of(reply), List.of());
  }

  static Case row(String in, String reply, String... upstream) {
    return row(in, List.of(reply), List.of(upstream));
  }

  static Case given(Consumer<CommandHarness> given, String in, String reply,
      String... upstream) {
    return new Case(in, given, List.of(in), List.of(reply), List.of(), List.of(upstream));
  }

  /**
   * Runs each row on a fresh harness. {@code {call}} in lines stands for the number of the
   * first call record (numbers are process-wide).
   */
  static Stream<DynamicTest> table(Vertx vertx, Case... cases) {
    return Stream.of(cases).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      CommandHarness h = new CommandHarness(vertx);
      c.given().accept(h);
      c.in().forEach(line -> h.run(h.expand(line)));
      assertThat(h.askerLines).as("asker").isEqualTo(h.expand(c.asker()));
      assertThat(h.otherLines).as("other connection").isEqualTo(h.expand(c.other()));
      assertThat(h.upstream.calls).as("upstream calls").isEqualTo(c.upstream());
    }));
  }

  private String expand(String text) {
    return model.calls.isEmpty() ? text
        : text.replace("{call}", Long.toString(model.calls.keySet().iterator().next()));
  }

  private List<String> expand(List<String> lines) {
    return lines.stream().map(this::expand).toList();
  }

  final SessionModel model = new SessionModel("alice", 100);
  final RecordingUpstream upstream = new RecordingUpstream();
  final FakeSession session = new FakeSession();
  final SessionSettings settings = SessionSettings.defaults();
  final List<String> askerLines = new ArrayList<>();
  final List<String> otherLines = new ArrayList<>();
  final List<JsonObject> askerOther = new ArrayList<>();
  /** The own-message statuses reported in structured form ({@code sends}), in order. */
  final List<Map.Entry<Long, String>> sends = new ArrayList<>();
  final ConnectionFanOut fanOut = new ConnectionFanOut("test", this::sink);
  final ApiConnection asker = new ApiConnection("asker", ConnectionOutput.of("asker", "test-endpoint"), 7);
  final ApiConnection other = new ApiConnection("other", ConnectionOutput.of("other", "test-endpoint"), 1);
  private final CommandTable table;

  CommandHarness(Vertx vertx) {
    table = new CommandTable(BridgeMetrics.of(vertx));
    MessageNumbers numbers = new MessageNumbers(size -> Future.succeededFuture(100L), 1000);
    numbers.start();
    model.useNumbers(numbers);
    fanOut.add(asker);
    fanOut.add(other);
    Contact bob = new Contact("bob");
    bob.alias = "Bob";
    bob.primitive = "available";
    bob.moodText = "busy day";
    model.contacts.put("bob", bob);
    model.contacts.put("echo123", new Contact("echo123"));
    Chat chat = new Chat("c0ffee;", 1_700_000_000L);
    chat.alias = "team";
    chat.members.put("alice", new Chat.Member(1, "alice", "c0ffee;alice;prpl-skype"));
    chat.members.put("bob", new Chat.Member(2, "bob", "c0ffee;bob;prpl-skype"));
    model.chats.put(chat.name, chat);
  }

  /** Runs one command line of the asker and checks it was answered exactly once. */
  void run(String text) {
    CommandContext ctx = new CommandContext(SkypeApiLine.parse(text), asker, model, upstream,
        session, settings, fanOut);
    table.dispatch(ctx);
    assertThat(ctx.replied()).as("answered: " + text).isTrue();
  }

  /** Runs command {@code id} of the asker (a resend after a failover when {@code resent}). */
  void runNumbered(long id, boolean resent, String text) {
    CommandContext ctx = new CommandContext(SkypeApiLine.parse(text), asker,
        new CommandKey(asker.id, id), resent, model, upstream, session, settings, fanOut);
    table.dispatch(ctx);
    assertThat(ctx.replied()).as("answered: " + text).isTrue();
  }

  /** Runs one command line of the asker that may still wait for something. */
  void run2(String text) {
    table.dispatch(new CommandContext(SkypeApiLine.parse(text), asker, model, upstream,
        session, settings, fanOut));
  }

  ChatMessage received(long number, String from, String body) {
    return model.store(new ChatMessage(number, from, from, from, body, false, "SAID",
        1_700_000_100L, ChatMessage.Status.RECEIVED));
  }

  private void sink(String address, JsonObject message) {
    boolean toAsker = asker.id.equals(message.getString(BusMessages.CONNECTION));
    List<String> lines = toAsker ? askerLines : otherLines;
    if (BusMessages.TYPE_OUTPUT.equals(message.getString(BusMessages.TYPE))) {
      message.getJsonArray(BusMessages.LINES).forEach(line -> lines.add((String) line));
      sends.addAll(BusMessages.sends(message).entrySet());
    } else if (toAsker) {
      askerOther.add(message);
    }
  }

  /** Records every call as {@code method arg...}; methods named in {@link #failing} fail. */
  static final class RecordingUpstream implements UpstreamCalls {
    final List<String> calls = new ArrayList<>();
    final Set<String> failing = new HashSet<>();
    Buffer avatar = Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xd8});
    private int requestId = 7;

    private <T> Future<T> call(T result, String method, Object... args) {
      StringBuilder text = new StringBuilder(method);
      for (Object arg : args) {
        text.append(' ').append(arg);
      }
      calls.add(text.toString());
      return failing.contains(method) ? Future.failedFuture("refused by the fake")
          : Future.succeededFuture(result);
    }

    @Override
    public int reserveRequestId() {
      return requestId++;
    }

    @Override
    public Future<Integer> sendIm(String buid, String text, int reserved) {
      return call(reserved, "sendIm", buid, text);
    }

    @Override
    public Future<Void> imTyping(String buid, String typingState) {
      return call(null, "imTyping", buid, typingState);
    }

    @Override
    public Future<Void> setStatus(String primitive, String moodText) {
      return call(null, "setStatus", primitive, moodText);
    }

    @Override
    public Future<Void> startAudioChat(String buid) {
      return call(null, "startAudioChat", buid);
    }

    @Override
    public Future<Void> addBuddy(String buid) {
      return call(null, "addBuddy", buid);
    }

    @Override
    public Future<Void> delBuddy(String buid, String group) {
      return call(null, "delBuddy", buid, group);
    }

    @Override
    public Future<Void> authAdd(String buid) {
      return call(null, "authAdd", buid);
    }

    @Override
    public Future<Void> authDeny(String buid) {
      return call(null, "authDeny", buid);
    }

    @Override
    public Future<Void> authBlock(String buid) {
      return call(null, "authBlock", buid);
    }

    @Override
    public Future<Void> blockBuddy(String buid) {
      return call(null, "blockBuddy", buid);
    }

    @Override
    public Future<Void> unblockBuddy(String buid) {
      return call(null, "unblockBuddy", buid);
    }

    @Override
    public Future<Void> createSharedGroup(String name) {
      return call(null, "createSharedGroup", name);
    }

    @Override
    public Future<Void> inviteToGroup(String gid, String inviter, String buid) {
      return call(null, "inviteToGroup", gid, inviter, buid);
    }

    @Override
    public Future<Void> kickMember(String memberBuid) {
      return call(null, "kickMember", memberBuid);
    }

    @Override
    public Future<Void> setGroupTopic(String gid, String topic) {
      return call(null, "setGroupTopic", gid, topic);
    }

    @Override
    public Future<Void> leaveGroup(String gid) {
      return call(null, "leaveGroup", gid);
    }

    @Override
    public Future<Buffer> fetchAvatar(String icon) {
      return call(avatar, "fetchAvatar", icon);
    }
  }

  /**
   * The session controls: online unless told otherwise; login, logout and mood updates are
   * recorded among the upstream calls; a send stores the message and calls {@code sendIm}.
   */
  final class FakeSession implements SessionControl {
    boolean online = true;
    /** What a login ends in. */
    boolean loginSucceeds = true;
    final Map<String, Promise<Chat>> newChats = new LinkedHashMap<>();
    final List<Contact> temporary = new ArrayList<>();

    @Override
    public String connStatus() {
      return online ? "ONLINE" : "OFFLINE";
    }

    @Override
    public boolean online() {
      return online;
    }

    @Override
    public Future<Void> logIn() {
      upstream.calls.add("logIn");
      online = loginSucceeds;
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> logOut() {
      upstream.calls.add("logOut");
      online = false;
      return Future.succeededFuture();
    }

    @Override
    public void scheduleMoodUpdate() {
      upstream.calls.add("moodUpdateScheduled");
    }

    @Override
    public void cancelMoodUpdate() {
    }

    @Override
    public Future<Void> rosterReady() {
      return Future.succeededFuture();
    }

    @Override
    public Future<ChatMessage> send(String partner, String text, CommandKey key) {
      ChatMessage message = new ChatMessage(model.nextMessageNumber(), partner, model.ownHandle,
          model.ownAlias, text, true, "SAID", 0, ChatMessage.Status.SENDING);
      message.commandKey = key;
      model.store(message);
      return upstream.sendIm(partner, text, upstream.reserveRequestId()).transform(ar -> {
        if (ar.failed()) {
          message.status = ChatMessage.Status.FAILED;
        }
        return Future.succeededFuture(message);
      });
    }

    @Override
    public Promise<Chat> expectNewChat(String groupName) {
      Promise<Chat> promise = Promise.promise();
      newChats.put(groupName, promise);
      return promise;
    }

    @Override
    public void expireTemporary(Contact entry) {
      temporary.add(entry);
    }
  }
}
