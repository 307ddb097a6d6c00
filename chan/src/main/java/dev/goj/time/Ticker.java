package dev.goj.time;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import dev.goj.runtime.internal.RuntimeTimer;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's time.Ticker (time/tick.go): sends the time on {@link #c()} every period. The channel is
 * synchronous (Go 1.23): a receiver slower than the period misses ticks rather than queueing them,
 * and after {@link #stop} or {@link #reset} no tick from the old schedule is received.
 */
public final class Ticker {
  private final Chan<Instant> c;
  private final RuntimeTimer t;

  Ticker() {
    this.c = Time.CHANS.makeTimerChan(Time::chanTimer);
    this.t = Time.CHANS.timer(c);
  }

  void start(long period) {
    t.reset(RuntimeTimer.when(Duration.ofNanos(period)), period);
  }

  /** The channel the ticks are sent on (Go's t.C). */
  public RecvChan<Instant> c() {
    return c;
  }

  /** Go's Ticker.Stop: no more ticks; the channel is not closed. */
  public void stop() {
    t.stop();
  }

  /** Go's Ticker.Reset: stops the ticker and restarts it with period {@code d} (d > 0). */
  public void reset(Duration d) {
    long period = Time.period(d, "non-positive interval for Ticker.Reset");
    t.reset(RuntimeTimer.when(d), period);
  }
}
