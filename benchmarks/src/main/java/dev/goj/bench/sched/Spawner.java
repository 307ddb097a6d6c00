package dev.goj.bench.sched;

import dev.goj.runtime.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The two schedulers compared: goj's GMP scheduler ({@code Go.go}) and the JDK's default
 * virtual-thread scheduler ({@code Thread.ofVirtual().start}, a ForkJoinPool). Each benchmark runs
 * its program in a "main" goroutine of the scheduler under test, as a Go program does, and the JMH
 * thread waits for it.
 */
public enum Spawner {
  goj {
    @Override
    void spawn(Runnable r) {
      Go.go(r);
    }
  },
  jdk {
    @Override
    void spawn(Runnable r) {
      Thread.ofVirtual().start(r);
    }
  };

  abstract void spawn(Runnable r);

  /** Runs {@code main} as a goroutine of this scheduler and waits for it. */
  void runMain(Runnable main) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    spawn(() -> {
      main.run();
      done.countDown();
    });
    done.await();
  }

  /**
   * A minimal WaitGroup that works on both schedulers: the last {@link #done} unparks the waiter.
   * (goj's sync.WaitGroup is another module; this keeps the comparison about scheduling.)
   */
  static final class Join {
    private final AtomicInteger left;
    private final Thread waiter = Thread.currentThread();

    Join(int n) {
      left = new AtomicInteger(n);
    }

    void done() {
      if (left.decrementAndGet() == 0) {
        LockSupport.unpark(waiter);
      }
    }

    void await() {
      while (left.get() != 0) {
        LockSupport.park(this);
      }
    }
  }
}
