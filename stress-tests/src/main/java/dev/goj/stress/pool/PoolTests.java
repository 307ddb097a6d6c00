package dev.goj.stress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.goj.pool.Pool;
import dev.goj.pool.PoolClosedException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The pool's races: a task is either rejected or run exactly once, never both and never neither,
 * whatever release, reboot, tune and worker expiry do at the same moment; no waiting submitter is
 * left asleep by a tune; no worker is leaked by a release; capacity is never exceeded by racing
 * submitters; a task accepted into the queue runs even when a release follows. Every test starts goroutines (the pool's workers and purge goroutine), hence
 * "Virtual" in the names. Arbiters wait for the asynchronous part (a worker running the accepted
 * task, or exiting) with a bounded spin, so a stranded task shows up as a FORBIDDEN outcome rather
 * than a hang.
 */
public final class PoolTests {
  private PoolTests() {}

  /** Spins (yielding) until {@code cond} holds or about five seconds pass; returns whether it held. */
  static boolean eventually(BooleanSupplier cond) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.yield();
    }
    return true;
  }

  /** Blocks (parked, not spinning) until {@code gate} opens. */
  static void await(CountDownLatch gate) {
    boolean interrupted = false;
    for (;;) {
      try {
        gate.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** 1 if {@code submit} accepted the task, 0 if it threw PoolClosedException. */
  static int submit(Pool p, Runnable task) {
    try {
      p.submit(task);
      return 1;
    } catch (PoolClosedException e) {
      return 0;
    }
  }

  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "submit won: the task was accepted and ran once")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "release won: the task was rejected and never ran")
  @Outcome(expect = FORBIDDEN, desc = "a task both rejected and run, accepted and lost, or run twice")
  @State
  public static class SubmitRacingReleaseVirtual {
    final Pool p = Pool.newPool(1);
    final AtomicInteger runs = new AtomicInteger();

    @Actor
    public void submitter(II_Result r) {
      r.r1 = submit(p, runs::incrementAndGet);
    }

    @Actor
    public void releaser() {
      p.release();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      // An accepted task runs on a worker that exits after it; rejected ones never reach a worker.
      eventually(() -> p.running() == 0);
      r.r2 = runs.get();
    }
  }

  @JCStressTest
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "rejected: released before or while it waited")
  @Outcome(expect = FORBIDDEN, desc = "a submitter blocked across the release was accepted, or hung")
  @State
  public static class BlockedSubmitRacingReleaseVirtual {
    final Pool p = Pool.newPool(1);
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch gate = new CountDownLatch(1);

    public BlockedSubmitRacingReleaseVirtual() {
      // Fill the pool with a task that only the arbiter lets finish: the racing submit must wait.
      p.submit(() -> await(gate));
    }

    @Actor
    public void submitter(II_Result r) {
      r.r1 = submit(p, runs::incrementAndGet);
    }

    @Actor
    public void releaser() {
      p.release();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      gate.countDown();
      eventually(() -> p.running() == 0);
      r.r2 = runs.get();
    }
  }

  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "submit won: the task was queued and ran once, after the release")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "release won: the task was rejected and never ran")
  @Outcome(expect = FORBIDDEN, desc = "a queued task was dropped by the release, run twice, or run after rejection")
  @State
  public static class QueuedSubmitRacingReleaseVirtual {
    final Pool p = Pool.builder(1).queueSize(1).build();
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch gate = new CountDownLatch(1);

    public QueuedSubmitRacingReleaseVirtual() {
      // The only worker is busy until the releaser lets it go: the racing submit can only queue.
      p.submit(() -> await(gate));
    }

    @Actor
    public void submitter(II_Result r) {
      r.r1 = submit(p, runs::incrementAndGet);
    }

    @Actor
    public void releaser() {
      p.release();
      // The worker then finishes, racing the submit's enqueue for the pool lock.
      gate.countDown();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      // A queued task keeps its worker (or a replacement) alive until it has run.
      eventually(() -> p.running() == 0);
      r.r2 = runs.get();
    }
  }

  @JCStressTest
  @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "the raised capacity admitted the submit; it ran")
  @Outcome(expect = FORBIDDEN, desc = "the tune's wake-up was lost (the submit hung) or the task was lost")
  @State
  public static class TuneRacingSubmitVirtual {
    final Pool p = Pool.newPool(1);
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch gate = new CountDownLatch(1);

    public TuneRacingSubmitVirtual() {
      // The only worker stays busy until the arbiter: only tune(2) can let the submit through.
      p.submit(() -> await(gate));
    }

    @Actor
    public void submitter(III_Result r) {
      r.r1 = submit(p, runs::incrementAndGet);
    }

    @Actor
    public void tuner() {
      p.tune(2);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      eventually(() -> runs.get() == 1);
      r.r2 = runs.get();
      r.r3 = p.cap();
      gate.countDown();
      p.release();
    }
  }

  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the submit got a live worker (reused or new); the task ran")
  @Outcome(expect = FORBIDDEN, desc = "the task was handed to an expired worker and stranded, or ran twice")
  @State
  public static class ExpiryRacingSubmitVirtual {
    private static final MethodHandle CORE;
    private static final MethodHandle PURGE;

    static {
      try {
        // The pool's core and its sweep are package-private; the stress jar runs on the class path,
        // so a private lookup into the pool package is allowed.
        MethodHandles.Lookup l = MethodHandles.privateLookupIn(Pool.class, MethodHandles.lookup());
        Class<?> core = Class.forName("dev.goj.pool.PoolCore");
        CORE = l.findVirtual(Pool.class, "core", MethodType.methodType(core));
        PURGE = MethodHandles.privateLookupIn(core, MethodHandles.lookup())
            .findVirtual(core, "purge", MethodType.methodType(void.class, long.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Pool p = Pool.newPool(1);
    final Object core;
    final AtomicInteger runs = new AtomicInteger();

    public ExpiryRacingSubmitVirtual() {
      try {
        core = CORE.invoke(p);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
      // One worker that (usually, by the time the actors run) sits idle on the stack.
      p.submit(() -> {});
    }

    @Actor
    public void submitter(II_Result r) {
      r.r1 = submit(p, runs::incrementAndGet);
    }

    @Actor
    public void purger() {
      try {
        // A cut-off in the future: every idle worker counts as expired.
        PURGE.invoke(core, System.nanoTime() + 1_000_000_000L);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }

    @Arbiter
    public void arbiter(II_Result r) {
      eventually(() -> runs.get() == 1);
      r.r2 = runs.get();
      p.release();
    }
  }

  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "accepted, ran, and the worker exited after the release")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "rejected; no worker left")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "a worker went idle after the release and leaked")
  @Outcome(expect = FORBIDDEN, desc = "other")
  @State
  public static class ReleaseRacingWorkerReturnVirtual {
    final Pool p = Pool.newPool(1);

    @Actor
    public void submitter(II_Result r) {
      // The worker runs this and goes back to the idle list right as the release happens.
      r.r1 = submit(p, () -> {});
    }

    @Actor
    public void releaser() {
      p.release();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = eventually(() -> p.running() == 0) ? 0 : 1;
    }
  }

  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "reboot first: accepted and ran once")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "submit first: rejected by the closed pool, never ran")
  @Outcome(expect = FORBIDDEN, desc = "rejected but ran, or accepted but lost")
  @State
  public static class RebootRacingSubmitVirtual {
    final Pool p = Pool.newPool(1);
    final AtomicInteger runs = new AtomicInteger();

    public RebootRacingSubmitVirtual() {
      p.release();
    }

    @Actor
    public void submitter(II_Result r) {
      r.r1 = submit(p, runs::incrementAndGet);
    }

    @Actor
    public void rebooter() {
      p.reboot();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      eventually(() -> runs.get() == r.r1);
      r.r2 = runs.get();
      p.release();
    }
  }

  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "the two tasks ran one at a time")
  @Outcome(id = "2", expect = FORBIDDEN, desc = "racing submits spawned past the capacity of 1")
  @Outcome(expect = FORBIDDEN, desc = "a task did not run")
  @State
  public static class RacingSubmitsKeepCapacityVirtual {
    final Pool p = Pool.newPool(1);
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger runs = new AtomicInteger();
    final Runnable task = () -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      Thread.yield();
      inFlight.decrementAndGet();
      runs.incrementAndGet();
    };

    @Actor
    public void first() {
      p.submit(task);
    }

    @Actor
    public void second() {
      p.submit(task);
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = eventually(() -> runs.get() == 2) ? maxInFlight.get() : -1;
      p.release();
    }
  }
}
