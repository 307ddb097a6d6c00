package dev.goj.runtime.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The timer service: one 4-ary min-heap of pending {@link RuntimeTimer}s ordered by deadline, and at
 * most one platform thread ({@code goj-timers}) that sleeps until the earliest deadline and runs
 * what is due. Ports the heap and timerproc of runtime/time.go (Go's pre-1.14 global heap: goj has
 * no Ps to spread per-P heaps over) with Go 1.23's channel-timer rules kept in {@link RuntimeTimer}.
 *
 * <p>Invariants, all under {@link #lock}: {@code heap[0..size)} is a 4-ary heap on {@code whens};
 * {@code whens[i] == heap[i].when} and {@code heap[i].index == i}; a timer is in the heap iff its
 * index is {@code >= 0}, which for a channel timer also needs a receiver blocked on its channel
 * (see {@link RuntimeTimer}). Deadlines live in a parallel {@code long[]} so sifting compares without
 * touching the timer objects (Go's timerWhen pairs, for the same cache reason). Add, delete and
 * modify are O(log n); the arrays grow and shrink by halves, so a million pending timers cost two
 * arrays and the timers themselves.
 *
 * <p>{@code sleepUntil} is the deadline the thread sleeps towards ({@code 0} while it is awake and
 * running timers, {@code Long.MAX_VALUE} when the heap is empty): an add that becomes the new
 * earliest deadline wakes the thread only when it would otherwise sleep past it.
 */
final class Timers {
  /** Deadlines are nanotime() values: positive, and saturated at Long.MAX_VALUE instead of wrapping. */
  private static final long BASE = System.nanoTime() - 1;

  private static final int MIN_CAPACITY = 64;

  static final RuntimeMutex lock = new RuntimeMutex();
  private static RuntimeTimer[] heap = new RuntimeTimer[MIN_CAPACITY];
  private static long[] whens = new long[MIN_CAPACITY];
  private static int size;
  private static Thread thread;
  private static long sleepUntil;

  private Timers() {}

  /** Go's nanotime(): monotonic nanoseconds, starting at 1 when the service class loads. */
  static long nanotime() {
    return System.nanoTime() - BASE;
  }

  /** The number of pending timers (tests and diagnostics). */
  static int pending() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /** Adds {@code t} (not in the heap) at its {@code when}; lock held. Go's addtimerLocked. */
  static void addLocked(RuntimeTimer t) {
    if (size == heap.length) {
      resize(size * 2);
    }
    int i = size++;
    heap[i] = t;
    whens[i] = t.when;
    t.index = i;
    siftUp(i);
    if (t.index == 0) {
      wakeLocked(t.when);
    }
  }

  /** Removes {@code t} (in the heap); lock held. Go's deltimer. */
  static void deleteLocked(RuntimeTimer t) {
    int i = t.index;
    int last = --size;
    if (i != last) {
      heap[i] = heap[last];
      whens[i] = whens[last];
      heap[i].index = i;
    }
    heap[last] = null;
    t.index = -1;
    if (i != last) {
      RuntimeTimer moved = heap[i];
      siftUp(i);
      if (moved.index == i) {
        siftDown(i);
      }
    }
    maybeShrink();
  }

  /** Re-sorts {@code t} (in the heap) after its {@code when} changed; lock held. */
  static void fixLocked(RuntimeTimer t) {
    int i = t.index;
    whens[i] = t.when;
    siftUp(i);
    siftDown(t.index);
    if (t.index == 0) {
      wakeLocked(t.when);
    }
  }

  /** Starts the thread, or wakes it if it sleeps past {@code when}, the new earliest deadline. */
  private static void wakeLocked(long when) {
    if (thread == null) {
      thread = Thread.ofPlatform().daemon().name("goj-timers").unstarted(Timers::run);
      sleepUntil = 0;
      thread.start();
    } else if (when < sleepUntil) {
      // Lowering sleepUntil here makes a burst of earlier adds cost one unpark, not one each.
      sleepUntil = when;
      LockSupport.unpark(thread);
    }
  }

  /** Go's timerproc: run everything due, then sleep until the next deadline or an earlier add. */
  private static void run() {
    lock.lock();
    for (;;) {
      if (size == 0) {
        sleepUntil = Long.MAX_VALUE;
        lock.unlock();
        LockSupport.park(Timers.class);
        lock.lock();
        sleepUntil = 0;
        continue;
      }
      long when = whens[0];
      long now = nanotime();
      if (when > now) {
        sleepUntil = when;
        lock.unlock();
        LockSupport.parkNanos(Timers.class, when - now);
        lock.lock();
        sleepUntil = 0;
        continue;
      }
      runHead(now);
    }
  }

  /**
   * Fires the earliest timer, which is due; lock held on entry and on return. A method of its own
   * so that the loop above holds no timer while it sleeps: a timer stopped meanwhile (or a channel
   * timer whose receiver gave up) must not stay reachable from this thread's frame, where an
   * interpreted frame would keep even a dead local alive, until the next deadline wakes it.
   */
  private static void runHead(long now) {
    RuntimeTimer t = heap[0];
    long delay = t.advanceLocked(now);
    if (t.when > 0) {
      // A periodic timer stays in the heap at its next deadline.
      whens[0] = t.when;
      siftDown(0);
    } else {
      deleteLocked(t);
    }
    t.unlockAndRun(delay);
    lock.lock();
  }

  private static void siftUp(int i) {
    RuntimeTimer t = heap[i];
    long when = whens[i];
    while (i > 0) {
      int p = (i - 1) >>> 2;
      if (when >= whens[p]) {
        break;
      }
      heap[i] = heap[p];
      whens[i] = whens[p];
      heap[i].index = i;
      i = p;
    }
    heap[i] = t;
    whens[i] = when;
    t.index = i;
  }

  private static void siftDown(int i) {
    int n = size;
    RuntimeTimer t = heap[i];
    long when = whens[i];
    for (;;) {
      int c = (i << 2) + 1;
      if (c >= n) {
        break;
      }
      // The smallest of up to four children.
      int m = c;
      long w = whens[c];
      int end = Math.min(c + 4, n);
      for (int k = c + 1; k < end; k++) {
        if (whens[k] < w) {
          w = whens[k];
          m = k;
        }
      }
      if (w >= when) {
        break;
      }
      heap[i] = heap[m];
      whens[i] = w;
      heap[i].index = i;
      i = m;
    }
    heap[i] = t;
    whens[i] = when;
    t.index = i;
  }

  private static void maybeShrink() {
    if (heap.length > MIN_CAPACITY && size < heap.length / 4) {
      resize(Math.max(MIN_CAPACITY, heap.length / 2));
    }
  }

  private static void resize(int capacity) {
    RuntimeTimer[] h = new RuntimeTimer[capacity];
    long[] w = new long[capacity];
    System.arraycopy(heap, 0, h, 0, size);
    System.arraycopy(whens, 0, w, 0, size);
    heap = h;
    whens = w;
  }

  /** Checks every heap invariant (tests); lock held by the caller or the heap quiescent. */
  static boolean verifyLocked() {
    for (int i = 0; i < size; i++) {
      if (heap[i].index != i || whens[i] != heap[i].when) {
        return false;
      }
      if (i > 0 && whens[(i - 1) >>> 2] > whens[i]) {
        return false;
      }
    }
    for (int i = size; i < heap.length; i++) {
      if (heap[i] != null) {
        return false;
      }
    }
    return true;
  }
}
