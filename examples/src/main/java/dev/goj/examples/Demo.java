package dev.goj.examples;

import dev.goj.runtime.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * goj's main job: a short program that exercises what goj ships and prints what it did. Each module
 * adds its part here as it lands.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("goj demo on Java " + Runtime.version() + ", GOMAXPROCS=" + Go.gomaxprocs(0)
        + ", NumCPU=" + Go.numCPU());
    goroutines();
    SyncDemo.run();
    ChanDemo.run();
    ContextDemo.run();
    SchedDemo.run();
    PoolDemo.run();
  }

  /** runtime: start 10,000 goroutines, each adds its index; the sum proves every one ran once. */
  private static void goroutines() throws InterruptedException {
    int n = 10_000;
    AtomicLong sum = new AtomicLong();
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      int v = i;
      Go.go(() -> {
        sum.addAndGet(v);
        done.countDown();
      });
    }
    done.await();
    long want = (long) n * (n - 1) / 2;
    System.out.printf("runtime: %d goroutines ran, sum %d (want %d) %s%n", n, sum.get(), want,
        sum.get() == want ? "ok" : "MISMATCH");
    if (sum.get() != want) {
      System.exit(1);
    }
  }
}
