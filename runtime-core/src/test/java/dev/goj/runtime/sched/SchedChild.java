package dev.goj.runtime.sched;

import dev.goj.runtime.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Programs that {@link SchedForkedTest} runs in a fresh JVM, one per mode. */
public final class SchedChild {
  private SchedChild() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "work" -> work(Integer.parseInt(args[1]));
      case "idle" -> idle();
      case "threadlimit" -> threadLimit();
      default -> throw new IllegalArgumentException("mode " + args[0]);
    }
    System.out.flush();
    System.exit(0);
  }

  /** Runs {@code n} goroutines that yield and resize once; prints the count and gomaxprocs. */
  private static void work(int n) throws InterruptedException {
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      Go.go(() -> {
        Go.gosched();
        ran.incrementAndGet();
        done.countDown();
      });
    }
    Go.gomaxprocs(3);
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("goroutines did not finish");
    }
    Thread.sleep(150); // let a schedtrace line or two appear
    System.out.println("ran=" + ran.get() + " gomaxprocs=" + Go.gomaxprocs(0) + " goroutines=" + Go.numGoroutine());
  }

  private static int mThreads() {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("goj-M")) {
        n++;
      }
    }
    return n;
  }

  /** Makes a few Ms busy, then idles past the idle timeout: their threads must exit. */
  private static void idle() throws InterruptedException {
    Sched s = Sched.global();
    CountDownLatch done = new CountDownLatch(4);
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < 4; i++) {
      Go.go(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        done.countDown();
      });
    }
    go.countDown();
    done.await();
    int busy = mThreads();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (mThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    System.out.println("busyThreads=" + busy + " idleThreads=" + mThreads() + " mcount=" + s.mcount());
    // the scheduler starts new Ms again after its old ones retired
    CountDownLatch again = new CountDownLatch(1);
    Go.go(again::countDown);
    System.out.println("again=" + again.await(10, TimeUnit.SECONDS));
  }

  /**
   * With the thread limit at 1, a goroutine spinning on its only M cannot be handed off: sysmon's
   * attempt to start a second M hits the limit, which is reported; the other goroutine runs once the
   * spinner lets go.
   */
  private static void threadLimit() throws InterruptedException {
    Go.gomaxprocs(2);
    Go.setMaxThreads(1);
    AtomicInteger flag = new AtomicInteger();
    CountDownLatch spinning = new CountDownLatch(1);
    Go.go(() -> {
      spinning.countDown();
      while (flag.get() == 0) {
        Thread.onSpinWait();
      }
    });
    spinning.await();
    CountDownLatch other = new CountDownLatch(1);
    Go.go(other::countDown);
    boolean ranWhileStuck = other.await(300, TimeUnit.MILLISECONDS);
    flag.set(1);
    boolean ranAfter = other.await(10, TimeUnit.SECONDS);
    System.out.println("ranWhileStuck=" + ranWhileStuck + " ranAfter=" + ranAfter);
  }
}
