package net.imo2sproxy.desktop.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.util.List;
import java.util.function.Consumer;

/**
 * What both transports share: the agent's context (all client state lives on it), the
 * SkypeProxy client, the bridge target and the allow-list. A transport asks it for a new
 * {@link AttachedClient} for each client it sees.
 */
public final class AgentCore {

  /** Told when a client attaches or detaches (for logs, metrics and tests). */
  public interface Events {
    void attached(String transport, String client);

    void detached(String transport, String client);
  }

  private final Vertx vertx;
  private final Context context;
  private final NetClient netClient;
  private final BridgeTarget target;
  private final List<String> allowList;
  private final Events events;

  public AgentCore(Vertx vertx, Context context, NetClient netClient, BridgeTarget target,
      List<String> allowList, Events events) {
    this.vertx = vertx;
    this.context = context;
    this.netClient = netClient;
    this.target = target;
    this.allowList = List.copyOf(allowList);
    this.events = events;
  }

  /** Runs {@code action} on the agent's context (from a transport's own threads). */
  public void run(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  /** True when {@code application} may attach: the list holds it, or holds {@code *}. */
  public boolean allowed(String application) {
    return allowList.contains("*") || allowList.contains(application);
  }

  /** A new client; {@code detached} runs on the context once its connection is closed. */
  public AttachedClient newClient(String transport, String client,
      Consumer<String> notifications, Handler<AttachedClient> detached) {
    boolean[] wasAttached = new boolean[1];
    return new AttachedClient(vertx, netClient, target, transport + ":" + client,
        this::allowed, notifications,
        c -> {
          wasAttached[0] = true;
          events.attached(transport, client);
        },
        c -> {
          if (wasAttached[0]) {
            events.detached(transport, client);
          }
          detached.handle(c);
        });
  }
}
