package dev.goj.pool;

/**
 * The idle workers of a pool: ants' {@code workerQueue} (worker_queue.go). Not thread-safe: the pool
 * calls every method while holding its lock.
 *
 * <p>Workers are inserted in the order they went idle, each stamped with {@link Worker#lastUsed}
 * under the same lock, so the stamps ascend from the oldest entry to the newest and
 * {@link #refresh} can binary-search for the cut between stale and fresh workers.
 */
interface WorkerQueue {
  Worker[] NONE = new Worker[0];

  int len();

  boolean isEmpty();

  /** Adds an idle worker; false when the queue is full (a fixed-size queue only). */
  boolean insert(Worker w);

  /** Removes and returns an idle worker to hand a task to, or null when there is none. */
  Worker detach();

  /**
   * Removes and returns every worker idle since {@code cutoff} (a System.nanoTime value) or
   * earlier. The caller stops them after releasing the lock; a fresh array each time, since a
   * rebooted pool's purge goroutine may overlap the previous one's last sweep.
   */
  Worker[] refresh(long cutoff);

  /** Stops and removes every idle worker (pool release). */
  void reset();
}
