package dev.goj.runtime.sched;

import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.RuntimeMutex;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scheduler: Go's {@code sched} (runtime/runtime2.go schedt) and the functions that move Ps, Ms
 * and runnable goroutines between them (runtime/proc.go: ready/goready, newproc's runqput, wakep,
 * startm, newm, handoffp, injectglist, globrunqget, pidleput, pidleget, pidlegetSpinning, mput,
 * mget, mReserveID/checkmcount, setMaxThreads, GOMAXPROCS in runtime/debug.go).
 *
 * <p>Every goroutine's virtual thread is scheduled through it: the JDK calls the thread's Executor (a
 * {@link GoroutineTask}, or this Sched for a plain virtual thread) with its continuation task
 * whenever it becomes runnable, and {@link #ready} queues it according to who calls:
 *
 * <ul>
 *   <li>a goroutine running on one of our Ms (starting a goroutine: newproc; waking one: goready):
 *       to the runnext slot of that M's P, then {@link #wakep};
 *   <li>an M's own thread, after its goroutine unmounted (a yield, a park that raced its wake-up, a
 *       finished thread waking its joiners): handed to that M, which queues it once it knows whether
 *       it still has a P ({@link M#flushDeferred});
 *   <li>any other thread (a platform thread, a JDK timer or unblocker thread, a JDK default virtual
 *       thread): the global queue, and an idle P's M is started (injectglist without a P).
 * </ul>
 *
 * <p>Locking: {@link #lock} is Go's sched.lock. It guards the idle P and M lists, stopwait, the M
 * counts and the global queue; it is held only for a few field updates, never across a park and
 * never while taking another lock, so a goroutine holding it never unmounts while others wait for it
 * (inside {@code execute} the JDK has even pinned it to its carrier). Counters that Go reads without
 * the lock (npidle, nmspinning, needspinning, gcwaiting, sysmonwait, the global queue's size) are
 * volatile.
 */
public final class Sched implements Executor {
  /** Go's sched.maxmcount default (runtime/debug.SetMaxThreads). */
  static final int DEFAULT_MAX_THREADS = 10_000;
  /** How long an idle M waits for work before its thread exits (goj's; Go keeps idle Ms). */
  static final long DEFAULT_IDLE_TIMEOUT_MS = 60_000;

  private static final VarHandle NPIDLE;
  private static final VarHandle NMSPINNING;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      NPIDLE = l.findVarHandle(Sched.class, "npidle", int.class);
      NMSPINNING = l.findVarHandle(Sched.class, "nmspinning", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** sched.lock. */
  final RuntimeMutex lock = new RuntimeMutex();
  /** sched.runq. */
  final GlobalRunQueue runq = new GlobalRunQueue(lock);

  /** The Ps in use, allp[0..gomaxprocs); replaced only while the world is stopped. */
  volatile P[] allp = new P[0];
  /** Every P ever made: procresize reuses them (Go keeps allp's capacity). */
  private P[] allpCap = new P[0];
  volatile StealOrder stealOrder;
  volatile int gomaxprocs;
  /** GOMAXPROCS requested for the next startTheWorld (Go's newprocs); world lock held. */
  int newprocs;

  // idle Ms (sched.midle, nmidle) and M counts, under lock
  private final ArrayDeque<M> midle = new ArrayDeque<>();
  private int mnext;
  private int nmfreed;
  private int nmsys;
  private int maxmcount;
  private boolean reportedThreadLimit;

  // idle Ps (sched.pidle), under lock; npidle is also read without it
  private P pidle;
  @SuppressWarnings("unused") // accessed through NPIDLE
  private volatile int npidle;
  @SuppressWarnings("unused") // accessed through NMSPINNING
  private volatile int nmspinning;
  /** Go's sched.needspinning: work was found but no idle P; the next M to drop its P spins instead. */
  volatile int needspinning;

  // stop-the-world: gcwaiting is read without the lock, stopwait under it
  volatile boolean gcwaiting;
  int stopwait;
  final Note stopnote = new Note();
  /** Go's worldsema: one stop-the-world at a time. */
  final ReentrantLock worldsema = new ReentrantLock();

  // sysmon
  volatile boolean sysmonwait;
  final Note sysmonnote = new Note();
  private final AtomicBoolean sysmonStarted = new AtomicBoolean();
  final long schedtraceMillis;
  final long idleTimeoutNanos;

  /**
   * A scheduler with {@code procs} Ps, all idle. Threads start only when work arrives: Ms on demand,
   * sysmon with the first M.
   */
  public Sched(int procs) {
    this(procs, DEFAULT_MAX_THREADS, DEFAULT_IDLE_TIMEOUT_MS * 1_000_000L, 0);
  }

  Sched(int procs, int maxThreads, long idleTimeoutNanos, long schedtraceMillis) {
    if (procs < 1) {
      throw new IllegalArgumentException("procs must be >= 1, was " + procs);
    }
    this.maxmcount = maxThreads;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.schedtraceMillis = schedtraceMillis;
    lock.lock();
    StopTheWorld.procresize(this, procs); // the world starts stopped: no P is running yet
    lock.unlock();
  }

  // ---- the process-wide scheduler and Go's package-level entry points ----

  private static final class Global {
    static final Sched SCHED = new Sched(initialProcs(), intProperty("goj.maxthreads", DEFAULT_MAX_THREADS),
        intProperty("goj.midletimeout", (int) DEFAULT_IDLE_TIMEOUT_MS) * 1_000_000L,
        intProperty("goj.schedtrace", 0));
  }

  /** Used instead of the scheduler when the JDK bridge is unavailable. */
  private static final AtomicInteger FALLBACK_PROCS = new AtomicInteger(initialProcs());
  private static final AtomicBoolean FALLBACK_REPORTED = new AtomicBoolean();

  /** The process-wide scheduler, or null when goroutines use the JDK's default scheduler. */
  static Sched global() {
    return VirtualThreadBridge.FAILURE == null ? Global.SCHED : null;
  }

  /** GOMAXPROCS env or -Dgoj.gomaxprocs (the property wins), else the CPU count. */
  static int initialProcs() {
    String s = System.getProperty("goj.gomaxprocs");
    if (s == null) {
      s = System.getenv("GOMAXPROCS");
    }
    if (s != null) {
      try {
        int n = Integer.parseInt(s.trim());
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException ignored) {
        // Go ignores a malformed GOMAXPROCS too and uses the CPU count.
      }
    }
    return Runtime.getRuntime().availableProcessors();
  }

  private static int intProperty(String name, int dflt) {
    String s = System.getProperty(name);
    if (s == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  /**
   * A new goroutine: its G and its unstarted virtual thread (G.thread()), scheduled by goj's GMP
   * scheduler, or, when {@code java.lang} is not open to goj, by the JDK's default scheduler (said
   * once on stderr; the goroutine's body must then bind its G itself: see {@link #active}).
   */
  public static G newGoroutine(Runnable body) {
    Sched s = global();
    if (s != null) {
      GoroutineTask task = new GoroutineTask(s);
      G g = G.newGoroutine(VirtualThreadBridge.newThread(task, body));
      task.g = g;
      return g;
    }
    if (FALLBACK_REPORTED.compareAndSet(false, true)) {
      System.err.println("goj: java.lang is not open to goj (" + VirtualThreadBridge.FAILURE
          + "); goroutines run on the JDK's default virtual-thread scheduler. Add --add-opens "
          + "java.base/java.lang=ALL-UNNAMED (or =dev.goj.runtime on the module path) to use goj's.");
    }
    return G.newGoroutine(Thread.ofVirtual().unstarted(body));
  }

  /** Whether goroutines run on goj's scheduler (else on the JDK's default one). */
  public static boolean active() {
    return VirtualThreadBridge.FAILURE == null;
  }

  /** The G of the goroutine running on the calling thread's M, or null (Go's getg().m.curg). */
  public static G currentG() {
    if (!Thread.currentThread().isVirtual() || VirtualThreadBridge.FAILURE != null) {
      return null;
    }
    if (VirtualThreadBridge.currentCarrier() instanceof M.MThread mt) {
      GoroutineTask t = mt.m.curg;
      return t == null ? null : t.g;
    }
    return null;
  }

  /**
   * The id of the platform thread the caller runs on: its carrier if it is a virtual thread, else
   * itself. Goroutines that end on one M share it, so per-carrier counters are written by one core.
   */
  public static long carrierThreadId() {
    Thread t = Thread.currentThread();
    return t.isVirtual() && VirtualThreadBridge.FAILURE == null
        ? VirtualThreadBridge.currentCarrier().threadId() : t.threadId();
  }

  /** Go's runtime.GOMAXPROCS: sets the number of Ps when {@code n >= 1}; returns the previous one. */
  public static int setGomaxprocs(int n) {
    Sched s = global();
    if (s == null) {
      return n < 1 ? FALLBACK_PROCS.get() : FALLBACK_PROCS.getAndSet(n);
    }
    return s.gomaxprocs(n);
  }

  /**
   * A preemption point, called by a goroutine in goj's runtime calls (Go.go, as Go's newproc checks
   * its stack guard). If sysmon asked for this P's time slice back, or the P was already taken from
   * this goroutine's M, the goroutine yields to the global queue (Go's gopreempt_m) so that its P
   * (or the P it lost) runs the others and no more than gomaxprocs goroutines run at once.
   */
  public static void preemptPoint() {
    if (!Thread.currentThread().isVirtual() || VirtualThreadBridge.FAILURE != null
        || !(VirtualThreadBridge.currentCarrier() instanceof M.MThread mt)) {
      return;
    }
    M m = mt.m;
    P pp = m.p;
    if (m.curg == null || pp == null || (!pp.preempt && pp.status() == P.syscall(m))) {
      return;
    }
    pp.preempt = false;
    m.goschedRequested = true;
    Thread.yield();
  }

  /** Go's runtime.Gosched: the calling goroutine goes to the global queue and others run. */
  public static void gosched() {
    M m = M.current();
    if (m != null && !(Thread.currentThread() instanceof M.MThread)) {
      m.goschedRequested = true;
    }
    Thread.yield();
  }

  /**
   * Whether a goroutine about to block should spin first: Go's sync_runtime_canSpin condition.
   * Not if no other P is running (nobody can wake us meanwhile) or if our P has queued goroutines
   * (the one that will wake us may be among them, and it runs only once we park). Threads that are
   * not goj goroutines decide for themselves: true.
   */
  public static boolean canSpin() {
    M m = M.current();
    if (m == null) {
      return true;
    }
    Sched s = m.sched;
    if (s.gomaxprocs <= s.npidle() + s.nmspinning() + 1) {
      return false;
    }
    P pp = m.p;
    return pp == null || pp.runq.isEmpty();
  }

  /** Go's debug.SetMaxThreads: the most Ms this scheduler may have; returns the previous limit. */
  public static int setMaxThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + n);
    }
    Sched s = global();
    if (s == null) {
      return DEFAULT_MAX_THREADS;
    }
    s.lock.lock();
    int old = s.maxmcount;
    s.maxmcount = n;
    s.lock.unlock();
    return old;
  }

  // ---- instance API ----

  /** An unstarted virtual thread (with no G) whose scheduler is this one. */
  public Thread newThread(Runnable body) {
    return VirtualThreadBridge.newThread(this, body);
  }

  /**
   * Go's GOMAXPROCS on this scheduler: stop the world, procresize, start it. Go stops the world on
   * the system stack of the caller's M, so the caller's goroutine never waits as a goroutine. A
   * virtual thread here would: parked until the last P stops, its wake-up would land in a run queue
   * that no stopped P serves. So a goroutine (any virtual thread) has a platform thread do it.
   */
  public int gomaxprocs(int n) {
    int ret = gomaxprocs;
    if (n < 1 || n == ret) {
      return ret;
    }
    if (Thread.currentThread().isVirtual()) {
      Thread t = Thread.ofPlatform().daemon().name("goj-gomaxprocs").start(() -> resize(n));
      boolean interrupted = false;
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true; // not interruptible, like every goj blocking call
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return ret;
    }
    resize(n);
    return ret;
  }

  private void resize(int n) {
    StopTheWorld.stop(this);
    newprocs = n;
    StopTheWorld.start(this);
  }

  /** Where the JDK hands us a virtual thread of ours (one without a G) that became runnable. */
  @Override
  public void execute(Runnable task) {
    ready(task);
  }

  /**
   * A goroutine (a {@link GoroutineTask}) or another of our virtual threads became runnable: queue
   * it according to who is calling (see the class comment).
   */
  void ready(Runnable gp) {
    Thread t = Thread.currentThread();
    if (t instanceof M.MThread mt && mt.m.sched == this) {
      mt.m.submitOnCarrier(gp);
      return;
    }
    if (t.isVirtual() && VirtualThreadBridge.currentCarrier() instanceof M.MThread mt && mt.m.sched == this) {
      goready(mt.m, gp);
      return;
    }
    injectGlobal(gp);
  }

  /**
   * Go's ready/newproc from a goroutine running on {@code m}: runqput(pp, gp, next=true) on m's P,
   * then wakep. The goroutine re-takes its P (SYSCALL -> RUNNING) for the put, as only the owner may
   * push; if sysmon or a stop-the-world took the P, gp goes to the global queue instead.
   */
  public void goready(M m, Runnable gp) {
    P pp = m.p;
    if (pp != null && pp.casStatus(P.syscall(m), P.running(m))) {
      pp.runq.put(gp, true);
      m.entersyscall(pp);
      wakep();
      return;
    }
    injectGlobal(gp);
  }

  /**
   * Go's injectglist for one goroutine and no P: the global queue, then start an M on an idle P if
   * there is one (startIdle). Also the path of everything submitted from outside the scheduler.
   */
  void injectGlobal(Runnable gp) {
    lock.lock();
    runq.put(gp);
    if (npidle() != 0) {
      P pp = pidlegetSpinning();
      if (pp != null) {
        startm(pp, false, true);
      }
    }
    lock.unlock();
  }

  /**
   * Go's wakep: try to add one more P to run goroutines, when work was just made runnable. Starts
   * a spinning M only if none is spinning: the spinner that finds work starts the next one
   * (resetspinning), so Ms are woken one at a time. The early return when no P is idle is Go 1.19's:
   * it saves sched.lock on every goready while all Ps are busy.
   */
  void wakep() {
    if (npidle() == 0) {
      return;
    }
    if (nmspinning() != 0 || !NMSPINNING.compareAndSet(this, 0, 1)) {
      return;
    }
    lock.lock();
    P pp = pidlegetSpinning();
    if (pp == null) {
      addNmspinning(-1);
      lock.unlock();
      return;
    }
    lock.unlock();
    startm(pp, true, false);
  }

  /**
   * Go's startm: give {@code pp} (or an idle P when null and not spinning) to an idle M, or to a new
   * one. With {@code spinning} the caller counted the M in nmspinning and must provide a P.
   * {@code lockheld}: the caller holds sched.lock (it is released around thread creation).
   */
  void startm(P pp, boolean spinning, boolean lockheld) {
    if (!lockheld) {
      lock.lock();
    }
    if (pp == null) {
      pp = pidleget();
      if (pp == null) {
        if (!lockheld) {
          lock.unlock();
        }
        return;
      }
    }
    M nmp = mget();
    if (nmp == null) {
      int id = mReserveID();
      if (id < 0) {
        // Over the thread limit (Go throws "thread exhaustion" here): keep the P idle instead; its
        // work waits in the global queue until an M comes back.
        if (spinning) {
          addNmspinning(-1);
        }
        giveBackP(pp);
        if (!lockheld) {
          lock.unlock();
        }
        return;
      }
      lock.unlock();
      newm(id, spinning, pp);
      if (lockheld) {
        lock.lock();
      }
      return;
    }
    if (!lockheld) {
      lock.unlock();
    }
    // The caller incremented nmspinning, so set m.spinning in the new M.
    nmp.spinning = spinning;
    nmp.nextp = pp;
    nmp.park.wakeup();
  }

  /** Go's newm: a new M and its thread, which starts by acquiring {@code pp}. */
  private void newm(int id, boolean spinning, P pp) {
    startSysmon();
    M mp = new M(this, id);
    mp.nextp = pp;
    mp.spinning = spinning;
    try {
      new M.MThread(mp).start();
    } catch (OutOfMemoryError e) {
      System.err.println("runtime: failed to create new OS thread (" + e.getMessage() + ")");
      lock.lock();
      nmfreed++;
      if (spinning) {
        addNmspinning(-1);
      }
      giveBackP(pp);
      lock.unlock();
    }
  }

  /**
   * Go's handoffp: {@code pp} lost its M (retaken from a goroutine that ran too long). Start an M
   * for it in any situation where findRunnable would find work on it; else park it idle.
   */
  void handoffp(P pp) {
    // if it has local work, start it straight away
    if (!pp.runq.isEmpty() || runq.size() != 0) {
      startm(pp, false, false);
      return;
    }
    // no local work, check that there are no spinning/idle M's, otherwise our help is not required
    if (nmspinning() + npidle() == 0 && NMSPINNING.compareAndSet(this, 0, 1)) {
      needspinning = 0;
      startm(pp, true, false);
      return;
    }
    lock.lock();
    if (gcwaiting) {
      pp.setStatus(P.GCSTOP);
      if (--stopwait == 0) {
        stopnote.wakeup();
      }
      lock.unlock();
      return;
    }
    if (runq.size() != 0) {
      lock.unlock();
      startm(pp, false, false);
      return;
    }
    pidleput(pp);
    lock.unlock();
  }

  /**
   * Sysmon's act of retaking (retake's CAS, then handoffp): takes {@code pp} from the M that has
   * been inside one goroutine too long, if its status is still {@code observed}. Returns whether it
   * did; the M will find out at its exitsyscall.
   */
  public boolean retake(P pp, int observed) {
    if (P.state(observed) != P.SYSCALL || !pp.casStatus(observed, P.IDLE)) {
      return false;
    }
    pp.m = null;
    pp.incSyscalltick();
    handoffp(pp);
    return true;
  }

  /** A P we own but cannot run: its work to the global queue, itself idle (or to a pending stop). */
  private void giveBackP(P pp) {
    pp.setStatus(P.IDLE);
    pp.runq.drainToGlobalHead();
    if (gcwaiting) {
      pp.setStatus(P.GCSTOP);
      if (--stopwait == 0) {
        stopnote.wakeup();
      }
      return;
    }
    pidleput(pp);
  }

  /**
   * Go's globrunqget (lock held): takes a batch from the global queue, about its fair share
   * (size/gomaxprocs + 1) but at most {@code max} (if > 0) and half a local queue; returns the
   * first and puts the rest on {@code pp}'s local queue, which the callers know is empty, so the
   * puts never overflow back into the global queue (whose lock we hold).
   */
  Runnable globrunqget(P pp, int max) {
    int size = runq.size();
    if (size == 0) {
      return null;
    }
    int n = size / gomaxprocs + 1;
    if (n > size) {
      n = size;
    }
    if (max > 0 && n > max) {
      n = max;
    }
    if (n > RunQueue.SIZE / 2) {
      n = RunQueue.SIZE / 2;
    }
    Runnable gp = runq.pop();
    for (n--; n > 0; n--) {
      pp.runq.put(runq.pop(), false);
    }
    return gp;
  }

  // ---- idle Ps and Ms (lock held) ----

  /** Go's pidleput: {@code pp} joins the idle list; its local queue must be empty. */
  void pidleput(P pp) {
    if (!pp.runq.isEmpty()) {
      throw new IllegalStateException("pidleput: P has non-empty run queue");
    }
    pp.idle = true;
    pp.link = pidle;
    pidle = pp;
    NPIDLE.getAndAdd(this, 1);
  }

  /** Go's pidleget: takes an idle P, or null. Wakes sysmon from its deep sleep: a P is busy again. */
  P pidleget() {
    P pp = pidle;
    if (pp != null) {
      pidle = pp.link;
      pp.link = null;
      pp.idle = false;
      NPIDLE.getAndAdd(this, -1);
      if (sysmonwait) {
        sysmonwait = false;
        sysmonnote.wakeup();
      }
    }
    return pp;
  }

  /**
   * Go's pidlegetSpinning: as pidleget, but when there is no idle P, tells Ms about to drop theirs
   * that work exists (needspinning), so one of them spins instead of parking.
   */
  P pidlegetSpinning() {
    P pp = pidleget();
    if (pp == null) {
      needspinning = 1;
    }
    return pp;
  }

  /** Go's mput. */
  void mput(M mp) {
    midle.push(mp);
  }

  /** Go's mget. */
  M mget() {
    return midle.poll();
  }

  /** Takes {@code mp} off the idle list if it is still there (an idle M timing out). */
  boolean mremove(M mp) {
    return midle.remove(mp);
  }

  /** An idle M's thread is exiting. */
  void mexit() {
    nmfreed++;
  }

  /**
   * Go's mReserveID with checkmcount: an id for a new M, or -1 (reported once) when the M count has
   * reached maxmcount. Sysmon does not count against the limit.
   */
  private int mReserveID() {
    if (mcount() - nmsys >= maxmcount) {
      if (!reportedThreadLimit) {
        reportedThreadLimit = true;
        System.err.println("runtime: program exceeds " + maxmcount + "-thread limit");
      }
      return -1;
    }
    return mnext++;
  }

  /** Ms alive, sysmon included (Go's mcount). Lock held, or racy for schedtrace. */
  int mcount() {
    return mnext - nmfreed;
  }

  int nmidle() {
    return midle.size();
  }

  private void startSysmon() {
    if (sysmonStarted.get() || !sysmonStarted.compareAndSet(false, true)) {
      return;
    }
    lock.lock();
    mnext++;
    nmsys++;
    lock.unlock();
    Thread t = new Thread(null, new Sysmon(this), "goj-sysmon", 0, false);
    t.setDaemon(true);
    t.start();
  }

  // ---- counters read without the lock ----

  public int npidle() {
    return npidle;
  }

  public int nmspinning() {
    return nmspinning;
  }

  void addNmspinning(int delta) {
    NMSPINNING.getAndAdd(this, delta);
  }

  P[] allpCap() {
    return allpCap;
  }

  void setAllpCap(P[] cap) {
    allpCap = cap;
  }

  /** A new M that has no thread (for tests that drive the P protocol by hand). */
  public M newM() {
    lock.lock();
    int id = mnext++;
    lock.unlock();
    return new M(this, id);
  }

  /**
   * A new M with no thread, parked on the idle list: startm may hand it a P, which it never runs
   * (for tests that drive the P protocol by hand without starting threads).
   */
  public M newIdleM() {
    M m = newM();
    lock.lock();
    mput(m);
    lock.unlock();
    return m;
  }

  /** The global run queue (for tests). */
  public GlobalRunQueue globalRunQueue() {
    return runq;
  }

  /** Takes an idle P for {@code m} as exitsyscall's slow path does (for tests); false if none. */
  public boolean acquireIdleP(M m) {
    lock.lock();
    P pp = pidleget();
    lock.unlock();
    if (pp == null) {
      return false;
    }
    m.acquirep(pp);
    return true;
  }
}
