package net.imo2sproxy.gateway.skype;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * One client connection attached to an account session, as the emulator sees it, and how the
 * objects of the emulation render at its PROTOCOL level ({@code skype-api-emulation.md} 3.2).
 */
final class ApiConnection {

  /** Chat message types that Skype introduced with protocol 7; lower levels see UNKNOWN. */
  private static final Set<String> LEVEL7_TYPES = Set.of("POSTEDCONTACTS", "SETROLE",
      "KICKBANNED", "JOINEDASAPPLICANT", "SETOPTIONS", "SETPICTURE", "SETGUIDELINES");

  final String id;
  /** Where the connection's output goes. */
  final ConnectionOutput output;
  int protocol;
  /** The first command of a connection logs the account in, as in the original. */
  boolean sawFirstCommand;
  /** The client created the {@code libpurple_typing} application (typing datagrams). */
  boolean typingApplication;
  /** Tail of this connection's command chain: one command at a time, in order. */
  Future<Void> tail = Future.succeededFuture();
  int pendingCommands;
  /** Lines kept for the acknowledgement of an inline-reply command while it runs; else null. */
  List<String> captured;

  ApiConnection(String id, ConnectionOutput output, int protocol) {
    this.id = id;
    this.output = output;
    this.protocol = protocol;
  }

  /** {@code CHATMESSAGE} from protocol 3 on, {@code MESSAGE} below. */
  String messageKeyword() {
    return protocol >= 3 ? "CHATMESSAGE" : "MESSAGE";
  }

  /** An own status as this level knows it: SKYPEME arrived with level 2. */
  String userStatus(String status) {
    return protocol < 2 && "SKYPEME".equals(status) ? SkypeStatus.ONLINE : status;
  }

  /** A call status as this level knows it: level 1 only had ONHOLD. */
  String callStatus(String status) {
    if (protocol < 2 && ("LOCALHOLD".equals(status) || "REMOTEHOLD".equals(status))) {
      return "ONHOLD";
    }
    return status;
  }

  /** A message type as this level knows it: TEXT before CHATMESSAGE objects, UNKNOWN for 7's. */
  String messageType(String type) {
    if (protocol < 3 && "SAID".equals(type)) {
      return "TEXT";
    }
    if (protocol < 7 && LEVEL7_TYPES.contains(type)) {
      return "UNKNOWN";
    }
    return type;
  }
}
