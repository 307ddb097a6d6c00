package dev.goj.bench.sched;

import dev.goj.chan.Chan;
import dev.goj.runtime.Go;
import dev.goj.runtime.internal.Sema;
import dev.goj.runtime.internal.WaitReason;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * goj's GMP scheduler against the JDK's default virtual-thread scheduler on four classic goroutine
 * programs; the same programs in Go are in benchmarks/go/sched_test.go. Run with e.g.
 * {@code ./goj.sh bench 'sched.SchedBench' -f 2 -wi 3 -w 1s -i 5 -r 1s}.
 *
 * <p>goj's channels are not used (they live in another module); goroutines hand values over through
 * runtime-core's Sema (ping-pong) or an atomic count plus unpark (joins), identical for both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g"})
public class SchedBench {
  @Param({"goj", "jdk"})
  public Spawner sched;

  /** Spawn one million goroutines that do nothing and wait for all (Go: go + WaitGroup). */
  @Benchmark
  public void spawnJoin1M() throws InterruptedException {
    int n = 1_000_000;
    sched.runMain(() -> {
      Spawner.Join wg = new Spawner.Join(n);
      for (int i = 0; i < n; i++) {
        sched.spawn(wg::done);
      }
      wg.await();
    });
  }

  static final int ROUNDS = 100_000;

  /** Two goroutines pass a token back and forth (Go: an unbuffered channel each way); per round trip. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @OperationsPerInvocation(ROUNDS)
  public void pingPong() throws InterruptedException {
    Sema ping = new Sema(0);
    Sema pong = new Sema(0);
    sched.runMain(() -> {
      Spawner.Join wg = new Spawner.Join(1);
      sched.spawn(() -> {
        for (int i = 0; i < ROUNDS; i++) {
          ping.acquire(false, WaitReason.CHAN_RECEIVE);
          pong.release(false);
        }
        wg.done();
      });
      for (int i = 0; i < ROUNDS; i++) {
        ping.release(false);
        pong.acquire(false, WaitReason.CHAN_RECEIVE);
      }
      wg.await();
    });
  }

  /** The same ping-pong through two unbuffered goj channels (a Chan send/recv per hand-off). */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @OperationsPerInvocation(ROUNDS)
  public void pingPongChan() throws InterruptedException {
    Chan<Integer> ping = Chan.make();
    Chan<Integer> pong = Chan.make();
    sched.runMain(() -> {
      Spawner.Join wg = new Spawner.Join(1);
      sched.spawn(() -> {
        for (int i = 0; i < ROUNDS; i++) {
          pong.send(ping.recv());
        }
        wg.done();
      });
      for (int i = 0; i < ROUNDS; i++) {
        ping.send(i);
        pong.recv();
      }
      wg.await();
    });
  }

  /** Skynet: a tree of goroutines with fanout 10 and one million leaves; each returns its sum. */
  @Benchmark
  public long skynet1M() throws InterruptedException {
    AtomicLong result = new AtomicLong();
    sched.runMain(() -> result.set(skynet(0, 1_000_000)));
    if (result.get() != 499_999_500_000L) {
      throw new AssertionError("skynet sum " + result.get());
    }
    return result.get();
  }

  private long skynet(long num, int size) {
    if (size == 1) {
      return num;
    }
    int div = 10;
    int sub = size / div;
    AtomicLong sum = new AtomicLong();
    Spawner.Join wg = new Spawner.Join(div);
    for (int i = 0; i < div; i++) {
      long subNum = num + (long) i * sub;
      sched.spawn(() -> {
        sum.addAndGet(skynet(subNum, sub));
        wg.done();
      });
    }
    wg.await();
    return sum.get();
  }

  static final int TASKS = 1_000;
  static final int WORK = 50_000;

  /** CPU work of about 50us, the same loop as Go's cpuWork. */
  static long cpuWork(long seed) {
    long x = seed;
    for (int i = 0; i < WORK; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      x ^= x >>> 29;
    }
    return x;
  }

  private long fanOut(int procs) throws InterruptedException {
    if (sched == Spawner.goj) {
      Go.gomaxprocs(procs);
    }
    AtomicLong acc = new AtomicLong();
    sched.runMain(() -> {
      Spawner.Join wg = new Spawner.Join(TASKS);
      for (int i = 0; i < TASKS; i++) {
        long seed = i;
        sched.spawn(() -> {
          acc.addAndGet(cpuWork(seed));
          wg.done();
        });
      }
      wg.await();
    });
    return acc.get();
  }

  /** Fan-out/fan-in of 1,000 CPU-bound tasks on one P (JDK: parallelism 1). */
  @Benchmark
  @Fork(value = 2, jvmArgsAppend = {"-Xmx2g", "-Dgoj.gomaxprocs=1", "-Djdk.virtualThreadScheduler.parallelism=1"})
  public long fanOutProcs1() throws InterruptedException {
    return fanOut(1);
  }

  /** The same on two Ps (JDK: parallelism 2): the speed-up over one. */
  @Benchmark
  @Fork(value = 2, jvmArgsAppend = {"-Xmx2g", "-Dgoj.gomaxprocs=2", "-Djdk.virtualThreadScheduler.parallelism=2"})
  public long fanOutProcs2() throws InterruptedException {
    return fanOut(2);
  }
}
