package dev.goj.runtime.internal;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The short internal lock that guards a wait queue, a semaphore root or a channel: Go's
 * {@code runtime.mutex} (runtime/lock_futex.go). Invariants: not reentrant; held only across a few
 * field updates, never across a park of the holder.
 *
 * <p>Like lock2 it spins briefly before sleeping, since the holder is about to release. The sleep
 * path is AbstractQueuedSynchronizer's, which parks platform and virtual threads alike without
 * pinning a carrier; AQS allocates its queue node only when a thread really has to sleep.
 */
public final class RuntimeMutex extends AbstractQueuedSynchronizer {
  private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0;

  public void lock() {
    if (!compareAndSetState(0, 1)) {
      lockSlow();
    }
  }

  public void unlock() {
    release(1);
  }

  private void lockSlow() {
    for (int i = 0; i < SPINS; i++) {
      Thread.onSpinWait();
      if (getState() == 0 && compareAndSetState(0, 1)) {
        return;
      }
    }
    acquire(1);
  }

  @Override
  protected boolean tryAcquire(int ignored) {
    return compareAndSetState(0, 1);
  }

  @Override
  protected boolean tryRelease(int ignored) {
    // Release store: everything written under the lock is visible to the next holder's CAS.
    setState(0);
    return true;
  }

  @Override
  public String toString() {
    return getState() == 0 ? "RuntimeMutex[unlocked]" : "RuntimeMutex[locked]";
  }
}
