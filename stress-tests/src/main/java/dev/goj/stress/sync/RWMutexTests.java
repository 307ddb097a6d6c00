package dev.goj.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.sync.RWMutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/** sync.RWMutex: a writer excludes readers (blocking and try variants). */
public final class RWMutexTests {
  private RWMutexTests() {}

  /** A reader sees either none or all of the writer's critical section, never half of it. */
  @JCStressTest
  @Outcome(id = {"0, 0", "1, 1"}, expect = ACCEPTABLE, desc = "reader ran wholly before or after the writer")
  @Outcome(expect = FORBIDDEN, desc = "reader overlapped the writer")
  @State
  public static class WriterExcludesReader {
    final RWMutex rw = new RWMutex();
    int x;
    int y;

    @Actor
    public void writer() {
      rw.lock();
      x = 1;
      y = 1;
      rw.unlock();
    }

    @Actor
    public void reader(II_Result r) {
      rw.rLock();
      r.r1 = y;
      r.r2 = x;
      rw.rUnlock();
    }
  }

  /**
   * tryLock against tryRLock: each may fail, but when both succeed their sections do not overlap.
   * r1: writer got in; r2, r3: what the reader saw (-1 if it did not get in).
   */
  @JCStressTest
  @Outcome(id = "1, -1, -1", expect = ACCEPTABLE_INTERESTING, desc = "reader refused while the writer held the lock")
  @Outcome(id = "0, -1, -1", expect = ACCEPTABLE_INTERESTING, desc = "both refused (Go allows Try* to fail under contention)")
  @Outcome(id = {"1, 0, 0", "1, 1, 1", "0, 0, 0"}, expect = ACCEPTABLE, desc = "reader before or after the writer, or writer refused")
  @Outcome(expect = FORBIDDEN, desc = "reader overlapped the writer, or saw a write that never happened")
  @State
  public static class TryLockExcludesTryRLock {
    final RWMutex rw = new RWMutex();
    int x;
    int y;

    @Actor
    public void writer(III_Result r) {
      if (rw.tryLock()) {
        x = 1;
        y = 1;
        rw.unlock();
        r.r1 = 1;
      }
    }

    @Actor
    public void reader(III_Result r) {
      if (rw.tryRLock()) {
        r.r2 = y;
        r.r3 = x;
        rw.rUnlock();
      } else {
        r.r2 = -1;
        r.r3 = -1;
      }
    }
  }
}
