package dev.goj.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.sync.Mutex;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** sync.Mutex: mutual exclusion in normal mode (lock and tryLock) and across starvation hand-off. */
public final class MutexTests {
  private MutexTests() {}

  /**
   * One actor locks, the other tries first and falls back to lock. Each increments a plain
   * counter inside the critical section: a lost update means both were inside at once.
   */
  @JCStressTest
  @Outcome(id = {"1, 2", "0, 2"}, expect = ACCEPTABLE, desc = "both increments survived (r1: tryLock won)")
  @Outcome(expect = FORBIDDEN, desc = "two holders at once: an increment was lost")
  @State
  public static class Exclusion {
    final Mutex m = new Mutex();
    int x;

    @Actor
    public void locker() {
      m.lock();
      x++;
      m.unlock();
    }

    @Actor
    public void tryLocker(II_Result r) {
      if (m.tryLock()) {
        r.r1 = 1;
      } else {
        m.lock();
      }
      x++;
      m.unlock();
    }

    @Arbiter
    public void check(II_Result r) {
      r.r2 = x;
    }
  }

  /**
   * Starvation mode for real, without sleeping 1 ms per sample: the state's constructor holds the
   * mutex; the first actor queues through Mutex's package-private lockStarving hook (a sleeper
   * that has already waited past the threshold, so it switches the mutex to starvation mode on the
   * spot); the second actor unlocks (a direct hand-off when the sleeper is queued) and then locks
   * again, which in starvation mode must queue behind the sleeper instead of barging. Both
   * increment a plain counter inside; the mutex must end unlocked in normal mode.
   */
  @JCStressTest
  @Outcome(id = "1, 2, 0", expect = ACCEPTABLE_INTERESTING, desc = "unlocked a starving mutex: handed off, exclusion kept")
  @Outcome(id = "0, 2, 0", expect = ACCEPTABLE, desc = "unlocked before the sleeper queued: normal mode")
  @Outcome(expect = FORBIDDEN, desc = "lost update (two holders) or mutex left in a bad state")
  @State
  public static class StarvationHandoff {
    private static final MethodHandle LOCK_STARVING;
    private static final VarHandle STATE;

    static {
      try {
        // Mutex's hook and state are package-private; the stress jar runs on the class path, so a
        // private lookup into Mutex's class is allowed.
        MethodHandles.Lookup l = MethodHandles.privateLookupIn(Mutex.class, MethodHandles.lookup());
        LOCK_STARVING = l.findVirtual(Mutex.class, "lockStarving", MethodType.methodType(void.class));
        STATE = l.findVarHandle(Mutex.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Mutex m = new Mutex();
    int x;

    public StarvationHandoff() {
      m.lock();
    }

    @Actor
    public void starvedSleeper() {
      try {
        LOCK_STARVING.invokeExact(m);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
      x++;
      m.unlock();
    }

    @Actor
    public void holder(III_Result r) {
      r.r1 = ((int) STATE.getVolatile(m) & 4) != 0 ? 1 : 0; // mutexStarving
      m.unlock();
      m.lock();
      x++;
      m.unlock();
    }

    @Arbiter
    public void check(III_Result r) {
      r.r2 = x;
      r.r3 = (int) STATE.getVolatile(m);
    }
  }
}
