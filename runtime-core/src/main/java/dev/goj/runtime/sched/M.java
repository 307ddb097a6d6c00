package dev.goj.runtime.sched;

/**
 * A machine: a platform carrier thread that runs goroutines, Go's {@code m} and the scheduler loop
 * it runs (runtime/proc.go: mstart1, schedule, findRunnable, stealWork, checkRunqsNoP, execute,
 * entersyscall, exitsyscall, exitsyscallfast, stopm, gcstopm, acquirep, releasep, becomeSpinning,
 * resetspinning).
 *
 * <p>An M needs a P to run goroutines. {@link #schedule} finds a runnable goroutine (Go's order:
 * every 61st time slice the global queue first; then runnext, the local queue, the global queue, then
 * stealing; else it gives its P back and parks) and runs it. Running a goroutine is one call of its
 * continuation task: the virtual thread mounts on this thread and runs until it parks, yields or ends.
 * Meanwhile the P is in SYSCALL state (see {@link P}) and may be retaken.
 *
 * <p>Threading: all fields except {@link #park} are touched only by this M's own thread, or by the
 * goroutine currently mounted on it (same OS thread; the JDK's mount and unmount are volatile
 * transitions that order those accesses), or, for {@code spinning} and {@code nextp}, by the thread
 * that wakes this M before {@link Note#wakeup} (ordered by the note).
 */
public final class M {
  final Sched sched;
  final int id;
  /** Go's m.park: where this M sleeps while idle. */
  final Note park = new Note();

  /** The P held, or null. */
  P p;
  /** A P handed over by startm, to acquire on waking. */
  P nextp;
  /** Out of work and looking for some (counted in sched.nmspinning). */
  boolean spinning;
  /** Whether the goroutine findRunnable returned continues the current time slice (came from runnext). */
  private boolean inheritTime;

  /** Whether we are inside a goroutine's run, and which goroutine (Go's m.curg; null if it has no G). */
  private boolean inG;
  GoroutineTask curg;
  /** Set by Go.gosched in the goroutine mounted here: its re-submission goes to the global queue. */
  boolean goschedRequested;
  /** Continuation tasks the JDK submitted on this thread after the goroutine unmounted. */
  private Runnable[] deferred = new Runnable[2];
  private int ndeferred;
  /** xorshift state for steal order (Go's cheaprand). */
  private int rand;

  M(Sched sched, int id) {
    this.sched = sched;
    this.id = id;
    this.rand = 0x9E3779B9 * (id + 1);
  }

  /** The carrier thread of an M. */
  static final class MThread extends Thread {
    final M m;

    MThread(M m) {
      super(null, null, "goj-M" + m.id, 0, false);
      this.m = m;
      setDaemon(true);
    }

    @Override
    public void run() {
      m.mstart();
    }
  }

  /** The M whose carrier runs the calling goroutine, or null (platform thread, other scheduler). */
  static M current() {
    Thread t = Thread.currentThread();
    if (t instanceof MThread mt) {
      return mt.m;
    }
    if (t.isVirtual() && VirtualThreadBridge.FAILURE == null
        && VirtualThreadBridge.currentCarrier() instanceof MThread mt) {
      return mt.m;
    }
    return null;
  }

  /** Go's mstart1: take the P startm gave us, then schedule until idle for too long. */
  private void mstart() {
    acquirep(nextp);
    nextp = null;
    schedule();
  }

  /** Go's schedule, looped: one round per goroutine run. Returns when this M retires. */
  private void schedule() {
    for (;;) {
      Runnable gp = findRunnable();
      if (gp == null) {
        return;
      }
      // We are about to run a goroutine and stop spinning: maybe start another spinning M.
      if (spinning) {
        resetspinning();
      }
      if (!execute(gp)) {
        return;
      }
    }
  }

  /**
   * Go's findRunnable: returns a goroutine to run, holding a P; null if this M idled past the idle
   * timeout and must exit. The order is Go's, minus timers, netpoll and GC work, which goj does not
   * have: the global queue every 61st slice, local runq, global runq, steal, then release the P.
   */
  private Runnable findRunnable() {
    for (;;) {
      P pp = p;
      if (sched.gcwaiting) {
        if (!gcstopm()) {
          return null;
        }
        continue;
      }
      if (pp.preempt) {
        preemptRunnext(pp);
      }
      // Check the global runnable queue once in a while to ensure fairness. Otherwise two goroutines
      // can completely occupy the local runqueue by constantly respawning each other.
      if (pp.schedtick() % 61 == 0 && sched.runq.size() > 0) {
        sched.lock.lock();
        Runnable gp = sched.globrunqget(pp, 1);
        sched.lock.unlock();
        if (gp != null) {
          inheritTime = false;
          return gp;
        }
      }
      // local runq: runnext continues the current time slice
      Runnable gp = pp.runq.getRunnext();
      if (gp != null) {
        inheritTime = true;
        return gp;
      }
      gp = pp.runq.getLocal();
      if (gp != null) {
        inheritTime = false;
        return gp;
      }
      // global runq
      if (sched.runq.size() != 0) {
        sched.lock.lock();
        gp = sched.globrunqget(pp, 0);
        sched.lock.unlock();
        if (gp != null) {
          inheritTime = false;
          return gp;
        }
      }
      // Spinning Ms: steal work from other Ps. Limit the number of spinning Ms to half the number
      // of busy Ps, so that a mostly idle program with a large gomaxprocs does not burn CPU.
      if (spinning || 2 * sched.nmspinning() < sched.gomaxprocs - sched.npidle()) {
        if (!spinning) {
          becomeSpinning();
        }
        gp = stealWork(pp);
        if (gp != null) {
          inheritTime = false;
          return gp;
        }
        if (sched.gcwaiting) {
          continue;
        }
      }

      // Nothing to do. Before we drop our P, snapshot allp: it may change once we hold no P.
      P[] allpSnapshot = sched.allp;
      sched.lock.lock();
      if (sched.gcwaiting) {
        sched.lock.unlock();
        continue;
      }
      if (sched.runq.size() != 0) {
        gp = sched.globrunqget(pp, 0);
        sched.lock.unlock();
        inheritTime = false;
        return gp;
      }
      if (!spinning && sched.needspinning == 1) {
        // See the delicate dance below: someone found work but no idle P; become the spinner.
        becomeSpinning();
        sched.lock.unlock();
        continue;
      }
      releasep();
      sched.pidleput(pp);
      sched.lock.unlock();

      // Delicate dance: this M goes from spinning to not spinning, possibly while new work is
      // submitted. We must drop nmspinning first and then check all sources again (the volatile
      // decrement is the #StoreLoad barrier in between); the other way round, a submitter could add
      // work after our check but before our decrement, see a spinning M, and wake no one.
      if (spinning) {
        spinning = false;
        sched.addNmspinning(-1);

        sched.lock.lock();
        if (sched.runq.size() != 0) {
          P pp2 = sched.pidlegetSpinning();
          if (pp2 != null) {
            gp = sched.globrunqget(pp2, 0);
            sched.lock.unlock();
            acquirep(pp2);
            becomeSpinning();
            inheritTime = false;
            return gp;
          }
        }
        sched.lock.unlock();

        P pp2 = checkRunqsNoP(allpSnapshot);
        if (pp2 != null) {
          acquirep(pp2);
          becomeSpinning();
          continue;
        }
      }
      if (!stopm()) {
        return null;
      }
    }
  }

  /**
   * Sysmon found this P's time slice too long (a chain of goroutines readying each other through
   * runnext, all inheriting one slice). Go would preempt the running one and put it on the global
   * queue (gopreempt_m); here the chain's next link is sent there instead, so the local queue runs.
   */
  private void preemptRunnext(P pp) {
    pp.preempt = false;
    Runnable next = pp.runq.getRunnext();
    if (next != null) {
      sched.lock.lock();
      sched.runq.put(next);
      sched.lock.unlock();
    }
  }

  /**
   * Go's stealWork: four rounds over all Ps in random order, taking half of a victim's local queue;
   * the last round may take a victim's runnext too. Returns a goroutine, or null (also when a
   * stop-the-world begins, which findRunnable then handles).
   */
  private Runnable stealWork(P pp) {
    // allp and stealOrder change together, only during stop-the-world, which cannot complete while
    // this M holds a RUNNING P: the pair read here is consistent.
    P[] all = sched.allp;
    StealOrder order = sched.stealOrder;
    for (int i = 0; i < 4; i++) {
      boolean stealRunnext = i == 3;
      int r = cheaprand();
      int inc = order.step(r);
      int pos = order.start(r);
      for (int k = 0; k < order.count(); k++, pos = order.next(pos, inc)) {
        if (sched.gcwaiting) {
          return null;
        }
        P p2 = all[pos];
        if (p2 == pp || p2.idle) { // don't bother to steal from an idle P
          continue;
        }
        Runnable gp = pp.runq.steal(p2.runq, stealRunnext);
        if (gp != null) {
          return gp;
        }
      }
    }
    return null;
  }

  /** Go's checkRunqsNoP: with no P, is there a busy P with queued work and an idle P to take it? */
  private P checkRunqsNoP(P[] allpSnapshot) {
    for (P p2 : allpSnapshot) {
      if (!p2.idle && !p2.runq.isEmpty()) {
        sched.lock.lock();
        P pp = sched.pidlegetSpinning();
        sched.lock.unlock();
        return pp;
      }
    }
    return null;
  }

  /**
   * Go's execute plus the syscall bracket around the goroutine: runs {@code gp} on this thread until
   * it parks, yields or ends, then, while nothing else needs the scheduler, the goroutine it left in
   * runnext (see {@link #nextInSyscall}). Returns false if this M lost its P meanwhile, found no
   * other, and then idled past the idle timeout (it must exit).
   */
  private boolean execute(Runnable gp) {
    P pp = p;
    if (!inheritTime) {
      pp.incSchedtick();
    }
    entersyscall(pp);
    for (;;) {
      run(gp);
      Runnable next = nextInSyscall(pp);
      if (next == null) {
        break;
      }
      gp = next;
    }
    boolean haveP = exitsyscall(pp);
    if (ndeferred != 0) {
      flushDeferred(gp, haveP);
    }
    return haveP || stopm();
  }

  /** One mount of {@code gp}: Go's gogo, and the return to the scheduler when it unmounts. */
  private void run(Runnable gp) {
    goschedRequested = false;
    curg = gp instanceof GoroutineTask t ? t : null;
    inG = true;
    try {
      gp.run();
    } catch (Throwable t) {
      // The JDK's continuation task reports a goroutine's own exceptions itself; this is a failure
      // of the mount machinery. The M must survive it.
      System.err.println("goj: " + Thread.currentThread().getName() + ": goroutine run failed: " + t);
    }
    inG = false;
    curg = null;
  }

  /**
   * The common case of schedule() right after a goroutine blocked: it readied another (a channel
   * hand-off, a ping-pong), which waits in runnext and inherits the time slice. Taking it is what
   * findRunnable would do first, so do it without the exitsyscall CAS and the entersyscall fence in
   * between: the P stays SYSCALL from one goroutine to the next, as if they were one long run.
   *
   * <p>Only when findRunnable would pick runnext anyway: no deferred submissions to queue, no
   * stop-the-world pending, no preemption request, not a 61st tick with global work. Taking runnext
   * is a consumer's CAS, safe without owning the P (thieves do it); we then check that the P is
   * still ours. If sysmon or a stop-the-world took it meanwhile, the goroutine goes to the global
   * queue and exitsyscall sorts out this M. syscalltick is bumped so that sysmon sees a new run, not
   * one goroutine stuck for long; a retake racing this plain increment may cost one sysmon period.
   * Public, as entersyscall and exitsyscall, for the jcstress tests of its race with a retake.
   */
  public Runnable nextInSyscall(P pp) {
    if (ndeferred != 0 || sched.gcwaiting || pp.preempt
        || (pp.schedtick() % 61 == 0 && sched.runq.size() > 0)) {
      return null;
    }
    Runnable next = pp.runq.getRunnext();
    if (next == null) {
      return null;
    }
    if (pp.status() != P.syscall(this)) {
      sched.injectGlobal(next);
      return null;
    }
    pp.incSyscalltick();
    return next;
  }

  /**
   * Go's entersyscall, here for every goroutine run: the P becomes SYSCALL (volatile store, so that
   * either a stop-the-world sees it or we see the stop: a Dekker pair with gcwaiting), and from now on
   * sysmon or stopTheWorld may take it. Also used by a goroutine going back after a runqput.
   */
  public void entersyscall(P pp) {
    pp.setStatus(P.syscall(this));
    if (sched.gcwaiting) {
      // Go's entersyscall_gcwait: give the P to the pending stop-the-world right away.
      sched.lock.lock();
      if (sched.stopwait > 0 && pp.casStatus(P.syscall(this), P.GCSTOP)) {
        pp.m = null;
        if (--sched.stopwait == 0) {
          sched.stopnote.wakeup();
        }
      }
      sched.lock.unlock();
    }
  }

  /**
   * Go's exitsyscall: take the P back if it is still ours (exitsyscallfast); else sysmon or a
   * stop-the-world took it: try any idle P. Returns whether this M holds a P.
   */
  public boolean exitsyscall(P pp) {
    if (pp.casStatus(P.syscall(this), P.running(this))) {
      pp.incSyscalltick();
      return true;
    }
    p = null;
    if (sched.npidle() > 0) {
      sched.lock.lock();
      P np = sched.pidleget();
      sched.lock.unlock();
      if (np != null) {
        acquirep(np);
        return true;
      }
    }
    return false;
  }

  /**
   * Queues what the JDK submitted on this thread while the goroutine {@code self} was unmounting:
   * {@code self} itself after a yield (Go.gosched: the global queue, as goschedImpl; a plain
   * Thread.yield: the local tail, as goyield) or after a park whose wake-up raced it; and goroutines
   * the exit path woke (joiners of a finished thread): runnext, as goready. Without a P everything
   * goes to the global queue (exitsyscall0).
   */
  private void flushDeferred(Runnable self, boolean haveP) {
    int n = ndeferred;
    ndeferred = 0;
    for (int i = 0; i < n; i++) {
      Runnable r = deferred[i];
      deferred[i] = null;
      if (!haveP || (r == self && goschedRequested)) {
        sched.injectGlobal(r);
      } else {
        p.runq.put(r, r != self);
      }
    }
    if (haveP) {
      sched.wakep();
    }
  }

  /** Called by the scheduler's execute on this M's own thread. */
  void submitOnCarrier(Runnable gp) {
    if (!inG) {
      sched.injectGlobal(gp);
      return;
    }
    if (ndeferred == deferred.length) {
      deferred = java.util.Arrays.copyOf(deferred, ndeferred * 2);
    }
    deferred[ndeferred++] = gp;
  }

  /**
   * Go's stopm: park on the idle M list until startm hands us a P. Returns false if no one did
   * within the idle timeout: the M has left the list and must exit (goj's addition; Go keeps idle
   * threads forever).
   */
  boolean stopm() {
    sched.lock.lock();
    sched.mput(this);
    sched.lock.unlock();
    if (!park.sleep(sched.idleTimeoutNanos)) {
      sched.lock.lock();
      if (sched.mremove(this)) {
        sched.mexit();
        sched.lock.unlock();
        return false;
      }
      sched.lock.unlock();
      park.sleep(); // startm took us off the list: its wake-up is on the way
    }
    park.clear();
    acquirep(nextp);
    nextp = null;
    return true;
  }

  /** Go's gcstopm: give our P to the pending stop-the-world and park until the world restarts. */
  private boolean gcstopm() {
    if (spinning) {
      spinning = false;
      // OK to just drop nmspinning here: startTheWorld will unpark threads as necessary.
      sched.addNmspinning(-1);
    }
    P pp = releasep();
    sched.lock.lock();
    pp.setStatus(P.GCSTOP);
    if (--sched.stopwait == 0) {
      sched.stopnote.wakeup();
    }
    sched.lock.unlock();
    return stopm();
  }

  /** Go's acquirep/wirep: associate P and this M. */
  void acquirep(P pp) {
    p = pp;
    pp.m = this;
    pp.setStatus(P.running(this));
  }

  /** Go's releasep: disassociate our P and this M; the P becomes idle. */
  P releasep() {
    P pp = p;
    p = null;
    pp.m = null;
    pp.setStatus(P.IDLE);
    return pp;
  }

  private void becomeSpinning() {
    spinning = true;
    sched.addNmspinning(1);
    sched.needspinning = 0;
  }

  /** Go's resetspinning: no longer spinning; if we were the last spinner, start another. */
  private void resetspinning() {
    spinning = false;
    sched.addNmspinning(-1);
    // M wakeup policy is deliberately somewhat conservative, so check if we need to wake another.
    sched.wakep();
  }

  private int cheaprand() {
    int x = rand;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    rand = x;
    return x;
  }

  /** The P held (for tests). */
  public P p() {
    return p;
  }

  @Override
  public String toString() {
    return "M" + id;
  }
}
