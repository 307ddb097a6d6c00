package dev.goj.pool;

import dev.goj.sync.Mutex;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The machinery shared by {@link MultiPool} and {@link MultiPoolWithFunc}: ants' multipool.go and
 * multipool_func.go. Several independent pools, each with its own lock, so submitters spread over
 * them contend less than on one pool's lock.
 *
 * <p>Invariant: every member pool is open exactly when the group is ({@code closed} false). Members
 * are released and rebooted only through the group (their cores are not exposed), and each group
 * transition flips the flag and all members under {@link #transition}, so a release racing a
 * reboot cannot leave an open group with closed members (ants' multipool can).
 */
final class PoolGroup {
  private static final VarHandle INDEX;

  static {
    try {
      INDEX = MethodHandles.lookup().findVarHandle(PoolGroup.class, "index", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final PoolCore[] pools;
  private final LoadBalancingStrategy strategy;
  /** Round-robin cursor; the next pick is index + 1 (mod n), so it starts at -1 for pool 0. */
  @SuppressWarnings("unused") // accessed through INDEX
  private volatile int index = -1;
  /** Written only under {@link #transition}; read anywhere. */
  private volatile boolean closed;
  /** Serializes release, releaseTimeout and reboot (not held while releaseTimeout waits). */
  private final Mutex transition = new Mutex();

  PoolGroup(PoolCore[] pools, LoadBalancingStrategy strategy) {
    this.pools = pools;
    this.strategy = strategy;
  }

  /** Checks ants' ErrInvalidMultiPoolSize and ErrInvalidLoadBalancingStrategy. */
  static void validate(int size, LoadBalancingStrategy strategy) {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be > 0, was " + size);
    }
    if (strategy == null) {
      throw new IllegalArgumentException("strategy must not be null");
    }
  }

  int size() {
    return pools.length;
  }

  private int next(LoadBalancingStrategy s) {
    if (s == LoadBalancingStrategy.ROUND_ROBIN) {
      // Opaque increments would do for spreading, but getAndAdd keeps picks evenly distributed.
      return Integer.remainderUnsigned((int) INDEX.getAndAdd(this, 1) + 1, pools.length);
    }
    // ants compares Running() only; with bounded pools all full that ties, and the waiting
    // submitters are what tells the pools apart.
    int best = 0;
    int least = Integer.MAX_VALUE;
    for (int i = 0; i < pools.length; i++) {
      int n = pools[i].running() + pools[i].waiting() + pools[i].queued();
      if (n < least) {
        least = n;
        best = i;
      }
    }
    return best;
  }

  void submit(Object item) {
    if (closed) {
      throw new PoolClosedException();
    }
    try {
      pools[next(strategy)].submit(item);
    } catch (PoolOverloadException e) {
      if (strategy != LoadBalancingStrategy.ROUND_ROBIN) {
        throw e;
      }
      pools[next(LoadBalancingStrategy.LEAST_TASKS)].submit(item);
    }
  }

  private PoolCore pool(int i) {
    if (i < 0 || i >= pools.length) {
      throw new IllegalArgumentException("index must be in [0, " + pools.length + "), was " + i);
    }
    return pools[i];
  }

  int running() {
    int n = 0;
    for (PoolCore p : pools) {
      n += p.running();
    }
    return n;
  }

  int running(int i) {
    return pool(i).running();
  }

  /** The sum over the pools; -1 when they are unbounded. */
  int free() {
    int n = 0;
    for (PoolCore p : pools) {
      int f = p.free();
      if (f < 0) {
        return -1;
      }
      n += f;
    }
    return n;
  }

  int free(int i) {
    return pool(i).free();
  }

  int waiting() {
    int n = 0;
    for (PoolCore p : pools) {
      n += p.waiting();
    }
    return n;
  }

  int waiting(int i) {
    return pool(i).waiting();
  }

  /** The sum over the pools; -1 when they are unbounded. */
  int cap() {
    int n = 0;
    for (PoolCore p : pools) {
      int c = p.cap();
      if (c < 0) {
        return -1;
      }
      n += c;
    }
    return n;
  }

  void tune(int size) {
    for (PoolCore p : pools) {
      p.tune(size);
    }
  }

  boolean isClosed() {
    return closed;
  }

  void release() {
    transition.lock();
    if (!closed) {
      closed = true;
      for (PoolCore p : pools) {
        p.release();
      }
    }
    transition.unlock();
  }

  /**
   * Releases every pool, then waits for all of them against one deadline (ants waits for each in
   * its own goroutine; releasing all first gives the same overlap without them). The timeout
   * names each pool that did not finish, as ants' joined error does.
   */
  void releaseTimeout(Duration timeout) throws TimeoutException {
    long deadline = PoolCore.deadline(timeout);
    PoolCore.Purger[] stopped = new PoolCore.Purger[pools.length];
    transition.lock();
    if (closed) {
      transition.unlock();
      throw new PoolClosedException();
    }
    closed = true;
    // The members were open with the group, so each beginRelease closes its pool and returns the
    // purge goroutine to wait for.
    for (int i = 0; i < pools.length; i++) {
      stopped[i] = pools[i].beginRelease();
    }
    transition.unlock();
    StringBuilder failed = new StringBuilder();
    for (int i = 0; i < pools.length; i++) {
      try {
        pools[i].awaitQuiescence(stopped[i], deadline);
      } catch (TimeoutException e) {
        if (!failed.isEmpty()) {
          failed.append(" | ");
        }
        failed.append("pool ").append(i).append(": ").append(e.getMessage());
      }
    }
    if (!failed.isEmpty()) {
      throw new TimeoutException(failed.toString());
    }
  }

  void reboot() {
    transition.lock();
    if (closed) {
      INDEX.setOpaque(this, -1);
      for (PoolCore p : pools) {
        p.reboot();
      }
      closed = false;
    }
    transition.unlock();
  }

  @Override
  public String toString() {
    return "[pools=" + pools.length + ", strategy=" + strategy + ", cap=" + cap() + ", running=" + running()
        + ", waiting=" + waiting() + ", closed=" + closed + "]";
  }
}
