package dev.goj.examples;

import dev.goj.runtime.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * runtime-core's GMP scheduler: on a single P, a goroutine stuck in a CPU loop does not stop the
 * others (sysmon hands the P to another M), and GOMAXPROCS changes while goroutines run.
 */
public final class SchedDemo {
  private SchedDemo() {}

  static void run() throws InterruptedException {
    int prev = Go.gomaxprocs(1);
    AtomicBoolean othersDone = new AtomicBoolean();
    CountDownLatch spun = new CountDownLatch(1);
    AtomicInteger spins = new AtomicInteger();
    Go.go(() -> { // never yields: the JVM cannot preempt it
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!othersDone.get() && System.nanoTime() < deadline) {
        spins.incrementAndGet();
      }
      spun.countDown();
    });
    int n = 1000;
    CountDownLatch others = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      Go.go(others::countDown);
    }
    boolean ran = others.await(20, TimeUnit.SECONDS);
    othersDone.set(true);
    spun.await();
    System.out.printf("sched: on 1 P, %d goroutines ran while another spun without yielding: %s%n", n,
        ran ? "ok (sysmon handed the P to another M)" : "STUCK");

    AtomicInteger done = new AtomicInteger();
    int m = 100_000;
    CountDownLatch all = new CountDownLatch(m);
    for (int i = 0; i < m; i++) {
      Go.go(() -> {
        Go.gosched();
        done.incrementAndGet();
        all.countDown();
      });
      if (i % 25_000 == 0) {
        Go.gomaxprocs(1 + (i / 25_000) % 3);
      }
    }
    boolean finished = all.await(60, TimeUnit.SECONDS);
    Go.gomaxprocs(prev);
    System.out.printf("sched: %d goroutines ran across GOMAXPROCS changes 1 -> 2 -> 3 -> 1: %s%n", done.get(),
        finished && done.get() == m ? "ok" : "MISMATCH");
    if (!ran || !finished || done.get() != m) {
      System.exit(1);
    }
  }
}
