package net.imo2sproxy.desktop;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * A desktop client of the D-Bus Skype API written the way Skype4Py's {@code posix_dbus} and
 * skype4pidgin's D-Bus code are: its own connection to the session bus, {@code Invoke} on
 * {@code com.Skype.API /com/Skype}, and an exported {@code /com/Skype/Client} whose
 * {@code Notify} receives the notifications. Its own interface declarations, not the agent's.
 */
public final class DbusTestClient extends SkypeApiTestClient {

  /** Skype's side, as the client sees it. */
  @DBusInterfaceName("com.Skype.API")
  public interface SkypeApi extends DBusInterface {
    String Invoke(String command);
  }

  /** The client's own object. */
  @DBusInterfaceName("com.Skype.API.Client")
  public interface SkypeClient extends DBusInterface {
    void Notify(String line);
  }

  private final DBusConnection bus;
  private final SkypeApi skype;

  public DbusTestClient(String address) throws Exception {
    // One thread for incoming calls: like libdbus and dbus-python's main loop, the client
    // handles its Notify calls one after another, in the order they were sent.
    bus = DBusConnectionBuilder.forAddress(address).withShared(false)
        .receivingThreadConfig().withMethodCallThreadCount(1).connectionConfig().build();
    bus.exportObject("/com/Skype/Client", new SkypeClient() {
      @Override
      public void Notify(String line) {
        received(line);
      }

      @Override
      public String getObjectPath() {
        return "/com/Skype/Client";
      }
    });
    skype = bus.getRemoteObject("com.Skype.API", "/com/Skype", SkypeApi.class);
  }

  public String uniqueName() {
    return bus.getUniqueName();
  }

  @Override
  protected void transmit(String line) {
    skype.Invoke(line);
  }

  @Override
  protected String transmitForReply(String line) {
    return skype.Invoke(line);
  }

  /** Leaves the bus: the agent sees the unique name go. */
  @Override
  public void close() {
    bus.disconnect();
  }
}
