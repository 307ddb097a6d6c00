package dev.goj.runtime.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A processor: the right to run goroutines, Go's {@code p} (runtime/runtime2.go; p.init and the
 * status protocol of acquirep, releasep, entersyscall, exitsyscall and retake in runtime/proc.go).
 * There are exactly gomaxprocs of them in use; an M must hold one to run goroutines.
 *
 * <p>Status, as in Go 1.19–1.24: {@code IDLE} (on the idle list, or in transit to an M),
 * {@code RUNNING} (its M runs scheduler code and owns the P outright), {@code SYSCALL} (its M is
 * inside a goroutine), {@code GCSTOP} (stopped for stop-the-world), {@code DEAD} (beyond gomaxprocs).
 *
 * <p>The JVM cannot preempt a virtual thread, and any goroutine may sit in a pinned section, a
 * blocking JDK call or a CPU loop. So an M treats every goroutine it runs as Go treats a system call:
 * the P is {@code SYSCALL} meanwhile, and sysmon or stopTheWorld may take it by one CAS. The M takes
 * it back by a CAS when the goroutine yields; if that fails the P is gone (exitsyscall). A running
 * goroutine that readies another also re-takes its P by CAS for the moment of the runqput.
 *
 * <p>Go keeps the owner in a separate {@code p.m}; here {@code RUNNING} and {@code SYSCALL} words
 * carry the owner M's id, so "the P is still mine and in SYSCALL" is one CAS: an M whose P was
 * taken and later handed to another M cannot mistake it for its own.
 */
public final class P {
  static final int IDLE = 0;
  static final int RUNNING = 1;
  static final int SYSCALL = 2;
  static final int GCSTOP = 3;
  static final int DEAD = 4;
  private static final int STATE_BITS = 3;
  private static final int STATE_MASK = (1 << STATE_BITS) - 1;

  private static final VarHandle STATUS;
  private static final VarHandle SCHEDTICK;
  private static final VarHandle SYSCALLTICK;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATUS = l.findVarHandle(P.class, "status", int.class);
      SCHEDTICK = l.findVarHandle(P.class, "schedtick", int.class);
      SYSCALLTICK = l.findVarHandle(P.class, "syscalltick", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final int id;
  final RunQueue runq;

  @SuppressWarnings("unused") // accessed through STATUS
  private volatile int status;
  /** Incremented by the owner on every scheduler call that starts a new time slice. */
  @SuppressWarnings("unused") // accessed through SCHEDTICK
  private int schedtick;
  /** Incremented every time the owner comes back from a goroutine, or the P is retaken. */
  @SuppressWarnings("unused") // accessed through SYSCALLTICK
  private int syscalltick;

  /** The M that holds this P, or null (informational, for schedtrace). */
  volatile M m;
  /** Next P on sched's idle list (sched.lock). */
  P link;
  /** On the idle list (Go's idlepMask bit): thieves skip it. */
  volatile boolean idle;
  /** Set by sysmon when one time slice ran too long: the next schedule sends runnext away. */
  volatile boolean preempt;

  // sysmon's private memory of this P (Go's p.sysmontick)
  int sysmonSchedtick;
  long schedwhen;
  int sysmonSyscalltick;
  long syscallwhen;

  P(int id, GlobalRunQueue global) {
    this.id = id;
    this.runq = new RunQueue(global, this);
    this.status = GCSTOP; // p.init: a new P starts stopped; procresize makes it idle
  }

  static int state(int word) {
    return word & STATE_MASK;
  }

  /** The RUNNING word for owner {@code m}. */
  static int running(M m) {
    return RUNNING | (m.id + 1) << STATE_BITS;
  }

  /** The SYSCALL word for owner {@code m}. */
  static int syscall(M m) {
    return SYSCALL | (m.id + 1) << STATE_BITS;
  }

  /** This P's local run queue. */
  public RunQueue runq() {
    return runq;
  }

  /** The status word: the state in the low bits, the owner M's id + 1 above them. */
  public int status() {
    return status;
  }

  /** Owner-only or stopped-world transitions. */
  void setStatus(int word) {
    status = word;
  }

  boolean casStatus(int expect, int update) {
    return STATUS.compareAndSet(this, expect, update);
  }

  /** True while an M holds this P (in scheduler code or inside a goroutine). */
  boolean isBusy() {
    int s = state(status);
    return s == RUNNING || s == SYSCALL;
  }

  int schedtick() {
    return (int) SCHEDTICK.getOpaque(this); // sysmon's racy read, as Go's
  }

  void incSchedtick() {
    SCHEDTICK.setOpaque(this, (int) SCHEDTICK.get(this) + 1); // single writer: the owner
  }

  int syscalltick() {
    return (int) SYSCALLTICK.getOpaque(this);
  }

  /**
   * The owner, or sysmon right after its retake CAS. An owner chaining goroutines in SYSCALL
   * (M.nextInSyscall) may race a retake here and lose one increment: the tick only tells sysmon
   * that a new run began, and it is bumped again at the next one.
   */
  void incSyscalltick() {
    SYSCALLTICK.setOpaque(this, (int) SYSCALLTICK.get(this) + 1);
  }

  /** The state's name (toString). */
  static String stateName(int word) {
    return switch (state(word)) {
      case IDLE -> "idle";
      case RUNNING -> "running";
      case SYSCALL -> "syscall";
      case GCSTOP -> "gcstop";
      default -> "dead";
    };
  }

  @Override
  public String toString() {
    return "P" + id + "[" + stateName(status) + "]";
  }
}
