package dev.goj.sync;

/**
 * Something that can be locked and unlocked: Go's {@code sync.Locker} (sync/mutex.go). Implemented
 * by {@link Mutex}, {@link RWMutex} and {@link RWMutex#rLocker()}; {@link Cond} waits on one.
 */
public interface Locker {
  /** Blocks until the lock is held by the caller. */
  void lock();

  /** Releases the lock. Any thread may release it, not only the one that locked it. */
  void unlock();
}
