package dev.goj.runtime.sched;

import dev.goj.runtime.internal.RuntimeMutex;

/**
 * The global run queue, Go's {@code sched.runq} with {@code sched.runqsize} (runtime/proc.go:
 * globrunqput, globrunqputhead, globrunqputbatch and the pop half of globrunqget).
 *
 * <p>It holds goroutines made runnable by threads that own no P (a platform thread starting one,
 * the JDK's timer and unblocker threads, an M whose P was retaken), half of a local queue that
 * overflowed, goroutines that called Gosched, and those of Ps destroyed by procresize.
 *
 * <p>Every method but {@link #size} must be called holding {@link #lock}, which is {@code sched.lock}:
 * the queue is a plain ring. {@code size} is volatile so the scheduler can check for global work
 * without the lock, as Go reads {@code sched.runqsize}; a stale read only delays a check that is
 * repeated under the lock before any M goes to sleep.
 */
public final class GlobalRunQueue {
  /** sched.lock: guards this queue and the scheduler state in {@link Sched}. */
  public final RuntimeMutex lock;
  private Runnable[] ring = new Runnable[64];
  private int head;
  private volatile int size;

  public GlobalRunQueue(RuntimeMutex lock) {
    this.lock = lock;
  }

  /** Go's sched.runqsize; may be read without the lock. */
  public int size() {
    return size;
  }

  /** Go's globrunqput: appends at the tail. */
  public void put(Runnable gp) {
    int n = size;
    grow(n + 1);
    ring[(head + n) & (ring.length - 1)] = gp;
    size = n + 1;
  }

  /** Go's globrunqputhead: prepends, for goroutines that were already first in line. */
  public void putHead(Runnable gp) {
    int n = size;
    grow(n + 1);
    head = (head - 1) & (ring.length - 1);
    ring[head] = gp;
    size = n + 1;
  }

  /** Go's globrunqputbatch: appends {@code batch[0..n)} in order. */
  public void putBatch(Runnable[] batch, int n) {
    int s = size;
    grow(s + n);
    int mask = ring.length - 1;
    for (int i = 0; i < n; i++) {
      ring[(head + s + i) & mask] = batch[i];
    }
    size = s + n;
  }

  /** Removes and returns the head, or null when empty. */
  public Runnable pop() {
    int n = size;
    if (n == 0) {
      return null;
    }
    Runnable gp = ring[head];
    ring[head] = null;
    head = (head + 1) & (ring.length - 1);
    size = n - 1;
    return gp;
  }

  private void grow(int need) {
    if (need <= ring.length) {
      return;
    }
    int cap = ring.length;
    while (cap < need) {
      cap <<= 1;
    }
    Runnable[] r = new Runnable[cap];
    int n = size;
    for (int i = 0; i < n; i++) {
      r[i] = ring[(head + i) & (ring.length - 1)];
    }
    ring = r;
    head = 0;
  }

  @Override
  public String toString() {
    return "GlobalRunQueue[size=" + size + ", cap=" + ring.length + "]";
  }
}
