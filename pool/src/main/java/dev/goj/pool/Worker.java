package dev.goj.pool;

import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.WaitReason;
import dev.goj.runtime.sched.Sched;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pooled goroutine: ants' {@code goWorker} / {@code goWorkerWithFunc} (worker.go,
 * worker_func.go). It runs the item it was spawned with, puts itself back on the pool's idle list,
 * waits, and runs the next item handed to it, until it is stopped (expiry, release), cannot go back
 * (pool closed, capacity tuned below the running count, fixed idle list full) or its item throws.
 *
 * <p>ants hands items over through a channel of capacity 1 (when GOMAXPROCS > 1): the submitter
 * never waits for the worker to receive. Here that channel is the one-item {@link #slot}, with
 * exactly one sender (whoever detached the worker from the idle list) and one receiver. An idle
 * worker first polls the slot for a while and parks only then: in a flood of short tasks the LIFO
 * idle list hands the next item to the worker that went idle last, which is still polling, so no
 * goroutine wake-up (a scheduler submission and often a thread wake) is paid per item.
 *
 * <p>Slot protocol: the worker empties the slot ({@link #EMPTY}) before it goes on the idle list;
 * the detacher swaps the item in; a worker done polling CASes EMPTY to {@link #PARKED} and parks.
 * The detacher calls ready() only when its swap replaced PARKED, so every park is matched by
 * exactly one ready, as G requires, and a polling worker that sees the item runs it without one.
 * The idle list's lock orders the worker's EMPTY write before the detacher's swap.
 */
final class Worker implements Runnable {
  /** The item that tells a worker to exit (ants sends nil). Private: no caller can submit it. */
  private static final Object STOP = new Object();
  /** In {@link #slot}: no item; the worker is busy, or idle and polling. */
  private static final Object EMPTY = new Object();
  /** In {@link #slot}: no item; the worker is idle and parked, or about to park. */
  private static final Object PARKED = new Object();
  /** In {@link #slot}: a null PoolWithFunc argument (null itself could not be told from "none"). */
  private static final Object NIL = new Object();
  /**
   * Polls of the slot before parking (200 PAUSEs: about 5 us on the 2-core AMD EPYC PoolBench ran
   * on, a few wake-up costs); none on one CPU, where the sender cannot run meanwhile.
   */
  private static final int POLLS = Runtime.getRuntime().availableProcessors() > 1 ? 200 : 0;
  private static final VarHandle SLOT;

  static {
    try {
      SLOT = MethodHandles.lookup().findVarHandle(Worker.class, "slot", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final PoolCore pool;
  /** The first item, dropped once taken. */
  private Object first;
  /** The hand-off word: EMPTY, PARKED, or the next item (STOP, NIL or a task or argument). */
  @SuppressWarnings("unused") // accessed through SLOT
  private volatile Object slot = EMPTY;
  /** This worker's goroutine record, set by the worker before it can first go idle. */
  private G g;
  /** System.nanoTime when it last went idle; written and read under the pool's lock. */
  long lastUsed;

  Worker(PoolCore pool, Object first) {
    this.pool = pool;
    this.first = first;
  }

  @Override
  public void run() {
    g = G.current();
    Object x = first;
    // Drop the reference before the item runs, so an idle worker keeps no finished task alive.
    first = null;
    // Whether this worker still counts in the pool's running total; revertWorker uncounts the
    // workers it turns away itself, so that surplus workers are retired exactly.
    boolean counted = true;
    try {
      for (;;) {
        if (!pool.runItem(x)) {
          return;
        }
        // Plain write: the pool lock that revertWorker takes publishes it before any detacher swaps.
        SLOT.set(this, EMPTY);
        if (!pool.revertWorker(this)) {
          counted = false;
          return;
        }
        x = receive();
        if (x == STOP) {
          return;
        }
        if (x == NIL) {
          x = null;
        }
      }
    } finally {
      if (counted) {
        pool.workerExited();
      }
    }
  }

  /** Waits for the item a detacher swaps into the slot (ants' receive from the task channel). */
  private Object receive() {
    Object x;
    // Go's rule for spinning before blocking (sync_runtime_canSpin): only while another P runs, and
    // while no goroutine of our P waits for the carrier we would hold (it may be the sender).
    for (int i = POLLS > 0 && Sched.canSpin() ? POLLS : 0; i > 0; i--) {
      // Acquire pairs with the detacher's swap, so the item's own fields are visible.
      if ((x = SLOT.getAcquire(this)) != EMPTY) {
        return x;
      }
      Thread.onSpinWait();
    }
    if (SLOT.compareAndSet(this, EMPTY, PARKED)) {
      // ants' worker blocks receiving from its task channel: dumps show the same wait reason.
      g.park(WaitReason.CHAN_RECEIVE);
    }
    // Either the CAS failed (the item is in) or the ready that ended the park came after the swap.
    return SLOT.getAcquire(this);
  }

  /** Hands {@code x} to this idle worker (ants' inputFunc/inputArg); the caller detached it. */
  void input(Object x) {
    // A full-fence swap: the item's writes are visible to the worker that sees it, and we learn
    // whether the worker already committed to parking, then it needs the ready.
    if (SLOT.getAndSet(this, x == null ? NIL : x) == PARKED) {
      g.ready();
    }
  }

  /** Tells this idle worker to exit (ants' finish); the caller detached it. */
  void finish() {
    input(STOP);
  }
}
