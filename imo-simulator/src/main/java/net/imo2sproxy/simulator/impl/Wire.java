package net.imo2sproxy.simulator.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Builders for the JSON shapes of docs/imo-protocol.md §3 and §10. */
final class Wire {

  static final String PROTO = "prpl-skype";

  private Wire() {
  }

  /** The response envelope (§3.2). */
  static JsonObject response(long ack, JsonArray messages) {
    return new JsonObject()
        .put("method", "forward_to_client")
        .put("data", new JsonObject().put("ack", ack).put("messages", messages));
  }

  /** One server-to-client message. */
  static JsonObject message(String fromSystem, long seq, JsonObject data) {
    return new JsonObject()
        .put("to", new JsonObject().put("system", "client"))
        .put("from", new JsonObject().put("system", fromSystem))
        .put("seq", seq)
        .put("data", data);
  }

  /** An event object (§10.2); {@code uid} may be null, {@code edata} an object, array or null. */
  static JsonObject event(String name, String uid, Object edata) {
    JsonObject e = new JsonObject().put("name", name);
    if (uid != null) {
      e.put("uid", uid);
    }
    e.put("proto", PROTO);
    if (edata != null) {
      e.put("edata", edata);
    }
    return e;
  }

  /** The bootstrap answer of §6: the new ssid is the first string-valued "ssid" in the text. */
  static JsonObject bootstrap(String ssid) {
    JsonObject msg = new JsonObject()
        .put("to", new JsonObject().put("system", "client"))
        .put("from", new JsonObject().put("system", "session"))
        .put("data", new JsonObject().put("ssid", ssid));
    return new JsonObject()
        .put("method", "forward_to_client")
        .put("data", new JsonObject().put("ack", 1).put("messages", new JsonArray().add(msg)));
  }

  /** Numbers may arrive as JSON numbers or (from sloppy clients) as strings. */
  static Long asLong(Object v) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static String asString(Object v) {
    return v instanceof String s ? s : null;
  }

  static JsonObject asObject(Object v) {
    return v instanceof JsonObject o ? o : null;
  }

  static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }
}
