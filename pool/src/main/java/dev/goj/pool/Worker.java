package dev.goj.pool;

import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.WaitReason;

/**
 * One pooled goroutine: ants' {@code goWorker} / {@code goWorkerWithFunc} (worker.go,
 * worker_func.go). It runs the item it was spawned with, puts itself back on the pool's idle list,
 * parks, and runs the next item handed to it, until it is stopped (expiry, release), cannot go back
 * (pool closed, capacity tuned below the running count, fixed idle list full) or its item throws.
 *
 * <p>ants hands items over through a channel of capacity 0 or 1; here the hand-off is a one-item
 * slot plus the runtime's park/ready handshake, which is what that channel reduces to when exactly
 * one sender (whoever detached the worker from the idle list) meets exactly one receiver.
 *
 * <p>Invariants: the worker parks only after inserting itself into the idle list, and only the
 * thread that removes it from that list (a submitter, the purge goroutine, release) writes
 * {@link #item} and calls ready(), once: so every park is matched by exactly one ready, as G
 * requires. The idle list's lock orders the worker's writes before the detacher's, and ready/park
 * orders the detacher's {@link #item} write before the worker's read: plain fields suffice.
 */
final class Worker implements Runnable {
  /** The item that tells a worker to exit (ants sends nil). Private: no caller can submit it. */
  private static final Object STOP = new Object();

  private final PoolCore pool;
  /** The next item to run; null is a legal PoolWithFunc argument, so emptiness is not null. */
  private Object item;
  /** This worker's goroutine record, set by the worker before it can first go idle. */
  private G g;
  /** System.nanoTime when it last went idle; written and read under the pool's lock. */
  long lastUsed;

  Worker(PoolCore pool, Object first) {
    this.pool = pool;
    this.item = first;
  }

  @Override
  public void run() {
    g = G.current();
    Object x = item;
    // Whether this worker still counts in the pool's running total; revertWorker uncounts the
    // workers it turns away itself, so that surplus workers are retired exactly.
    boolean counted = true;
    try {
      for (;;) {
        // Drop the reference before the item runs, so an idle worker keeps no finished task alive.
        item = null;
        if (!pool.runItem(x)) {
          return;
        }
        if (!pool.revertWorker(this)) {
          counted = false;
          return;
        }
        // ants' worker blocks receiving from its task channel: dumps show the same wait reason.
        g.park(WaitReason.CHAN_RECEIVE);
        x = item;
        if (x == STOP) {
          return;
        }
      }
    } finally {
      if (counted) {
        pool.workerExited();
      }
    }
  }

  /** Hands {@code x} to this idle worker (ants' inputFunc/inputArg); the caller detached it. */
  void input(Object x) {
    item = x;
    // ready() is a full-fence getAndSet: the item write is visible once the worker sees READY.
    g.ready();
  }

  /** Tells this idle worker to exit (ants' finish); the caller detached it. */
  void finish() {
    input(STOP);
  }
}
