package dev.goj.sync;

import dev.goj.runtime.Go;
import dev.goj.runtime.internal.Sema;
import dev.goj.runtime.internal.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Waits for a collection of tasks to finish: a port of Go's {@code sync.WaitGroup}
 * (sync/waitgroup.go), with Go 1.25's {@code wg.Go} as {@link #go}. Go's {@code Wait} is
 * {@link #await} here ({@code wait} is final on Object).
 *
 * <p>{@code state} packs the counter (high 32 bits) and the number of waiters (low 32 bits) into
 * one word, so "counter reached zero" and "how many to wake" are decided by one atomic step.
 * Invariants: waiters are added only while the counter is positive; the add that brings the
 * counter to zero with waiters present resets the whole word to zero and releases the semaphore
 * once per waiter. Go's misuse checks are kept: a negative counter, an add racing a wait that is
 * being released, and reuse before every waiter has returned.
 */
public final class WaitGroup {
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * counter << 32 | waiters. All accesses are volatile (sequentially consistent), as Go's atomics:
   * a waiter that reads counter == 0 is then ordered after every add that led there, so it sees
   * every write made before each {@link #done}.
   */
  private volatile long state;
  /** Waiters sleep here; package-private so white-box tests can stage a release. */
  final Sema sema = new Sema(0);

  public WaitGroup() {}

  /**
   * Adds {@code delta}, which may be negative, to the counter (Go's Add). When the counter
   * reaches zero every {@link #await} returns. Throws {@code IllegalStateException} with Go's
   * message when the counter goes negative ({@code sync: negative WaitGroup counter}) or when a
   * positive add from zero races a release of waiters
   * ({@code sync: WaitGroup misuse: Add called concurrently with Wait}). As in Go, an add that
   * starts from zero must happen before the await it is meant for.
   */
  public void add(int delta) {
    long s = (long) STATE.getAndAdd(this, (long) delta << 32) + ((long) delta << 32);
    int v = (int) (s >> 32);
    int w = (int) s;
    if (v < 0) {
      throw new IllegalStateException("sync: negative WaitGroup counter");
    }
    if (w != 0 && delta > 0 && v == delta) {
      throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
    }
    if (v > 0 || w == 0) {
      return;
    }
    // We brought the counter to zero with waiters present. Nothing else may change the word now:
    // adds must not race a wait, and waiters do not register once the counter is zero. A cheap
    // re-read still catches misuse.
    if (state != s) {
      throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
    }
    state = 0;
    for (; w != 0; w--) {
      sema.release(false);
    }
  }

  /** Decrements the counter by one (Go's Done). */
  public void done() {
    add(-1);
  }

  /**
   * Blocks until the counter is zero (Go's Wait). Not interruptible. Throws
   * {@code IllegalStateException("sync: WaitGroup is reused before previous Wait has returned")}
   * when a new add slipped in before this waiter could return.
   */
  public void await() {
    for (;;) {
      long s = state;
      if ((int) (s >> 32) == 0) {
        return;
      }
      // Register as a waiter; the CAS fails if the counter or the waiter count moved meanwhile.
      if (STATE.compareAndSet(this, s, s + 1)) {
        sema.acquire(false, WaitReason.SYNC_WAITGROUP_WAIT);
        if (state != 0) {
          throw new IllegalStateException("sync: WaitGroup is reused before previous Wait has returned");
        }
        return;
      }
    }
  }

  /**
   * Runs {@code f} in a new goroutine and tracks it (Go 1.25's wg.Go): {@code add(1)}, then
   * {@code done()} when {@code f} returns or throws. An exception escaping {@code f} is a goroutine
   * panic (printed, see {@code Go.go}); the group is still marked done, so waiters do not hang.
   */
  public void go(Runnable f) {
    Objects.requireNonNull(f, "f must not be null");
    add(1);
    Go.go(() -> {
      try {
        f.run();
      } finally {
        done();
      }
    });
  }

  /** The raw state word, for white-box tests in this package. */
  long state() {
    return state;
  }

  /** Overwrites the state word: white-box tests use it to stage Go's misuse races. */
  void setState(long s) {
    state = s;
  }

  @Override
  public String toString() {
    long s = state;
    return "WaitGroup[counter=" + (int) (s >> 32) + ", waiters=" + (int) s + "]";
  }
}
