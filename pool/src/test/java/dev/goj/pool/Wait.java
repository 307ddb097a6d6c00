package dev.goj.pool;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting helpers for pool tests. They wait for a state, never for an amount of time: the bound is
 * only there to turn a hang into a failure that says what never happened.
 */
final class Wait {
  private static final long HANG_NANOS = TimeUnit.SECONDS.toNanos(30);

  private Wait() {}

  /** Polls {@code cond} until it holds; fails naming {@code what} if it never does. */
  static void until(BooleanSupplier cond, String what) {
    long deadline = System.nanoTime() + HANG_NANOS;
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("never happened: " + what);
      }
      sleep(2);
    }
  }

  static void await(CountDownLatch l) {
    try {
      if (!l.await(HANG_NANOS, TimeUnit.NANOSECONDS)) {
        fail("latch never reached zero, " + l.getCount() + " left");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
