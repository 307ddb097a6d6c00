package dev.goj.runtime.internal;

import dev.goj.runtime.sched.Sched;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine's runtime record, Go's {@code g} (runtime/runtime2.go), reduced to what parking needs:
 * its id, its thread, why it waits, the park/ready handshake and the select-done word.
 *
 * <p>Every thread that blocks in goj gets one lazily, so a platform thread, a JDK virtual thread and
 * a goroutine started by {@code Go.go} park and wake the same way (LockSupport underneath).
 *
 * <p>Invariants: only the owning thread calls {@link #park}; every park is matched by exactly one
 * {@link #ready} from a waker that removed this G's sudog from a queue under that queue's lock (or
 * won {@link #casSelectDone}). A ready may come before the park; it is then consumed without sleeping.
 */
public final class G {
  private static final AtomicLong NEXT_GOID = new AtomicLong(1);
  private static final ThreadLocal<G> CURRENT = ThreadLocal.withInitial(() -> new G(Thread.currentThread(), false));
  private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 100 : 0;
  /**
   * Back-to-back checks of a sudog's completion before the paced spin. A PAUSE takes 20-40 ns on
   * current x86 parts, about as long as a partner's whole hand-off on another core, so pacing the
   * first checks would add up to a PAUSE to every wake that comes soon (measured: virtual-thread
   * ping-pong went from 0.88-0.92 to 1.01-1.07 of SynchronousQueue on a 2-core EPYC). 256 checks of
   * a line in our own cache last well under a microsecond.
   */
  private static final int EAGER_CHECKS = SPINS > 0 ? 256 : 0;
  /** Spins a JDK virtual thread waits for another carrier to steal the task queued on its own. */
  private static final int STEAL_WAIT_SPINS = 300;
  /** A failed steal wait skips the next 2^fails waits of that carrier, up to 2^10. */
  private static final int MAX_STEAL_BACKOFF = 10;
  /**
   * Per-carrier steal-wait backoff, {fails, skips} at slot {@code (poolIndex & 63) * 16}: one cache
   * line per carrier. Only the virtual thread mounted on that carrier touches its slot, so plain
   * ints suffice; two pools' carriers that share an index only blur each other's backoff.
   */
  private static final int CARRIER_SLOTS = 64;
  private static final int SLOT_STRIDE = 16;
  private static final int[] STEAL_BACKOFF = new int[CARRIER_SLOTS * SLOT_STRIDE];

  // park word states
  private static final int IDLE = 0;
  private static final int READY = 1;
  private static final int SLEEPING = 2;

  private static final VarHandle PARK;
  private static final VarHandle SELECT_DONE;
  /**
   * java.lang.VirtualThread's carrierThread field, or null where java.base does not open java.lang
   * to goj (then a JDK virtual thread never spins in {@link #park}).
   */
  private static final VarHandle CARRIER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      PARK = l.findVarHandle(G.class, "park", int.class);
      SELECT_DONE = l.findVarHandle(G.class, "selectDone", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    CARRIER = carrierHandle();
  }

  private static VarHandle carrierHandle() {
    try {
      Class<?> vt = Class.forName("java.lang.VirtualThread");
      return MethodHandles.privateLookupIn(vt, MethodHandles.lookup()).findVarHandle(vt, "carrierThread", Thread.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not opened (InaccessibleObjectException, IllegalAccessException) or another JDK's layout.
      return null;
    }
  }

  private final long goid;
  private final Thread thread;
  private final boolean goroutine;
  private volatile String waitReason;
  @SuppressWarnings("unused") // accessed through PARK
  private volatile int park;
  @SuppressWarnings("unused") // accessed through SELECT_DONE
  private volatile int selectDone;

  /**
   * Go's gp.param: the sudog whose operation woke this G (null when a close woke it). Written by the
   * waker before {@link #ready}, read by this G after {@link #park} returns: the park word's
   * release/acquire pair orders it, so a plain field suffices.
   */
  public Sudog param;

  /** Go's gp.waiting: the sudogs a blocked select has queued, linked through {@link Sudog#waitLink}. */
  public Sudog waiting;

  /** Next G on the live-goroutine list this G is on (Goroutines, under its stripe's monitor). */
  G allNext;
  /** The Goroutines stripe this G was added to. */
  int stripe;
  /** Set when the goroutine has ended (Goroutines.remove). */
  volatile boolean done;

  private G(Thread thread, boolean goroutine) {
    this.goid = NEXT_GOID.getAndIncrement();
    this.thread = thread;
    this.goroutine = goroutine;
  }

  /**
   * The calling thread's G: a goroutine's own on goj's scheduler (its M knows it, as Go's
   * getg().m.curg), else the thread's, created on first use.
   */
  public static G current() {
    G g = Sched.currentG();
    return g != null ? g : CURRENT.get();
  }

  /**
   * Makes the record of a goroutine that is about to run on {@code thread}. Unless goj's scheduler
   * runs it (which tracks the current G itself), its body must call {@link #bind()} first.
   */
  public static G newGoroutine(Thread thread) {
    return new G(thread, true);
  }

  /** Installs this G as the current thread's record (first thing a goroutine does). */
  public void bind() {
    CURRENT.set(this);
  }

  /** Drops the current thread's record (last thing a goroutine does). */
  public static void unbind() {
    CURRENT.remove();
  }

  public long goid() {
    return goid;
  }

  public Thread thread() {
    return thread;
  }

  public boolean isGoroutine() {
    return goroutine;
  }

  /** Go's waitreason while parked, else null (the G is running or runnable). */
  public String waitReason() {
    return waitReason;
  }

  /**
   * Blocks until {@link #ready} is called (or returns at once if it already was), recording
   * {@code reason} for stack dumps. Go's gopark. Not interruptible: an interrupt is remembered and
   * re-asserted on return.
   */
  public void park(String reason) {
    park(reason, true);
  }

  /**
   * {@link #park(String)}, but with {@code spin} false it skips the spin before sleeping: for a
   * caller that knows its waker has no core to run on (see {@link Oversubscription}).
   */
  public void park(String reason, boolean spin) {
    if (consumeReady() || (spin && spinForReady(null))) {
      return;
    }
    waitReason = reason;
    boolean interrupted = false;
    // IDLE -> SLEEPING tells a waker to unpark us; if it fails, the ready already arrived.
    if (PARK.compareAndSet(this, IDLE, SLEEPING)) {
      do {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          interrupted = true;
        }
      } while ((int) PARK.getAcquire(this) != READY);
    }
    // Only the owner resets the word, and no second ready can arrive before the next park.
    PARK.setOpaque(this, IDLE);
    waitReason = null;
    if (interrupted) {
      thread.interrupt();
    }
  }

  /**
   * Spins as {@link #park} would before sleeping, but for {@code sg}'s wait to be completed
   * ({@link Sudog#isDone}); whether it was. For a waiter whose waker completes it through its sudog
   * and readies the G only once it committed to parking ({@link Sudog#commitPark}): the spin then
   * reads the one line the waker writes, the sudog's, instead of the sudog's and the G's.
   */
  public boolean spinFor(Sudog sg) {
    return spinForReady(sg);
  }

  /**
   * Spins before sleeping; whether it saw the wake: the ready (consumed) when {@code sg} is null,
   * else {@code sg}'s completion. A platform thread spins: it has its own core. A goroutine on goj's
   * scheduler spins only when {@link Sched#canSpin} says a waker can run meanwhile (another P is
   * busy, its own run queue empty). A JDK virtual thread asks its carrier, see {@link #spinOnCarrier}.
   */
  private boolean spinForReady(Sudog sg) {
    if (!thread.isVirtual()) {
      return spin(SPINS, sg);
    }
    if (Sched.currentG() == this) {
      return Sched.canSpin() && spin(SPINS, sg);
    }
    VarHandle h = CARRIER;
    // Opaque suffices: the field is our own carrier, stable while we run.
    return SPINS > 0 && h != null && h.getOpaque(thread) instanceof ForkJoinWorkerThread w && spinOnCarrier(w, sg);
  }

  /**
   * Polls for about {@code nanos} for the wake (recording {@code reason} meanwhile): {@code sg}'s
   * completion, or with {@code sg} null a {@link #ready} (consumed); whether it came. For a
   * platform-thread waiter whose waker runs on another core, where a park costs a futex sleep and
   * wake (tens of microseconds on a VM) and the waker usually comes sooner. It yields every eighth
   * poll: the waker may be runnable on this very CPU (just woken, or preempted), and a pure spin
   * would hold it off for a time slice.
   */
  public boolean poll(Sudog sg, String reason, long nanos) {
    waitReason = reason;
    long start = System.nanoTime();
    for (int n = 1; ; n++) {
      Thread.onSpinWait();
      boolean ready = woken(sg);
      if (ready || ((n & 7) == 0 && System.nanoTime() - start > nanos)) {
        // Cleared either way: a park that follows may return at its first check, before it sets
        // the reason again.
        waitReason = null;
        return ready;
      }
      if ((n & 7) == 0) {
        Thread.yield();
      }
    }
  }

  private boolean spin(int spins, Sudog sg) {
    if (sg != null) {
      for (int i = EAGER_CHECKS; i > 0; i--) {
        if (sg.isDone()) {
          return true;
        }
      }
    }
    for (int i = spins; i > 0; i--) {
      Thread.onSpinWait();
      if (woken(sg)) {
        return true;
      }
    }
    return false;
  }

  /** The ready (consumed) when {@code sg} is null, else whether {@code sg}'s wait was completed. */
  private boolean woken(Sudog sg) {
    return sg == null ? consumeReady() : sg.isDone();
  }

  /**
   * A JDK virtual thread spins only while no task is queued on its carrier, the check the JDK's
   * LinkedTransferQueue and SynchronousQueue make (ForkJoinWorkerThread.hasKnownQueuedWork, which
   * also reads the queue the running task came from; that one is not public): then its waker is
   * running on another carrier and a spin saves an unmount, a resubmit and the wake of a parked
   * carrier. Only its own queue, not the pool's: a scan of every carrier's queue costs a cache miss
   * per busy carrier on each wait, and no difference was measured on two cores. A task queued on our carrier
   * is usually the G we just readied; a spin would keep it off the carrier it waits for (measured:
   * an unconditional spin made ping-pong 10x slower with the other carrier busy). If another carrier
   * is free it is being signalled to steal that task, and once it has, both Gs run at once; so we
   * wait a little for the steal, with a per-carrier exponential backoff after waits that saw none
   * (the other carriers were busy), and spin once it came. Without the wait, two ping-ponging
   * virtual threads on idle carriers fall into alternating on one carrier and stay there.
   */
  private boolean spinOnCarrier(ForkJoinWorkerThread w, Sudog sg) {
    if (w.getQueuedTaskCount() == 0) {
      return spin(SPINS, sg);
    }
    if (w.getPool().getParallelism() < 2) {
      return false;
    }
    int[] b = STEAL_BACKOFF;
    int slot = (w.getPoolIndex() & (CARRIER_SLOTS - 1)) * SLOT_STRIDE;
    if (b[slot + 1] > 0) {
      b[slot + 1]--;
      return false;
    }
    for (int i = STEAL_WAIT_SPINS; i > 0; i--) {
      Thread.onSpinWait();
      if (woken(sg)) {
        b[slot] = 0;
        return true;
      }
      if (w.getQueuedTaskCount() == 0) {
        b[slot] = 0;
        return spin(SPINS, sg);
      }
    }
    int fails = Math.min(b[slot] + 1, MAX_STEAL_BACKOFF);
    b[slot] = fails;
    b[slot + 1] = 1 << fails;
    return false;
  }

  private boolean consumeReady() {
    if ((int) PARK.getAcquire(this) == READY) {
      PARK.setOpaque(this, IDLE);
      return true;
    }
    return false;
  }

  /** Makes a parked (or about to park) G runnable again: Go's goready. Called once per park. */
  public void ready() {
    // getAndSet publishes every write the waker made (elem, success, param) before the G can see READY.
    if ((int) PARK.getAndSet(this, READY) == SLEEPING) {
      LockSupport.unpark(thread);
    }
  }

  /** Claims this G's current select for a waker: Go's gp.selectDone.CompareAndSwap(0, 1). */
  public boolean casSelectDone() {
    return SELECT_DONE.compareAndSet(this, 0, 1);
  }

  /** Re-arms the select word before a select enqueues its sudogs (only the owner, before publishing). */
  public void clearSelectDone() {
    SELECT_DONE.setRelease(this, 0);
  }

  @Override
  public String toString() {
    String r = waitReason;
    return "goroutine " + goid + " [" + (r == null ? "running" : r) + "]";
  }
}
