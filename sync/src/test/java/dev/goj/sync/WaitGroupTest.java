package dev.goj.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ports of Go's src/sync/waitgroup_test.go. Go's TestWaitGroupMisuse2 and 3 hunt for their race
 * over a million rounds (and skip on 2 CPUs); here the same races are staged deterministically
 * through the package-private state word.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitGroupTest {
  @AfterEach
  void noFailures() {
    Kind.checkFailures();
  }

  static void testWaitGroup(Kind kind, WaitGroup wg1, WaitGroup wg2) {
    int n = 16;
    wg1.add(n);
    wg2.add(n);
    Ch<Boolean> exited = Ch.make(n);
    for (int i = 0; i != n; i++) {
      kind.start(() -> {
        wg1.done();
        wg2.await();
        exited.send(true);
      });
    }
    wg1.await();
    for (int i = 0; i != n; i++) {
      assertNull(exited.poll(), "WaitGroup released group too soon");
      wg2.done();
    }
    for (int i = 0; i != n; i++) {
      exited.recv(); // hangs if the barrier fails to release someone
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void testWaitGroup(Kind kind) {
    WaitGroup wg1 = new WaitGroup();
    WaitGroup wg2 = new WaitGroup();
    // The same groups several times: the barrier must be back in a clean state after each.
    for (int i = 0; i != 8; i++) {
      testWaitGroup(kind, wg1, wg2);
    }
    assertEquals(0L, wg1.state());
    assertEquals(0L, wg2.state());
  }

  @Test
  void testWaitGroupMisuse() {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    wg.done();
    IllegalStateException e = assertThrows(IllegalStateException.class, wg::done, "Should panic");
    assertEquals("sync: negative WaitGroup counter", e.getMessage());
  }

  /**
   * Go's TestWaitGroupMisuse2, staged: the counter is zero but a waiter is still registered (the
   * moment between the last done and the waiters' release) when a positive add arrives.
   */
  @Test
  void testWaitGroupMisuse2() {
    WaitGroup wg = new WaitGroup();
    wg.setState(1); // counter 0, one waiter not yet released
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> wg.add(1));
    assertEquals("sync: WaitGroup misuse: Add called concurrently with Wait", e.getMessage());
  }

  /**
   * Go's TestWaitGroupMisuse3, staged: a waiter is released while the group has already been
   * reused (counter non-zero again) before that waiter returned.
   */
  @Test
  void testWaitGroupMisuse3() throws InterruptedException {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        wg.await();
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    while (wg.state() != (1L << 32 | 1)) {
      Thread.sleep(1);
    }
    // The last done resets the word and releases the waiter; a reuse add(1) slips in before the
    // waiter runs again. Stage exactly that order: word reset to "reused", then the release.
    wg.setState(1L << 32);
    wg.sema.release(false);
    waiter.join();
    assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
    assertEquals("sync: WaitGroup is reused before previous Wait has returned", thrown.get().getMessage());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void testWaitGroupRace(Kind kind) {
    for (int i = 0; i < 1000; i++) {
      WaitGroup wg = new WaitGroup();
      AtomicInteger n = new AtomicInteger();
      wg.add(1);
      kind.start(() -> {
        n.incrementAndGet();
        wg.done();
      });
      wg.add(1);
      kind.start(() -> {
        n.incrementAndGet();
        wg.done();
      });
      wg.await();
      assertEquals(2, n.get(), "Spurious wakeup from Wait");
    }
  }

  @Test
  void awaitOnZeroReturnsAtOnce() {
    WaitGroup wg = new WaitGroup();
    wg.await();
    wg.add(2);
    wg.add(-2);
    wg.await();
    assertEquals(0L, wg.state());
  }

  /** Go 1.25's wg.Go: each f runs in a goroutine and await sees all of their writes. */
  @Test
  void goRunsAndTracks() {
    WaitGroup wg = new WaitGroup();
    int n = 100;
    int[] slots = new int[n];
    for (int i = 0; i < n; i++) {
      int id = i;
      wg.go(() -> slots[id] = id + 1);
    }
    wg.await();
    for (int i = 0; i < n; i++) {
      assertEquals(i + 1, slots[i]); // plain reads: await orders them after every done
    }
  }

  /** A panicking f still counts as done, so waiters are released. */
  @Test
  void goPanicStillDone() throws InterruptedException {
    WaitGroup wg = new WaitGroup();
    CountDownLatch ran = new CountDownLatch(1);
    wg.go(() -> {
      ran.countDown();
      throw new IllegalStateException("boom (expected in this test)");
    });
    wg.await();
    assertTrue(ran.await(0, java.util.concurrent.TimeUnit.SECONDS));
    assertThrows(NullPointerException.class, () -> wg.go(null));
    assertEquals(0L, wg.state());
  }

  @Test
  void waitReasonInDump() throws InterruptedException {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      wg.await();
      done.countDown();
    });
    String dump = "";
    for (int i = 0; i < 10_000 && !dump.contains("[sync.WaitGroup.Wait]"); i++) {
      Thread.sleep(1);
      dump = Go.stack(true);
    }
    assertTrue(dump.contains("[sync.WaitGroup.Wait]"), dump);
    wg.done();
    done.await();
  }
}
