package net.imo2sproxy.gateway.emulator.connection;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Set;
import net.imo2sproxy.gateway.emulator.model.SkypeStatus;

/**
 * One client connection attached to an account session, as the emulator sees it, and how the
 * objects of the emulation render at its PROTOCOL level (docs/skype-api-emulation.md §3.2).
 */
public final class ApiConnection {

  /** Chat message types that Skype introduced with protocol 7; lower levels see UNKNOWN. */
  private static final Set<String> LEVEL7_TYPES = Set.of("POSTEDCONTACTS", "SETROLE",
      "KICKBANNED", "JOINEDASAPPLICANT", "SETOPTIONS", "SETPICTURE", "SETGUIDELINES");

  public final String id;
  /** Where the connection's output goes. */
  public final ConnectionOutput output;
  public int protocol;
  /** When it was attached, in the order of the session's attaches (ConnectionFanOut). */
  public long attachOrder;
  /** The first command of a connection logs the account in, as in the original. */
  public boolean sawFirstCommand;
  /**
   * Told CONNSTATUS ONLINE, CURRENTUSERHANDLE and USERSTATUS, by a sign-on or on joining a
   * session already online (docs/skype-api-emulation.md §2.4): each connection is told once.
   */
  public boolean toldOnline;
  /** The client created the {@code libpurple_typing} application (typing datagrams). */
  public boolean typingApplication;
  /** Tail of this connection's command chain: one command at a time, in order. */
  public Future<Void> tail = Future.succeededFuture();
  public int pendingCommands;
  /** Lines kept for the acknowledgement of the command that runs; else null. */
  public List<String> captured;
  /**
   * Output held until the connection's first command (null: none held): what a session that
   * logged in during the attach told it, released as the login's lines would have come.
   */
  public List<Held> held;
  /** The own-message statuses those lines report (EVENT-BUS.md {@code sends}). */
  public JsonArray capturedSends;

  public ApiConnection(String id, ConnectionOutput output, int protocol) {
    this.id = id;
    this.output = output;
    this.protocol = protocol;
  }

  /** {@code CHATMESSAGE} from protocol 3 on, {@code MESSAGE} below. */
  public String messageKeyword() {
    return protocol >= 3 ? "CHATMESSAGE" : "MESSAGE";
  }

  /** An own status as this level knows it: SKYPEME arrived with level 2. */
  public String userStatus(String status) {
    return protocol < 2 && "SKYPEME".equals(status) ? SkypeStatus.ONLINE : status;
  }

  /** A call status as this level knows it: level 1 only had ONHOLD. */
  public String callStatus(String status) {
    if (protocol < 2 && ("LOCALHOLD".equals(status) || "REMOTEHOLD".equals(status))) {
      return "ONHOLD";
    }
    return status;
  }

  /** A message type as this level knows it: TEXT before CHATMESSAGE objects, UNKNOWN for 7's. */
  public String messageType(String type) {
    if (protocol < 3 && "SAID".equals(type)) {
      return "TEXT";
    }
    if (protocol < 7 && LEVEL7_TYPES.contains(type)) {
      return "UNKNOWN";
    }
    return type;
  }

  /** Lines held for the connection ({@link #held}). */
  public record Held(String kind, List<String> lines, io.vertx.core.json.JsonArray sends) {
  }
}
