package dev.goj.runtime.sched;

import java.util.Arrays;

/**
 * Stopping every P and changing their number: Go's stopTheWorldWithSema, startTheWorldWithSema,
 * procresize and p.destroy (runtime/proc.go), as GOMAXPROCS uses them.
 *
 * <p>Stopping: with sched.lock held, set gcwaiting and count the Ps still to stop in stopwait; take
 * every P that is idle or in SYSCALL (its M is inside a goroutine) right away; every other P is
 * RUNNING, its M in scheduler code, and that M gives its P up at its next check of gcwaiting
 * (findRunnable's gcstopm, entersyscall's gcwait, handoffp). The last one wakes the stopper.
 * No running goroutine is waited for: a goroutine's P is SYSCALL, so it is taken at once, and the
 * goroutine finds out when it yields (exitsyscall fails) or readies another (it queues globally).
 *
 * <p>Starting: procresize to the new count (Ps beyond it are destroyed: their goroutines go to the
 * head of the global queue), hand each P with queued work to an M, put the rest on the idle list.
 */
final class StopTheWorld {
  private StopTheWorld() {}

  /** Go's stopTheWorld: returns with every P stopped (GCSTOP) and worldsema held. */
  static void stop(Sched s) {
    s.worldsema.lock();
    s.lock.lock();
    s.stopwait = s.gomaxprocs;
    s.gcwaiting = true;
    // Try to retake all Ps whose M is inside a goroutine.
    for (P pp : s.allp) {
      int w = pp.status();
      if (P.state(w) == P.SYSCALL && pp.casStatus(w, P.GCSTOP)) {
        pp.m = null;
        s.stopwait--;
      }
    }
    // Stop idle Ps.
    for (P pp = s.pidleget(); pp != null; pp = s.pidleget()) {
      pp.setStatus(P.GCSTOP);
      s.stopwait--;
    }
    boolean wait = s.stopwait > 0;
    s.lock.unlock();
    // Wait for the remaining Ps to stop voluntarily.
    if (wait) {
      s.stopnote.sleep();
      s.stopnote.clear();
    }
  }

  /** Go's startTheWorld: resize to the requested count, restart, release worldsema. */
  static void start(Sched s) {
    s.lock.lock();
    int procs = s.newprocs != 0 ? s.newprocs : s.gomaxprocs;
    s.newprocs = 0;
    P runnable = procresize(s, procs);
    s.gcwaiting = false;
    if (s.sysmonwait) {
      s.sysmonwait = false;
      s.sysmonnote.wakeup();
    }
    s.lock.unlock();

    while (runnable != null) {
      P pp = runnable;
      runnable = pp.link;
      pp.link = null;
      M mp = pp.m;
      pp.m = null;
      if (mp != null) {
        mp.nextp = pp;
        mp.park.wakeup();
      } else {
        // Start M to run P. Do not start another M below.
        s.startm(pp, false, false);
      }
    }
    // Wake up an additional proc in case we have excessive runnable goroutines in local queues or
    // in the global queue. If we don't, the proc will park itself.
    s.wakep();
    s.worldsema.unlock();
  }

  /**
   * Go's procresize (sched.lock held, world stopped): makes {@code nprocs} Ps usable and returns the
   * list (linked through {@code link}) of those with local work, each with an idle M assigned in
   * {@code m} when one was available; the others go on the idle list.
   */
  static P procresize(Sched s, int nprocs) {
    int old = s.gomaxprocs;
    // Grow the pool of Ps if necessary; Ps once made are kept and reused.
    P[] cap = s.allpCap();
    if (nprocs > cap.length) {
      P[] grown = Arrays.copyOf(cap, nprocs);
      for (int i = cap.length; i < nprocs; i++) {
        grown[i] = new P(i, s.runq);
      }
      s.setAllpCap(grown);
      cap = grown;
    }
    // Initialize new Ps (p.init): a P brought back from the dead starts stopped and empty.
    for (int i = old; i < nprocs; i++) {
      cap[i].setStatus(P.GCSTOP);
      cap[i].preempt = false;
    }
    // Release resources from unused Ps (p.destroy): their goroutines go to the global queue. The P
    // object stays: an M inside a goroutine may still refer to it, and its CAS will fail on DEAD.
    for (int i = nprocs; i < old; i++) {
      P pp = cap[i];
      pp.runq.drainToGlobalHead();
      pp.idle = false;
      pp.setStatus(P.DEAD);
    }
    P[] all = Arrays.copyOf(cap, nprocs);

    // Assign Ms to Ps with runnable goroutines; the rest are idle.
    P runnablePs = null;
    for (int i = nprocs - 1; i >= 0; i--) {
      P pp = all[i];
      pp.setStatus(P.IDLE);
      pp.m = null;
      if (pp.runq.isEmpty()) {
        s.pidleput(pp);
        continue;
      }
      pp.m = s.mget();
      pp.link = runnablePs;
      runnablePs = pp;
    }
    s.stealOrder = new StealOrder(nprocs);
    s.allp = all;
    s.gomaxprocs = nprocs;
    return runnablePs;
  }
}
