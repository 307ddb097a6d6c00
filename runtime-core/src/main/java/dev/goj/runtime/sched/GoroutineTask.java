package dev.goj.runtime.sched;

import dev.goj.runtime.internal.G;
import java.util.concurrent.Executor;

/**
 * A goroutine as the run queues hold it: Go's {@code *g} in {@code p.runq}. It is also its virtual
 * thread's scheduler, so each time the JDK submits the thread's continuation ({@link #execute}) we
 * know which G became runnable, and the M that runs it knows its current G ({@code m.curg}). That
 * is how {@code G.current()} finds a goroutine's record with no ThreadLocal, as Go's getg().m.curg.
 *
 * <p>A virtual thread created inside a goroutine by plain JDK means inherits its parent's scheduler,
 * this object. Its submissions carry a continuation other than ours and are scheduled as anonymous
 * tasks (no G), exactly like any virtual thread on {@link Sched}.
 *
 * <p>{@code cont} is written once, by the first submission (the thread's start), before the task is
 * published to any queue; every later reader is ordered after that start.
 */
final class GoroutineTask implements Runnable, Executor {
  final Sched sched;
  /** The goroutine's record; set before its thread starts. */
  G g;
  /** The JDK's continuation task for our thread (VirtualThread.runContinuation). */
  private Runnable cont;

  GoroutineTask(Sched sched) {
    this.sched = sched;
  }

  @Override
  public void execute(Runnable task) {
    if (cont == null) {
      cont = task; // Thread.start: the first submission is always our own thread's
    }
    sched.ready(task == cont ? this : task);
  }

  /** Mounts the goroutine on the calling M and runs it until it parks, yields or ends. */
  @Override
  public void run() {
    cont.run();
  }
}
