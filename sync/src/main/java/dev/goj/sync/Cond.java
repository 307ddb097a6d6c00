package dev.goj.sync;

import dev.goj.runtime.internal.NotifyList;
import dev.goj.runtime.internal.WaitReason;
import java.util.Objects;

/**
 * A condition variable: a port of Go's {@code sync.Cond} (sync/cond.go) on the runtime's ticket
 * list (NotifyList). {@link #await} takes a ticket while the caller still holds {@link #l()}, then
 * unlocks and sleeps on the ticket; {@link #signal} wakes the oldest ticket and {@link #broadcast}
 * every ticket taken so far. Because the ticket is taken before the unlock, a signal or broadcast
 * made after a waiter released the lock can never miss that waiter.
 *
 * <p>Go's copy checker has no Java analogue (a Java object cannot be copied by value) and is left
 * out. As in Go, a woken waiter must re-check its condition: another thread may take the lock first.
 */
public final class Cond {
  private final Locker l;
  private final NotifyList notify = new NotifyList();

  /** A Cond on {@code l} (Go's NewCond). */
  public Cond(Locker l) {
    this.l = Objects.requireNonNull(l, "l must not be null");
  }

  /** The Locker held while observing or changing the condition (Go's c.L). */
  public Locker l() {
    return l;
  }

  /**
   * Atomically unlocks {@link #l()} and suspends the caller until a {@link #signal} or
   * {@link #broadcast} wakes it, then locks {@link #l()} again before returning (Go's Wait).
   * Not interruptible.
   */
  public void await() {
    int t = notify.add();
    l.unlock();
    notify.await(t, WaitReason.SYNC_COND_WAIT);
    l.lock();
  }

  /** Wakes the longest-waiting caller of {@link #await}, if any (Go's Signal). */
  public void signal() {
    notify.notifyOne();
  }

  /** Wakes every caller waiting in {@link #await} (Go's Broadcast). */
  public void broadcast() {
    notify.notifyAllWaiters();
  }
}
