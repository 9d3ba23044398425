package net.imo2sproxy.desktop;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.imo2sproxy.desktop.impl.AgentCore;
import net.imo2sproxy.desktop.impl.BridgeTarget;
import net.imo2sproxy.desktop.impl.DbusTransport;
import net.imo2sproxy.desktop.impl.X11Transport;
import net.imo2sproxy.runtime.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop agent: presents itself to desktop programs as the running Skype (over X11 and
 * over D-Bus, docs/desktop-api.md) and forwards each attached program as one SkypeProxy
 * connection to a bridge. Start it with {@link #start}; stop it with {@link #stop}.
 */
public final class DesktopAgent {

  private static final Logger LOG = LoggerFactory.getLogger(DesktopAgent.class);

  /** A desktop client attached ({@code attached}) or detached. */
  public record ClientEvent(String transport, String client, boolean attached) {
  }

  private final Vertx vertx;
  private final Context context;
  private final NetClient netClient;
  private final List<Handler<ClientEvent>> listeners = new CopyOnWriteArrayList<>();
  private X11Transport x11;
  private DbusTransport dbus;

  private DesktopAgent(Vertx vertx, Context context, NetClient netClient) {
    this.vertx = vertx;
    this.context = context;
    this.netClient = netClient;
  }

  /**
   * Starts the transports the options turn on; fails, with a message for the user, when one of
   * them cannot start (no X display, no session bus, the name taken), and then starts none.
   */
  public static Future<DesktopAgent> start(Vertx vertx, DesktopAgentOptions options) {
    if (!options.x11() && !options.dbus()) {
      return Future.failedFuture(new ConfigException("the desktop agent has nothing to offer: "
          + "both desktop-x11 and desktop-dbus are off"));
    }
    Context context = vertx.getOrCreateContext();
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout((int) options.handshakeTimeout().toMillis());
    if (options.tls()) {
      net.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
      if (options.trustFile() != null) {
        net.setTrustOptions(new PemTrustOptions().addCertPath(options.trustFile()));
      }
    }
    DesktopAgent agent = new DesktopAgent(vertx, context, vertx.createNetClient(net));
    BridgeTarget target = new BridgeTarget(options.host(), options.port(), options.tls(),
        options.trustFile(), options.password(), options.handshakeTimeout());
    AgentCore core = new AgentCore(vertx, context, agent.netClient, target,
        options.allowedApplications(), agent.new Events());
    Promise<DesktopAgent> started = Promise.promise();
    context.runOnContext(v -> vertx.executeBlocking(() -> {
      if (options.x11()) {
        agent.x11 = X11Transport.start(core, options.display());
      }
      if (options.dbus()) {
        try {
          agent.dbus = DbusTransport.start(core, options.busAddress(), options.dbusReplyWait());
        } catch (RuntimeException e) {
          if (agent.x11 != null) {
            agent.x11.stop();
            agent.x11 = null;
          }
          throw e;
        }
      }
      return agent;
    }).onComplete(started));
    return started.future().onSuccess(a -> LOG.info("desktop agent forwarding to {}", target))
        .recover(err -> agent.netClient.close().transform(x -> Future.failedFuture(err)));
  }

  /** Told of every attach and detach, on the agent's context. */
  public DesktopAgent onClientEvent(Handler<ClientEvent> listener) {
    listeners.add(listener);
    return this;
  }

  /** The X display the agent offers the API on, null when X11 is off. */
  public String x11Display() {
    return x11 == null ? null : x11.display();
  }

  /** The window id in {@code _SKYPE_INSTANCE}, -1 when X11 is off. */
  public long x11Window() {
    return x11 == null ? -1 : x11.windowId();
  }

  /** The bus the agent owns {@code com.Skype.API} on, null when D-Bus is off. */
  public String busAddress() {
    return dbus == null ? null : dbus.address();
  }

  /** Releases every client's connection, then withdraws from X11 and D-Bus. */
  public Future<Void> stop() {
    Promise<List<Future<Void>>> released = Promise.promise();
    context.runOnContext(v -> {
      List<Future<Void>> all = new ArrayList<>();
      if (x11 != null) {
        all.addAll(x11.releaseAll());
      }
      if (dbus != null) {
        all.addAll(dbus.releaseAll());
      }
      released.complete(all);
    });
    return released.future()
        .compose(all -> Future.join(all).otherwiseEmpty())
        .compose(v -> vertx.<Void>executeBlocking(() -> {
          if (x11 != null) {
            x11.stop();
          }
          if (dbus != null) {
            dbus.stop();
          }
          return null;
        }))
        .eventually(() -> netClient.close());
  }

  private final class Events implements AgentCore.Events {
    @Override
    public void attached(String transport, String client) {
      listeners.forEach(l -> l.handle(new ClientEvent(transport, client, true)));
    }

    @Override
    public void detached(String transport, String client) {
      listeners.forEach(l -> l.handle(new ClientEvent(transport, client, false)));
    }
  }
}
