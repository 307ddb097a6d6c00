package dev.goj.time;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import dev.goj.runtime.internal.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's time.Timer (time/sleep.go): one event, a time sent on {@link #c()} or, for
 * {@link Time#afterFunc}, a function started in its own goroutine. Go 1.23 semantics: after
 * {@link #stop} or {@link #reset} returns, {@link #c()} yields nothing from the old deadline; both
 * return true when the timer had not fired yet, or had fired but its value was not received.
 */
public final class Timer {
  private final Chan<Instant> c;
  private final RuntimeTimer t;

  /** A channel timer. */
  Timer() {
    this.c = Time.CHANS.makeTimerChan(Time::chanTimer);
    this.t = Time.CHANS.timer(c);
  }

  /** An AfterFunc timer: no channel. */
  Timer(Runnable f) {
    this.c = Chan.nil();
    this.t = new RuntimeTimer(delay -> Time.goFunc(f));
  }

  void start(long when) {
    t.reset(when, 0);
  }

  /** The channel the time is sent on (Go's t.C); the nil channel for an AfterFunc timer. */
  public RecvChan<Instant> c() {
    return c;
  }

  /** Go's Timer.Stop: prevents the timer from firing; whether it was still pending. */
  public boolean stop() {
    return t.stop();
  }

  /**
   * Go's Timer.Reset: makes the timer fire after {@code d} instead; whether it was still pending.
   * An AfterFunc timer runs its function again after d.
   */
  public boolean reset(Duration d) {
    Time.requireDuration(d);
    return t.reset(RuntimeTimer.when(d), 0);
  }

  @Override
  public String toString() {
    return "Timer[" + (t.isPending() ? "pending" : "stopped or fired") + "]";
  }
}
