package dev.goj.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.chan.Chan;
import dev.goj.chan.Select;
import dev.goj.time.Time;
import dev.goj.time.Timer;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** runtime/time.go (Go 1.23) invariant: a timer either delivers its value or reports stopped. */
public final class TimerTests {
  private TimerTests() {}

  /**
   * A zero-delay timer fires while one actor stops it and the other waits for its value or for the
   * stop to finish: on the receiver's thread when its select finds it due (Go's maybeRunChan), or on
   * the timer thread once the select blocked and put it in the heap. Go 1.23: stop returns true exactly when the value was not
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

  /**
   * Go 1.23's lazy heap: a channel timer is in the heap only while a receiver is blocked on it, and
   * a receive that finds it due fires it itself. Here one select blocks on the timer (putting it in
   * the heap for the timer thread) while another thread's non-blocking select looks (and may fire
   * it inline), around the deadline: the one value reaches exactly one of them, or a later receive.
   */
  @JCStressTest
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the blocked select received it")
  @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the non-blocking select received it")
  @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "not due while both looked; a later receive got it")
  @Outcome(expect = FORBIDDEN, desc = "lost, or delivered twice")
  @State
  public static class OneValueForBlockedAndLookingReceivers {
    final Timer t = Time.newTimer(Duration.ofNanos(20_000));
    final Chan<Void> done = Chan.make();

    @Actor
    public void blocked(III_Result r) {
      r.r1 = Select.of().recv(t.c(), v -> { }).recv(done, v -> { }).run() == 0 ? 1 : 0;
    }

    @Actor
    public void looking(III_Result r) {
      r.r2 = Select.of().recv(t.c(), v -> { }).defaultCase(null).run() == 0 ? 1 : 0;
      done.close();
    }

    @Arbiter
    public void later(III_Result r) {
      if (r.r1 == 0 && r.r2 == 0) {
        // Nobody has it: it must still come (a 10 s backstop turns a lost value into "0, 0, 0").
        r.r3 = Select.of().recv(t.c(), v -> { }).recv(Time.after(Duration.ofSeconds(10)), v -> { }).run() == 0 ? 1 : 0;
      } else {
        // Somebody has it: nothing more may come (a one-shot fires once).
        Time.sleep(Duration.ofNanos(50_000));
        r.r3 = Select.of().recv(t.c(), v -> { }).defaultCase(null).run() == 0 ? 1 : 0;
      }
    }
  }
}
