package dev.goj.sync;

import dev.goj.runtime.Go;
import dev.goj.runtime.internal.Oversubscription;
import dev.goj.runtime.internal.Sema;
import dev.goj.runtime.internal.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A mutual exclusion lock: a port of Go's {@code sync.Mutex} (sync/mutex.go, Go 1.23; the same
 * algorithm lives in internal/sync/mutex.go since Go 1.24). Not reentrant, and not owned: any
 * thread may unlock a locked Mutex. The no-argument constructor gives an unlocked Mutex.
 *
 * <p>The state word packs {@code locked | woken | starving | waiters << 3}:
 * <ul>
 *   <li>Normal mode: sleepers queue FIFO on the semaphore, but a woken sleeper competes with
 *       newly arriving lockers (which barge and may spin); a woken sleeper that loses is re-queued
 *       at the head (lifo). At most one sleeper is "woken" at a time ({@code woken} bit), so
 *       unlock does not wake a crowd.
 *   <li>Starvation mode: entered when a sleeper has waited over 1 ms. Unlock hands the mutex
 *       straight to the head sleeper (semaphore hand-off) without setting {@code locked}; new
 *       arrivals neither barge nor spin but queue at the tail. The receiving sleeper sets
 *       {@code locked} itself, and switches back to normal mode when it is the last sleeper or
 *       waited under 1 ms.
 * </ul>
 * Invariants: {@code starving} implies {@code waiters > 0} or a hand-off in flight; the waiter
 * count counts threads that committed to sleeping on (or are waking from) {@link #sema}.
 */
public final class Mutex implements Locker {
  static final int MUTEX_LOCKED = 1;
  static final int MUTEX_WOKEN = 1 << 1;
  static final int MUTEX_STARVING = 1 << 2;
  static final int MUTEX_WAITER_SHIFT = 3;
  static final long STARVATION_THRESHOLD_NS = 1_000_000L;

  /** Go's active_spin: at most this many spin rounds before queueing. */
  private static final int ACTIVE_SPIN = 4;
  /**
   * PAUSE instructions per spin round (Go's active_spin_cnt, which is 30). Larger than Go's for two
   * reasons measured here: a spinner that gives up sleeps on a futex and costs the unlocker a
   * kernel wake (microseconds, against a goroutine's hundred-nanosecond park), so spinning pays
   * for longer; and each round ends in a read of the state word, which pulls its cache line away
   * from the holder, so fewer reads leave the holder's lock/unlock cycle alone. With PAUSE at
   * 18-25 ns on both machines measured, a round is 4-6 µs. 4 platform threads contended, against
   * ReentrantLock in the same runs: 16-core Xeon 20.4 -> 40.9 ops/µs (ReentrantLock 33-35), 2-core
   * EPYC 169 -> 189-197 (ReentrantLock 198-214).
   */
  private static final int ACTIVE_SPIN_CNT = 240;
  /** Go's own active_spin_cnt: the rounds of a {@code shortWhenOversubscribed} mutex then. */
  private static final int GO_ACTIVE_SPIN_CNT = 30;
  private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;

  private static final VarHandle STATE;
  private static final VarHandle SEMA;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(Mutex.class, "state", int.class);
      SEMA = l.findVarHandle(Mutex.class, "sema", Sema.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Every transition is a read-modify-write of this one word, so all lockers and unlockers agree
   * on one modification order, and each unlock's write is ordered before the lock that reads it.
   * Acquire (lock) and release (unlock) would suffice, but unlock uses the volatile getAndAdd: it
   * is the only form HotSpot compiles to one LOCK XADD (getAndAddRelease is a CAS loop in Unsafe),
   * and on x86 any locked instruction is a full fence anyway. The CASes are volatile to match.
   */
  private volatile int state;

  /**
   * Created on first contention: most mutexes (a Once's, an idle RWMutex's) never sleep anyone.
   * Go keys its semaphore by address; each Mutex owning one keeps the queues apart the same way.
   */
  private volatile Sema sema;

  /** Spin Go's short rounds while the machine is oversubscribed (see RWMutex's writer mutex). */
  private final boolean shortWhenOversubscribed;

  public Mutex() {
    this(false);
  }

  /**
   * With {@code shortWhenOversubscribed}, spin rounds are Go's 30 PAUSEs while more threads are
   * runnable than cores ({@link Oversubscription}), else the usual {@link #ACTIVE_SPIN_CNT}.
   */
  Mutex(boolean shortWhenOversubscribed) {
    this.shortWhenOversubscribed = shortWhenOversubscribed;
  }

  /** Locks the mutex, blocking until it is available (Go's Lock). */
  @Override
  public void lock() {
    // Fast path. Go's is CAS(0, locked); but while sleepers are queued the word is never 0, so
    // every barging lock would fail that CAS and then make the same transition in lockSlow's first
    // step (set locked on an unlocked, non-starving word, waiter count unchanged). We make that
    // transition here directly: one CAS instead of two, the same algorithm.
    int old = state;
    if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) == 0 && STATE.compareAndSet(this, old, old | MUTEX_LOCKED)) {
      return;
    }
    lockSlow(false);
  }

  /**
   * Locks the mutex if that is possible right now (Go's TryLock). Like Go, it does not barge in
   * starvation mode, and it may fail spuriously when it races another locker.
   */
  public boolean tryLock() {
    int old = state;
    if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) != 0) {
      return false;
    }
    // A sleeper may be about to wake, but we are running and may take the mutex first.
    return STATE.compareAndSet(this, old, old | MUTEX_LOCKED);
  }

  /**
   * Test hook (white-box JUnit and jcstress tests, the latter through a private lookup): locks like
   * {@link #lock} but as a sleeper that has already waited past the 1 ms threshold, so a contended
   * call puts the mutex in starvation mode without the test sleeping for it.
   */
  void lockStarving() {
    int old = state;
    if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) == 0 && STATE.compareAndSet(this, old, old | MUTEX_LOCKED)) {
      return;
    }
    lockSlow(true);
  }

  private void lockSlow(boolean starving) {
    long waitStart = 0;
    boolean waited = false;
    boolean awoke = false;
    int iter = 0;
    int old = state;
    for (;;) {
      // No spinning in starvation mode: the mutex is handed to a sleeper, we could not get it.
      if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) == MUTEX_LOCKED && canSpin(iter)) {
        // Setting woken tells unlock not to wake a sleeper: we are about to take the mutex.
        if (!awoke && (old & MUTEX_WOKEN) == 0 && (old >>> MUTEX_WAITER_SHIFT) != 0
            && STATE.compareAndSet(this, old, old | MUTEX_WOKEN)) {
          awoke = true;
        }
        doSpin(shortWhenOversubscribed && Oversubscription.now() ? GO_ACTIVE_SPIN_CNT : ACTIVE_SPIN_CNT);
        iter++;
        old = state;
        continue;
      }
      int next = old;
      // A starving mutex belongs to the sleepers: arrivals must queue.
      if ((old & MUTEX_STARVING) == 0) {
        next |= MUTEX_LOCKED;
      }
      if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) != 0) {
        next += 1 << MUTEX_WAITER_SHIFT;
      }
      // Switch to starvation mode, but only while locked: unlock expects a starving mutex to have
      // sleepers to hand to, which an unlocked one need not have.
      if (starving && (old & MUTEX_LOCKED) != 0) {
        next |= MUTEX_STARVING;
      }
      if (awoke) {
        // We were woken (or claimed woken while spinning): clear the flag whatever happens next.
        if ((next & MUTEX_WOKEN) == 0) {
          throw new IllegalStateException("sync: inconsistent mutex state");
        }
        next &= ~MUTEX_WOKEN;
      }
      // Full CAS: it may take the lock (acquire) and it publishes the waiter count that a racing
      // unlock reads before it releases the semaphore.
      if (STATE.compareAndSet(this, old, next)) {
        if ((old & (MUTEX_LOCKED | MUTEX_STARVING)) == 0) {
          return; // took the mutex with the CAS
        }
        // A sleeper that was woken and lost goes back to the head of the queue.
        boolean queueLifo = waited;
        if (!waited) {
          waited = true;
          waitStart = System.nanoTime();
        }
        sema().acquire(queueLifo, WaitReason.SYNC_MUTEX_LOCK);
        starving = starving || System.nanoTime() - waitStart > STARVATION_THRESHOLD_NS;
        old = state;
        if ((old & MUTEX_STARVING) != 0) {
          // The mutex was handed to us: locked is clear and we still count as a waiter. Fix both.
          if ((old & (MUTEX_LOCKED | MUTEX_WOKEN)) != 0 || (old >>> MUTEX_WAITER_SHIFT) == 0) {
            throw new IllegalStateException("sync: inconsistent mutex state");
          }
          int delta = MUTEX_LOCKED - (1 << MUTEX_WAITER_SHIFT);
          if (!starving || (old >>> MUTEX_WAITER_SHIFT) == 1) {
            // Leave starvation mode here, considering our own wait: staying in it while handing
            // the mutex back and forth would lock two threads into slow lock-step forever.
            delta -= MUTEX_STARVING;
          }
          STATE.getAndAdd(this, delta);
          return;
        }
        awoke = true;
        iter = 0;
      } else {
        old = state;
      }
    }
  }

  /**
   * Go's sync_runtime_canSpin: spin only a few rounds, only on a multicore machine with
   * GOMAXPROCS > 1. Go also requires another running P and an empty local run queue. Platform and
   * JDK virtual threads have no P to ask, so the stand-in for "another P is running" is the state
   * check our caller makes: the mutex is locked in normal mode, so its holder is running (or about
   * to run) elsewhere. Goroutines on goj's scheduler could ask {@code Sched.canSpin()}, but with
   * it 4 goroutines contending on 2 Ps measured slower (137-184 against 181-189 ops/µs), so they
   * use the same stand-in.
   */
  private static boolean canSpin(int iter) {
    return iter < ACTIVE_SPIN && MULTICORE && Go.gomaxprocs(0) > 1;
  }

  /** Go's procyield(active_spin_cnt). */
  private static void doSpin(int spinCnt) {
    for (int i = 0; i < spinCnt; i++) {
      Thread.onSpinWait();
    }
  }

  /**
   * Unlocks the mutex (Go's Unlock). Unlocking an unlocked mutex throws
   * {@code IllegalStateException("sync: unlock of unlocked mutex")}.
   */
  @Override
  public void unlock() {
    int next = (int) STATE.getAndAdd(this, -MUTEX_LOCKED) - MUTEX_LOCKED;
    if (next != 0) {
      unlockSlow(next);
    }
  }

  private void unlockSlow(int next) {
    if (((next + MUTEX_LOCKED) & MUTEX_LOCKED) == 0) {
      // Go dies here (fatal); Java code can catch the exception, so give the bit back first.
      STATE.getAndAdd(this, MUTEX_LOCKED);
      throw new IllegalStateException("sync: unlock of unlocked mutex");
    }
    if ((next & MUTEX_STARVING) != 0) {
      // Starvation mode: hand the mutex to the head sleeper. locked stays clear until it wakes,
      // but starving keeps arrivals out meanwhile.
      sema().release(true);
      return;
    }
    int old = next;
    for (;;) {
      // Nobody to wake, or a sleeper is already woken, or someone took the lock, or it went
      // starving after our decrement (then its hand-off chain does not include us): done.
      if ((old >>> MUTEX_WAITER_SHIFT) == 0
          || (old & (MUTEX_LOCKED | MUTEX_WOKEN | MUTEX_STARVING)) != 0) {
        return;
      }
      // Take the right to wake one sleeper.
      int woken = (old - (1 << MUTEX_WAITER_SHIFT)) | MUTEX_WOKEN;
      if (STATE.compareAndSet(this, old, woken)) {
        sema().release(false);
        return;
      }
      old = state;
    }
  }

  private Sema sema() {
    Sema s = sema;
    if (s != null) {
      return s;
    }
    s = new Sema(0);
    // Volatile CAS: the Sema's fields are published with the reference; a loser uses the winner's.
    Sema prev = (Sema) SEMA.compareAndExchange(this, null, s);
    return prev == null ? s : prev;
  }

  /** The raw state word, for white-box tests and stress tests in this package. */
  int state() {
    return state;
  }

  @Override
  public String toString() {
    int s = state;
    return "Mutex[" + ((s & MUTEX_LOCKED) != 0 ? "locked" : "unlocked")
        + ((s & MUTEX_STARVING) != 0 ? ", starving" : "")
        + ", waiters=" + (s >>> MUTEX_WAITER_SHIFT) + "]";
  }
}
