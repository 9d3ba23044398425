package net.imo2sproxy.gateway.emulator.lifecycle;

import java.util.ArrayList;
import net.imo2sproxy.gateway.emulator.connection.ApiConnection;
import net.imo2sproxy.gateway.emulator.connection.ConnectionFanOut;
import net.imo2sproxy.gateway.emulator.model.SessionModel;

/**
 * Tells the connections that the session is online: CONNSTATUS ONLINE, the own handle and
 * status, which real Skype told every program attaching to it. Each connection is told the
 * whole state once (docs/skype-api-emulation.md §2.4).
 */
final class OnlineAnnouncer {

  private final SessionModel model;
  private final ConnectionFanOut fanOut;

  OnlineAnnouncer(SessionModel model, ConnectionFanOut fanOut) {
    this.model = model;
    this.fanOut = fanOut;
  }

  /** Signed on: every connection, in the original's order (§2.2). */
  void signedOn() {
    fanOut.notifyAll("CONNSTATUS ONLINE");
    fanOut.notifyUserStatus(model.ownStatus);
    fanOut.notifyAll("CURRENTUSERHANDLE " + model.ownHandle);
    fanOut.all().forEach(connection -> connection.toldOnline = true);
  }

  /**
   * A previous owner's upstream session resumed: the connections taken over were told the
   * state there and now learn that it is back; one new to the session is told all.
   */
  void resumed() {
    for (ApiConnection connection : new ArrayList<>(fanOut.all())) {
      if (connection.toldOnline) {
        fanOut.notify(connection, "CONNSTATUS ONLINE");
        fanOut.notify(connection, "USERSTATUS " + connection.userStatus(model.ownStatus));
      } else {
        joined(connection);
      }
    }
  }

  /** A connection that joined while online, unless told already; real Skype's order. */
  void joined(ApiConnection connection) {
    if (connection.toldOnline) {
      return;
    }
    connection.toldOnline = true;
    fanOut.notify(connection, "CONNSTATUS ONLINE");
    fanOut.notify(connection, "CURRENTUSERHANDLE " + model.ownHandle);
    fanOut.notify(connection, "USERSTATUS " + connection.userStatus(model.ownStatus));
  }
}
