package dev.goj.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.Go;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ports of Go's src/sync/mutex_test.go plus white-box checks of the state machine. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MutexTest {
  @AfterEach
  void noFailures() {
    Kind.checkFailures();
  }

  /** Go's HammerMutex: every third round is a TryLock. */
  static void hammerMutex(Mutex m, int loops, Ch<Boolean> cdone) {
    for (int i = 0; i < loops; i++) {
      if (i % 3 == 0) {
        if (m.tryLock()) {
          m.unlock();
        }
        continue;
      }
      m.lock();
      m.unlock();
    }
    cdone.send(true);
  }

  /** Go's TestMutex, on each kind of thread. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void testMutex(Kind kind) {
    Mutex m = new Mutex();
    m.lock();
    assertFalse(m.tryLock(), "TryLock succeeded with mutex locked");
    m.unlock();
    assertTrue(m.tryLock(), "TryLock failed with mutex unlocked");
    m.unlock();

    Ch<Boolean> c = Ch.make();
    for (int i = 0; i < 10; i++) {
      kind.start(() -> hammerMutex(m, 1000, c));
    }
    for (int i = 0; i < 10; i++) {
      c.recv();
    }
    assertEquals(0, m.state(), "state after all lockers left");
  }

  /** The counter a Mutex guards loses no increment (Go's tests check this only implicitly). */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void mutualExclusion(Kind kind) throws InterruptedException {
    Mutex m = new Mutex();
    int threads = 4;
    int per = 20_000;
    long[] counter = {0};
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      kind.start(() -> {
        for (int i = 0; i < per; i++) {
          m.lock();
          counter[0]++;
          m.unlock();
        }
        done.countDown();
      });
    }
    done.await();
    m.lock();
    assertEquals((long) threads * per, counter[0]);
    m.unlock();
  }

  /** Go's misuseTests for Mutex: both end in "sync: unlock of unlocked mutex". */
  @Test
  void testMutexMisuse() {
    Mutex mu = new Mutex();
    IllegalStateException e = assertThrows(IllegalStateException.class, mu::unlock);
    assertEquals("sync: unlock of unlocked mutex", e.getMessage());

    Mutex mu2 = new Mutex();
    mu2.lock();
    mu2.unlock();
    e = assertThrows(IllegalStateException.class, mu2::unlock);
    assertEquals("sync: unlock of unlocked mutex", e.getMessage());
    // Unlike Go (fatal), the caller survives: the mutex must still work.
    assertEquals(0, mu2.state());
    mu2.lock();
    assertFalse(mu2.tryLock());
    mu2.unlock();
  }

  /**
   * Go's TestMutexFairness: a goroutine that holds the mutex almost all the time must not starve
   * one that wants it ten times. Go's 10 s limit is a hang bound, not a timing measurement.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void testMutexFairness(Kind kind) throws InterruptedException {
    Mutex mu = new Mutex();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    kind.start(() -> {
      while (!stop.get()) {
        mu.lock();
        sleep(Duration.ofNanos(100_000));
        mu.unlock();
      }
      stopped.countDown();
    });
    CountDownLatch done = new CountDownLatch(1);
    kind.start(() -> {
      for (int i = 0; i < 10; i++) {
        sleep(Duration.ofNanos(100_000));
        mu.lock();
        mu.unlock();
      }
      done.countDown();
    });
    try {
      assertTrue(done.await(10, TimeUnit.SECONDS), "can't acquire Mutex in 10 seconds");
    } finally {
      stop.set(true);
      stopped.await();
    }
  }

  /**
   * A sleeper past the threshold switches the mutex to starvation mode; unlock then hands it over
   * in FIFO order and arrivals queue instead of barging; the last sleeper switches back.
   */
  @Test
  void starvationModeHandsOffInFifoOrder() throws InterruptedException {
    Mutex m = new Mutex();
    m.lock();
    List<String> order = new ArrayList<>(); // guarded by m
    Thread starved = Thread.ofPlatform().start(() -> {
      m.lockStarving();
      order.add("starved");
      m.unlock();
    });
    awaitState(m, s -> (s & Mutex.MUTEX_STARVING) != 0);
    awaitParked(starved);
    Thread late = Thread.ofPlatform().start(() -> {
      m.lock();
      order.add("late");
      m.unlock();
    });
    awaitState(m, s -> (s >>> Mutex.MUTEX_WAITER_SHIFT) == 2);
    awaitParked(late);
    // The mutex is starving: even while it is unlocked during the hand-off, nobody may barge
    // past the queue. tryLock may only succeed once both sleepers are through.
    m.unlock();
    if (m.tryLock()) {
      assertEquals(List.of("starved", "late"), order, "tryLock barged into a starving mutex");
      m.unlock();
    }
    // A lock() arriving now queues behind the sleepers rather than barging.
    m.lock();
    assertEquals(List.of("starved", "late"), order);
    assertEquals(Mutex.MUTEX_LOCKED, m.state(), "back to normal mode, no waiters");
    m.unlock();
    starved.join();
    late.join();
  }

  /** A real wait over 1 ms puts the mutex into starvation mode (no hook). */
  @Test
  void realWaitOverThresholdStarves() throws InterruptedException {
    Mutex m = new Mutex();
    boolean sawStarving = false;
    while (!sawStarving) {
      m.lock();
      CountDownLatch got = new CountDownLatch(1);
      Thread waiter = Thread.ofPlatform().start(() -> {
        m.lock();
        got.countDown();
        m.unlock();
      });
      awaitParked(waiter);
      Thread.sleep(3); // the waiter has now waited over the 1 ms threshold
      // Unlock wakes the waiter; we barge back in before it runs (almost always), so it finds the
      // mutex locked and, having waited too long, marks it starving.
      m.unlock();
      m.lock();
      if (got.getCount() == 1) {
        // We hold the mutex and the waiter has not had it: once it has cleared the woken flag it
        // has re-queued, and having waited over 1 ms it must have set starving as it did.
        awaitState(m, s -> (s & Mutex.MUTEX_WOKEN) == 0);
        assertEquals(Mutex.MUTEX_LOCKED | Mutex.MUTEX_STARVING | 1 << Mutex.MUTEX_WAITER_SHIFT, m.state());
        sawStarving = true;
      }
      m.unlock();
      waiter.join();
    }
    assertEquals(0, m.state());
  }

  /** Blocked lockers record Go's wait reason for stack dumps. */
  @Test
  void waitReason() throws InterruptedException {
    Mutex m = new Mutex();
    m.lock();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      started.countDown();
      m.lock();
      m.unlock();
      done.countDown();
    });
    started.await();
    String dump = "";
    for (int i = 0; i < 10_000 && !dump.contains("[sync.Mutex.Lock]"); i++) {
      Thread.sleep(1);
      dump = Go.stack(true);
    }
    assertTrue(dump.contains("[sync.Mutex.Lock]"), dump);
    m.unlock();
    done.await();
  }

  /** Blocking lock is not interruptible; the interrupt is re-asserted on return. */
  @Test
  void lockIsNotInterruptible() throws InterruptedException {
    Mutex m = new Mutex();
    m.lock();
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    Thread t = Thread.ofPlatform().start(() -> {
      m.lock();
      interruptedAfter.set(Thread.currentThread().isInterrupted());
      m.unlock();
    });
    awaitParked(t);
    t.interrupt();
    Thread.sleep(5);
    assertTrue(t.isAlive(), "lock returned on interrupt");
    m.unlock();
    t.join();
    assertTrue(interruptedAfter.get());
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  interface IntPredicate {
    boolean test(int s);
  }

  static void awaitState(Mutex m, IntPredicate p) throws InterruptedException {
    while (!p.test(m.state())) {
      Thread.sleep(1);
    }
  }

  /** Waits until {@code t} is parked (blocked in goj's park) or has ended. */
  static void awaitParked(Thread t) throws InterruptedException {
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TERMINATED) {
      Thread.sleep(1);
    }
  }
}
