package dev.goj.runtime.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * A one-shot sleep/wake-up event: Go's {@code note} (runtime/lock_futex.go: notesleep, notetsleep,
 * notewakeup, noteclear). Ms park on one between jobs, sysmon sleeps on one while every P is idle,
 * and stopTheWorld waits on one for the last P to stop.
 *
 * <p>Invariants: at most one thread sleeps on a note at a time; {@link #wakeup} is called at most
 * once between two {@link #clear}s; only the sleeper clears. A wake-up that comes before the sleep
 * is not lost: the sleeper publishes itself and then reads {@code key}, the waker sets {@code key}
 * and then reads the sleeper, both volatile, so at least one of them sees the other.
 */
final class Note {
  private volatile boolean key;
  private volatile Thread sleeper;

  /**
   * Go's notesleep: blocks until {@link #wakeup}. Not interruptible: an interrupt (which would make
   * park return at once, forever) is cleared while sleeping and re-asserted on return.
   */
  void sleep() {
    sleeper = Thread.currentThread();
    boolean interrupted = false;
    while (!key) {
      LockSupport.park(this);
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Go's notetsleep: as {@link #sleep} but gives up after {@code nanos}; returns whether woken. */
  boolean sleep(long nanos) {
    sleeper = Thread.currentThread();
    long deadline = System.nanoTime() + nanos;
    boolean interrupted = false;
    try {
      while (!key) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return key;
        }
        LockSupport.parkNanos(this, left);
        interrupted |= Thread.interrupted();
      }
      return true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Go's notewakeup. */
  void wakeup() {
    key = true;
    Thread t = sleeper;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Go's noteclear: re-arms the note; only its sleeper calls it, after waking. */
  void clear() {
    key = false;
  }
}
