package net.imo2sproxy.gateway.upstream.impl;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import net.imo2sproxy.gateway.upstream.ImoCallException;
import net.imo2sproxy.gateway.upstream.ImoEnvelope;
import net.imo2sproxy.protocol.trace.DeliveryHop;

/**
 * One client-to-server command of an upstream session, waiting for or on the wire, and the
 * rule that tells from an answer whether the server processed it (docs/imo-protocol.md §4.2).
 */
final class UpstreamCommand {

  /** What an answer said of the command: processed, to resend, or the session is gone. */
  record Outcome(boolean processed, boolean sessionLost, Throwable failure) {
  }

  final String system;
  final String method;
  final Promise<Void> done = Promise.promise();
  private final Integer requestId;
  private final JsonObject args;
  private JsonObject message;
  private int seq = -1;

  UpstreamCommand(String system, String method, Integer requestId, JsonObject args) {
    this.system = system;
    this.method = method;
    this.requestId = requestId;
    this.args = args;
  }

  /** Numbers the command as it goes on the wire; a resend carries the same message. */
  void number(int seq, String ssid) {
    this.seq = seq;
    this.message = ImoEnvelope.message(ImoEnvelope.call(method, requestId, args), system, ssid,
        seq);
  }

  /** The bench's delivery trace: an own message's send_im reached {@code hop}. */
  void traceSend(String hop) {
    if (DeliveryHop.enabled() && method.equals("send_im")
        && args.getValue("msg") instanceof String msg) {
      DeliveryHop.record(hop, DeliveryHop.messageKey(msg), null);
    }
  }

  int seq() {
    return seq;
  }

  JsonObject message() {
    return message;
  }

  /**
   * The answer's {@code ack}, when present, decides: it covers the command or not, and 0 means
   * the server lost the session. Without one, an answer carrying messages counts as processed,
   * as the original client took it.
   */
  Outcome outcome(JsonObject answer, boolean carriedMessages) {
    Integer ack = ackOf(answer);
    if (ack != null && ack == 0) {
      return new Outcome(false, true, new ImoCallException(method + ": session lost (ack 0)"));
    }
    boolean processed = ack != null ? ack >= seq + 1 : carriedMessages;
    return processed ? new Outcome(true, false, null) : new Outcome(false, false,
        new ImoCallException(method + ": not acknowledged", null, true));
  }

  /** The server's {@code data.ack} (the next client seq it expects), or null. */
  static Integer ackOf(JsonObject answer) {
    return answer.getValue("data") instanceof JsonObject d
        && d.getValue("ack") instanceof Number n ? n.intValue() : null;
  }
}
