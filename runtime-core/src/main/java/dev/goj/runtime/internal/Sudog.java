package dev.goj.runtime.internal;

/**
 * A G waiting on a queue: Go's {@code sudog} (runtime/runtime2.go). One G may have several sudogs
 * queued at once (a select), and one queue holds many.
 *
 * <p>Every field is written and read under the lock of the queue the sudog is on (channel, sema or
 * notifyList lock); the waker's last writes reach the waiter through {@link G#ready}/{@link G#park},
 * so plain fields suffice.
 */
public final class Sudog {
  public final G g;

  /** The element being sent, or the slot a received element is stored into. */
  public Object elem;

  /** Queue links (WaitQueue). */
  public Sudog next;
  public Sudog prev;

  /** Go's sudog.waitlink: the next sudog of the same select (G.waiting list). */
  public Sudog waitLink;

  /** True when the owning G is in a select: a waker must win {@link G#casSelectDone} first. */
  public boolean isSelect;

  /** True when woken by a completed operation, false when woken by a close. */
  public boolean success;

  /** Sema handoff flag / notifyList ticket. */
  public long ticket;

  /** The channel (or other object) this sudog waits on; select uses it to dequeue the losers. */
  public Object c;

  /** The select case this sudog stands for. */
  public int caseIndex;

  public Sudog(G g) {
    this.g = g;
  }
}
