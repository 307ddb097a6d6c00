package dev.goj.pool;

import dev.goj.runtime.Go;
import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.Sudog;
import dev.goj.runtime.internal.Traceback;
import dev.goj.runtime.internal.WaitQueue;
import dev.goj.runtime.internal.WaitReason;
import dev.goj.sync.Mutex;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The machinery shared by {@link Pool} and {@link PoolWithFunc}: ants' {@code poolCommon} (ants.go,
 * with retrieveWorker/revertWorker from pool.go). An item (a task, or an argument for the pool's
 * function) goes to an idle worker if there is one, else to a newly spawned worker goroutine while
 * fewer than {@code capacity} run, else the submitter waits for a worker to come back (or fails
 * fast when nonblocking or {@code maxBlockingTasks} submitters already wait).
 *
 * <p>ants' waiting submitter sleeps on a sync.Cond, is signalled by a worker going idle, and then
 * detaches that worker and sends it the task. Here it queues a sudog holding its item, the way a
 * blocked channel sender does (runtime/chan.go), and a worker going idle takes the first queued
 * item under the pool lock, as a channel receiver takes a blocked sender's value: the same
 * hand-off, minus parking the worker and waking it again. Wakers that only change the odds (a
 * worker exiting, a capacity raise, a purge emptying the pool, a release) dequeue sudogs without
 * taking their items, and those submitters retry from the top, as ants' do after a signal.
 *
 * <p>With {@code queueSize > 0} (not in ants: Go's other worker-pool idiom, a buffered jobs channel
 * drained by N goroutines, built in) a full pool first parks items in a bounded FIFO ring before
 * making submitters wait, as a ThreadPoolExecutor with core = max = capacity and a bounded queue:
 * submit returns as soon as the item is queued, so the submitter runs ahead of the workers and a
 * worker that finishes an item takes the next one without any goroutine hand-off. The ring is a
 * plain array under the pool lock that the submit path takes anyway; a separate channel would add
 * a second lock (or CAS protocol) to every item. A worker going idle takes the ring's head first
 * and then moves the first blocked submitter's item to the ring's tail, so blocked submitters
 * enter the queue in FIFO order.
 *
 * <p>The lock is goj's {@link Mutex} rather than ants' spin lock or runtime-core's RuntimeMutex:
 * Mutex already does what ants' spin lock is for (a few spins, since every critical section here is
 * a handful of field updates) but then sleeps on a semaphore instead of burning one of few cores,
 * with Go's starvation hand-off bounding any one locker's wait.
 *
 * <p>Invariants (all transitions of the idle list, the waiter queue, capacity and waiting happen
 * under {@link #lock}):
 * <ul>
 *   <li>{@code running} counts worker goroutines spawned and not yet exited, idle ones included. It
 *       grows only under the lock, after the capacity check (ants increments it after unlocking,
 *       which lets two racing submitters both spawn past capacity); it may exceed capacity only
 *       after a tune down, until the surplus workers finish their items and exit.
 *   <li>{@code state} is an epoch: even = open, odd = closed; release and reboot each add one by
 *       CAS. A submitter blocked across a release sees the epoch change and throws
 *       PoolClosedException even if the pool was rebooted before it woke.
 *   <li>Every accepted item runs exactly once: an item is accepted when it is handed to a worker
 *       detached under the lock (or to a newly spawned one), or taken from a waiter's sudog by a
 *       worker under the lock, while the epoch is open; such a worker is on no list that release or
 *       purge can stop, and it runs the item before it looks at the pool again. A rejected item (an
 *       exception from submit) was never handed to a worker: its sudog was dequeued untaken.
 *   <li>The waiter queue is non-empty only while no worker is idle: a submitter queues only after
 *       finding the idle list empty, and a worker going idle serves the queue before the list.
 *   <li>The ring is non-empty only while no worker is idle (a submitter queues only after finding
 *       the idle list empty and no spawn allowed; a worker going idle drains the ring first), and
 *       waiters exist with a ring only while it is full. Queued items are accepted: they run also
 *       after a release (workers of a closed pool still drain the ring before they exit), and a
 *       worker that exits while the ring is non-empty and fewer than capacity run (a panicking
 *       task, a tune) starts a replacement on the ring's head, so the ring never strands an item.
 *   <li>No lost wake-up: whatever can let a waiting submitter proceed (a worker exited, a capacity
 *       raised, a pool emptied, a release) is published before a pass through the lock or before a
 *       volatile read of {@code waiting}; a submitter re-checks everything and queues (and counts
 *       itself in {@code waiting}) in one critical section, so it either saw the cause or is on the
 *       queue when the waker looks. Readies happen after unlocking, so no wake-up runs under the lock.
 * </ul>
 */
final class PoolCore {
  private static final VarHandle RUNNING;
  private static final VarHandle STATE;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      RUNNING = l.findVarHandle(PoolCore.class, "running", int.class);
      STATE = l.findVarHandle(PoolCore.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Options options;
  private final long expiryNanos;
  private final Consumer<Object> body;
  private final Mutex lock = new Mutex();
  /** Guarded by {@link #lock}. */
  private final WorkerQueue workers;
  /** Blocked submitters, each sudog holding its item in elem; guarded by {@link #lock}. */
  private final WaitQueue waiters = new WaitQueue();
  /** The bounded FIFO of accepted items (queueSize > 0), else null; guarded by {@link #lock}. */
  private final Object[] ring;
  /** Index of the ring's oldest item; guarded by {@link #lock}. */
  private int head;
  /** Items in {@link #ring}; written only under the lock, read anywhere (queued()). */
  private volatile int queued;

  /** -1 when unbounded; written under the lock (tune) so a waiting submitter cannot miss a raise. */
  private volatile int capacity;
  @SuppressWarnings("unused") // accessed through RUNNING
  private volatile int running;
  /** Sudogs on {@link #waiters}; written only under the lock, read anywhere. */
  private volatile int waiting;
  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;
  /** The purge goroutine of the current epoch (set before the constructor returns). */
  private volatile Purger purger;
  /** The thread in {@link #awaitQuiescence}, unparked when the last worker or the purger exits. */
  private volatile Thread quiesceWaiter;

  /**
   * @param body runs one item on a worker goroutine; what it throws is the task's panic.
   */
  PoolCore(int size, Options options, Consumer<Object> body) {
    options.validate(size);
    this.options = options.copy();
    this.expiryNanos = this.options.expiryNanos();
    this.body = body;
    this.capacity = size <= 0 ? -1 : size;
    this.workers = this.options.preAlloc ? new WorkerLoopQueue(size) : new WorkerStack();
    this.ring = this.options.queueSize > 0 ? new Object[this.options.queueSize] : null;
    startPurge();
  }

  private static boolean closed(int epoch) {
    return (epoch & 1) != 0;
  }

  boolean isClosed() {
    return closed(state);
  }

  int running() {
    return running;
  }

  int waiting() {
    return waiting;
  }

  int queued() {
    return queued;
  }

  int cap() {
    return capacity;
  }

  int free() {
    int c = capacity;
    return c < 0 ? -1 : c - running;
  }

  /**
   * Runs {@code item} on a worker, blocking while the pool is full: ants' Submit/Invoke, with
   * retrieveWorker inlined so a new worker can be spawned with its first item.
   */
  void submit(Object item) {
    // Fast rejection without the lock, as ants; the check that decides is the one under the lock.
    if (isClosed()) {
      throw new PoolClosedException();
    }
    lock.lock();
    int epoch = state;
    if (closed(epoch)) {
      lock.unlock();
      throw new PoolClosedException();
    }
    for (;;) {
      Worker w = workers.detach();
      if (w != null) {
        lock.unlock();
        w.input(item);
        return;
      }
      int c = capacity;
      if (c < 0 || c > running) {
        // Counted before the lock is dropped, so no racing submitter can also take this slot.
        RUNNING.getAndAdd(this, 1);
        lock.unlock();
        spawn(item);
        return;
      }
      if (ring != null && queued < ring.length) {
        // Accepted: a busy worker (there is one, as none is idle and running >= capacity > 0)
        // takes it under this lock when it finishes, even after a release.
        enqueueItem(item);
        lock.unlock();
        return;
      }
      int max = options.maxBlockingTasks;
      if (options.nonblocking || (max != 0 && waiting >= max)) {
        lock.unlock();
        throw new PoolOverloadException();
      }
      Sudog s = new Sudog(G.current());
      s.elem = item;
      waiters.enqueue(s);
      waiting = waiting + 1;
      lock.unlock();
      // ants waits on its pool's sync.Cond: dumps show the same wait reason.
      s.g.park(WaitReason.SYNC_COND_WAIT);
      // The waker dequeued s (and uncounted it) under the lock and set success before ready().
      if (s.success) {
        return;
      }
      lock.lock();
      if (state != epoch) {
        lock.unlock();
        throw new PoolClosedException();
      }
    }
  }

  private void spawn(Object first) {
    try {
      Go.go(new Worker(this, first));
    } catch (Throwable t) {
      // No goroutine: give the slot back. The item was not run, so the submit fails.
      workerExited();
      throw t;
    }
  }

  /** Runs one item on the calling worker; false when it threw (the worker then retires, as ants'). */
  boolean runItem(Object item) {
    try {
      body.accept(item);
      // A task's interrupt must not leak into the next task this worker runs (as in
      // ThreadPoolExecutor); Go has no interrupts, so nothing else looks at the flag.
      Thread.interrupted();
      return true;
    } catch (Throwable t) {
      Thread.interrupted();
      Consumer<Throwable> h = options.panicHandler;
      if (h != null) {
        h.accept(t);
      } else {
        // What Go.go prints for a panic escaping a goroutine; here the pool itself survives it.
        System.err.print(Traceback.panic(G.current(), t));
        System.err.flush();
      }
      return false;
    }
  }

  /**
   * Puts a worker that finished its item back on the idle list: ants' revertWorker. False when it
   * must exit instead (the pool is closed, runs over capacity after a tune down, or the fixed idle
   * list is full); the worker is then no longer counted in {@code running}.
   */
  boolean revertWorker(Worker w) {
    int c = capacity;
    if (c > 0) {
      // Each surplus worker claims its exit with a CAS, so exactly running - capacity of them
      // retire however many finish at once (ants' unsynchronized check can retire them all).
      for (int r; (r = running) > c; ) {
        if (RUNNING.compareAndSet(this, r, r - 1)) {
          exited(r - 1);
          return false;
        }
      }
    }
    if (ring == null && isClosed()) {
      workerExited();
      return false;
    }
    lock.lock();
    if (queued > 0) {
      // Queued items come before going idle and before blocked submitters, also when closed:
      // they were accepted. The first blocked submitter (open pool only: after a release they are
      // woken to throw) moves into the freed place at the tail.
      Object x = dequeueItem();
      Sudog s = isClosed() ? null : waiters.dequeue();
      if (s != null) {
        waiting = waiting - 1;
        enqueueItem(s.elem);
        s.elem = null;
        s.success = true;
      }
      // The worker emptied its slot before calling us, so this swap never needs a ready.
      w.input(x);
      lock.unlock();
      if (s != null) {
        s.g.ready();
      }
      return true;
    }
    // Checked again under the lock: a release that closed the pool after the check above must not
    // miss this worker (ants issue 113), and release resets the list under this lock.
    if (isClosed()) {
      lock.unlock();
      workerExited();
      return false;
    }
    Sudog s = waiters.dequeue();
    if (s != null) {
      // A submitter waits, so no worker is idle: ants would insert w, signal the submitter, and
      // the submitter would detach w again and hand it its task. Doing that for the submitter
      // here, under the same lock, is the same hand-off without parking w and waking it again.
      waiting = waiting - 1;
      w.input(s.elem);
      s.elem = null;
      s.success = true;
      lock.unlock();
      s.g.ready();
      return true;
    }
    // Stamped under the lock, so the idle list's stamps ascend and refresh can binary-search them.
    w.lastUsed = System.nanoTime();
    if (!workers.insert(w)) {
      lock.unlock();
      workerExited();
      return false;
    }
    lock.unlock();
    return true;
  }

  /** Appends to the ring; the caller holds the lock and saw room. */
  private void enqueueItem(Object x) {
    int n = queued;
    int i = head + n;
    ring[i >= ring.length ? i - ring.length : i] = x;
    queued = n + 1;
  }

  /** Takes the ring's oldest item; the caller holds the lock and saw {@code queued > 0}. */
  private Object dequeueItem() {
    Object x = ring[head];
    ring[head] = null;
    head = head + 1 == ring.length ? 0 : head + 1;
    queued = queued - 1;
    return x;
  }

  /**
   * Starts workers on queued items while fewer than capacity run: after a worker exits with the
   * ring non-empty (its task threw, or it was a surplus after a tune) or after a capacity raise.
   * Without this an accepted item could sit in a ring that no remaining worker will look at.
   */
  private void drainRing() {
    while (ring != null && queued > 0) {
      lock.lock();
      if (queued == 0 || running >= capacity) {
        lock.unlock();
        return;
      }
      Object x = dequeueItem();
      RUNNING.getAndAdd(this, 1);
      lock.unlock();
      try {
        Go.go(new Worker(this, x));
      } catch (Throwable t) {
        // No goroutine: put the item back at the head and uncount the slot; the caller sees it.
        lock.lock();
        head = head == 0 ? ring.length - 1 : head - 1;
        ring[head] = x;
        queued = queued + 1;
        lock.unlock();
        RUNNING.getAndAdd(this, -1);
        throw t;
      }
    }
  }

  /** Accounts for a worker goroutine that is about to end (the deferred half of ants' run). */
  void workerExited() {
    exited((int) RUNNING.getAndAdd(this, -1) - 1);
  }

  /** What follows a worker's removal from {@code running}, {@code left} being the new count. */
  private void exited(int left) {
    // Read after the decrement (volatile): a submitter that queued before it is seen here, and one
    // that queues after it found running >= capacity without this worker, so another is busy.
    drainRing();
    // A submitter may be waiting for running to fall below capacity. Its check and its enqueue
    // are one critical section, so it either saw the decrement or is queued when we look.
    wakeWaiters(1);
    if (left == 0) {
      wakeQuiesceWaiter();
    }
  }

  /**
   * Wakes up to {@code n} waiting submitters without an item taken (success stays false), so each
   * retries submit from the top: a worker may be idle now, a spawn allowed, or the pool closed.
   * Readied after unlocking, so no wake-up runs under the lock.
   */
  private void wakeWaiters(int n) {
    if (waiting == 0) {
      // Racy but safe: every caller published its cause (count, capacity, epoch) before this
      // read, and a submitter enqueues only after checking that cause under the lock, where it
      // also bumps waiting; so one that we miss here saw the cause.
      return;
    }
    Sudog woken = null;
    lock.lock();
    for (; n > 0; n--) {
      Sudog s = waiters.dequeue();
      if (s == null) {
        break;
      }
      waiting = waiting - 1;
      s.next = woken;
      woken = s;
    }
    lock.unlock();
    while (woken != null) {
      Sudog next = woken.next;
      woken.next = null;
      woken.g.ready();
      woken = next;
    }
  }

  /**
   * Changes the capacity (ants' Tune). Ignored for an unbounded or preAlloc pool and for
   * {@code size <= 0}. Raising it wakes waiting submitters; lowering it lets surplus workers exit
   * as they finish their current items.
   */
  void tune(int size) {
    if (capacity < 0 || size <= 0 || options.preAlloc) {
      return;
    }
    lock.lock();
    int old = capacity;
    capacity = size;
    lock.unlock();
    if (size > old) {
      drainRing();
      wakeWaiters(size - old);
    }
  }

  /** Closes the pool and stops its idle workers (ants' Release); no-op when already closed. */
  void release() {
    beginRelease();
  }

  /**
   * Closes the pool if it is open and returns the purge goroutine it stopped; null if the pool
   * already was closed. Busy workers finish their current items and then exit; idle ones are
   * stopped now; blocked submitters are woken to throw.
   */
  Purger beginRelease() {
    int s;
    do {
      s = state;
      if (closed(s)) {
        return null;
      }
    } while (!STATE.compareAndSet(this, s, s + 1));
    Purger p = purger;
    p.stop();
    lock.lock();
    workers.reset();
    lock.unlock();
    // The epoch changed before the lock above, so a submitter that checked it earlier is queued
    // by now and is woken here, to throw.
    wakeWaiters(Integer.MAX_VALUE);
    return p;
  }

  /**
   * Release, then wait until every worker and the purge goroutine have exited: ants'
   * ReleaseTimeout. PoolClosedException when the pool was already closed.
   */
  void releaseTimeout(Duration timeout) throws TimeoutException {
    long deadline = deadline(timeout);
    Purger p = beginRelease();
    if (p == null) {
      throw new PoolClosedException();
    }
    awaitQuiescence(p, deadline);
  }

  /** System.nanoTime plus {@code timeout}, saturating; a negative timeout is an expired one. */
  static long deadline(Duration timeout) {
    if (timeout == null) {
      throw new IllegalArgumentException("timeout must not be null");
    }
    long now = System.nanoTime();
    long nanos;
    try {
      nanos = Math.max(0, timeout.toNanos());
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE;
    }
    // Capped so that now + nanos cannot wrap past now.
    return now + Math.min(nanos, Long.MAX_VALUE / 2);
  }

  /**
   * Waits until no worker runs and {@code p}, the purge goroutine that {@link #beginRelease}
   * stopped, has exited, or throws TimeoutException at {@code deadline}. Not interruptible.
   */
  void awaitQuiescence(Purger p, long deadline) throws TimeoutException {
    boolean interrupted = false;
    // Published before the first look at the counts; an exiting worker or purger decrements or
    // marks first and reads this after (both volatile), so one of the two sees the other.
    quiesceWaiter = Thread.currentThread();
    try {
      while (running != 0 || !p.exited) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("operation timed out");
        }
        LockSupport.parkNanos(this, left);
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
    } finally {
      quiesceWaiter = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void wakeQuiesceWaiter() {
    Thread t = quiesceWaiter;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /**
   * Reopens a released pool (ants' Reboot): a new epoch with a new purge goroutine; no-op when
   * open. Workers of the old epoch that are still busy may rejoin the idle list.
   */
  void reboot() {
    int s = state;
    if (closed(s) && STATE.compareAndSet(this, s, s + 1)) {
      startPurge();
    }
  }

  private void startPurge() {
    Purger p = new Purger(this, expiryNanos);
    purger = p;
    Go.go(p);
  }

  /**
   * One sweep of the purge goroutine (ants' purgeStaleWorkers loop body): stop the workers idle
   * since {@code cutoff} (a System.nanoTime value) or earlier. Package-private so that stress tests
   * can race a sweep against submits without waiting for the period.
   */
  void purge(long cutoff) {
    if (isClosed()) {
      return;
    }
    lock.lock();
    Worker[] stale = workers.refresh(cutoff);
    int n = running;
    boolean dormant = n == 0 || n == stale.length;
    lock.unlock();
    // Stopped outside the lock: detached under it, no submitter can be handed these workers.
    for (Worker w : stale) {
      w.finish();
    }
    // As in ants: a submitter still waiting while every worker is gone must retry and spawn.
    if (dormant) {
      wakeWaiters(Integer.MAX_VALUE);
    }
  }

  /** Exit accounting for a purge goroutine. */
  void purgerExited() {
    wakeQuiesceWaiter();
  }

  @Override
  public String toString() {
    return "[cap=" + capacity + ", running=" + running + ", waiting=" + waiting + ", closed=" + isClosed() + "]";
  }

  /**
   * The purge goroutine of one epoch: ants' purgeStaleWorkers. It sleeps with parkNanos rather than
   * on a goj timer: it is a goroutine (a virtual thread), so parkNanos unmounts it and holds no
   * carrier or P while it sleeps; it only needs a coarse, drift-tolerant heartbeat (a late sweep
   * just keeps an idle worker a little longer); and release stops it at once by flag plus unpark
   * instead of waiting out the period, which plays the part of ants' purge context cancel.
   */
  static final class Purger implements Runnable {
    private final PoolCore pool;
    private final long periodNanos;
    private volatile boolean stopped;
    volatile boolean exited;
    private volatile Thread thread;

    Purger(PoolCore pool, long periodNanos) {
      this.pool = pool;
      this.periodNanos = periodNanos;
    }

    @Override
    public void run() {
      // Published before the first look at stopped; stop() writes stopped before it reads thread,
      // so either it unparks us or we see the flag (both volatile).
      thread = Thread.currentThread();
      try {
        while (!stopped) {
          LockSupport.parkNanos(this, periodNanos);
          if (stopped) {
            break;
          }
          pool.purge(System.nanoTime() - periodNanos);
        }
      } finally {
        exited = true;
        pool.purgerExited();
      }
    }

    void stop() {
      stopped = true;
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }
}
