package dev.goj.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

  // park word states
  private static final int IDLE = 0;
  private static final int READY = 1;
  private static final int SLEEPING = 2;

  private static final VarHandle PARK;
  private static final VarHandle SELECT_DONE;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      PARK = l.findVarHandle(G.class, "park", int.class);
      SELECT_DONE = l.findVarHandle(G.class, "selectDone", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long goid;
  private final Thread thread;
  private final boolean goroutine;
  /**
   * Spins before sleeping in {@link #park}: only platform threads spin. A virtual thread (and so a
   * goroutine) parks at once, as Go's gopark does: the G that will ready it is often queued on the
   * same carrier, which a spin would hold away from it (the JDK's SynchronousQueue checks the
   * carrier's queue for that; that check is not public), and unparking a virtual thread is cheap.
   * Measured on 2 shared cores, channel ping-pong between virtual threads: 0.7-1.7 us per round
   * trip without the spin, 10-18 us with 100 spins; cap-128 streaming 2-3x slower with it.
   */
  private final int spins;
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

  private G(Thread thread, boolean goroutine) {
    this.goid = NEXT_GOID.getAndIncrement();
    this.thread = thread;
    this.goroutine = goroutine;
    this.spins = thread.isVirtual() ? 0 : SPINS;
  }

  /** The calling thread's G, created on first use. */
  public static G current() {
    return CURRENT.get();
  }

  /**
   * Makes the record of a goroutine that is about to run on {@code thread}; the goroutine's body
   * must call {@link #bind()} before anything parks.
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
    if (consumeReady()) {
      return;
    }
    for (int i = spins; i > 0; i--) {
      Thread.onSpinWait();
      if (consumeReady()) {
        return;
      }
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
