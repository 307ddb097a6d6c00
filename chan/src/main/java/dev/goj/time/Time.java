package dev.goj.time;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import dev.goj.chan.internal.ChanAccess;
import dev.goj.runtime.Go;
import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.RuntimeTimer;
import dev.goj.runtime.internal.WaitReason;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's time package: Sleep, After, Tick, NewTimer, AfterFunc, NewTicker (time/sleep.go,
 * time/tick.go) on runtime-core's timer service, with Go 1.23 semantics: timer and ticker channels
 * are synchronous (len and cap 0) and never deliver a value from before the last stop or reset, and
 * a timer or ticker that is no longer referenced is garbage-collected even if it was never stopped.
 */
public final class Time {
  static final ChanAccess CHANS = ChanAccess.get();

  private Time() {}

  /** Go's time.Sleep: blocks the caller for at least {@code d}; returns at once if d <= 0. */
  public static void sleep(Duration d) {
    requireDuration(d);
    if (d.isNegative() || d.isZero()) {
      return;
    }
    G gp = G.current();
    // The timer thread readies us exactly once: the single ready this park waits for.
    RuntimeTimer t = new RuntimeTimer(delay -> gp.ready());
    t.reset(RuntimeTimer.when(d), 0);
    gp.park(WaitReason.SLEEP);
  }

  /** Go's time.After: a channel that receives the current time once {@code d} has passed. */
  public static RecvChan<Instant> after(Duration d) {
    return newTimer(d).c();
  }

  /** Go's time.Tick: a ticker's channel, or the nil channel when {@code d <= 0}, as in Go. */
  public static RecvChan<Instant> tick(Duration d) {
    requireDuration(d);
    if (d.isNegative() || d.isZero()) {
      return Chan.nil();
    }
    return newTicker(d).c();
  }

  /** Go's time.NewTimer: sends the current time on {@link Timer#c()} once {@code d} has passed. */
  public static Timer newTimer(Duration d) {
    requireDuration(d);
    Timer t = new Timer();
    t.start(RuntimeTimer.when(d));
    return t;
  }

  /**
   * Go's time.AfterFunc: runs {@code f} in its own goroutine once {@code d} has passed. The returned
   * timer's channel is the nil channel; stop() reports whether it stopped f from being started.
   */
  public static Timer afterFunc(Duration d, Runnable f) {
    requireDuration(d);
    if (f == null) {
      throw new IllegalArgumentException("f is null");
    }
    Timer t = new Timer(f);
    t.start(RuntimeTimer.when(d));
    return t;
  }

  /**
   * Go's time.NewTicker: sends the current time on {@link Ticker#c()} every {@code d}, dropping
   * ticks a slow receiver misses. {@code d <= 0} is rejected (Go panics).
   */
  public static Ticker newTicker(Duration d) {
    long period = period(d, "non-positive interval for NewTicker");
    Ticker t = new Ticker();
    t.start(period);
    return t;
  }

  static void requireDuration(Duration d) {
    if (d == null) {
      throw new IllegalArgumentException("d is null");
    }
  }

  /** A ticker period in nanoseconds: d must be positive. */
  static long period(Duration d, String goPanic) {
    requireDuration(d);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("d must be > 0, was " + d + " (" + goPanic + ")");
    }
    return RuntimeTimer.saturatedNanos(d);
  }

  /**
   * The timer of a timer or ticker channel {@code c}: sends the time on it, drains it on stop and
   * reset. Only {@code c} refers to it while no receiver is blocked on {@code c} (Go 1.23), so a
   * timer or ticker the program drops without stopping is garbage-collected with its channel.
   */
  static RuntimeTimer chanTimer(Chan<Instant> c) {
    return new RuntimeTimer(delay -> sendTime(c, delay), () -> CHANS.drain(c));
  }

  /** Go's sendTime: the timer's non-blocking send of its (nominal) firing time. */
  static void sendTime(Chan<Instant> c, long delayNanos) {
    CHANS.trySend(c, Instant.now().minusNanos(delayNanos));
  }

  /** Go's goFunc: AfterFunc's callback starts f as a goroutine, off the timer thread. */
  static void goFunc(Runnable f) {
    Go.go(f);
  }
}
