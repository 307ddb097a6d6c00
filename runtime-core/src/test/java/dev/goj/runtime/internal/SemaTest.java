package dev.goj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SemaTest {
  @Test
  void countsUnits() {
    Sema s = new Sema(2);
    assertTrue(s.tryAcquire());
    assertTrue(s.tryAcquire());
    assertFalse(s.tryAcquire());
    s.release(false);
    assertEquals(1, s.count());
    s.acquire(false, WaitReason.SEMACQUIRE);
    assertEquals(0, s.count());
  }

  @Test
  void rejectsNegativeInitial() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sema(-1));
    assertTrue(e.getMessage().contains("initial") && e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void wakesWaitersInFifoOrder() throws Exception {
    Sema s = new Sema(0);
    List<Integer> order = new CopyOnWriteArrayList<>();
    Thread[] ts = new Thread[5];
    for (int i = 0; i < ts.length; i++) {
      int id = i;
      ts[i] = Thread.ofPlatform().start(() -> {
        s.acquire(false, WaitReason.SEMACQUIRE);
        order.add(id);
      });
      awaitReason(ts[i]);
    }
    for (int i = 0; i < ts.length; i++) {
      // handoff: the unit goes to the head waiter, so wake order is queue order.
      s.release(true);
      ts[i].join(10_000);
      assertFalse(ts[i].isAlive(), "waiter " + i + " should have been woken");
    }
    assertEquals(List.of(0, 1, 2, 3, 4), order);
  }

  @Test
  void noLostWakeUpUnderContention() throws Exception {
    Sema s = new Sema(0);
    int threads = 8;
    int per = 20_000;
    AtomicInteger acquired = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(threads * 2);
    for (int t = 0; t < threads; t++) {
      Thread.ofVirtual().start(() -> {
        for (int i = 0; i < per; i++) {
          s.acquire(false, WaitReason.SEMACQUIRE);
          acquired.incrementAndGet();
        }
        done.countDown();
      });
      Thread.ofPlatform().start(() -> {
        for (int i = 0; i < per; i++) {
          s.release(false);
        }
        done.countDown();
      });
    }
    assertTrue(done.await(50, TimeUnit.SECONDS), "acquirers stuck: a release was lost");
    assertEquals(threads * per, acquired.get());
    assertEquals(0, s.count());
  }

  /** Waits until {@code t} is parked in goj (its G records a wait reason). */
  static void awaitReason(Thread t) throws InterruptedException {
    for (int i = 0; i < 10_000; i++) {
      if (t.getState() == Thread.State.WAITING) {
        return;
      }
      Thread.sleep(1);
    }
    throw new AssertionError("thread never blocked");
  }
}
