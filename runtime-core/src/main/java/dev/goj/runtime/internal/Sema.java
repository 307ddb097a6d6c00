package dev.goj.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counting semaphore that sync primitives sleep on: Go's semacquire/semrelease
 * (runtime/sema.go). Go keys a global table by the address of a uint32; here each user owns its
 * Sema, which holds the count, the waiter count and the FIFO of sleeping sudogs.
 *
 * <p>Invariants: {@code count >= 0}; {@code nwait} is at least the number of queued sudogs and is
 * changed only under {@code lock}. A waiter increments nwait before its last look at count, and
 * a releaser increments count before it looks at nwait; both are volatile (sequentially consistent)
 * so at least one of the two sees the other: a release can never miss a waiter that is about to
 * sleep (the Dekker pattern that Go's atomics give sema.go).
 */
public final class Sema {
  private static final VarHandle COUNT;
  private static final VarHandle NWAIT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      COUNT = l.findVarHandle(Sema.class, "count", int.class);
      NWAIT = l.findVarHandle(Sema.class, "nwait", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int count;
  private volatile int nwait;
  private final RuntimeMutex lock = new RuntimeMutex();
  private final WaitQueue queue = new WaitQueue();

  public Sema(int initial) {
    if (initial < 0) {
      throw new IllegalArgumentException("initial must be >= 0, was " + initial);
    }
    this.count = initial;
  }

  /** The current count (for tests and diagnostics). */
  public int count() {
    return count;
  }

  /** Go's cansemacquire: takes one unit if there is one, without blocking. */
  public boolean tryAcquire() {
    for (;;) {
      int v = count;
      if (v == 0) {
        return false;
      }
      if (COUNT.compareAndSet(this, v, v - 1)) {
        return true;
      }
    }
  }

  /**
   * Go's semacquire1: waits until a unit can be taken, or until a releaser hands one over directly.
   * {@code lifo} queues this waiter at the head (a woken waiter that lost the race again).
   */
  public void acquire(boolean lifo, String reason) {
    acquire(lifo, reason, true);
  }

  /** {@link #acquire(boolean, String)}; {@code spin} false skips the spin before parking. */
  public void acquire(boolean lifo, String reason, boolean spin) {
    if (tryAcquire()) {
      return;
    }
    Sudog s = new Sudog(G.current());
    for (;;) {
      lock.lock();
      NWAIT.getAndAdd(this, 1);
      if (tryAcquire()) {
        NWAIT.getAndAdd(this, -1);
        lock.unlock();
        return;
      }
      s.ticket = 0;
      if (lifo) {
        queue.enqueueFirst(s);
      } else {
        queue.enqueue(s);
      }
      lock.unlock();
      s.g.park(reason, spin);
      // ticket 1: the releaser took the unit on our behalf (handoff); else compete for it.
      if (s.ticket != 0 || tryAcquire()) {
        return;
      }
    }
  }

  /**
   * Go's semrelease1: adds a unit and wakes the first waiter. With {@code handoff} the unit is
   * passed straight to that waiter and the releaser yields so the waiter runs soon (starvation-mode
   * Mutex).
   */
  public void release(boolean handoff) {
    COUNT.getAndAdd(this, 1);
    if (nwait == 0) {
      return;
    }
    lock.lock();
    if (nwait == 0) {
      lock.unlock();
      return;
    }
    Sudog s = queue.dequeue();
    if (s != null) {
      NWAIT.getAndAdd(this, -1);
    }
    lock.unlock();
    if (s == null) {
      return;
    }
    if (handoff && tryAcquire()) {
      s.ticket = 1;
    }
    s.g.ready();
    if (s.ticket == 1) {
      Thread.yield();
    }
  }
}
