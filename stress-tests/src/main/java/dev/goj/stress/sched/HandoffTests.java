package dev.goj.stress.sched;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.runtime.sched.GlobalRunQueue;
import dev.goj.runtime.sched.M;
import dev.goj.runtime.sched.P;
import dev.goj.runtime.sched.Sched;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * runtime/proc.go's P hand-off: sysmon's retake (CAS the P out of SYSCALL, then handoffp) races the
 * M coming back from its goroutine (exitsyscall: CAS the P back, else take an idle one). The P goes
 * to exactly one of them; the M always ends up holding one P; no P is lost or held twice.
 */
public final class HandoffTests {
  private HandoffTests() {}

  /**
   * Three Ps; an M holds P0 and is inside a goroutine (P0 in SYSCALL). The other two are idle, so
   * handoffp parks a retaken P on the idle list and no thread is started.
   */
  @JCStressTest
  @Outcome(id = "0, 1, 1, 2", expect = ACCEPTABLE, desc = "the M came back first and kept P0")
  @Outcome(id = "1, 1, 0, 2", expect = ACCEPTABLE, desc = "sysmon retook P0; the M took another idle P")
  @Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "sysmon retook P0 and parked it; the M took it from the idle list")
  @Outcome(expect = FORBIDDEN, desc = "a P was lost or held twice, or the M has none")
  @State
  public static class RetakeVsExitsyscall {
    final Sched sched = new Sched(3);
    final M m = sched.newM();
    final P p0;
    final int syscallWord;
    int retaken;
    int kept;

    public RetakeVsExitsyscall() {
      if (!sched.acquireIdleP(m)) {
        throw new IllegalStateException("no idle P");
      }
      p0 = m.p();
      m.entersyscall(p0);
      syscallWord = p0.status(); // what sysmon reads before its CAS
    }

    @Actor
    public void sysmon() {
      retaken = sched.retake(p0, syscallWord) ? 1 : 0;
    }

    @Actor
    public void m() {
      kept = m.exitsyscall(p0) && m.p() == p0 ? 1 : 0;
    }

    /** r1 retaken, r2 M holds a P, r3 it is P0 (and not idle), r4 idle Ps. */
    @Arbiter
    public void arbiter(IIII_Result r) {
      r.r1 = retaken;
      r.r2 = m.p() != null ? 1 : 0;
      r.r3 = kept;
      r.r4 = sched.npidle();
    }
  }

  /**
   * A goroutine on M readies another (goready: it re-takes its own P for the runqput, then goes back
   * to SYSCALL) while sysmon retakes that P. The readied goroutine lands exactly once: on P0's
   * runnext, or (when sysmon got there first) on the global queue. Two thread-less idle Ms let
   * handoffp and injectglist hand Ps out without starting threads.
   */
  @JCStressTest
  @Outcome(id = "0, 1, 0, 2", expect = ACCEPTABLE, desc = "goready first; the retake CAS lost")
  @Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "goready, then sysmon retook P0 with it")
  @Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE, desc = "sysmon first; goready went global")
  @Outcome(expect = FORBIDDEN, desc = "the goroutine was lost or queued twice, or P0 is inconsistent")
  @State
  public static class GoreadyVsRetake {
    final Sched sched = new Sched(3);
    final M m = sched.newM();
    final P p0;
    final int syscallWord;
    final Runnable gp = new Runnable() {
      @Override
      public void run() {}
    };
    int retaken;

    public GoreadyVsRetake() {
      sched.newIdleM();
      sched.newIdleM();
      if (!sched.acquireIdleP(m)) {
        throw new IllegalStateException("no idle P");
      }
      p0 = m.p();
      m.entersyscall(p0);
      syscallWord = p0.status();
    }

    @Actor
    public void goroutine() {
      sched.goready(m, gp);
    }

    @Actor
    public void sysmon() {
      retaken = sched.retake(p0, syscallWord) ? 1 : 0;
    }

    /** r1 retaken, r2 on P0's queue, r3 on the global queue, r4 P0's state (2 SYSCALL, 0 IDLE). */
    @Arbiter
    public void arbiter(IIII_Result r) {
      r.r1 = retaken;
      int local = 0;
      for (Runnable g; (g = p0.runq().get()) != null; ) {
        local += g == gp ? 1 : 10;
      }
      int global = 0;
      GlobalRunQueue q = sched.globalRunQueue();
      q.lock.lock();
      for (Runnable g; (g = q.pop()) != null; ) {
        global += g == gp ? 1 : 10;
      }
      q.lock.unlock();
      r.r2 = local;
      r.r3 = global;
      r.r4 = p0.status() & 7;
    }
  }

  /**
   * The M's goroutine blocked and left gp in P0's runnext; the M takes it without leaving SYSCALL
   * (M.nextInSyscall: a CAS on runnext, then a check that P0 is still its own) while sysmon retakes
   * P0 (status CAS, then handoffp, which looks at P0's queue to choose between starting an M and
   * parking P0 idle). gp is run by this M or queued globally, exactly once; handoffp never parks P0
   * with gp still in it. Two thread-less idle Ms let startm hand Ps out without starting threads.
   */
  @JCStressTest
  @Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "the M took gp while P0 was still its own")
  @Outcome(id = "1, 0, 0, 1", expect = ACCEPTABLE, desc = "sysmon retook P0 first; gp went global")
  @Outcome(expect = FORBIDDEN, desc = "gp was lost or taken twice, or P0 was not retaken")
  @State
  public static class NextInSyscallVsRetake {
    final Sched sched = new Sched(3);
    final M m = sched.newM();
    final P p0;
    final int syscallWord;
    final Runnable gp = new Runnable() {
      @Override
      public void run() {}
    };
    int retaken;
    int taken;

    public NextInSyscallVsRetake() {
      sched.newIdleM();
      sched.newIdleM();
      if (!sched.acquireIdleP(m)) {
        throw new IllegalStateException("no idle P");
      }
      p0 = m.p();
      p0.runq().put(gp, true);
      m.entersyscall(p0);
      syscallWord = p0.status();
    }

    @Actor
    public void m() {
      taken = m.nextInSyscall(p0) == gp ? 1 : 0;
    }

    @Actor
    public void sysmon() {
      retaken = sched.retake(p0, syscallWord) ? 1 : 0;
    }

    /** r1 retaken, r2 run by the M, r3 still on P0's queue, r4 on the global queue. */
    @Arbiter
    public void arbiter(IIII_Result r) {
      r.r1 = retaken;
      r.r2 = taken;
      int local = 0;
      for (Runnable g; (g = p0.runq().get()) != null; ) {
        local += g == gp ? 1 : 10;
      }
      int global = 0;
      GlobalRunQueue q = sched.globalRunQueue();
      q.lock.lock();
      for (Runnable g; (g = q.pop()) != null; ) {
        global += g == gp ? 1 : 10;
      }
      q.lock.unlock();
      r.r3 = local;
      r.r4 = global;
    }
  }
}
