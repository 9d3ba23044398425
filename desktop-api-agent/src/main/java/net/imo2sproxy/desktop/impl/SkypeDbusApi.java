package net.imo2sproxy.desktop.impl;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.MethodNoReply;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** Skype's D-Bus API (docs/desktop-api.md §2.3): the two interfaces, one on each side. */
public final class SkypeDbusApi {

  /** The well-known name the running Skype owned. */
  public static final String BUS_NAME = "com.Skype.API";
  /** Skype's object, where clients call {@code Invoke}. */
  public static final String SKYPE_PATH = "/com/Skype";
  /** Each client's object, where Skype calls {@code Notify}. */
  public static final String CLIENT_PATH = "/com/Skype/Client";

  private SkypeDbusApi() {
  }

  /** Exported by the agent: a command in, its reply out. */
  @DBusInterfaceName("com.Skype.API")
  public interface Skype extends DBusInterface {
    String Invoke(String command);
  }

  /** Exported by every client: the notifications, one line per call. */
  @DBusInterfaceName("com.Skype.API.Client")
  public interface Client extends DBusInterface {
    @MethodNoReply
    void Notify(String line);
  }
}
