package dev.goj.stress.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.runtime.internal.Sema;
import dev.goj.runtime.internal.WaitReason;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** runtime/sema.go invariants: no unit is created or lost, no sleeping acquirer misses a release. */
public final class SemaTests {
  private SemaTests() {}

  /** Two tryAcquires race for one unit: exactly one wins. */
  @JCStressTest
  @Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "exactly one took the unit")
  @Outcome(expect = FORBIDDEN, desc = "a unit was duplicated or lost")
  @State
  public static class TryAcquireRace {
    final Sema s = new Sema(1);

    @Actor
    public void a1(ZZ_Result r) {
      r.r1 = s.tryAcquire();
    }

    @Actor
    public void a2(ZZ_Result r) {
      r.r2 = s.tryAcquire();
    }
  }

  /**
   * A blocking acquire races a release (with and without hand-off): the acquirer always wakes with
   * the unit, and the count ends at 0. A lost wake-up hangs the acquirer and jcstress reports it.
   */
  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "acquirer got the unit, count back to 0")
  @Outcome(expect = FORBIDDEN, desc = "unit lost or duplicated")
  @State
  public static class AcquireRelease {
    final Sema s = new Sema(0);
    int got;

    @Actor
    public void acquirer() {
      s.acquire(false, WaitReason.SEMACQUIRE);
      got = 1;
    }

    @Actor
    public void releaser() {
      s.release(true);
    }

    @Arbiter
    public void check(II_Result r) {
      r.r1 = got;
      r.r2 = s.count();
    }
  }
}
