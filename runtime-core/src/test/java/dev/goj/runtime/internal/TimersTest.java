package dev.goj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer service: heap order, stop/reset results, periodic timers, a million pending timers. */
@Timeout(60)
class TimersTest {
  private static final long FAR = TimeUnit.DAYS.toNanos(1);

  @Test
  void firesInDeadlineOrder() throws Exception {
    ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(5);
    long base = RuntimeTimer.nanotime() + TimeUnit.MILLISECONDS.toNanos(20);
    int[] slots = {3, 1, 4, 0, 2};
    for (int s : slots) {
      new RuntimeTimer(d -> {
        order.add(s);
        done.countDown();
      }).reset(base + s * TimeUnit.MILLISECONDS.toNanos(5), 0);
    }
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertEquals(List.of(0, 1, 2, 3, 4), new ArrayList<>(order));
  }

  @Test
  void stopBeforeFiringPreventsIt() throws Exception {
    AtomicInteger fired = new AtomicInteger();
    RuntimeTimer t = new RuntimeTimer(d -> fired.incrementAndGet());
    assertFalse(t.reset(RuntimeTimer.nanotime() + FAR, 0), "a new timer was not pending");
    assertTrue(t.isPending());
    assertTrue(t.stop());
    assertFalse(t.isPending());
    assertFalse(t.stop(), "second stop finds nothing pending");
    assertEquals(0, fired.get());
  }

  @Test
  void stopAfterFiringReportsFalse() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    RuntimeTimer t = new RuntimeTimer(d -> fired.countDown());
    t.reset(RuntimeTimer.nanotime(), 0);
    assertTrue(fired.await(30, TimeUnit.SECONDS));
    while (t.isPending()) {
      Thread.onSpinWait();
    }
    assertFalse(t.stop());
  }

  @Test
  void resetMovesAPendingTimer() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    RuntimeTimer t = new RuntimeTimer(d -> fired.countDown());
    t.reset(RuntimeTimer.nanotime() + FAR, 0);
    assertTrue(t.reset(RuntimeTimer.nanotime() + TimeUnit.MILLISECONDS.toNanos(1), 0));
    assertTrue(fired.await(30, TimeUnit.SECONDS));
  }

  @Test
  void periodicTimerKeepsFiringUntilStopped() throws Exception {
    CountDownLatch three = new CountDownLatch(3);
    RuntimeTimer t = new RuntimeTimer(d -> three.countDown());
    long period = TimeUnit.MILLISECONDS.toNanos(2);
    t.reset(RuntimeTimer.nanotime() + period, period);
    assertTrue(three.await(30, TimeUnit.SECONDS));
    assertTrue(t.isPending(), "a periodic timer stays in the heap");
    assertTrue(t.stop());
  }

  @Test
  void rejectsBadArguments() {
    RuntimeTimer t = new RuntimeTimer(d -> { });
    assertThrows(IllegalArgumentException.class, () -> t.reset(0, 0));
    assertThrows(IllegalArgumentException.class, () -> t.reset(1, -1));
    assertThrows(IllegalArgumentException.class, () -> new RuntimeTimer(null));
  }

  @Test
  void whenSaturates() {
    assertEquals(Long.MAX_VALUE, RuntimeTimer.when(Duration.ofSeconds(Long.MAX_VALUE)));
    long now = RuntimeTimer.nanotime();
    long w = RuntimeTimer.when(Duration.ofSeconds(-5));
    assertTrue(w >= now && w <= RuntimeTimer.nanotime());
  }

  @Test
  void holdsAMillionPendingTimers() {
    int n = 1_000_000;
    int before = Timers.pending();
    List<RuntimeTimer> all = new ArrayList<>(n);
    Random rnd = new Random(1);
    long base = RuntimeTimer.nanotime() + FAR;
    for (int i = 0; i < n; i++) {
      RuntimeTimer t = new RuntimeTimer(d -> { });
      t.reset(base + rnd.nextInt(1 << 30), 0);
      all.add(t);
    }
    assertEquals(before + n, Timers.pending());
    Timers.lock.lock();
    try {
      assertTrue(Timers.verifyLocked());
    } finally {
      Timers.lock.unlock();
    }
    // Modify a tenth in place, then stop everything in random order.
    for (int i = 0; i < n; i += 10) {
      assertTrue(all.get(i).reset(base + rnd.nextInt(1 << 30), 0));
    }
    Collections.shuffle(all, rnd);
    for (int i = 0; i < n / 2; i++) {
      assertTrue(all.get(i).stop());
    }
    Timers.lock.lock();
    try {
      assertTrue(Timers.verifyLocked());
    } finally {
      Timers.lock.unlock();
    }
    for (int i = n / 2; i < n; i++) {
      assertTrue(all.get(i).stop());
    }
    assertEquals(before, Timers.pending());
  }

  @Test
  void channelTimerStopDrainsAnUnreceivedValue() throws Exception {
    // A one-slot stand-in for a timer channel: fire fills it, drain empties it.
    AtomicInteger slot = new AtomicInteger();
    CountDownLatch fired = new CountDownLatch(1);
    RuntimeTimer t = new RuntimeTimer(d -> {
      slot.set(1);
      fired.countDown();
    }, () -> slot.getAndSet(0) == 1);
    t.reset(RuntimeTimer.nanotime(), 0);
    t.blockChan(); // a receiver waits, so the timer thread fires it
    assertTrue(fired.await(30, TimeUnit.SECONDS));
    t.unblockChan(); // the receiver gave up before taking the value
    assertTrue(t.stop(), "fired but unreceived counts as stopped in time");
    assertEquals(0, slot.get());
    assertFalse(t.stop());
  }

  @Test
  void channelTimerIsInTheHeapOnlyWhileAReceiverIsBlocked() {
    RuntimeTimer t = new RuntimeTimer(d -> { }, () -> false);
    assertFalse(t.reset(RuntimeTimer.nanotime() + FAR, 0));
    assertTrue(t.isPending());
    assertFalse(t.inHeap(), "nobody waits on the channel: nothing global refers to the timer");
    t.blockChan();
    t.blockChan();
    assertTrue(t.inHeap());
    t.unblockChan();
    assertTrue(t.inHeap(), "one receiver still blocked");
    t.unblockChan();
    assertFalse(t.inHeap());
    assertTrue(t.isPending(), "leaving the heap keeps the deadline");
    t.blockChan();
    assertTrue(t.reset(RuntimeTimer.nanotime() + FAR, 0));
    assertTrue(t.inHeap(), "a reset while a receiver is blocked stays in the heap");
    assertTrue(t.stop());
    assertFalse(t.inHeap());
    assertFalse(t.reset(RuntimeTimer.nanotime() + FAR, 0), "stopped, so not pending");
    assertTrue(t.inHeap(), "a reset re-adds it for the blocked receiver");
    t.unblockChan();
    assertFalse(t.inHeap());
    assertTrue(t.stop());
  }

  @Test
  void dueChannelTimerOutsideTheHeapFiresOnTheReceiversThread() {
    AtomicInteger fires = new AtomicInteger();
    Thread[] firedOn = new Thread[1];
    RuntimeTimer t = new RuntimeTimer(d -> {
      fires.incrementAndGet();
      firedOn[0] = Thread.currentThread();
    }, () -> false);
    long far = RuntimeTimer.nanotime() + FAR;
    t.reset(far, 0);
    t.maybeRunChan();
    assertEquals(0, fires.get(), "not due yet");
    t.reset(RuntimeTimer.nanotime(), 0);
    t.maybeRunChan();
    assertEquals(1, fires.get());
    assertEquals(Thread.currentThread(), firedOn[0]);
    assertFalse(t.isPending(), "a one-shot is spent once fired");
    t.maybeRunChan();
    assertEquals(1, fires.get(), "fires once");
    assertFalse(t.stop());
  }

  @Test
  void duePeriodicChannelTimerSkipsMissedTicks() throws Exception {
    AtomicInteger fires = new AtomicInteger();
    RuntimeTimer t = new RuntimeTimer(d -> fires.incrementAndGet(), () -> false);
    long period = TimeUnit.MILLISECONDS.toNanos(1);
    t.reset(RuntimeTimer.nanotime() + period, period);
    Thread.sleep(20); // about twenty periods pass with nobody receiving
    t.maybeRunChan();
    assertEquals(1, fires.get(), "one tick for all the missed ones");
    assertTrue(t.isPending());
    assertTrue(t.when > RuntimeTimer.nanotime() - period, "the next deadline is past the missed ticks");
    assertFalse(t.inHeap());
    assertTrue(t.stop());
  }
}
