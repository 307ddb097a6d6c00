package dev.goj.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One timer of the timer service: Go's {@code timer} (runtime/time.go, Go 1.23). It runs its
 * {@link Func} on the timer thread at {@code when}, and again every {@code period} if that is
 * positive. {@code time.Sleep}, {@code time.AfterFunc}, timers, tickers and context deadlines are
 * all one of these.
 *
 * <p>A <em>channel timer</em> (built with a {@code drain}) sends on a synchronous timer channel and
 * keeps Go 1.23's guarantee: once {@link #stop} or {@link #reset} returns, no value computed for
 * the old deadline is ever delivered. As in Go, three things make that hold:
 * <ul>
 *   <li>{@code seq} counts stops and resets; the firing path copies it under the heap lock and
 *       sends only if it is unchanged once it holds {@code sendLock};</li>
 *   <li>{@code sendLock} is held across the whole send and across stop/reset, so a stop either sees
 *       the send finished (and drains the value from the channel buffer) or makes it skip;</li>
 *   <li>{@code isSending} tells a stop that a one-shot firing already left the heap but has not yet
 *       reached {@code sendLock}: that stop still reports the timer as stopped in time.</li>
 * </ul>
 *
 * <p>Also as in Go 1.23, a channel timer is in the heap only while a receiver is blocked on its
 * channel ({@code blocked > 0}, kept by {@link #blockChan}/{@link #unblockChan}); a receive that does
 * not block fires a due timer itself ({@link #maybeRunChan}). So nothing global refers to a timer
 * or ticker that nobody waits on, and one the program dropped without stopping is garbage, not a
 * heap entry that fires forever. Every other timer is in the heap exactly while it is active.
 *
 * <p>Lock order: {@code sendLock}, then a channel's lock, then the heap lock; the firing path
 * releases the heap lock before it takes {@code sendLock}, and nothing takes another lock while
 * holding the heap lock.
 *
 * <p>Fields {@code period}, {@code index}, {@code blocked} and {@code seq} are guarded by
 * {@code Timers.lock}, and so are writes of {@code when} (0: inactive, Go's "not pending"), which
 * {@link #maybeRunChan} may also read without it; {@code seq} of a channel timer is written only
 * while {@code sendLock} is held too, so the firing path may read it under {@code sendLock} alone.
 */
public final class RuntimeTimer {
  /**
   * What a timer does when it fires, on the timer thread (or, for a channel timer nobody was blocked
   * on, on the receiving thread that found it due): must be quick and must not block.
   */
  @FunctionalInterface
  public interface Func {
    /** {@code delayNanos}: how late this firing runs relative to its deadline. */
    void fire(long delayNanos);
  }

  private static final VarHandle IS_SENDING;

  static {
    try {
      IS_SENDING = MethodHandles.lookup().findVarHandle(RuntimeTimer.class, "isSending", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Func f;
  private final BooleanSupplier drain;
  private final RuntimeMutex sendLock;

  /** Volatile for {@link #maybeRunChan}'s unlocked look; every write holds the heap lock. */
  volatile long when;
  long period;
  int index = -1;
  private int blocked;
  private long seq;
  @SuppressWarnings("unused") // accessed through IS_SENDING
  private volatile int isSending;

  /** A timer that runs {@code f} (sleep, afterFunc, deadlines). */
  public RuntimeTimer(Func f) {
    this(f, null);
  }

  /**
   * A channel timer: {@code f} makes a non-blocking send on a synchronous timer channel and
   * {@code drain} empties that channel's buffer, reporting whether it held a value.
   */
  public RuntimeTimer(Func f, BooleanSupplier drain) {
    if (f == null) {
      throw new IllegalArgumentException("f is null");
    }
    this.f = f;
    this.drain = drain;
    this.sendLock = drain == null ? null : new RuntimeMutex();
  }

  /** Go's nanotime(): the clock deadlines are measured on (monotonic, positive). */
  public static long nanotime() {
    return Timers.nanotime();
  }

  /**
   * Go's time.when: the deadline {@code d} from now, {@code now} itself for {@code d <= 0}, and
   * saturated rather than overflowing for huge durations.
   */
  public static long when(Duration d) {
    long now = nanotime();
    if (d.isNegative() || d.isZero()) {
      return now;
    }
    long ns = saturatedNanos(d);
    long t = now + ns;
    return t < now ? Long.MAX_VALUE : t;
  }

  /** {@code d} in nanoseconds, clamped to the long range. */
  public static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * Go's timer.modify (Timer.Reset, Ticker.Reset, and the first start): fire at {@code when}, then
   * every {@code period} nanoseconds if it is positive. Returns whether the timer was pending (for
   * a channel timer: also whether a fired value was still unreceived, which is discarded).
   */
  public boolean reset(long when, long period) {
    if (when <= 0) {
      throw new IllegalArgumentException("when must be > 0, was " + when);
    }
    if (period < 0) {
      throw new IllegalArgumentException("period must be >= 0, was " + period);
    }
    if (sendLock != null) {
      sendLock.lock();
    }
    boolean pending;
    Timers.lock.lock();
    try {
      long oldPeriod = this.period;
      pending = this.when > 0;
      this.when = when;
      this.period = period;
      if (index >= 0) {
        Timers.fixLocked(this);
      } else if (sendLock == null || blocked > 0) {
        Timers.addLocked(this);
      }
      if (sendLock != null) {
        seq++;
        if (oldPeriod == 0 && (int) IS_SENDING.getVolatile(this) > 0) {
          pending = true;
        }
      }
    } finally {
      Timers.lock.unlock();
    }
    if (sendLock != null) {
      try {
        // Under sendLock, so a firing for the new deadline cannot land before this drain.
        if (drain.getAsBoolean()) {
          pending = true;
        }
      } finally {
        sendLock.unlock();
      }
    }
    return pending;
  }

  /**
   * Go's timer.stop: prevents the timer from firing. Returns whether it was pending (for a channel
   * timer: also whether a fired value was still unreceived, which is discarded).
   */
  public boolean stop() {
    if (sendLock != null) {
      sendLock.lock();
    }
    boolean pending;
    Timers.lock.lock();
    try {
      pending = when > 0;
      if (index >= 0) {
        Timers.deleteLocked(this);
      }
      when = 0;
      if (sendLock != null) {
        seq++;
        // A one-shot firing that left the heap but has not sent yet will now skip its send.
        if (period == 0 && (int) IS_SENDING.getVolatile(this) > 0) {
          pending = true;
        }
      }
    } finally {
      Timers.lock.unlock();
    }
    if (sendLock != null) {
      try {
        if (drain.getAsBoolean()) {
          pending = true;
        }
      } finally {
        sendLock.unlock();
      }
    }
    return pending;
  }

  /**
   * Go's maybeRunChan, before a receive from this channel timer's channel: a timer that is due but
   * not in the heap (nobody was blocked on the channel when it came due) fires now, on the caller's
   * thread, so the receive finds its value. A timer in the heap is the timer thread's to fire.
   * Must not be called while holding the channel's lock (the firing sends on the channel).
   */
  public void maybeRunChan() {
    long w = when;
    if (w == 0 || w > nanotime()) {
      return;
    }
    Timers.lock.lock();
    long now = nanotime();
    if (index >= 0 || when == 0 || when > now) {
      Timers.lock.unlock();
      return;
    }
    unlockAndRun(advanceLocked(now));
  }

  /**
   * Go's blockTimerChan: a receiver is about to block on this channel timer's channel, so the
   * timer must be in the heap for its deadline to wake it. Called with the channel's lock held.
   */
  public void blockChan() {
    Timers.lock.lock();
    try {
      blocked++;
      if (index < 0 && when > 0) {
        Timers.addLocked(this);
      }
    } finally {
      Timers.lock.unlock();
    }
  }

  /**
   * Go's unblockTimerChan, once per {@link #blockChan} when that receiver stops waiting: the last
   * one takes the timer out of the heap (Go marks it a zombie for lazy removal; one heap delete
   * under the lock we take anyway costs the same O(log n)). {@code when} stays, so a later receive
   * still fires it through {@link #maybeRunChan}.
   */
  public void unblockChan() {
    Timers.lock.lock();
    try {
      if (--blocked == 0 && index >= 0) {
        Timers.deleteLocked(this);
      }
    } finally {
      Timers.lock.unlock();
    }
  }

  /**
   * The firing of a due timer, under the heap lock: the next deadline of a periodic timer (ticks it
   * was too late for are dropped, as in Go), 0 for a one-shot. Returns how late it fires.
   */
  long advanceLocked(long now) {
    long w = when;
    long delay = now - w;
    if (period > 0) {
      long next = w + period * (1 + delay / period);
      when = next < w ? Long.MAX_VALUE : next;
    } else {
      when = 0;
    }
    return delay;
  }

  /**
   * Go's unlockAndRun: called with the heap lock held, after {@link #advanceLocked} (and, on the
   * timer thread, after this timer left the heap or moved to its next deadline). Releases the lock
   * and fires.
   */
  void unlockAndRun(long delay) {
    if (sendLock == null) {
      Timers.lock.unlock();
      runF(delay);
      return;
    }
    long mySeq = seq;
    boolean oneShot = period == 0;
    if (oneShot) {
      IS_SENDING.getAndAdd(this, 1);
    }
    Timers.lock.unlock();
    sendLock.lock();
    try {
      if (oneShot) {
        IS_SENDING.getAndAdd(this, -1);
      }
      if (seq == mySeq) {
        runF(delay);
      }
    } finally {
      sendLock.unlock();
    }
  }

  private void runF(long delay) {
    try {
      f.fire(delay);
    } catch (Throwable e) {
      // The timer thread serves every timer: report a broken callback, keep serving the others.
      System.err.println("goj-timers: timer callback failed: " + e);
    }
  }

  /**
   * Whether the timer is active, set to fire and not yet fired (one-shot) or stopped: Go's
   * {@code when > 0}. A channel timer may be active without being in the heap.
   */
  public boolean isPending() {
    return when > 0;
  }

  /** Whether the timer is in the heap (tests and diagnostics). */
  public boolean inHeap() {
    Timers.lock.lock();
    try {
      return index >= 0;
    } finally {
      Timers.lock.unlock();
    }
  }
}
