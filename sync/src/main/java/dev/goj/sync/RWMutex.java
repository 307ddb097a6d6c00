package dev.goj.sync;

import dev.goj.runtime.Go;
import dev.goj.runtime.internal.Oversubscription;
import dev.goj.runtime.internal.Sema;
import dev.goj.runtime.internal.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A reader/writer mutual exclusion lock: a port of Go's {@code sync.RWMutex} (sync/rwmutex.go).
 * Held by any number of readers or by one writer; not reentrant and not owned. Writer-preferring:
 * once {@link #lock} is waiting, new {@link #rLock} calls block until that writer is done, so a
 * reader must not take the read lock recursively.
 *
 * <p>{@code readerCount} is the number of readers holding or waiting for the read lock; a writer
 * announces itself by subtracting {@link #RWMUTEX_MAX_READERS}, so a negative count means "writer
 * pending or active" and new readers sleep on {@code readerSem}. {@code readerWait} counts the
 * readers that were active when the writer announced itself and have not yet left; the last of
 * them wakes the writer through {@code writerSem}. Writers exclude each other with {@code w}.
 */
public final class RWMutex implements Locker {
  static final int RWMUTEX_MAX_READERS = 1 << 30;

  /**
   * Polls of a semaphore before sleeping on it. Not in Go: there a blocked reader or writer parks
   * its goroutine for about a hundred nanoseconds, while a JVM thread pays a semaphore queue round
   * trip (and possibly a futex) for it. The waits here are usually a critical section long, so a
   * short poll takes the unit the moment it is released; bounded, and only where another thread
   * can run meanwhile: Mutex's condition (several cores, GOMAXPROCS above one) and, as Go's
   * canSpin asks for an idle P, no more runnable threads than cores ({@link Oversubscription}).
   */
  private static final int SEMA_POLLS = 50;
  private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;

  private static final VarHandle READER_COUNT;
  private static final VarHandle READER_WAIT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      READER_COUNT = l.findVarHandle(RWMutex.class, "readerCount", int.class);
      READER_WAIT = l.findVarHandle(RWMutex.class, "readerWait", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Held while a writer is pending or active, which includes the wait for departing readers. While
   * the machine is oversubscribed those readers need the core that a writer spinning for w holds,
   * so w then spins Go's short rounds (measured, 4 threads on 2 cores: Mutex's long rounds cost
   * about 8% of read-mostly throughput); otherwise its long rounds keep waiting writers off the
   * futex (measured, 4 threads on a 16-core Xeon: 11.4 -> 26.8 ops/µs, ReentrantReadWriteLock 15.3).
   */
  private final Mutex w = new Mutex(true);
  /** Writers sleep here until the departing readers are gone. */
  private final Sema writerSem = new Sema(0);
  /** Readers sleep here until the writer is gone. */
  private final Sema readerSem = new Sema(0);

  /**
   * Every change is an atomic add or CAS, so readers and the writer agree on one modification
   * order: each reader's departure falls either before the writer's announcement (not counted in
   * the writer's r) or after it (then it decrements readerWait). Acquire on entry and release on
   * exit would order the critical sections, but the adds use the volatile getAndAdd: it is the
   * only form HotSpot compiles to one LOCK XADD, while getAndAddAcquire/Release are CAS loops in
   * Unsafe (measured: about 25% lower read-mostly throughput).
   */
  private volatile int readerCount;
  /** Departing readers the writer still waits for; may dip below zero until the writer adds r. */
  private volatile int readerWait;

  public RWMutex() {}

  /** Locks for reading (Go's RLock); blocks while a writer holds or waits for the lock. */
  public void rLock() {
    if ((int) READER_COUNT.getAndAdd(this, 1) + 1 < 0) {
      // A writer is pending: its unlock releases us (the semaphore orders its critical section
      // before ours).
      semacquire(readerSem, WaitReason.SYNC_RWMUTEX_RLOCK);
    }
  }

  /** Locks for reading if no writer holds or waits for the lock (Go's TryRLock). */
  public boolean tryRLock() {
    for (;;) {
      int c = readerCount;
      if (c < 0) {
        return false;
      }
      if (READER_COUNT.weakCompareAndSetAcquire(this, c, c + 1)) {
        return true;
      }
    }
  }

  /**
   * Undoes one {@link #rLock} (Go's RUnlock); other readers are unaffected. Throws
   * {@code IllegalStateException("sync: RUnlock of unlocked RWMutex")} if not read-locked.
   */
  public void rUnlock() {
    // The volatile add publishes the reader's section to the writer that next updates readerCount.
    int r = (int) READER_COUNT.getAndAdd(this, -1) - 1;
    if (r < 0) {
      rUnlockSlow(r);
    }
  }

  private void rUnlockSlow(int r) {
    if (r + 1 == 0 || r + 1 == -RWMUTEX_MAX_READERS) {
      // Go dies here (fatal); Java code can catch the exception, so undo our decrement first.
      READER_COUNT.getAndAdd(this, 1);
      throw new IllegalStateException("sync: RUnlock of unlocked RWMutex");
    }
    // A writer is pending. This reader's section must be ordered before the writer's, whether
    // the writer sees readerWait reach zero itself or is woken by us: both go through volatile
    // accesses (the add, or the semaphore).
    if ((int) READER_WAIT.getAndAdd(this, -1) - 1 == 0) {
      // The last departing reader wakes the writer.
      writerSem.release(false);
    }
  }

  /** Locks for writing (Go's Lock); blocks while any reader or writer holds the lock. */
  @Override
  public void lock() {
    // Resolve competition with other writers first.
    w.lock();
    // Announce the writer; r is the number of readers active at that moment. The add is ordered
    // after the departures of readers that already left.
    int r = (int) READER_COUNT.getAndAdd(this, -RWMUTEX_MAX_READERS);
    // Wait for the r active readers to leave (some may already have decremented readerWait).
    if (r != 0 && (int) READER_WAIT.getAndAdd(this, r) + r != 0) {
      semacquire(writerSem, WaitReason.SYNC_RWMUTEX_LOCK);
    }
  }

  /**
   * Takes a unit of {@code s}: a short poll first (see {@link #SEMA_POLLS}), then Go's semacquire.
   * Neither the poll nor the spin before parking happens while the machine has more runnable
   * threads than cores: the releaser is then likely waiting for a core, and a polling waiter takes
   * it from the releaser. Parking at once lets the running threads go on alone, as
   * ReentrantReadWriteLock's waiters do (measured, 4 threads on 2 cores: read-mostly throughput
   * from 0.70-0.79x to 1.02-1.15x ReentrantReadWriteLock's).
   */
  private static void semacquire(Sema s, String reason) {
    boolean poll = MULTICORE && Go.gomaxprocs(0) > 1 && !Oversubscription.now();
    if (poll) {
      for (int i = 0; i < SEMA_POLLS; i++) {
        Thread.onSpinWait();
        if (s.count() > 0 && s.tryAcquire()) {
          return;
        }
      }
    }
    s.acquire(false, reason, poll);
  }

  /** Locks for writing if no reader or writer holds the lock right now (Go's TryLock). */
  public boolean tryLock() {
    if (!w.tryLock()) {
      return false;
    }
    if (!READER_COUNT.compareAndSet(this, 0, -RWMUTEX_MAX_READERS)) {
      w.unlock();
      return false;
    }
    return true;
  }

  /**
   * Unlocks for writing (Go's Unlock). Throws
   * {@code IllegalStateException("sync: Unlock of unlocked RWMutex")} if not write-locked.
   */
  @Override
  public void unlock() {
    // Announce that no writer is active; the add publishes the writer's section to the readers.
    int r = (int) READER_COUNT.getAndAdd(this, RWMUTEX_MAX_READERS) + RWMUTEX_MAX_READERS;
    if (r >= RWMUTEX_MAX_READERS) {
      // Go dies here (fatal); Java code can catch the exception, so undo our add first.
      READER_COUNT.getAndAdd(this, -RWMUTEX_MAX_READERS);
      throw new IllegalStateException("sync: Unlock of unlocked RWMutex");
    }
    // Wake the readers that queued behind this writer.
    for (int i = 0; i < r; i++) {
      readerSem.release(false);
    }
    // Let other writers proceed.
    w.unlock();
  }

  /** A Locker whose lock/unlock are {@link #rLock}/{@link #rUnlock} (Go's RLocker). */
  public Locker rLocker() {
    return new ReadLocker(this);
  }

  private record ReadLocker(RWMutex rw) implements Locker {
    @Override
    public void lock() {
      rw.rLock();
    }

    @Override
    public void unlock() {
      rw.rUnlock();
    }
  }

  @Override
  public String toString() {
    int c = readerCount;
    return "RWMutex[" + (c < 0 ? "writer, readers=" + (c + RWMUTEX_MAX_READERS) : "readers=" + c) + "]";
  }
}
