package net.imo2sproxy.gateway.imo;

import java.time.Duration;

/**
 * Settings of the imo.im client.
 *
 * @param baseUrl the service's base URL with a trailing slash; {@code imo} and {@code b/<icon>}
 *     are resolved against it
 * @param requestTimeout per-request timeout; must exceed the server's long-poll hold time
 * @param keepAliveInterval how often {@code observed_user_activity} is sent
 * @param maxPollFailures consecutive failed polls after which the session counts as lost
 */
public record ImoClientOptions(String baseUrl, Duration requestTimeout,
    Duration keepAliveInterval, int maxPollFailures) {

  public ImoClientOptions {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("the imo.im base URL is not set");
    }
    if (!baseUrl.endsWith("/")) {
      baseUrl = baseUrl + "/";
    }
  }

  public String rpcUrl() {
    return baseUrl + "imo";
  }
}
