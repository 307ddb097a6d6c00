package dev.goj.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ports of Go's src/sync/cond_test.go (TestCondCopy has no Java analogue). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CondTest {
  @AfterEach
  void noFailures() {
    Kind.checkFailures();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void testCondSignal(Kind kind) {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    int n = 2;
    Ch<Boolean> running = Ch.make(n);
    Ch<Boolean> awake = Ch.make(n);
    for (int i = 0; i < n; i++) {
      kind.start(() -> {
        m.lock();
        running.send(true);
        c.await();
        awake.send(true);
        m.unlock();
      });
    }
    for (int i = 0; i < n; i++) {
      running.recv(); // wait for everyone to run
    }
    while (n > 0) {
      assertNull(awake.poll(), "goroutine not asleep");
      m.lock();
      c.signal();
      m.unlock();
      awake.recv(); // hangs (and times out) if no waiter wakes up
      assertNull(awake.poll(), "too many goroutines awake");
      n--;
    }
    c.signal();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void testCondSignalGenerations(Kind kind) {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    int n = 100;
    Ch<Boolean> running = Ch.make(n);
    Ch<Integer> awake = Ch.make(n);
    for (int i = 0; i < n; i++) {
      int id = i;
      kind.start(() -> {
        m.lock();
        running.send(true);
        c.await();
        awake.send(id);
        m.unlock();
      });
      if (i > 0) {
        int a = awake.recv();
        assertEquals(i - 1, a, "wrong goroutine woke up");
      }
      running.recv();
      m.lock();
      c.signal();
      m.unlock();
    }
    assertEquals(n - 1, awake.recv());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void testCondBroadcast(Kind kind) {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    int n = 200;
    Ch<Integer> running = Ch.make(n);
    Ch<Integer> awake = Ch.make(n);
    boolean[] exit = {false}; // guarded by m
    for (int i = 0; i < n; i++) {
      int g = i;
      kind.start(() -> {
        m.lock();
        while (!exit[0]) {
          running.send(g);
          c.await();
          awake.send(g);
        }
        m.unlock();
      });
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        running.recv(); // hangs unless n are running
      }
      if (i == n - 1) {
        m.lock();
        exit[0] = true;
        m.unlock();
      }
      assertNull(awake.poll(), "goroutine not asleep");
      m.lock();
      c.broadcast();
      m.unlock();
      boolean[] seen = new boolean[n];
      for (int j = 0; j < n; j++) {
        int g = awake.recv();
        assertFalse(seen[g], "goroutine woke up twice");
        seen[g] = true;
      }
    }
    assertNull(running.poll(), "goroutine did not exit");
    c.broadcast();
  }

  /** Go's TestRace: three goroutines hand x along under the Cond's lock. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void testRace(Kind kind) {
    int[] x = {0};
    Cond c = new Cond(new Mutex());
    Ch<Boolean> done = Ch.make();
    kind.start(() -> {
      c.l().lock();
      x[0] = 1;
      c.await();
      assertEquals(2, x[0], "want 2");
      x[0] = 3;
      c.signal();
      c.l().unlock();
      done.send(true);
    });
    kind.start(() -> {
      c.l().lock();
      for (;;) {
        if (x[0] == 1) {
          x[0] = 2;
          c.signal();
          break;
        }
        c.l().unlock();
        Go.gosched();
        c.l().lock();
      }
      c.l().unlock();
      done.send(true);
    });
    kind.start(() -> {
      c.l().lock();
      for (;;) {
        if (x[0] == 2) {
          c.await();
          assertEquals(3, x[0], "want 3");
          break;
        }
        if (x[0] == 3) {
          break;
        }
        c.l().unlock();
        Go.gosched();
        c.l().lock();
      }
      c.l().unlock();
      done.send(true);
    });
    done.recv();
    done.recv();
    done.recv();
  }

  /**
   * Go's TestCondSignalStealing: a broadcast racing a new waiter must still wake the waiter that
   * was already asleep (Go's 2 s limit is a hang bound). 200 rounds instead of Go's 1000.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void testCondSignalStealing(Kind kind) throws InterruptedException {
    for (int iters = 0; iters < 200; iters++) {
      Mutex m = new Mutex();
      Cond cond = new Cond(m);
      Ch<Boolean> ch = Ch.make();
      kind.start(() -> {
        m.lock();
        ch.send(true);
        cond.await();
        m.unlock();
        ch.send(true);
      });
      ch.recv();
      m.lock();
      m.unlock();
      // The first waiter is inside await: we synchronised with it, then took and released the
      // mutex it held. Now a broadcast races a second waiter; the first must be woken.
      boolean[] done = {false}; // guarded by m
      kind.start(cond::broadcast);
      kind.start(() -> {
        m.lock();
        while (!done[0]) {
          cond.await();
        }
        m.unlock();
      });
      CountDownLatch first = new CountDownLatch(1);
      Thread.ofVirtual().start(() -> {
        ch.recv();
        first.countDown();
      });
      assertTrue(first.await(2, TimeUnit.SECONDS), "First waiter didn't get broadcast.");
      // Release the second waiter in case it missed the broadcast.
      m.lock();
      done[0] = true;
      m.unlock();
      cond.broadcast();
    }
  }

  /** A Cond on an RWMutex's read locker, as Go allows any Locker. */
  @Test
  void condOnRLocker() throws InterruptedException {
    RWMutex rw = new RWMutex();
    Cond c = new Cond(rw.rLocker());
    AtomicBoolean ready = new AtomicBoolean();
    CountDownLatch woke = new CountDownLatch(1);
    CountDownLatch waiting = new CountDownLatch(1);
    Thread.ofVirtual().start(() -> {
      c.l().lock();
      waiting.countDown();
      while (!ready.get()) {
        c.await();
      }
      c.l().unlock();
      woke.countDown();
    });
    waiting.await();
    // The waiter holds or has released only a read lock; once it sleeps a writer can get in.
    rw.lock();
    ready.set(true);
    rw.unlock();
    c.broadcast();
    woke.await();
    assertTrue(rw.tryLock(), "read lock still held");
    rw.unlock();
  }

  @Test
  void lockerAccessorAndNull() {
    Mutex m = new Mutex();
    assertSame(m, new Cond(m).l());
    NullPointerException e = assertThrows(NullPointerException.class, () -> new Cond(null));
    assertNotNull(e.getMessage());
  }

  /** Signal and broadcast with no waiter are no-ops, and do not bank a wake-up for later. */
  @Test
  void signalWithoutWaitersIsNotRemembered() throws InterruptedException {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    c.signal();
    c.broadcast();
    CountDownLatch asleep = new CountDownLatch(1);
    CountDownLatch woke = new CountDownLatch(1);
    Thread t = Thread.ofPlatform().start(() -> {
      m.lock();
      asleep.countDown();
      c.await();
      m.unlock();
      woke.countDown();
    });
    asleep.await();
    MutexTest.awaitParked(t);
    assertEquals(1, woke.getCount(), "await returned on an earlier signal");
    m.lock();
    c.signal();
    m.unlock();
    woke.await();
  }
}
