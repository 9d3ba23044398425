package net.imo2sproxy.runtime;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import net.imo2sproxy.runtime.impl.HazelcastCallbackExecutor;
import net.imo2sproxy.runtime.impl.HazelcastConfigFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Creates the Vert.x instance: local event bus, or clustered over Hazelcast. */
public final class VertxRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(VertxRuntime.class);

  private VertxRuntime() {
  }

  /** {@link #start(ClusterOptions, VertxOptions)} with default Vert.x options. */
  public static Future<Vertx> start(ClusterOptions options) {
    return start(options, new VertxOptions());
  }

  /**
   * Starts Vert.x. Not clustered: a plain local instance. Clustered: joins the Hazelcast cluster from
   * {@link #hazelcastConfig(ClusterOptions)}; the event bus binds to cluster-host/event-bus-port and
   * advertises cluster-public-host when set. {@code base} is copied (its metrics options kept as
   * they are), its event bus options replaced.
   */
  public static Future<Vertx> start(ClusterOptions options, VertxOptions base) {
    VertxOptions vertxOptions = new VertxOptions(base);
    // The copy constructor turns MicrometerMetricsOptions into plain MetricsOptions: the
    // registry name and the Prometheus backend would be lost (/metrics then answered 500).
    vertxOptions.setMetricsOptions(base.getMetricsOptions());
    if (!options.isClustered()) {
      return Future.succeededFuture(logTransport(Vertx.vertx(vertxOptions), vertxOptions));
    }
    Config config;
    try {
      config = hazelcastConfig(options);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    EventBusOptions eb = new EventBusOptions(vertxOptions.getEventBusOptions())
      .setHost(options.getHost())
      .setPort(options.getEventBusPort());
    try {
      applyTls(options, eb);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (options.getPublicHost() != null && !options.getPublicHost().isBlank()) {
      eb.setClusterPublicHost(options.getPublicHost());
    } else if (isWildcard(options.getHost())) {
      LOG.warn("{} is a wildcard address and {} is unset; other members may not reach this event bus",
        ClusterOptions.CLUSTER_HOST, ClusterOptions.CLUSTER_PUBLIC_HOST);
    }
    vertxOptions.setEventBusOptions(eb);
    // else a thread per Hazelcast callback on a 2-core machine (see the class)
    HazelcastCallbackExecutor.install();
    LOG.info("Joining cluster '{}' on {}:{} via members {}", options.getClusterName(), options.getHost(),
      options.getClusterPort() == 0 ? "auto" : options.getClusterPort(), options.getMembers());
    return Vertx.builder()
      .with(vertxOptions)
      .withClusterManager(new HazelcastClusterManager(config))
      .buildClustered()
      .recover(err -> Future.failedFuture(new ConfigException("Cannot join cluster '" + options.getClusterName()
        + "' on " + options.getHost() + ": " + err.getMessage(), err)))
      .onSuccess(v -> LOG.info("Joined cluster '{}'", options.getClusterName()))
      .map(vertx -> logTransport(vertx, vertxOptions));
  }

  /** Logs which network transport Vert.x runs on (epoll, or NIO and why); returns it. */
  public static Vertx logTransport(Vertx vertx, VertxOptions options) {
    if (vertx.isNativeTransportEnabled()) {
      LOG.info("Network transport: native (epoll)");
    } else if (options.getPreferNativeTransport()) {
      Throwable cause = vertx.unavailableNativeTransportCause();
      LOG.info("Network transport: Java NIO (native transport unavailable: {})",
        cause == null ? "unknown" : cause.getMessage());
    }
    return vertx;
  }

  /**
   * With event-bus-tls: TLS on the node-to-node event bus, each side presenting its PEM
   * certificate and requiring the peer's to chain to the trust file (mutual TLS), so a process
   * without a trusted certificate can neither send to nor receive from this node. Vert.x does
   * not verify peer host names on the cluster bus; trust comes from the CA alone.
   */
  static void applyTls(ClusterOptions options, EventBusOptions eb) {
    if (!options.isEventBusTls()) {
      if (options.getEventBusTlsKeyFile() != null || options.getEventBusTlsCertFile() != null
        || options.getEventBusTlsTrustFile() != null) {
        LOG.warn("{} files are set but {} is false: the event bus is not encrypted",
          ClusterOptions.EVENT_BUS_TLS + "-*", ClusterOptions.EVENT_BUS_TLS);
      }
      return;
    }
    String key = readableFile(options.getEventBusTlsKeyFile(), ClusterOptions.EVENT_BUS_TLS_KEY_FILE);
    String cert = readableFile(options.getEventBusTlsCertFile(), ClusterOptions.EVENT_BUS_TLS_CERT_FILE);
    String trust = readableFile(options.getEventBusTlsTrustFile(), ClusterOptions.EVENT_BUS_TLS_TRUST_FILE);
    eb.setSsl(true)
      .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(key).setCertPath(cert))
      .setTrustOptions(new PemTrustOptions().addCertPath(trust))
      // Vert.x's event bus defaults to trusting any server certificate: a node could then send
      // to an impostor that joined Hazelcast, so the server side is verified too.
      .setTrustAll(false)
      .setClientAuth(ClientAuth.REQUIRED);
    LOG.info("Event bus TLS on (mutual): certificate {}, trusting {}", cert, trust);
  }

  private static String readableFile(String path, String key) {
    if (path == null || path.isBlank()) {
      throw new ConfigException(ClusterOptions.EVENT_BUS_TLS + " needs " + key);
    }
    if (!Files.isReadable(Path.of(path))) {
      throw new ConfigException("Cannot read " + key + " '" + path + "'");
    }
    return path;
  }

  /** The Hazelcast configuration used for clustered mode (exposed for inspection and tests). */
  public static Config hazelcastConfig(ClusterOptions options) {
    // Hazelcast's static loggers read this before the instance config exists.
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    return HazelcastConfigFactory.create(options);
  }

  /** Closes Vert.x: undeploys verticles and, when clustered, leaves the cluster. Null-safe. */
  public static Future<Void> stop(Vertx vertx) {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    return vertx.close();
  }

  /**
   * Registers a JVM shutdown hook that calls {@link #stop} and waits up to {@code timeout},
   * so Ctrl-C or SIGTERM still leaves the cluster cleanly. Returns the hook (for removeShutdownHook).
   */
  public static Thread stopOnShutdown(Vertx vertx, Duration timeout) {
    return onShutdown(() -> stop(vertx), timeout);
  }

  /** Like {@link #stopOnShutdown}, with a stop of the caller's own (e.g. roles in order). */
  public static Thread onShutdown(java.util.function.Supplier<Future<Void>> stop,
      Duration timeout) {
    Thread hook = new Thread(() -> {
      try {
        stop.get().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("Vert.x did not close cleanly within {}: {}", timeout, e.toString());
      }
    }, "imo2sproxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private static boolean isWildcard(String host) {
    try {
      return InetAddress.getByName(host).isAnyLocalAddress();
    } catch (Exception e) {
      return false;
    }
  }
}
