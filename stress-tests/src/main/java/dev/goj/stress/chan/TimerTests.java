package dev.goj.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.chan.Chan;
import dev.goj.chan.Select;
import dev.goj.time.Time;
import dev.goj.time.Timer;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** runtime/time.go (Go 1.23) invariant: a timer either delivers its value or reports stopped. */
public final class TimerTests {
  private TimerTests() {}

  /**
   * A zero-delay timer fires on the timer thread while one actor stops it and the other waits for
   * its value or for the stop to finish. Go 1.23: stop returns true exactly when the value was not
   * (and will never be) received; a fired but unreceived value is discarded by stop.
   */
  @JCStressTest
  @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "stopped (before firing, or drained): nothing received")
  @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "fired and received before the stop")
  @Outcome(expect = FORBIDDEN, desc = "both delivered and reported stopped, or neither")
  @State
  public static class StopRacesFiring {
    final Timer t = Time.newTimer(Duration.ZERO);
    final Chan<Void> stopped = Chan.make();

    @Actor
    public void stopper(ZZ_Result r) {
      r.r1 = t.stop();
      stopped.close();
    }

    @Actor
    public void receiver(ZZ_Result r) {
      boolean[] got = {false};
      // Once the stop returned, a value still on its way would be stale: it must never come.
      Select.of().recv(t.c(), v -> got[0] = true).recv(stopped, v -> { }).run();
      if (!got[0]) {
        got[0] = Select.of().recv(t.c(), v -> { }).defaultCase(null).run() == 0;
      }
      r.r2 = got[0];
    }
  }
}
