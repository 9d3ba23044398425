package net.imo2sproxy.endpoint.impl;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import net.imo2sproxy.endpoint.EndpointLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the hits of each {@link EndpointLimit} and logs the first hit per limit and source
 * address until {@link #resetLogged()} (the verticle calls it each minute), so a flood logs
 * once a minute instead of once per connection. Recorded on the verticle's event loop; the
 * counts may be read from any thread.
 */
public final class LimitHits {

  private static final Logger LOG = LoggerFactory.getLogger(LimitHits.class);
  /** Limit-and-address pairs logged per minute; hits beyond are only counted. */
  private static final int MAX_LOGGED = 1000;

  private final Map<EndpointLimit, AtomicLong> counts = new EnumMap<>(EndpointLimit.class);
  private final Set<String> logged = new HashSet<>();
  private Consumer<String> exporter = limit -> { };

  public LimitHits() {
    for (EndpointLimit limit : EndpointLimit.values()) {
      counts.put(limit, new AtomicLong());
    }
  }

  /** Also reports every hit, by the limit's setting key, to {@code exporter} (metrics). */
  public void exportTo(Consumer<String> exporter) {
    this.exporter = exporter;
  }

  /** Counts one hit of {@code limit} by a client at {@code address}; {@code what} is logged. */
  public void hit(EndpointLimit limit, String address, String what) {
    long total = counts.get(limit).incrementAndGet();
    exporter.accept(limit.key());
    if (limit.warns() && logged.size() < MAX_LOGGED && logged.add(limit.key() + ' ' + address)) {
      LOG.warn("{} from {}: {} reached ({} hits so far; logged once a minute per address)",
          what, address, limit.key(), total);
      if (logged.size() == MAX_LOGGED) {
        LOG.warn("limit hits from {} addresses this minute: further ones are only counted",
            MAX_LOGGED);
      }
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{} from {}: {} reached ({} hits so far)", what, address, limit.key(), total);
    }
  }

  public long count(EndpointLimit limit) {
    return counts.get(limit).get();
  }

  /** Logs the next hit of every limit and address again. */
  public void resetLogged() {
    logged.clear();
  }
}
