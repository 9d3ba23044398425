package net.imo2sproxy.gateway.skype;

import io.vertx.core.Future;

/** One client connection attached to an account session, as the emulator sees it. */
final class ApiConnection {

  final String id;
  /** Event-bus address the connection's output goes to. */
  final String address;
  int protocol;
  /** The first command of a connection logs the account in, as in the original. */
  boolean sawFirstCommand;
  /** Tail of this connection's command chain: one command at a time, in order. */
  Future<Void> tail = Future.succeededFuture();
  int pendingCommands;

  ApiConnection(String id, String address, int protocol) {
    this.id = id;
    this.address = address;
    this.protocol = protocol;
  }

  /** {@code CHATMESSAGE} from protocol 3 on, {@code MESSAGE} below. */
  String messageKeyword() {
    return protocol >= 3 ? "CHATMESSAGE" : "MESSAGE";
  }
}
