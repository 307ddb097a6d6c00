package dev.goj.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A doubly linked FIFO of sudogs: Go's {@code waitq} (runtime/chan.go), also the per-semaphore
 * wait list of runtime/sema.go. Not thread-safe: every call happens under the owner's lock.
 *
 * <p>Invariant: {@code first == null} iff {@code last == null}; a sudog is on at most one queue of
 * this kind per channel/semaphore at a time, and its links are null while it is on none.
 */
public final class WaitQueue {
  private static final VarHandle FIRST;

  static {
    try {
      FIRST = MethodHandles.lookup().findVarHandle(WaitQueue.class, "first", Sudog.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Sudog first;
  private Sudog last;

  public boolean isEmpty() {
    return first == null;
  }

  /**
   * Emptiness read without the owner's lock, for the lock-free fast paths of non-blocking channel
   * operations (Go's atomic load of {@code waitq.first} in chan.go's empty/full). The answer may be
   * stale by the time it returns; callers only use it where any value the queue held recently is
   * acceptable. Acquire (not plain) so the JIT cannot hoist it out of a polling loop and so it is
   * ordered before the caller's next read of the channel's closed word.
   */
  public boolean observedEmpty() {
    return FIRST.getAcquire(this) == null;
  }

  public Sudog peek() {
    return first;
  }

  /**
   * Empties the queue and returns its former first sudog; the rest follow through {@code next}.
   * The caller unlinks each one before waking it.
   */
  public Sudog takeAll() {
    Sudog s = first;
    first = last = null;
    return s;
  }

  /** Appends at the tail (FIFO). */
  public void enqueue(Sudog s) {
    s.next = null;
    Sudog x = last;
    if (x == null) {
      s.prev = null;
      first = last = s;
      return;
    }
    s.prev = x;
    x.next = s;
    last = s;
  }

  /** Inserts at the head: a woken waiter that lost the race goes back to the front (sema's lifo). */
  public void enqueueFirst(Sudog s) {
    s.prev = null;
    Sudog x = first;
    if (x == null) {
      s.next = null;
      first = last = s;
      return;
    }
    s.next = x;
    x.prev = s;
    first = s;
  }

  /**
   * Removes and returns the first sudog whose G can be woken, or null. A select sudog counts only if
   * this caller wins its G's select word; one that loses belongs to a select that another channel
   * already completed and is just dropped (that select removes its other sudogs itself).
   */
  public Sudog dequeue() {
    for (;;) {
      Sudog s = first;
      if (s == null) {
        return null;
      }
      Sudog y = s.next;
      if (y == null) {
        first = last = null;
      } else {
        y.prev = null;
        first = y;
        s.next = null;
      }
      if (s.isSelect && !s.g.casSelectDone()) {
        continue;
      }
      return s;
    }
  }

  /** Unlinks {@code s} if it is on this queue (Go's dequeueSudoG, used by select's pass 3). */
  public void remove(Sudog s) {
    Sudog x = s.prev;
    Sudog y = s.next;
    if (x != null) {
      if (y != null) {
        x.next = y;
        y.prev = x;
        s.next = null;
        s.prev = null;
        return;
      }
      x.next = null;
      last = x;
      s.prev = null;
      return;
    }
    if (y != null) {
      y.prev = null;
      first = y;
      s.next = null;
      return;
    }
    if (first == s) {
      first = null;
      last = null;
    }
  }
}
