package dev.goj.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A G waiting on a queue: Go's {@code sudog} (runtime/runtime2.go). One G may have several sudogs
 * queued at once (a select), and one queue holds many.
 *
 * <p>Every field is written and read under the lock of the queue the sudog is on (channel, sema or
 * notifyList lock); the waker's last writes reach the waiter through {@link G#ready}/{@link G#park},
 * so plain fields suffice. A channel's plain (non-select) waiter is completed through its sudog
 * instead ({@link #complete}), so that a spinning waiter and its waker share one line: the waker
 * readies the G only if the waiter had committed to parking. A sudog posted to an unbuffered
 * channel's lock-free slot is published by the slot's CAS and owned by the partner whose CAS takes
 * it out, as if dequeued under the lock.
 */
public final class Sudog {
  private static final VarHandle STATE;
  // state: a wait that is completed through its sudog (complete/commitPark); unused otherwise
  private static final int WAITING = 0;
  private static final int DONE = 1;
  private static final int PARKED = 2;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Sudog.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The element being sent, or the slot a received element is stored into. Declared as the first
   * reference field so that HotSpot lays it out right after the flags a partner reads and the state
   * it swaps, making it likelier that a hand-off touches one cache line of the sudog, not two.
   */
  public Object elem;

  public final G g;


  /** Queue links (WaitQueue). */
  public Sudog next;
  public Sudog prev;

  /** Go's sudog.waitlink: the next sudog of the same select (G.waiting list). */
  public Sudog waitLink;

  /** True when the owning G is in a select: a waker must win {@link G#casSelectDone} first. */
  public boolean isSelect;

  /**
   * True for a send. Read by a partner that finds this sudog in an unbuffered channel's lock-free
   * slot rather than on one of its two queues (Chan's {@code direct}); set before it is posted.
   */
  public boolean isSend;

  /** True when woken by a completed operation, false when woken by a close. */
  public boolean success;

  /** Sema handoff flag / notifyList ticket. */
  public long ticket;

  /** The channel (or other object) this sudog waits on; select uses it to dequeue the losers. */
  public Object c;

  /** The select case this sudog stands for. */
  public int caseIndex;

  @SuppressWarnings("unused") // accessed through STATE
  private int state;

  public Sudog(G g) {
    this.g = g;
  }

  /**
   * Waker: marks this wait completed, after writing {@code elem} and {@code success}; whether the
   * waiter committed to parking, in which case the caller must {@link G#ready} it. The swap
   * publishes those writes (release) and orders against {@link #commitPark} on the same word, so
   * exactly one of the two sides sees the other: the waiter sleeps only if it will be readied.
   */
  public boolean complete() {
    return (int) STATE.getAndSet(this, DONE) == PARKED;
  }

  /** Waiter: whether a waker completed this wait; acquire, so its writes to the sudog are visible. */
  public boolean isDone() {
    return (int) STATE.getAcquire(this) == DONE;
  }

  /**
   * Waiter: commits to parking until {@link G#ready}; false when a waker completed the wait first
   * (then no ready comes, and the waiter must not park).
   */
  public boolean commitPark() {
    return STATE.compareAndSet(this, WAITING, PARKED);
  }
}
