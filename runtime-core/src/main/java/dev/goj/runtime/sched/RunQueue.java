package dev.goj.runtime.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A P's local run queue: a 256-slot ring plus the {@code runnext} slot, Go's {@code p.runq},
 * {@code p.runqhead}, {@code p.runqtail}, {@code p.runnext} and the functions that use them
 * (runtime/proc.go: runqput, runqputslow, runqget, runqgrab, runqsteal, runqempty; p.destroy's drain).
 *
 * <p>An element is a runnable goroutine: the continuation task the JDK handed to the scheduler's
 * {@code execute}; running it mounts the goroutine's virtual thread on the calling M.
 *
 * <p>Concurrency, exactly as in Go: a single producer (the owner: the M holding the P, or a goroutine
 * of that M that momentarily re-took its P) writes slots and publishes them by a release store of
 * {@code tail}; any number of consumers (the owner's {@link #get} and thieves' {@link #grab}) claim
 * slots by a CAS on {@code head}. A consumer reads slots before its CAS and keeps them only if the CAS
 * succeeds, so a slot overwritten after a stale read is never used. {@code runnext} is set only by the
 * owner and cleared by whoever wins a CAS on it. Ownership moves between Ms through sched.lock or the
 * P's status CAS, both of which order the previous owner's plain writes before the next owner's reads.
 *
 * <p>Go never clears a slot: its run queues hold no GC references. Here a slot would keep a
 * finished goroutine (and whatever its body captured) reachable until overwritten, so the owner
 * clears the slots it consumes itself, after its head CAS: only the owner writes slots, and a thief
 * that still read the old value fails its own CAS and drops it. Slots taken by thieves stay until
 * the owner's ring wraps over them (at most 256 per P).
 */
public final class RunQueue {
  /** len(p.runq) in Go. */
  public static final int SIZE = 256;
  private static final int MASK = SIZE - 1;
  /** How long a thief backs off before stealing runnext from a P that is about to run it (usleep(3)). */
  private static final long RUNNEXT_BACKOFF_NANOS = 3_000;

  private static final VarHandle HEAD;
  private static final VarHandle TAIL;
  private static final VarHandle RUNNEXT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
      TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
      RUNNEXT = l.findVarHandle(RunQueue.class, "runnext", Runnable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Runnable[] runq = new Runnable[SIZE];
  // head and tail count up forever and wrap like Go's uint32s: t - h is the length even across the
  // wrap, and (i & MASK) picks the slot.
  @SuppressWarnings("unused") // accessed through HEAD
  private int head;
  @SuppressWarnings("unused") // accessed through TAIL
  private int tail;
  @SuppressWarnings("unused") // accessed through RUNNEXT
  private Runnable runnext;

  private final GlobalRunQueue global;
  /** The P this queue belongs to, or null for a stand-alone queue (tests). */
  private final P owner;

  /** A stand-alone queue whose overflow goes to {@code global}. */
  public RunQueue(GlobalRunQueue global) {
    this(global, null);
  }

  RunQueue(GlobalRunQueue global, P owner) {
    this.global = global;
    this.owner = owner;
  }

  /**
   * Go's runqput, owner only. With {@code next} the goroutine goes to runnext (it runs next, in the
   * current time slice) and the one it displaces goes to the tail; else it goes to the tail. A full
   * ring moves half of itself plus the goroutine to the global queue.
   */
  public void put(Runnable gp, boolean next) {
    if (next) {
      Runnable old;
      do {
        old = (Runnable) RUNNEXT.getOpaque(this);
      } while (!RUNNEXT.compareAndSet(this, old, gp)); // a thief may have just cleared it
      if (old == null) {
        return;
      }
      gp = old;
    }
    for (;;) {
      int h = (int) HEAD.getAcquire(this); // synchronize with consumers: their slots are free
      int t = (int) TAIL.get(this); // only the owner writes tail
      if (t - h < SIZE) {
        runq[t & MASK] = gp;
        TAIL.setRelease(this, t + 1); // publishes the slot to consumers
        return;
      }
      if (putSlow(gp, h, t)) {
        return;
      }
      // a consumer took something meanwhile: the queue is no longer full, retry the fast path
    }
  }

  /** Go's runqputslow: moves half the ring and {@code gp} to the global queue. */
  private boolean putSlow(Runnable gp, int h, int t) {
    int n = (t - h) / 2;
    Runnable[] batch = new Runnable[n + 1];
    for (int i = 0; i < n; i++) {
      batch[i] = runq[(h + i) & MASK];
    }
    if (!HEAD.compareAndSet(this, h, h + n)) { // commits the consume
      return false;
    }
    for (int i = 0; i < n; i++) {
      runq[(h + i) & MASK] = null;
    }
    batch[n] = gp;
    global.lock.lock();
    global.putBatch(batch, n + 1);
    global.lock.unlock();
    return true;
  }

  /** The runnext half of Go's runqget (owner only): takes runnext, or returns null. */
  public Runnable getRunnext() {
    Runnable next = (Runnable) RUNNEXT.getOpaque(this);
    // Only the owner sets runnext non-null, so a failed CAS means a thief took it: no retry.
    if (next != null && RUNNEXT.compareAndSet(this, next, null)) {
      return next;
    }
    return null;
  }

  /** The ring half of Go's runqget (owner only): takes the oldest goroutine, or returns null. */
  public Runnable getLocal() {
    for (;;) {
      int h = (int) HEAD.getAcquire(this); // synchronize with other consumers
      int t = (int) TAIL.get(this);
      if (t == h) {
        return null;
      }
      Runnable gp = runq[h & MASK];
      if (HEAD.compareAndSet(this, h, h + 1)) { // commits the consume
        runq[h & MASK] = null;
        return gp;
      }
    }
  }

  /** Go's runqget: runnext first, then the ring. */
  public Runnable get() {
    Runnable gp = getRunnext();
    return gp != null ? gp : getLocal();
  }

  /**
   * Go's runqgrab: copies half of this queue into {@code batch} (a ring) from {@code batchHead} and
   * returns how many. If the ring is empty and {@code stealRunnext}, takes runnext instead. Any thread.
   */
  int grab(Runnable[] batch, int batchHead, boolean stealRunnext) {
    for (;;) {
      int h = (int) HEAD.getAcquire(this); // synchronize with other consumers
      int t = (int) TAIL.getAcquire(this); // synchronize with the producer: its slots are written
      int n = t - h;
      n = n - n / 2;
      if (n == 0) {
        if (stealRunnext) {
          Runnable next = (Runnable) RUNNEXT.getOpaque(this);
          if (next != null) {
            if (owner != null && owner.isBusy()) {
              // The owner readied it and is probably about to block and run it: give it ~3us
              // instead of pulling the goroutine to another thread (Go's usleep(3) here).
              LockSupport.parkNanos(RUNNEXT_BACKOFF_NANOS);
            }
            if (!RUNNEXT.compareAndSet(this, next, null)) {
              continue;
            }
            batch[batchHead & MASK] = next;
            return 1;
          }
        }
        return 0;
      }
      if (n > SIZE / 2) { // read an inconsistent h and t
        continue;
      }
      for (int i = 0; i < n; i++) {
        batch[(batchHead + i) & MASK] = runq[(h + i) & MASK];
      }
      if (HEAD.compareAndSet(this, h, h + n)) { // commits the consume
        return n;
      }
    }
  }

  /**
   * Go's runqsteal, by the owner of this queue: moves half of {@code victim}'s goroutines here and
   * returns one of them to run now, or null if there was nothing to take.
   */
  public Runnable steal(RunQueue victim, boolean stealRunnext) {
    int t = (int) TAIL.get(this);
    int n = victim.grab(runq, t, stealRunnext); // writes our free slots beyond tail
    if (n == 0) {
      return null;
    }
    n--;
    Runnable gp = runq[(t + n) & MASK];
    if (n == 0) {
      return gp;
    }
    int h = (int) HEAD.getAcquire(this);
    if (t - h + n >= SIZE) {
      throw new IllegalStateException("runqsteal: runq overflow");
    }
    TAIL.setRelease(this, t + n); // publishes the stolen goroutines
    return gp;
  }

  /**
   * Go's runqempty: true only if there is nothing, never spuriously. A goroutine may move between
   * runnext and the ring (runqput kicking the old runnext) while we look, so tail is read twice.
   */
  public boolean isEmpty() {
    for (;;) {
      int h = (int) HEAD.getVolatile(this);
      int t = (int) TAIL.getVolatile(this);
      Object next = RUNNEXT.getVolatile(this);
      if (t == (int) TAIL.getVolatile(this)) {
        return h == t && next == null;
      }
    }
  }

  /** The ring's length (not counting runnext); racy, for schedtrace. */
  public int size() {
    int t = (int) TAIL.getAcquire(this);
    int h = (int) HEAD.getAcquire(this);
    int n = t - h;
    return n < 0 ? 0 : Math.min(n, SIZE);
  }

  /**
   * p.destroy's first half: moves every goroutine, runnext included, to the head of the global queue
   * in its order (sched.lock held, world stopped: no other consumer of the ring can run).
   */
  void drainToGlobalHead() {
    int h = (int) HEAD.get(this);
    int t = (int) TAIL.get(this);
    while (t != h) {
      t--;
      global.putHead(runq[t & MASK]);
      runq[t & MASK] = null;
    }
    TAIL.set(this, t);
    // runnext is the one slot a non-owner may still consume now: an M whose goroutine just
    // unmounted takes it without owning the P (M.nextInSyscall); the swap decides who gets it.
    Runnable next = (Runnable) RUNNEXT.getAndSet(this, null);
    if (next != null) {
      global.putHead(next);
    }
  }
}
