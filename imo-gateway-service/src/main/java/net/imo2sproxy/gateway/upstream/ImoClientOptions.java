package net.imo2sproxy.gateway.upstream;

import java.time.Duration;

/**
 * Settings of the imo.im client.
 *
 * @param baseUrl the service's base URL with a trailing slash; {@code imo} and {@code b/<icon>}
 *     are resolved against it
 * @param requestTimeout per-request timeout; must exceed the server's long-poll hold time
 * @param keepAliveInterval how often {@code observed_user_activity} is sent
 * @param maxPollFailures consecutive failed polls after which the session counts as lost
 * @param pollRetry back-off between failed long polls (its attempts are capped by
 *     {@code maxPollFailures})
 * @param commandRetry how a command that got no usable answer is resent with the same seq
 * @param relogin back-off of the fresh session and re-login after a lost session
 */
public record ImoClientOptions(String baseUrl, Duration requestTimeout,
    Duration keepAliveInterval, int maxPollFailures, ReconnectPolicy pollRetry,
    ReconnectPolicy commandRetry, ReconnectPolicy relogin) {

  public ImoClientOptions {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("the imo.im base URL is not set");
    }
    if (!baseUrl.endsWith("/")) {
      baseUrl = baseUrl + "/";
    }
    pollRetry = pollRetry == null ? ReconnectPolicy.POLL : pollRetry;
    commandRetry = commandRetry == null ? ReconnectPolicy.COMMAND : commandRetry;
    relogin = relogin == null ? ReconnectPolicy.RELOGIN : relogin;
  }

  /** The default back-off policies. */
  public ImoClientOptions(String baseUrl, Duration requestTimeout, Duration keepAliveInterval,
      int maxPollFailures) {
    this(baseUrl, requestTimeout, keepAliveInterval, maxPollFailures, null, null, null);
  }

  public ImoClientOptions withPollRetry(ReconnectPolicy policy) {
    return new ImoClientOptions(baseUrl, requestTimeout, keepAliveInterval, maxPollFailures,
        policy, commandRetry, relogin);
  }

  public ImoClientOptions withCommandRetry(ReconnectPolicy policy) {
    return new ImoClientOptions(baseUrl, requestTimeout, keepAliveInterval, maxPollFailures,
        pollRetry, policy, relogin);
  }

  public ImoClientOptions withRelogin(ReconnectPolicy policy) {
    return new ImoClientOptions(baseUrl, requestTimeout, keepAliveInterval, maxPollFailures,
        pollRetry, commandRetry, policy);
  }

  public ImoClientOptions withKeepAliveInterval(Duration interval) {
    return new ImoClientOptions(baseUrl, requestTimeout, interval, maxPollFailures,
        pollRetry, commandRetry, relogin);
  }

  public String rpcUrl() {
    return baseUrl + "imo";
  }

  /** Where the avatar with id {@code icon} is served (docs/imo-protocol.md §12). */
  public String avatarUrl(String icon) {
    return baseUrl + "b/" + icon;
  }
}
