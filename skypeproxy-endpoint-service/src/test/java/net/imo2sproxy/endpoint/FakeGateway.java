package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.bus.BusAddresses;
import net.imo2sproxy.protocol.bus.BusMessages;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;

/**
 * A gateway stand-in speaking the bus contract, deployed as a verticle so that all its output
 * comes from one context, like a real session.
 *
 * <p>Credentials: {@code bob:pw} → session {@link #SESSION}; {@code gone:pw} → a session id
 * nobody consumes; {@code boom} → failure 500; anything else → 401. No credential → session
 * when {@link #passwordless}, else 401.
 *
 * <p>Session commands: {@code PROTOCOL 7} → reply {@code PROTOCOL 3}; {@code ECHO x} → reply
 * {@code ECHO x}; {@code FLOOD n} → n notifications of two lines each; {@code BIGFLOOD n size} →
 * n notifications of one line of {@code size} bytes ({@code B <i> xxx…}); {@code CLOSE} → close;
 * {@code #a AVATAR <path>} → an avatar message of {@link #avatarBytes()}, then notification
 * {@code N after}.
 *
 * <p>Output goes to the endpoint's address, tagged with the connection id; {@code #i INLINE x}
 * is answered {@code #i x} in its acknowledgement, like a real session's every command.
 * {@link #replyVersion} makes its attach replies another contract version's.
 */
public class FakeGateway extends VerticleBase {

  static final String SESSION = "s1";
  static final String GONE_SESSION = "gone";
  /** The gateway id attach replies name when {@link #namesGateway}. */
  static final String GATEWAY = "g1";
  /** A second gateway address, for a session that moved. */
  static final String OTHER_GATEWAY = "g2";
  /** The gateway the attach replies name (after a hand-over: {@link #OTHER_GATEWAY}). */
  volatile String gatewayName = GATEWAY;

  /** Attach replies name {@link #GATEWAY}: the endpoint then heartbeats the gateway's address. */
  volatile boolean namesGateway;
  /** Attach replies naming the gateway say it takes commands on its address (a new gateway). */
  volatile boolean routesCommands = true;
  /** Per-gateway heartbeats left unanswered. */
  volatile int gatewayHeartbeatsToIgnore;
  /** Per-gateway heartbeats answered with every listed connection unknown. */
  volatile int gatewayHeartbeatsForgetting;
  final BlockingQueue<JsonObject> gatewayHeartbeats = new LinkedBlockingQueue<>();
  /** Commands and detaches that came to a gateway address (with the address as "to"). */
  final BlockingQueue<JsonObject> routed = new LinkedBlockingQueue<>();
  /** Commands to a gateway address answered 404, as for a session that moved away. */
  volatile int commandsNotHeld;

  volatile boolean passwordless;
  /** Sends a notification to the connection before replying to a successful attach. */
  volatile boolean greetBeforeAttachReply;
  /** Heartbeats the session leaves unanswered (a gateway too loaded to answer in time). */
  volatile int heartbeatsToIgnore;
  /** The contract version of the attach replies (another one's are refused). */
  volatile int replyVersion = BusMessages.VERSION;
  /** The endpoint address of each attached connection. */
  private final java.util.Map<String, String> outputs =
      new java.util.concurrent.ConcurrentHashMap<>();
  final BlockingQueue<JsonObject> attaches = new LinkedBlockingQueue<>();
  final BlockingQueue<JsonObject> sessionMessages = new LinkedBlockingQueue<>();
  final BlockingQueue<JsonObject> heartbeats = new LinkedBlockingQueue<>();
  /** Commands are taken but not acknowledged (nor answered) until {@link #releaseHeld}. */
  volatile boolean holdCommands;
  private final List<Message<Object>> held = new java.util.ArrayList<>();
  private MessageConsumer<Object> policyConsumer;

  FakeGateway(boolean passwordless) {
    this.passwordless = passwordless;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    policyConsumer = bus.consumer(BusAddresses.GATEWAY_AUTH_POLICY,
        msg -> msg.reply(BusMessages.authPolicy(passwordless)));
    MessageConsumer<Object> attach = bus.consumer(BusAddresses.GATEWAY_ATTACH, this::onAttach);
    MessageConsumer<Object> session = bus.consumer(BusAddresses.session(SESSION), this::onSession);
    MessageConsumer<Object> node = bus.consumer(BusAddresses.gateway(GATEWAY), this::onNode);
    MessageConsumer<Object> other = bus.consumer(BusAddresses.gateway(OTHER_GATEWAY),
        this::onNode);
    return Future.all(List.of(policyConsumer.completion(), attach.completion(),
        session.completion(), node.completion(), other.completion()));
  }

  /** The next message of {@code queue}; the test fails after 5 s without one. */
  static JsonObject next(BlockingQueue<JsonObject> queue) throws InterruptedException {
    JsonObject json = queue.poll(5, TimeUnit.SECONDS);
    assertThat(json).as("expected a bus message").isNotNull();
    return json;
  }

  /** AUTHENTICATE with bob:pw; returns the connection id this gateway saw attach. */
  String authenticate(SkypeProxyTestClient client) throws Exception {
    assertThat(Await.result(client.command(SkypeProxyCommand.AUTHENTICATE))).isEqualTo(1);
    assertThat(Await.result(client.password("bob:pw"))).isEqualTo(1);
    return next(attaches).getString(BusMessages.CONNECTION);
  }

  /** Removes the auth-policy consumer, as if no gateway were running. */
  Future<Void> dropPolicy() {
    return policyConsumer.unregister();
  }

  private void onAttach(Message<Object> msg) {
    JsonObject request = BusMessages.checkVersion(msg.body());
    attaches.add(request);
    String connection = request.getString(BusMessages.CONNECTION);
    outputs.put(connection, BusAddresses.endpoint(request.getString(BusMessages.ENDPOINT)));
    String credential = request.getString(BusMessages.CREDENTIAL);
    if (credential == null) {
      if (passwordless) {
        msg.reply(attached(SESSION, "default"));
      } else {
        msg.fail(BusMessages.FAILURE_REFUSED, "no default account");
      }
    } else if (credential.equals("bob:pw")) {
      if (greetBeforeAttachReply) {
        sendTo(connection,
            BusMessages.output(BusMessages.KIND_NOTIFICATION, List.of("CONNSTATUS CONNECTING")));
      }
      msg.reply(attached(SESSION, "bob"));
    } else if (credential.equals("gone:pw")) {
      msg.reply(attached(GONE_SESSION, "gone"));
    } else if (credential.equals("boom")) {
      msg.fail(500, "internal");
    } else {
      msg.fail(BusMessages.FAILURE_REFUSED, "refused");
    }
  }

  private JsonObject attached(String session, String account) {
    JsonObject reply = BusMessages.attached(session, account).put(BusMessages.V, replyVersion);
    if (!namesGateway) {
      return reply;
    }
    JsonObject named = BusMessages.withGateway(reply, gatewayName);
    if (!routesCommands) {
      named.remove(BusMessages.GATEWAY_ROUTE); // a gateway of the previous release
    }
    return named;
  }

  /**
   * A session's command or detach (the session named in the body; 404 for any but
   * {@link #SESSION}, or while {@link #commandsNotHeld} lasts), answered, then recorded (with
   * the address as "to"); or a per-gateway heartbeat: recorded, then answered.
   */
  private void onNode(Message<Object> msg) {
    JsonObject json = BusMessages.checkVersion(msg.body());
    if (!BusMessages.TYPE_HEARTBEAT.equals(json.getString(BusMessages.TYPE))) {
      JsonObject record = json.copy().put("to", msg.address());
      boolean command = BusMessages.TYPE_COMMAND.equals(json.getString(BusMessages.TYPE));
      if (command && commandsNotHeld > 0) {
        commandsNotHeld--;
        msg.fail(BusMessages.FAILURE_UNKNOWN, "session not held here");
      } else if (SESSION.equals(json.getString(BusMessages.SESSION))) {
        onSession(msg);
      } else {
        msg.fail(BusMessages.FAILURE_UNKNOWN, "session not held here");
      }
      // recorded last, so a test that took it from routed sees what onSession recorded too
      routed.add(record);
      return;
    }
    gatewayHeartbeats.add(json.copy().put("to", msg.address()));
    if (gatewayHeartbeatsToIgnore > 0) {
      gatewayHeartbeatsToIgnore--;
      return;
    }
    List<String> unknown = new java.util.ArrayList<>();
    if (gatewayHeartbeatsForgetting > 0) {
      gatewayHeartbeatsForgetting--;
      json.getJsonObject(BusMessages.SESSIONS).forEach(listed ->
          ((io.vertx.core.json.JsonArray) listed.getValue()).forEach(c -> unknown.add((String) c)));
    }
    msg.reply(BusMessages.heartbeatReply(unknown));
  }

  /**
   * Sends a message to an attached connection, at its endpoint's address; a body built for
   * this one message (it gets the connection id added).
   */
  void sendTo(String connection, JsonObject body) {
    String address = outputs.get(connection);
    if (address == null) {
      throw new IllegalStateException("connection " + connection + " never attached");
    }
    vertx.eventBus().send(address, body.put(BusMessages.CONNECTION, connection));
  }

  private void onSession(Message<Object> msg) {
    JsonObject json = BusMessages.checkVersion(msg.body());
    if (BusMessages.TYPE_HEARTBEAT.equals(json.getString(BusMessages.TYPE))) {
      heartbeats.add(json);
      if (heartbeatsToIgnore > 0) {
        heartbeatsToIgnore--;
        return;
      }
      msg.reply(BusMessages.heartbeatReply(List.of()));
      return;
    }
    sessionMessages.add(json);
    if (holdCommands && BusMessages.TYPE_COMMAND.equals(json.getString(BusMessages.TYPE))) {
      held.add(msg);
      return;
    }
    answer(msg, json);
  }

  /** Acknowledges and answers the held commands in the order they came. */
  Future<Void> releaseHeld() {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      holdCommands = false;
      for (Message<Object> msg : held) {
        answer(msg, BusMessages.checkVersion(msg.body()));
      }
      held.clear();
      done.complete();
    });
    return done.future();
  }

  private void answer(Message<Object> msg, JsonObject json) {
    String line = json.getString(BusMessages.LINE);
    if (line != null && line.startsWith("#i INLINE ")) {
      // what a session writes at once comes with the acknowledgement
      msg.reply(BusMessages.accepted(List.of("#i " + line.substring(10)), null, 0));
      return;
    }
    msg.reply(BusMessages.accepted());
    if (!BusMessages.TYPE_COMMAND.equals(json.getString(BusMessages.TYPE))) {
      return;
    }
    String to = json.getString(BusMessages.CONNECTION);
    if (line.equals("PROTOCOL 7")) {
      sendTo(to, BusMessages.output(BusMessages.KIND_REPLY, List.of("PROTOCOL 3")));
    } else if (line.startsWith("ECHO ")) {
      sendTo(to, BusMessages.output(BusMessages.KIND_REPLY, List.of(line)));
    } else if (line.startsWith("FLOOD ")) {
      int n = Integer.parseInt(line.substring(6));
      for (int i = 0; i < n; i++) {
        sendTo(to, BusMessages.output(BusMessages.KIND_NOTIFICATION,
            List.of("N " + (2 * i), "N " + (2 * i + 1))));
      }
    } else if (line.startsWith("BIGFLOOD ")) {
      String[] args = line.split(" ");
      int n = Integer.parseInt(args[1]);
      String padding = "x".repeat(Integer.parseInt(args[2]));
      for (int i = 0; i < n; i++) {
        String text = "B " + i + " ";
        sendTo(to, BusMessages.output(BusMessages.KIND_NOTIFICATION,
            List.of(text + padding.substring(Math.min(text.length(), padding.length())))));
      }
    } else if (line.startsWith("#a AVATAR ")) {
      // an avatar answer, then a notification that must not overtake it
      String path = line.substring(10);
      sendTo(to, BusMessages.avatar(path, avatarBytes(), "#a USER bob AVATAR 1 " + path,
          "#a ERROR 122 GET Unable to load avatar"));
      sendTo(to, BusMessages.output(BusMessages.KIND_NOTIFICATION, List.of("N after")));
    } else if (line.equals("CLOSE")) {
      sendTo(to, BusMessages.output(BusMessages.KIND_REPLY, List.of("BYE")));
      sendTo(to, BusMessages.close("test"));
    }
  }

  /** 70000 bytes: two full DATA_SLOT chunks and a partial one. */
  static byte[] avatarBytes() {
    byte[] data = new byte[70000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    data[0] = (byte) 0xFF;
    data[1] = (byte) 0xD8;
    return data;
  }
}
