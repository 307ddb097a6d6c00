package dev.goj.bench.pool;

import dev.goj.pool.Pool;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the heap held by one idle goj pool worker: the used-heap delta (after full GCs) over N
 * idle workers, divided by N. A virtual thread's stack lives on the heap (as stack chunks), so
 * this is the whole cost of a parked worker goroutine plus its pool bookkeeping. For reference it
 * measures N bare virtual threads parked in LockSupport.park the same way. (A platform thread, as a
 * ThreadPoolExecutor uses, reserves its stack outside the heap: typically 1 MiB of address space
 * per thread, which a heap delta cannot show.)
 *
 * <p>Run: {@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * dev.goj.bench.pool.IdleWorkerMemory [N]} (default N = 10,000).
 */
public final class IdleWorkerMemory {
  private IdleWorkerMemory() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    for (int round = 0; round < 5; round++) {
      System.out.printf("round %d: goj idle worker %,d bytes, parked virtual thread %,d bytes (N=%,d)%n", round,
          gojIdleWorker(n), parkedVirtualThread(n), n);
    }
  }

  private static long usedHeap() {
    MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    // Several GCs: the minimum settles once nothing collectable is left.
    for (int i = 0; i < 5; i++) {
      System.gc();
      LockSupport.parkNanos(20_000_000);
      used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** N workers made busy at once (so the pool must start N goroutines), then left idle. */
  static long gojIdleWorker(int n) throws InterruptedException, TimeoutException {
    long before = usedHeap();
    Pool p = Pool.builder(n).expiry(Duration.ofHours(1)).build();
    CountDownLatch started = new CountDownLatch(n);
    CountDownLatch finished = new CountDownLatch(n);
    CountDownLatch gate = new CountDownLatch(1);
    for (int i = 0; i < n; i++) {
      p.submit(() -> {
        started.countDown();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        finished.countDown();
      });
    }
    started.await();
    gate.countDown();
    finished.await();
    // Each worker goes back on the idle list just after its task returns; give them a moment.
    Thread.sleep(500);
    if (p.running() != n) {
      throw new IllegalStateException("expected " + n + " idle workers, running " + p.running());
    }
    long after = usedHeap();
    p.releaseTimeout(Duration.ofSeconds(60));
    return (after - before) / n;
  }

  static long parkedVirtualThread(int n) throws InterruptedException {
    long before = usedHeap();
    CountDownLatch parked = new CountDownLatch(n);
    Thread[] ts = new Thread[n];
    for (int i = 0; i < n; i++) {
      ts[i] = Thread.ofVirtual().start(() -> {
        parked.countDown();
        LockSupport.park();
      });
    }
    parked.await();
    Thread.sleep(500);
    long after = usedHeap();
    for (Thread t : ts) {
      LockSupport.unpark(t);
      t.join();
    }
    return (after - before) / n;
  }
}
