package dev.goj.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.sync.Cond;
import dev.goj.sync.Mutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * sync.Cond loses no wake-up: a waiter that checks its condition under the lock and awaits is
 * always woken by a signal/broadcast made after the condition became true under the same lock.
 * A lost wake-up leaves the waiter asleep forever, which jcstress reports as a failed (hung) test.
 */
public final class CondTests {
  private CondTests() {}

  /** Waiter and signaller race; r1: waiter saw the flag, r2: times the waiter actually slept. */
  @JCStressTest
  @Outcome(id = {"1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "waiter saw the flag, before or after sleeping")
  @Outcome(expect = FORBIDDEN, desc = "waiter returned without the flag, or slept more than once")
  @State
  public static class SignalNoLostWakeup {
    final Mutex m = new Mutex();
    final Cond c = new Cond(m);
    boolean ready;

    @Actor
    public void waiter(II_Result r) {
      m.lock();
      int slept = 0;
      while (!ready) {
        c.await();
        slept++;
      }
      r.r1 = ready ? 1 : 0;
      r.r2 = slept;
      m.unlock();
    }

    @Actor
    public void signaller() {
      m.lock();
      ready = true;
      c.signal();
      m.unlock();
    }
  }

  /**
   * The same race with broadcast, the waiter running in a JDK virtual thread that the actor starts
   * and joins (so parking unmounts the carrier instead of blocking it).
   */
  @JCStressTest
  @Outcome(id = {"1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "waiter saw the flag, before or after sleeping")
  @Outcome(expect = FORBIDDEN, desc = "waiter returned without the flag, or slept more than once")
  @State
  public static class BroadcastNoLostWakeupVirtual {
    final Mutex m = new Mutex();
    final Cond c = new Cond(m);
    boolean ready;
    int sawReady;
    int slept;

    @Actor
    public void waiter(II_Result r) {
      Thread t = Thread.ofVirtual().start(() -> {
        m.lock();
        while (!ready) {
          c.await();
          slept++;
        }
        sawReady = ready ? 1 : 0;
        m.unlock();
      });
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      r.r1 = sawReady;
      r.r2 = slept;
    }

    @Actor
    public void broadcaster() {
      m.lock();
      ready = true;
      c.broadcast();
      m.unlock();
    }
  }
}
