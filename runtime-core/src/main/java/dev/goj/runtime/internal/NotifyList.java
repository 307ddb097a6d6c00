package dev.goj.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A ticket-based list of waiters for sync.Cond: Go's notifyList (runtime/sema.go).
 *
 * <p>A waiter takes a ticket with {@link #add} before it releases the Cond's lock and then waits on
 * that ticket. {@code notify} is the next ticket to wake; every ticket below it has been woken (or
 * will return at once). Tickets wrap around, so they compare by signed difference. Invariants:
 * {@code notify} only grows, only under {@code lock}; queued sudogs all hold tickets >= notify.
 * No wake-up is lost: a notify after {@code add} either finds the sudog queued or advances
 * {@code notify} past the ticket first, and the waiter checks {@code notify} under the same lock
 * before it queues.
 */
public final class NotifyList {
  private static final VarHandle WAIT;
  private static final VarHandle NOTIFY;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      WAIT = l.findVarHandle(NotifyList.class, "wait", int.class);
      NOTIFY = l.findVarHandle(NotifyList.class, "notify", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The ticket the next waiter will get. */
  private volatile int wait;
  /** The next ticket to be notified. */
  private volatile int notify;
  private final RuntimeMutex lock = new RuntimeMutex();
  private final WaitQueue queue = new WaitQueue();

  private static boolean less(int a, int b) {
    return a - b < 0;
  }

  /** Takes the next ticket (Go's notifyListAdd). */
  public int add() {
    return (int) WAIT.getAndAdd(this, 1);
  }

  /** Waits until ticket {@code t} is notified (Go's notifyListWait). */
  public void await(int t, String reason) {
    lock.lock();
    if (less(t, notify)) {
      lock.unlock();
      return;
    }
    Sudog s = new Sudog(G.current());
    s.ticket = t;
    queue.enqueue(s);
    lock.unlock();
    s.g.park(reason);
  }

  /** Wakes every waiter that holds a ticket (Go's notifyListNotifyAll). */
  public void notifyAllWaiters() {
    // Fast path: no ticket was taken since the last notify. Volatile reads; a racing add is
    // ordered after this notify, exactly as if it had come later.
    if (wait == notify) {
      return;
    }
    lock.lock();
    Sudog s = queue.takeAll();
    NOTIFY.setVolatile(this, wait);
    lock.unlock();
    while (s != null) {
      Sudog next = s.next;
      s.next = null;
      s.prev = null;
      s.g.ready();
      s = next;
    }
  }

  /** Wakes the holder of the oldest unnotified ticket, if any (Go's notifyListNotifyOne). */
  public void notifyOne() {
    if (wait == notify) {
      return;
    }
    lock.lock();
    int t = notify;
    if (t == wait) {
      lock.unlock();
      return;
    }
    // Advance notify first: if ticket t is not queued yet, its waiter sees it is passed and returns.
    NOTIFY.setVolatile(this, t + 1);
    for (Sudog s = queue.peek(); s != null; s = s.next) {
      if ((int) s.ticket == t) {
        queue.remove(s);
        lock.unlock();
        s.g.ready();
        return;
      }
    }
    lock.unlock();
  }
}
