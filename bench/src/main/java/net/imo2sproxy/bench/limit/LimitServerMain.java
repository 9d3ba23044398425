package net.imo2sproxy.bench.limit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The limit deployments' processes, started by the load generator from bench.jar: {@code hub}
 * (the relay's fake imo.im, in place of the simulator) or {@code proxy} (in place of the bridge;
 * echo, or relay with {@code --hub}). Prints a ready line the generator waits for.
 */
@Command(name = "bench-limit", mixinStandardHelpOptions = true,
    description = "Limit servers of the load generator (loopback only).")
public final class LimitServerMain implements Callable<Integer> {

  @Parameters(index = "0", description = "hub or proxy")
  String role;

  @Option(names = "--port", defaultValue = "0")
  int port;

  @Option(names = "--hub", description = "the hub's base URL (proxy: relay mode)")
  URI hub;

  @Option(names = "--hold", defaultValue = "25", description = "long-poll hold in seconds")
  double holdSeconds;

  public static void main(String[] args) {
    int status = new CommandLine(new LimitServerMain()).execute(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  @Override
  public Integer call() throws Exception {
    // Vert.x's default event loops, as the bridge and the simulator have
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    if (role.equals("hub")) {
      int actual = new RelayHub(vertx, (long) (holdSeconds * 1000)).listen(port)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("relay hub listening on http://127.0.0.1:" + actual + "/");
    } else if (role.equals("proxy")) {
      int actual = new LimitProxy(vertx, hub).listen(port)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("imo2sproxy " + (hub == null ? "echo" : "relay")
          + " listening on 127.0.0.1:" + actual);
    } else {
      throw new CommandLine.ParameterException(new CommandLine(this), "hub or proxy");
    }
    System.out.flush();
    return 0;
  }
}
