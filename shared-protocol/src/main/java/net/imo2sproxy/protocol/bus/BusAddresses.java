package net.imo2sproxy.protocol.bus;

/**
 * Event-bus addresses of the endpoint/gateway contract (see {@code EVENT-BUS.md} in this module).
 *
 * <p>Session and endpoint addresses carry random ids, never account names, so that the bus
 * reveals nothing about who is connected.
 */
public final class BusAddresses {

  /** Prefix shared by every address of the contract. */
  public static final String PREFIX = "imo2sproxy.";

  /** Request: which password forms the gateways accept (CAPABILITIES needs it). */
  public static final String GATEWAY_AUTH_POLICY = PREFIX + "gateway.auth-policy";

  /** Request: authenticate a connection and attach it to its account's session. */
  public static final String GATEWAY_ATTACH = PREFIX + "gateway.attach";

  private static final String GATEWAY_PREFIX = PREFIX + "gateway.node.";
  private static final String SESSION_PREFIX = PREFIX + "session.";
  private static final String ENDPOINT_PREFIX = PREFIX + "endpoint.";

  private BusAddresses() {
  }

  /**
   * Address of one gateway instance (random id): gateway-to-gateway requests such as opening a
   * session on the least-loaded gateway.
   */
  public static String gateway(String gatewayId) {
    return GATEWAY_PREFIX + gatewayId;
  }

  /** Address of the session with the given random id; commands and detaches go here. */
  public static String session(String sessionId) {
    return SESSION_PREFIX + sessionId;
  }

  /**
   * Request to a TCP bridge (local to the bridge's node): the endpoint id the bridge gave the
   * asking socket. A bridge client is an endpoint; only its socket may consume that address.
   */
  public static final String BRIDGE_ENDPOINT = PREFIX + "bridge.endpoint";

  /**
   * Address of one endpoint instance: the output, closes, re-attach requests and avatars of
   * all its connections, each message tagged with its {@code connection} id.
   */
  public static String endpoint(String endpointId) {
    return ENDPOINT_PREFIX + endpointId;
  }
}
