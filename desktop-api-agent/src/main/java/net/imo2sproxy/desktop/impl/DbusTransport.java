package net.imo2sproxy.desktop.impl;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.freedesktop.dbus.DBusCallInfo;
import org.freedesktop.dbus.connections.AbstractConnection;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Skype API over the D-Bus session bus, as Skype for Linux offered it (docs/desktop-api.md
 * §2.3): the name {@code com.Skype.API}, the object {@code /com/Skype} whose {@code Invoke}
 * returns a command's reply, and {@code Notify} calls to each client's {@code /com/Skype/Client}.
 * Each client is known by its unique bus name; losing it releases the client.
 *
 * <p>Threads: dbus-java calls {@code Invoke} on its own threads, which wait for the reply
 * (bounded: a reply later than {@code replyWait} is returned empty and comes as a
 * notification, the way a late reply reaches Skype4Py and skype4pidgin anyway); one send
 * thread makes the {@code Notify} calls in order; client state lives on the agent's context.
 */
public final class DbusTransport implements SkypeDbusApi.Skype {

  private static final Logger LOG = LoggerFactory.getLogger(DbusTransport.class);

  private final AgentCore core;
  private final String address;
  private final Duration replyWait;
  private final DBusConnection bus;
  private final ExecutorService sendThread =
      Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "desktop-dbus-send");
        thread.setDaemon(true);
        return thread;
      });
  private final Map<String, AttachedClient> clients = new HashMap<>(); // agent context
  private AutoCloseable ownerWatch;

  private DbusTransport(AgentCore core, String address, Duration replyWait, DBusConnection bus) {
    this.core = core;
    this.address = address;
    this.replyWait = replyWait;
    this.bus = bus;
  }

  /**
   * Connects to the bus at {@code address} (null: {@code $DBUS_SESSION_BUS_ADDRESS}), takes
   * {@code com.Skype.API} and exports {@code /com/Skype}. Blocking: call it from a worker.
   *
   * @throws IllegalStateException with a message for the user when the bus cannot be used
   */
  public static DbusTransport start(AgentCore core, String address, Duration replyWait) {
    String bus = address != null ? address : System.getenv("DBUS_SESSION_BUS_ADDRESS");
    if (bus == null || bus.isBlank()) {
      throw new IllegalStateException("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not "
          + "set (set it, give desktop-bus-address, or turn the D-Bus transport off with "
          + "desktop-dbus=false)");
    }
    DBusConnection connection;
    try {
      connection = DBusConnectionBuilder.forAddress(bus).withShared(false).build();
    } catch (DBusException | RuntimeException e) {
      throw new IllegalStateException("cannot connect to the D-Bus session bus at " + bus
          + ": " + e.getMessage());
    }
    DbusTransport transport = new DbusTransport(core, bus, replyWait, connection);
    try {
      connection.exportObject(SkypeDbusApi.SKYPE_PATH, transport);
      transport.ownerWatch = connection.addSigHandler(DBus.NameOwnerChanged.class,
          transport::onOwnerChanged);
      connection.requestBusName(SkypeDbusApi.BUS_NAME);
    } catch (DBusException | RuntimeException e) {
      connection.disconnect();
      throw new IllegalStateException("cannot own " + SkypeDbusApi.BUS_NAME + " on " + bus
          + " (is Skype or another agent running?): " + e.getMessage());
    }
    LOG.info("D-Bus: {} owned on {}", SkypeDbusApi.BUS_NAME, bus);
    return transport;
  }

  public String address() {
    return address;
  }

  @Override
  public String getObjectPath() {
    return SkypeDbusApi.SKYPE_PATH;
  }

  @Override
  public String Invoke(String command) {
    DBusCallInfo call = AbstractConnection.getCallInfo();
    String caller = call == null ? null : call.getSource();
    if (caller == null) {
      throw new DBusExecutionException("Invoke without a sender");
    }
    CompletableFuture<String> reply = new CompletableFuture<>();
    core.run(() -> client(caller).command(command, line -> {
      if (!reply.complete(line)) {
        notify(caller, line); // Invoke gave up waiting: the reply comes as a notification
      }
    }));
    try {
      return reply.get(replyWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // An empty answer unless the reply made it in the meantime.
      return reply.complete("") ? "" : reply.getNow("");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DBusExecutionException("interrupted");
    } catch (ExecutionException e) {
      throw new DBusExecutionException(String.valueOf(e.getCause()));
    }
  }

  /** Releases every client (on the agent's context). */
  public List<io.vertx.core.Future<Void>> releaseAll() {
    // A copy: a client without connection detaches (leaves the map) within release().
    return List.copyOf(clients.values()).stream().map(AttachedClient::release).toList();
  }

  /** Gives up the name and leaves the bus. Blocking: call it from a worker. */
  public void stop() throws InterruptedException {
    sendThread.shutdown();
    sendThread.awaitTermination(5, TimeUnit.SECONDS);
    try {
      if (ownerWatch != null) {
        ownerWatch.close();
      }
      bus.releaseBusName(SkypeDbusApi.BUS_NAME);
    } catch (Exception e) {
      LOG.debug("D-Bus: releasing the name: {}", e.toString());
    }
    bus.disconnect();
  }

  private AttachedClient client(String caller) {
    AttachedClient client = clients.get(caller);
    if (client == null) {
      client = core.newClient("dbus", caller, line -> notify(caller, line),
          gone -> clients.remove(caller, gone));
      clients.put(caller, client);
    }
    return client;
  }

  private void onOwnerChanged(DBus.NameOwnerChanged signal) {
    if (signal.newOwner.isEmpty() && signal.name.startsWith(":")) {
      core.run(() -> {
        AttachedClient client = clients.get(signal.name);
        if (client != null) {
          client.release();
        }
      });
    }
  }

  private void notify(String caller, String line) {
    sendThread.execute(() -> {
      try {
        bus.getRemoteObject(caller, SkypeDbusApi.CLIENT_PATH, SkypeDbusApi.Client.class, false)
            .Notify(line);
      } catch (DBusException | RuntimeException e) {
        LOG.warn("D-Bus: notification to {} failed: {}", caller, e.toString());
      }
    });
  }
}
