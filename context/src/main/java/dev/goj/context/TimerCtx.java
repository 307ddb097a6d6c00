package dev.goj.context;

import dev.goj.time.Time;
import dev.goj.time.Timer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's timerCtx with WithDeadline/WithTimeout (and their Cause forms): a cancelCtx that also
 * cancels itself, with DEADLINE_EXCEEDED, when its deadline passes. The deadline is a
 * {@link Time#afterFunc} on runtime-core's timer service, so the cancel runs in its own goroutine
 * (never on the timer thread, which a large cascade would hold up). {@code timer} is guarded by this
 * context's monitor and set only while the context is live, so an early cancel always finds and
 * stops it: no timer outlives its context.
 */
final class TimerCtx extends CancelCtx {
  private final Instant deadline;
  /** deadline(), allocated once. */
  private final Optional<Instant> deadlineOpt;
  /** Guarded by this context's monitor (package-private for tests). */
  Timer timer;

  private TimerCtx(Context parent, CancelCtx parentCC, Instant deadline) {
    super(parent, parentCC);
    this.deadline = deadline;
    this.deadlineOpt = Optional.of(deadline);
  }

  /** Go's WithDeadlineCause (cause null: WithDeadline). */
  static CancelContext withDeadline(Context parent, Instant d, Throwable cause) {
    Contexts.requireParent(parent);
    if (d == null) {
      throw new IllegalArgumentException("d is null");
    }
    return withDeadline(parent, d, Duration.between(Instant.now(), d), cause);
  }

  /** Go's WithTimeoutCause (cause null: WithTimeout): a deadline of now + d. */
  static CancelContext withTimeout(Context parent, Duration d, Throwable cause) {
    Contexts.requireParent(parent);
    if (d == null) {
      throw new IllegalArgumentException("d is null");
    }
    Instant deadline;
    try {
      deadline = Instant.now().plus(d);
    } catch (DateTimeException | ArithmeticException tooFar) {
      // Beyond Instant's range: as good as never, like Go's saturating time arithmetic.
      deadline = d.isNegative() ? Instant.MIN : Instant.MAX;
    }
    // The timer is armed with d itself, not d recomputed from the wall clock (Go's monotonic reading).
    return withDeadline(parent, deadline, d, cause);
  }

  private static CancelContext withDeadline(Context parent, Instant d, Duration dur, Throwable cause) {
    Optional<Instant> cur = parent.deadline();
    if (cur.isPresent() && cur.get().isBefore(d)) {
      // The parent expires first: its deadline is this child's too.
      return CancelCtx.withCancel(parent);
    }
    TimerCtx c = new TimerCtx(parent, parentCancelCtx(parent), d);
    boolean expired = dur.isNegative() || dur.isZero();
    c.propagateCancel(!expired); // an expired context need not join its parent's list
    Cancellation exceeded = Cancellation.of(Context.DEADLINE_EXCEEDED, cause);
    if (expired) {
      c.cancel(true, exceeded); // already past: expired before we return
      return c;
    }
    // Under the monitor, which TimerCtx.cancel takes after installing its state: either that
    // cancel finds the timer, or this finds the state and starts none.
    synchronized (c) {
      if (c.stateNow() == null) {
        c.timer = Time.afterFunc(dur, () -> c.cancel(true, exceeded));
      }
    }
    return c;
  }

  @Override
  void cancel(boolean removeFromParent, Cancellation s) {
    super.cancel(false, s);
    if (removeFromParent) {
      removeChild();
    }
    Timer t;
    synchronized (this) {
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.stop();
    }
  }

  @Override
  public Optional<Instant> deadline() {
    return deadlineOpt;
  }

  @Override
  public String toString() {
    return Contexts.contextName(parent) + ".WithDeadline(" + deadline + " ["
        + goDuration(Duration.between(Instant.now(), deadline)) + "])";
  }

  /** Go's Duration.String: "1h2m3.5s", "1.5ms", "0s". */
  static String goDuration(Duration d) {
    long n;
    try {
      n = d.toNanos();
    } catch (ArithmeticException tooLong) {
      n = d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    if (n == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (n < 0) {
      sb.append('-');
    }
    // Unsigned from here on, so that Long.MIN_VALUE prints too.
    long u = n < 0 ? -n : n;
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      if (u < 1_000) {
        return sb.append(u).append("ns").toString();
      }
      if (u < 1_000_000) {
        return fraction(sb, u, 1_000).append("µs").toString();
      }
      return fraction(sb, u, 1_000_000).append("ms").toString();
    }
    long secs = Long.divideUnsigned(u, 1_000_000_000L);
    long nanos = Long.remainderUnsigned(u, 1_000_000_000L);
    long h = secs / 3600;
    long m = secs / 60 % 60;
    if (h > 0) {
      sb.append(h).append('h').append(m).append('m');
    } else if (m > 0) {
      sb.append(m).append('m');
    }
    return fraction(sb, secs % 60 * 1_000_000_000L + nanos, 1_000_000_000L).append('s').toString();
  }

  /** Appends v / unit with the remainder as a decimal fraction, trailing zeros dropped. */
  private static StringBuilder fraction(StringBuilder sb, long v, long unit) {
    sb.append(v / unit);
    long rem = v % unit;
    if (rem != 0) {
      String digits = Long.toString(unit + rem).substring(1); // zero-padded to the unit's width
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(digits, 0, end);
    }
    return sb;
  }
}
