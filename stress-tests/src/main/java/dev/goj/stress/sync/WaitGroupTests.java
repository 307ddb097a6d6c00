package dev.goj.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.sync.WaitGroup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * sync.WaitGroup as a two-party barrier: each actor writes, calls done() and awaits. Whichever
 * done() comes last releases the other's await (or the await sees the counter already at zero);
 * either way each await must return seeing the other actor's plain write made before its done().
 */
public final class WaitGroupTests {
  private WaitGroupTests() {}

  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "each await saw the other's write")
  @Outcome(expect = FORBIDDEN, desc = "await returned before a done() or without its writes")
  @State
  public static class AwaitSeesWritesBeforeDone {
    final WaitGroup wg = new WaitGroup();
    int a;
    int b;

    public AwaitSeesWritesBeforeDone() {
      wg.add(2);
    }

    @Actor
    public void first(II_Result r) {
      a = 1;
      wg.done();
      wg.await();
      r.r1 = b;
    }

    @Actor
    public void second(II_Result r) {
      b = 1;
      wg.done();
      wg.await();
      r.r2 = a;
    }
  }
}
