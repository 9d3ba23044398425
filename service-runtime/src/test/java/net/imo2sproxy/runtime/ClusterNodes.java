package net.imo2sproxy.runtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The clustered nodes a test starts on loopback (register it with {@code @RegisterExtension}),
 * stopped after the test last first, so that the seed does not wait for dead members'
 * heartbeats.
 */
final class ClusterNodes implements AfterEachCallback {

  private final List<Vertx> nodes = new ArrayList<>();
  private final boolean tolerant;

  /** Nodes whose failure to stop fails the test. */
  ClusterNodes() {
    this(false);
  }

  private ClusterNodes(boolean tolerant) {
    this.tolerant = tolerant;
    // Hazelcast waits 5 s before joining by default; set before the first node starts
    System.setProperty("hazelcast.wait.seconds.before.join", "1");
  }

  /**
   * For tests that break the cluster under its nodes (crashes, every data member gone): a node
   * that cannot leave cleanly afterwards is not a failure, the test is over.
   */
  static ClusterNodes tolerant() {
    return new ClusterNodes(true);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      stopAll();
    } catch (Exception e) {
      if (!tolerant) {
        throw e;
      }
    }
  }

  Vertx start(ClusterOptions options) throws Exception {
    return start(options, new VertxOptions());
  }

  Vertx start(ClusterOptions options, VertxOptions base) throws Exception {
    return started(await(VertxRuntime.start(options, base)));
  }

  /** A node started otherwise (e.g. one whose start was expected to fail later). */
  Vertx started(Vertx vertx) {
    nodes.add(vertx);
    return vertx;
  }

  /** Stops one node now; {@link #stopAll} no longer stops it. */
  void stop(Vertx vertx) throws Exception {
    nodes.remove(vertx);
    await(VertxRuntime.stop(vertx));
  }

  /** Stops every node left, last first; throws the first failure once all were tried. */
  void stopAll() throws Exception {
    Exception first = null;
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        await(VertxRuntime.stop(nodes.remove(i)));
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
