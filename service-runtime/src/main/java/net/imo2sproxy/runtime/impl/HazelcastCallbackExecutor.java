package net.imo2sproxy.runtime.impl;

import com.hazelcast.internal.util.ConcurrencyUtil;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Gives Hazelcast a thread pool for its future callbacks on machines with one or two cores.
 *
 * <p>Hazelcast completes every asynchronous map and multimap operation (the cluster maps, the
 * event bus subscriptions) through its default async executor: the common ForkJoinPool when
 * that has more than one thread, otherwise <em>a new thread per callback</em>. On two cores the
 * common pool has one thread, so an idle gateway renewing 1,000 session leases started about
 * 400 threads a second and burnt most of a core on thread creation alone. Here the callbacks get
 * the pool Hazelcast would pick on a larger machine: a ForkJoinPool of at least two daemon
 * threads.
 */
public final class HazelcastCallbackExecutor {

  private static final int MIN_PARALLELISM = 2;
  private static ForkJoinPool pool;

  private HazelcastCallbackExecutor() {
  }

  /** Installs the pool unless Hazelcast already uses a pool (common pool parallelism > 1). */
  public static synchronized void install() {
    if (pool != null || ForkJoinPool.getCommonPoolParallelism() >= MIN_PARALLELISM) {
      return;
    }
    pool = new ForkJoinPool(MIN_PARALLELISM, HazelcastCallbackExecutor::newThread, null, true);
    ConcurrencyUtil.setDefaultAsyncExecutor(pool);
  }

  /** The executor Hazelcast runs its callbacks on (for tests). */
  public static Executor current() {
    return ConcurrencyUtil.getDefaultAsyncExecutor();
  }

  private static ForkJoinWorkerThread newThread(ForkJoinPool owner) {
    ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(owner);
    thread.setName("hz-callback-" + thread.getPoolIndex());
    thread.setDaemon(true);
    return thread;
  }
}
