package net.imo2sproxy.bench.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import net.imo2sproxy.bench.LatencyRecorder;
import net.imo2sproxy.bench.MessageCounts;

/**
 * The connections of the load generator that live on one event loop, with their own timers,
 * pending commands and histograms: nothing is shared between groups, so no locks. Every method
 * returns at once and runs its work on the group's context.
 */
public final class LoadGroup {

  private final Vertx vertx;
  private final Context context;
  private final NetClient net;
  private final String host;
  private final int port;
  private final List<String> uids = new ArrayList<>();
  private ProxyClient[] clients = new ProxyClient[0];
  private final Map<ProxyClient, String> uidOf = new HashMap<>();

  // per run, touched only on the context
  private LatencyRecorder latency = new LatencyRecorder();
  private long done;
  private long errors;
  private final Map<Integer, long[]> pending = new HashMap<>();
  private int nextId;
  // last line received outside a measured phase (late replies of the previous one)
  private volatile long lastStrayNanos;

  public LoadGroup(Vertx vertx, String host, int port) {
    this.vertx = vertx;
    // From a non-Vert.x thread each call makes a new context on the next event loop.
    this.context = vertx.getOrCreateContext();
    this.net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
        .setConnectTimeout(30_000));
    this.host = host;
    this.port = port;
  }

  /** Outcome of a run on this group. */
  public record Outcome(LatencyRecorder latency, long done, long errors,
      MessageCounts messages, LatencyRecorder replyLatency, LatencyRecorder bodyLatency) {

    public Outcome(LatencyRecorder latency, long done, long errors) {
      this(latency, done, errors, null, null, null);
    }
  }

  /** A chat run ends this long after its last delivery, so that a late duplicate still counts. */
  static final long CHAT_QUIET_MS = 1_000;

  /** A chat run waits at most this long beyond the grace period for a backlog to drain. */
  static final long CHAT_MAX_DRAIN_MS = 60_000;

  /** Chat runs of the process: their number is part of every token, unique per process. */
  private static final AtomicInteger CHAT_RUNS = new AtomicInteger();

  /** Connected and logged-in clients, in {@link #login} order (null where the log-in failed). */
  public int connected() {
    int n = 0;
    for (ProxyClient c : clients) {
      n += c != null ? 1 : 0;
    }
    return n;
  }

  private <T> Future<T> on(java.util.function.Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future();
  }

  private void reset() {
    latency = new LatencyRecorder();
    done = 0;
    errors = 0;
    pending.clear();
  }

  /**
   * Connects and logs in every uid with at most {@code concurrency} log-ins in flight; the
   * latency is connect to {@code CONNSTATUS ONLINE}.
   */
  public Future<Outcome> login(List<String> accounts, int concurrency, long timeoutMs) {
    return on(() -> {
      reset();
      uids.clear();
      uids.addAll(accounts);
      clients = new ProxyClient[accounts.size()];
      uidOf.clear();
      Promise<Outcome> finished = Promise.promise();
      int[] next = {0};
      int[] active = {0};
      Runnable[] pump = new Runnable[1];
      pump[0] = () -> {
        while (active[0] < concurrency && next[0] < accounts.size()) {
          int index = next[0]++;
          active[0]++;
          String uid = accounts.get(index);
          long start = System.nanoTime();
          ProxyClient.connect(vertx, net, host, port)
              .compose(client -> client.login(BenchWorld.proxyPassword(uid), timeoutMs)
                  .onFailure(err -> client.close())
                  .map(client))
              .onComplete(ar -> {
                active[0]--;
                if (ar.succeeded()) {
                  clients[index] = ar.result();
                  uidOf.put(ar.result(), uid);
                  latency.record(start, System.nanoTime());
                  done++;
                } else {
                  errors++;
                  if (errors <= 3) {
                    System.err.println("bench: log-in of " + uid + " failed: "
                        + ar.cause().getMessage());
                  }
                }
                pump[0].run();
              });
        }
        if (active[0] == 0 && next[0] == accounts.size()) {
          finished.tryComplete(new Outcome(latency, done, errors));
        }
      };
      pump[0].run();
      return finished.future();
    });
  }

  /**
   * Skype API commands with {@code #id}s. {@code rate > 0}: that many per second in total,
   * spread over the clients round robin, each latency measured from its intended send time.
   * {@code rate == 0}: closed loop with {@code window} commands in flight per client, latency
   * from the actual send. Runs for {@code durationMs}, then waits up to {@code graceMs} for the
   * last replies; unanswered commands and ERROR replies are errors.
   */
  public Future<Outcome> commands(double rate, int window, long durationMs, long graceMs,
      BiFunction<String, Integer, String> command) {
    return on(() -> {
      reset();
      List<ProxyClient> live = live();
      Promise<Outcome> finished = Promise.promise();
      if (live.isEmpty()) {
        finished.complete(new Outcome(latency, 0, 0));
        return finished.future();
      }
      long start = System.nanoTime();
      long end = start + durationMs * 1_000_000L;
      boolean[] running = {true};
      for (ProxyClient client : live) {
        client.lineHandler(line -> {
          long now = System.nanoTime();
          long[] sent = reply(line);
          if (sent == null) {
            return;
          }
          latency.record(sent[0], now);
          if (rate == 0 && running[0] && now < end) {
            send(client, command.apply(uidOf.get(client), nextId), now, now);
          }
          if (!running[0] && pending.isEmpty()) {
            finished.tryComplete(new Outcome(latency, done, errors));
          }
        });
      }
      if (rate == 0) {
        for (ProxyClient client : live) {
          for (int w = 0; w < window; w++) {
            long now = System.nanoTime();
            send(client, command.apply(uidOf.get(client), nextId), now, now);
          }
        }
      }
      if (rate > 0) {
        Pacer.pace(context, rate, start, end, () -> running[0], (k, intended, now) -> {
          ProxyClient client = live.get((int) (k % live.size()));
          send(client, command.apply(uidOf.get(client), nextId), intended, now);
        });
      }
      vertx.setTimer(Math.max(1, durationMs), t -> {
        running[0] = false;
        if (pending.isEmpty()) {
          finished.tryComplete(new Outcome(latency, done, errors));
        }
        vertx.setTimer(Math.max(1, graceMs), g -> {
          if (finished.future().isComplete()) {
            // This run is over and the next may have begun: its commands are not ours (this
            // timer used to count the next phase's commands in flight as errors).
            return;
          }
          // which ones, for a look into the services' logs
          pending.entrySet().stream().limit(3).forEach(e -> System.err.printf(
              "bench: no reply to #%d, sent %.1f ms into the phase%n", e.getKey(),
              (e.getValue()[1] - start) / 1e6));
          errors += pending.size();
          pending.clear();
          finished.tryComplete(new Outcome(latency, done, errors));
        });
      });
      return finished.future().andThen(ar -> live.forEach(c -> c.lineHandler(this::stray)));
    });
  }

  private void send(ProxyClient client, String command, long intended, long now) {
    int id = nextId++;
    pending.put(id, new long[] {intended, now});
    client.send("#" + id + " " + command);
  }

  /** The pending entry answered by {@code line}, or null for notifications and strays. */
  private long[] reply(String line) {
    if (line.isEmpty() || line.charAt(0) != '#') {
      return null;
    }
    int space = line.indexOf(' ');
    int id;
    try {
      id = Integer.parseInt(line.substring(1, space < 0 ? line.length() : space));
    } catch (NumberFormatException e) {
      return null;
    }
    long[] sent = pending.remove(id);
    if (sent == null) {
      return null;
    }
    if (line.startsWith("ERROR", space + 1)) {
      errors++;
      if (errors <= 3) {
        System.err.println("bench: error reply: " + line);
      }
    } else {
      done++;
    }
    return sent;
  }

  /**
   * Chat between the partners of the log-in list (0 with 1, 2 with 3, ...): {@code rate}
   * messages per second in total, alternating direction, each with a token unique to the
   * process in its body. Accounted exactly by a {@link ChatLedger}: each {@code CHATMESSAGE n
   * STATUS RECEIVED} is answered with {@code GET CHATMESSAGE n BODY} and the token says which
   * message it was (lost, duplicated, out of order); the latency runs from the intended send of
   * {@code MESSAGE} to the partner's RECEIVED notification. Ends {@link #CHAT_QUIET_MS} after
   * the last message was delivered and every command answered (a late duplicate still counts),
   * or when the run made no progress for {@code graceMs} (what is undelivered then is lost),
   * at the latest {@code graceMs +} {@link #CHAT_MAX_DRAIN_MS} after the sending stopped.
   */
  public Future<Outcome> chat(String label, double rate, long durationMs, long graceMs) {
    return on(() -> {
      reset();
      List<ProxyClient> chatting = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i + 1 < clients.length; i += 2) {
        if (clients[i] != null && clients[i + 1] != null) {
          chatting.add(clients[i]);
          chatting.add(clients[i + 1]);
          names.add(uids.get(i));
          names.add(uids.get(i + 1));
        }
      }
      Promise<Outcome> finished = Promise.promise();
      int pairs = chatting.size() / 2;
      if (pairs == 0 || rate <= 0) {
        finished.complete(new Outcome(latency, 0, 0, MessageCounts.NONE, new LatencyRecorder(),
            new LatencyRecorder()));
        return finished.future();
      }
      long start = System.nanoTime();
      long end = start + durationMs * 1_000_000L;
      ChatLedger ledger = new ChatLedger(label, Integer.toString(CHAT_RUNS.incrementAndGet()),
          names.toArray(String[]::new), (client, line) -> chatting.get(client).send(line),
          () -> nextId++, start, System.err);
      boolean[] running = {true};
      Runnable finish = () -> {
        if (finished.future().isComplete()) {
          return;
        }
        MessageCounts counts = ledger.close();
        finished.complete(new Outcome(ledger.latency(), counts.delivered(), counts.problems(),
            counts, ledger.replyLatency(), ledger.bodyLatency()));
      };
      for (int c = 0; c < chatting.size(); c++) {
        int client = c;
        chatting.get(c).lineHandler(line -> ledger.onLine(client, line, System.nanoTime()));
      }
      Pacer.pace(context, rate, start, end, () -> running[0], (k, intended, now) -> {
        int p = (int) (k % pairs);
        int from = (int) ((k / pairs) % 2);
        ledger.send(2 * p + from, 2 * p + 1 - from, intended, now);
      });
      vertx.setTimer(Math.max(1, durationMs), t -> {
        running[0] = false;
        long stopped = System.nanoTime();
        // Done once everything is accounted for and quiet for a while. Otherwise the grace
        // period runs from the last progress of the run (a reply, an announcement): a backlog
        // still draining is late, not lost; at most CHAT_MAX_DRAIN_MS after the sending.
        vertx.setPeriodic(100, check -> {
          long now = System.nanoTime();
          long last = Math.max(stopped, ledger.lastActivityNanos());
          if (finished.future().isComplete()) {
            vertx.cancelTimer(check);
          } else if ((ledger.settled() && now - last > CHAT_QUIET_MS * 1_000_000L)
              || now - last > graceMs * 1_000_000L
              || now - stopped > (graceMs + CHAT_MAX_DRAIN_MS) * 1_000_000L) {
            vertx.cancelTimer(check);
            finish.run();
          }
        });
      });
      return finished.future().andThen(ar -> chatting.forEach(c -> c.lineHandler(this::stray)));
    });
  }

  private void stray(String line) {
    lastStrayNanos = System.nanoTime();
  }

  /** When the last line after a phase's end arrived (0 = none yet). */
  public long lastStrayNanos() {
    return lastStrayNanos;
  }

  /** Closes every connection of the group. */
  public Future<Void> closeAll() {
    return on(() -> {
      List<Future<Void>> closing = new ArrayList<>();
      for (ProxyClient c : live()) {
        closing.add(c.close());
      }
      clients = new ProxyClient[0];
      uidOf.clear();
      return Future.join(closing).mapEmpty();
    });
  }

  private List<ProxyClient> live() {
    List<ProxyClient> live = new ArrayList<>();
    for (ProxyClient c : clients) {
      if (c != null && !c.isClosed()) {
        live.add(c);
      }
    }
    return live;
  }
}
