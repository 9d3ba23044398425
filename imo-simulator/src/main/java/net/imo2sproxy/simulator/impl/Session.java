package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** State of one ssid (docs/imo-protocol.md §4.1, §4.5). Confined to the simulator's event loop. */
final class Session {

  /** A server message with its seq; {@code deliveredIn} = number of the response that carried it. */
  static final class Outgoing {
    final long seq;
    final JsonObject message;
    long deliveredIn;

    Outgoing(long seq, JsonObject message) {
      this.seq = seq;
      this.message = message;
    }
  }

  /** A held long poll. */
  static final class Poll {
    final Exchange exchange;
    final Long ack;
    final long startCounter;
    long timerId = -1;

    Poll(Exchange exchange, Long ack, long startCounter) {
      this.exchange = exchange;
      this.ack = ack;
      this.startCounter = startCounter;
    }
  }

  final String ssid;
  final long createdAt = System.currentTimeMillis();
  long lastSeen = createdAt;
  long expectedSeq;
  long nextServerSeq;
  final Deque<Outgoing> queue = new ArrayDeque<>();
  final List<Outgoing> unacked = new ArrayList<>();
  Poll poll;
  boolean flushScheduled;
  boolean ended;
  AccountState account;
  /** The uid exactly as the client wrote it at login; used as the {@code uid} of events. */
  String loginUid;

  Session(String ssid) {
    this.ssid = ssid;
  }

  void acknowledge(long ack) {
    unacked.removeIf(o -> o.seq < ack);
  }

  JsonObject describe() {
    return new JsonObject()
        .put("ssid", ssid)
        .put("account", account == null ? null : account.uid)
        .put("loggedIn", account != null)
        .put("queued", queue.size())
        .put("unacked", unacked.size())
        .put("expectedSeq", expectedSeq)
        .put("nextServerSeq", nextServerSeq)
        .put("polling", poll != null)
        .put("createdAt", createdAt)
        .put("lastSeen", lastSeen);
  }
}
