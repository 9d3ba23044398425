package net.imo2sproxy.desktop.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One desktop client (an X11 window or a D-Bus unique name) as real Skype saw it: it attaches
 * with {@code NAME <app>} (allowed by the allow-list, answered {@code OK} once its SkypeProxy
 * connection is up), is told the connection status, own handle and user status, and then has
 * every command forwarded under an id of the agent's (see {@link CommandIds}) and every
 * notification passed on (docs/desktop-api.md §3). Runs on the agent's context only.
 */
public final class AttachedClient {

  private static final Logger LOG = LoggerFactory.getLogger(AttachedClient.class);

  /** Errors of the agent's own; the 99xx range is the bridge's (docs/desktop-api.md §3.4). */
  static final String ACCESS_DENIED = "ERROR 68 Access denied";
  static final String NOT_ATTACHED = "ERROR 9904 Not attached: send NAME first";
  static final String BRIDGE_LOST = "ERROR 9905 No connection to imo2sproxy";

  /** What every newly attached client is told, in this order (real Skype's attach). */
  private static final List<String> ANNOUNCED = List.of("CONNSTATUS", "CURRENTUSERHANDLE",
      "USERSTATUS");

  private enum AttachState { NEW, CONNECTING, ATTACHED, CLOSED }

  private record Pending(CommandIds.Split split, Consumer<String> reply) {
  }

  private final Vertx vertx;
  private final NetClient netClient;
  private final BridgeTarget target;
  private final String label;
  private final Predicate<String> allowed;
  private final Consumer<String> notifications;
  private final Handler<AttachedClient> attached;
  private final Handler<AttachedClient> detached;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Map<String, String> probes = new LinkedHashMap<>();
  private final Set<String> announced = new HashSet<>();
  private final List<Pending> nameWaiters = new ArrayList<>();
  private AttachState state = AttachState.NEW;
  private BridgeConnection bridge;
  private long nextTag;

  /**
   * @param label names the client in logs, e.g. {@code x11:0x400001}
   * @param notifications receives the lines that are not replies, in order
   * @param attached told once, when {@code NAME} was answered {@code OK}
   * @param detached told once, when the client's bridge connection has closed
   */
  public AttachedClient(Vertx vertx, NetClient netClient, BridgeTarget target, String label,
      Predicate<String> allowed, Consumer<String> notifications,
      Handler<AttachedClient> attached, Handler<AttachedClient> detached) {
    this.attached = attached;
    this.vertx = vertx;
    this.netClient = netClient;
    this.target = target;
    this.label = label;
    this.allowed = allowed;
    this.notifications = notifications;
    this.detached = detached;
  }

  public String label() {
    return label;
  }

  public boolean isAttached() {
    return state == AttachState.ATTACHED;
  }

  /**
   * One line from the client. {@code reply} gets its one reply line (with the client's id, if
   * any); a line that is empty or only an id is answered by nobody, as by the bridge.
   */
  public void command(String line, Consumer<String> reply) {
    CommandIds.Split split = CommandIds.split(line);
    if (split.command().isEmpty()) {
      return;
    }
    String keyword = CommandIds.keyword(split.command());
    if (keyword.equals("NAME")) {
      onName(split, reply);
      return;
    }
    switch (state) {
      case NEW -> reply.accept(split.restore(NOT_ATTACHED));
      case CLOSED -> reply.accept(split.restore(BRIDGE_LOST));
      default -> forward(split, reply);
    }
  }

  /** The client is gone (window destroyed, bus name lost): its connection is released. */
  public Future<Void> release() {
    if (bridge == null) {
      if (state != AttachState.CLOSED) {
        state = AttachState.CLOSED;
        detached.handle(this);
      }
      return Future.succeededFuture();
    }
    return bridge.close();
  }

  private void onName(CommandIds.Split split, Consumer<String> reply) {
    String application = CommandIds.argument(split.command());
    switch (state) {
      case ATTACHED -> reply.accept(split.restore("OK"));
      case CONNECTING -> nameWaiters.add(new Pending(split, reply));
      case CLOSED -> reply.accept(split.restore(BRIDGE_LOST));
      case NEW -> {
        if (!allowed.test(application)) {
          LOG.info("{}: application '{}' is not on the allow-list; refused", label, application);
          reply.accept(split.restore(ACCESS_DENIED));
          return;
        }
        state = AttachState.CONNECTING;
        nameWaiters.add(new Pending(split, reply));
        bridge = new BridgeConnection(vertx, target, label, this::onBridgeLine);
        bridge.closed().onComplete(v -> onBridgeClosed());
        bridge.open(netClient).onComplete(ar -> {
          if (ar.succeeded()) {
            onAttached(application);
          } else {
            LOG.warn("{}: attach of '{}' failed: {}", label, application,
                ar.cause().getMessage());
          }
        });
      }
    }
  }

  private void onAttached(String application) {
    state = AttachState.ATTACHED;
    LOG.info("{}: '{}' attached through {}", label, application, target.address());
    for (Pending waiter : nameWaiters) {
      waiter.reply().accept(waiter.split().restore("OK"));
    }
    nameWaiters.clear();
    attached.handle(this);
    // The session tells a connection these three after its first answer (the log-in's
    // announcement, or on joining a session already online): the first command is a PING
    // whose PONG the client never sees. The questions after it are answered to the client
    // only for what was not told, e.g. CURRENTUSERHANDLE when the log-in failed.
    String ping = "#agent-" + (++nextTag);
    probes.put(ping, "PING");
    bridge.send(ping + " PING");
    for (String keyword : ANNOUNCED) {
      String tag = "#agent-" + (++nextTag);
      probes.put(tag, keyword);
      bridge.send(tag + " GET " + keyword);
    }
  }

  private void forward(CommandIds.Split split, Consumer<String> reply) {
    String tag = "#d" + (++nextTag);
    pending.put(tag, new Pending(split, reply));
    if (!bridge.send(tag + " " + split.command())) {
      pending.remove(tag);
      reply.accept(split.restore(BRIDGE_LOST));
    }
  }

  private void onBridgeLine(String line) {
    String id = CommandIds.idOf(line);
    if (id != null) {
      Pending waiter = pending.remove(id);
      if (waiter != null) {
        waiter.reply().accept(waiter.split().restore(CommandIds.replyTo(id, line)));
        return;
      }
      String probe = probes.remove(id);
      if (probe != null) {
        String text = CommandIds.replyTo(id, line);
        if (text.startsWith(probe + " ") && announced.add(probe)) {
          notifications.accept(text);
        }
        return;
      }
    }
    String keyword = CommandIds.keyword(line);
    if (ANNOUNCED.contains(keyword)) {
      announced.add(keyword);
    }
    notifications.accept(line);
  }

  private void onBridgeClosed() {
    AttachState before = state;
    state = AttachState.CLOSED;
    for (Pending waiter : nameWaiters) {
      waiter.reply().accept(waiter.split().restore(BRIDGE_LOST));
    }
    nameWaiters.clear();
    for (Pending waiter : pending.values()) {
      waiter.reply().accept(waiter.split().restore(BRIDGE_LOST));
    }
    pending.clear();
    probes.clear();
    if (before == AttachState.ATTACHED) {
      LOG.info("{}: detached", label);
    }
    detached.handle(this);
  }
}
