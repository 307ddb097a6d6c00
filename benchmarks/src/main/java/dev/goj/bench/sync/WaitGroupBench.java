package dev.goj.bench.sync;

import dev.goj.sync.WaitGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One WaitGroup cycle (add(4), four done(), await) against the same cycle on a CountDownLatch
 * (new latch of 4, four countDown(), await): a CountDownLatch cannot be re-armed, so its cycle
 * includes the allocation a Java user would pay.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class WaitGroupBench {
  final WaitGroup wg = new WaitGroup();

  @Benchmark
  @Threads(1)
  public void cycleWaitGroup() {
    wg.add(4);
    wg.done();
    wg.done();
    wg.done();
    wg.done();
    wg.await();
  }

  @Benchmark
  @Threads(1)
  public void cycleCountDownLatch() throws InterruptedException {
    CountDownLatch l = new CountDownLatch(4);
    l.countDown();
    l.countDown();
    l.countDown();
    l.countDown();
    l.await();
  }
}
