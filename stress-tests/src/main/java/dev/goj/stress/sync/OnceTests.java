package dev.goj.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.sync.Once;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/** sync.Once: f runs exactly once, and every caller returns seeing f's plain writes. */
public final class OnceTests {
  private OnceTests() {}

  @JCStressTest
  @Outcome(id = "42, 42, 1", expect = ACCEPTABLE, desc = "one call; both callers saw its write")
  @Outcome(expect = FORBIDDEN, desc = "f ran twice or a caller returned without seeing f's write")
  @State
  public static class ExactlyOnceAndPublished {
    final Once once = new Once();
    int calls;
    int data;
    final Runnable f = () -> {
      calls++;
      data = 42;
    };

    @Actor
    public void a1(III_Result r) {
      once.run(f);
      r.r1 = data;
    }

    @Actor
    public void a2(III_Result r) {
      once.run(f);
      r.r2 = data;
    }

    @Arbiter
    public void check(III_Result r) {
      r.r3 = calls;
    }
  }
}
