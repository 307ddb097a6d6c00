package dev.goj.runtime;

import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.Goroutines;
import dev.goj.runtime.internal.Traceback;
import dev.goj.runtime.sched.Sched;
import java.util.Arrays;

/**
 * Go's runtime package surface: {@code go f()}, GOMAXPROCS, NumCPU, NumGoroutine, Gosched, Stack.
 *
 * <p>A goroutine is a JDK virtual thread whose scheduler is goj's GMP scheduler
 * ({@code dev.goj.runtime.sched}): gomaxprocs Ps with local run queues, Ms (carrier threads) that
 * steal work, and sysmon. That needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or
 * {@code =dev.goj.runtime} on the module path); without it goroutines run on the JDK's default
 * virtual-thread scheduler, {@link #gomaxprocs} is only a setting, and goj says so once on stderr.
 */
public final class Go {
  private Go() {}

  /** Starts {@code body} in a new goroutine: Go's {@code go body()}. */
  public static void go(Runnable body) {
    if (body == null) {
      throw new NullPointerException("go of nil func value");
    }
    Goroutine start = new Goroutine(body);
    G g = Sched.newGoroutine(start);
    start.g = g;
    // No thread name: formatting one per goroutine costs more than scheduling it; dumps use the goid.
    Goroutines.add(g);
    g.thread().start();
    Sched.preemptPoint();
  }

  /** A goroutine's body as its thread runs it: bind the G, run, report a panic, deregister. */
  private static final class Goroutine implements Runnable {
    private final Runnable body;
    /** Set before the thread starts; Thread.start orders it before run(). */
    G g;

    Goroutine(Runnable body) {
      this.body = body;
    }

    @Override
    public void run() {
      // On goj's scheduler the M knows its current G; on the JDK's, bind it to the thread.
      boolean bind = !Sched.active();
      if (bind) {
        g.bind();
      }
      try {
        body.run();
      } catch (Throwable t) {
        System.err.print(Traceback.panic(g, t));
        System.err.flush();
      } finally {
        Goroutines.remove(g);
        if (bind) {
          G.unbind();
        }
      }
    }
  }

  /**
   * Sets the number of Ps when {@code n >= 1} (stopping the world for a moment, as Go does; no
   * goroutine is lost or waited for); returns the previous setting.
   */
  public static int gomaxprocs(int n) {
    return Sched.setGomaxprocs(n);
  }

  /**
   * Go's debug.SetMaxThreads: the most Ms (carrier threads) the scheduler may create, 10,000 by
   * default ({@code -Dgoj.maxthreads}); returns the previous limit. Past it, Go aborts with "thread
   * exhaustion"; goj prints Go's {@code runtime: program exceeds N-thread limit} once and leaves the
   * work queued until an M is free. {@code n < 1} -> IllegalArgumentException.
   */
  public static int setMaxThreads(int n) {
    return Sched.setMaxThreads(n);
  }

  public static int numCPU() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Goroutines started by {@link #go} that have not finished. */
  public static int numGoroutine() {
    return Goroutines.count();
  }

  /**
   * Yields the processor, letting other goroutines run: Go's runtime.Gosched. The caller goes to
   * the global run queue and resumes later.
   */
  public static void gosched() {
    Sched.gosched();
  }

  /**
   * A dump in Go's format. {@code all == false}: only the caller, as {@code [running]}; else every
   * live goroutine as well, each with its wait reason.
   */
  public static String stack(boolean all) {
    StringBuilder sb = new StringBuilder();
    G self = G.current();
    StackTraceElement[] mine = Thread.currentThread().getStackTrace();
    // Drop getStackTrace and stack itself so the dump starts at the caller, as Go's does.
    Traceback.append(sb, self, "running", Arrays.copyOfRange(mine, Math.min(2, mine.length), mine.length));
    if (all) {
      for (G g : Goroutines.snapshot()) {
        if (g == self) {
          continue;
        }
        String reason = g.waitReason();
        sb.append('\n');
        Traceback.append(sb, g, reason == null ? "runnable" : reason, g.thread().getStackTrace());
      }
    }
    return sb.toString();
  }
}
