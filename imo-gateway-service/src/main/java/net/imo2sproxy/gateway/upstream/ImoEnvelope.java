package net.imo2sproxy.gateway.upstream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Pure encoding and decoding of the imo.im envelope (docs/imo-protocol.md §2, §3,
 * §5 and §6). No I/O: everything here is a function of its arguments.
 */
public final class ImoEnvelope {

  /** HTTP method names of the form field {@code method}. */
  public static final String REST_RPC = "rest_rpc";
  /** The disabled ping of the original: {@code data={"t":"<ms>"}} without envelope. */
  public static final String ECHO = "echo";
  public static final String FORWARD_TO_SERVER = "forward_to_server";
  public static final String FORWARD_TO_CLIENT = "forward_to_client";

  /** Protocol tag of every Skype account. */
  public static final String PROTO = "prpl-skype";

  private static final String SSID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int SSID_LENGTH = 17;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ImoEnvelope() {
  }

  /** A temporary session id: 17 random alphanumerics (§5). */
  public static String temporarySsid() {
    StringBuilder sb = new StringBuilder(SSID_LENGTH);
    for (int i = 0; i < SSID_LENGTH; i++) {
      sb.append(SSID_ALPHABET.charAt(RANDOM.nextInt(SSID_ALPHABET.length())));
    }
    return sb.toString();
  }

  /**
   * The request envelope of §3.1; {@code message} may be null for a pure long poll.
   */
  public static JsonObject request(int ack, String ssid, JsonObject message) {
    JsonArray messages = new JsonArray();
    if (message != null) {
      messages.add(message);
    }
    return new JsonObject().put("ack", ack).put("ssid", ssid).put("messages", messages);
  }

  /** One client message: payload, target system, sender and sequence number, in that order. */
  public static JsonObject message(JsonObject data, String toSystem, String ssid, int seq) {
    return new JsonObject()
        .put("data", data)
        .put("to", new JsonObject().put("system", toSystem))
        .put("from", new JsonObject().put("system", "client").put("ssid", ssid))
        .put("seq", seq);
  }

  /** The inner payload {@code {method, [request_id], data}} of a forwarded call. */
  public static JsonObject call(String method, Integer requestId, JsonObject args) {
    JsonObject call = new JsonObject().put("method", method);
    if (requestId != null) {
      call.put("request_id", requestId);
    }
    return call.put("data", args);
  }

  /** The form body {@code method=<m>&data=<percent-encoded JSON>} (§2.2). */
  public static Buffer formBody(String httpMethod, JsonObject data) {
    // Encoded straight into a buffer of the exact size: through a StringBuilder, its String,
    // a concatenation and the buffer's own copy, a post allocated some five times its size.
    byte[] json = data.encode().getBytes(StandardCharsets.UTF_8);
    byte[] head = ("method=" + httpMethod + "&data=").getBytes(StandardCharsets.UTF_8);
    int length = head.length;
    for (byte b : json) {
      length += unreserved(b & 0xff) ? 1 : 3;
    }
    Buffer body = Buffer.buffer(length).appendBytes(head);
    for (byte b : json) {
      int c = b & 0xff;
      if (unreserved(c)) {
        body.appendByte(b);
      } else {
        body.appendByte((byte) '%').appendByte((byte) HEX[c >> 4])
            .appendByte((byte) HEX[c & 0xf]);
      }
    }
    return body;
  }

  private static boolean unreserved(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  /**
   * Percent-encodes UTF-8 text: every byte except {@code A-Z a-z 0-9 - . _ ~} becomes
   * {@code %XX} with upper-case hex, exactly as the original web client did.
   */
  public static String percentEncode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (unreserved(c)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }

  /**
   * The server-assigned ssid of a bootstrap response (§6): the first string property
   * named {@code ssid} in a depth-first walk of the JSON, else the original's textual scan.
   *
   * @return the id, or null when the body names none
   */
  public static String ssidFromBootstrap(String body) {
    try {
      Object json = io.vertx.core.json.Json.decodeValue(body);
      String found = findSsid(json);
      if (found != null) {
        return found;
      }
    } catch (RuntimeException notJson) {
      // fall through to the textual scan the original used
    }
    for (String marker : new String[] {"ssid\":\"", "ssid\": \""}) {
      int at = body.indexOf(marker);
      if (at >= 0) {
        int start = at + marker.length();
        int end = body.indexOf('"', start);
        if (end > start) {
          return body.substring(start, end);
        }
      }
    }
    return null;
  }

  private static String findSsid(Object node) {
    if (node instanceof JsonObject obj) {
      Object direct = obj.getValue("ssid");
      if (direct instanceof String s && !s.isEmpty()) {
        return s;
      }
      for (String key : obj.fieldNames()) {
        String nested = findSsid(obj.getValue(key));
        if (nested != null) {
          return nested;
        }
      }
    } else if (node instanceof JsonArray array) {
      for (Object element : array) {
        String nested = findSsid(element);
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }

  /** Masks the {@code passwd} values of a request or log body, for trace logging. */
  public static String masked(JsonObject json) {
    return json.encode().replaceAll("(\"passwd\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", "$1\"***\"");
  }
}
