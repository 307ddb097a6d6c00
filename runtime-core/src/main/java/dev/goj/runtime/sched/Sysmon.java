package dev.goj.runtime.sched;

import java.util.concurrent.locks.LockSupport;

/**
 * The system monitor: a platform thread without a P that watches the Ps, Go's sysmon and retake
 * (runtime/proc.go; preemptone's role for runnext chains, schedtrace's timing).
 *
 * <p>It sleeps 20us between looks, doubling after 1ms without anything to do, up to 10ms; while
 * every P is idle (or a stop-the-world is pending) it sleeps until a P becomes busy (pidleget wakes
 * it). At each look, for each P held by an M:
 *
 * <ul>
 *   <li>if one time slice has lasted 10ms (Go's forcePreemptNS), the P is marked for preemption
 *       (preemptone). The goroutine running on it yields at its next preemption point
 *       ({@link Sched#preemptPoint}: Go.go, as Go's function prologues); if instead the slice is a
 *       chain of goroutines waking each other through runnext, the M's next schedule sends the
 *       chain's next link to the global queue, as Go's preemption of the running one would.
 *   <li>if its M has been inside one goroutine for 20ms, that is, it did not yield when asked (it
 *       loops, is pinned in a class initializer or native frame, or blocks in a JDK call that holds
 *       its carrier), and the P has queued work or no other P or spinning M could take new work, the
 *       P is retaken and handed to another M ({@link Sched#retake}): the other goroutines keep
 *       running. The stuck M finds out when its goroutine yields (exitsyscall) and then takes an
 *       idle P or parks. Go does this for system calls; goj must do it for any goroutine, since the
 *       JVM cannot preempt one.
 * </ul>
 */
final class Sysmon implements Runnable {
  /** Go's forcePreemptNS: the time slice a goroutine gets before it is preempted. */
  static final long FORCE_PREEMPT_NS = 10_000_000;
  /** A sleep this much longer than asked means sysmon itself was stopped. */
  private static final long STALL_NS = 2_000_000;

  private final Sched sched;
  /** The allp whose Ps' clocks are running. */
  private P[] seen;

  Sysmon(Sched sched) {
    this.sched = sched;
  }

  @Override
  public void run() {
    long lasttrace = 0;
    int idle = 0; // how many cycles in succession we had not woken somebody
    long delay = 0; // microseconds
    for (;;) {
      if (idle == 0) { // start with 20us sleep...
        delay = 20;
      } else if (idle > 50) { // start doubling the sleep after 1ms...
        delay *= 2;
      }
      if (delay > 10_000) { // up to 10ms
        delay = 10_000;
      }
      long before = System.nanoTime();
      LockSupport.parkNanos(delay * 1_000);
      long now = System.nanoTime();
      if (now - before > delay * 1_000 + STALL_NS) {
        // We were stopped (a JVM safepoint, such as a GC pause, stops every Java thread, sysmon
        // included; or the machine is overloaded): the Ms were stopped too, so the time passed says
        // nothing about them. Start their clocks again rather than retake Ps from healthy Ms.
        restartClocks(now);
      }
      if (sched.schedtraceMillis <= 0 && (sched.gcwaiting || sched.npidle() == sched.gomaxprocs)) {
        sched.lock.lock();
        if (sched.gcwaiting || sched.npidle() == sched.gomaxprocs) {
          sched.sysmonwait = true;
          sched.lock.unlock();
          sched.sysmonnote.sleep();
          sched.lock.lock();
          sched.sysmonwait = false;
          sched.sysmonnote.clear();
          idle = 0;
          delay = 20;
        }
        sched.lock.unlock();
        now = System.nanoTime();
      }
      if (retake(now) != 0) {
        idle = 0;
      } else {
        idle++;
      }
      if (sched.schedtraceMillis > 0 && now - lasttrace >= sched.schedtraceMillis * 1_000_000) {
        lasttrace = now;
        System.err.println(SchedTrace.line(sched, now));
      }
    }
  }

  private void restartClocks(long now) {
    for (P pp : sched.allp) {
      pp.schedwhen = now;
      pp.syscallwhen = now;
    }
  }

  /** Go's retake: returns how many Ps were taken from Ms stuck inside a goroutine. */
  int retake(long now) {
    int n = 0;
    if (sched.gcwaiting) {
      return 0; // the stop-the-world takes them
    }
    P[] all = sched.allp;
    if (all != seen) { // new or resized Ps: nothing known about them yet
      seen = all;
      restartClocks(now);
    }
    for (P pp : all) {
      int s = pp.status();
      int state = P.state(s);
      if (state != P.RUNNING && state != P.SYSCALL) {
        continue;
      }
      // Preempt the time slice if it has run on the same schedtick for too long.
      int t = pp.schedtick();
      if (pp.sysmonSchedtick != t) {
        pp.sysmonSchedtick = t;
        pp.schedwhen = now;
      } else if (now - pp.schedwhen >= FORCE_PREEMPT_NS) {
        pp.preempt = true;
      }
      if (state != P.SYSCALL) {
        continue;
      }
      int st = pp.syscalltick();
      if (pp.sysmonSyscalltick != st) {
        pp.sysmonSyscalltick = st;
        pp.syscallwhen = now;
        continue;
      }
      if (now - pp.syscallwhen < 2 * FORCE_PREEMPT_NS) {
        // Inside one goroutine, but not for long yet: after one slice it was asked to yield at its
        // next preemption point (above); it has one more slice to do so.
        continue;
      }
      // Don't retake a P that has nothing waiting when others are free to take new work.
      if (pp.runq.isEmpty() && sched.runq.size() == 0 && sched.nmspinning() + sched.npidle() > 0) {
        continue;
      }
      if (sched.retake(pp, s)) {
        n++;
      }
    }
    return n;
  }
}
