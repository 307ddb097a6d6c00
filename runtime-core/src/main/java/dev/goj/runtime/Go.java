package dev.goj.runtime;

import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.Goroutines;
import dev.goj.runtime.internal.Traceback;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Go's runtime package surface: {@code go f()}, GOMAXPROCS, NumCPU, NumGoroutine, Gosched, Stack.
 *
 * <p>A goroutine is a JDK virtual thread. Until goj's GMP scheduler lands (issue 4) goroutines run
 * on the JDK's default virtual-thread scheduler; {@link #gomaxprocs} is then a setting that the sync
 * package consults (Mutex spins only when it is above 1), not yet a limit on parallelism.
 */
public final class Go {
  private static final AtomicInteger GOMAXPROCS = new AtomicInteger(initialProcs());

  private Go() {}

  private static int initialProcs() {
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
    return numCPU();
  }

  /** Starts {@code body} in a new goroutine: Go's {@code go body()}. */
  public static void go(Runnable body) {
    if (body == null) {
      throw new NullPointerException("go of nil func value");
    }
    Goroutine start = new Goroutine(body);
    Thread t = Thread.ofVirtual().unstarted(start);
    G g = G.newGoroutine(t);
    start.g = g;
    t.setName("goroutine-" + g.goid());
    Goroutines.add(g);
    t.start();
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
      g.bind();
      try {
        body.run();
      } catch (Throwable t) {
        System.err.print(Traceback.panic(g, t));
        System.err.flush();
      } finally {
        Goroutines.remove(g);
        G.unbind();
      }
    }
  }

  /** Sets the number of Ps when {@code n >= 1}; returns the previous setting. */
  public static int gomaxprocs(int n) {
    return n < 1 ? GOMAXPROCS.get() : GOMAXPROCS.getAndSet(n);
  }

  public static int numCPU() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Goroutines started by {@link #go} that have not finished. */
  public static int numGoroutine() {
    return Goroutines.count();
  }

  /** Yields the processor, letting other goroutines run: Go's runtime.Gosched. */
  public static void gosched() {
    Thread.yield();
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
