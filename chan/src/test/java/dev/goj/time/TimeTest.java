package dev.goj.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import dev.goj.chan.Select;
import dev.goj.runtime.Go;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** dev.goj.time: Go 1.23 timers, tickers and sleep; ports of time/sleep_test.go and tick_test.go. */
@Timeout(60)
class TimeTest {
  private static final Duration MS = Duration.ofMillis(1);

  @Test
  void sleepWaitsAtLeastTheDuration() {
    long t0 = System.nanoTime();
    Time.sleep(Duration.ofMillis(20));
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(20));
    Time.sleep(Duration.ZERO);
    Time.sleep(Duration.ofSeconds(-1));
  }

  @Test
  void afterDeliversOnceNoEarlierThanTheDeadline() {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    RecvChan<Instant> c = Time.after(Duration.ofMillis(10));
    Instant fired = c.recv();
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(10));
    assertFalse(fired.isBefore(start));
    assertEquals(0, c.len());
    assertEquals(0, c.cap());
  }

  @Test
  void stopBeforeFiringReturnsTrueAndNothingArrives() {
    Timer t = Time.newTimer(Duration.ofHours(1));
    assertTrue(t.stop());
    assertFalse(t.stop());
    assertEquals(1, Select.of().recv(t.c(), v -> { }).defaultCase(null).run());
  }

  @Test
  void stopOfAFiredUnreceivedTimerReturnsTrueAndDrops() throws Exception {
    Timer t = Time.newTimer(Duration.ZERO);
    Time.sleep(Duration.ofMillis(20));
    assertTrue(t.stop(), "fired but not received: Go 1.23 reports it stopped");
    assertEquals(1, Select.of().recv(t.c(), v -> { }).defaultCase(null).run(), "no stale value after stop");
    assertFalse(t.stop());
  }

  @Test
  void resetDropsTheStaleValue() {
    Timer t = Time.newTimer(Duration.ZERO);
    Time.sleep(Duration.ofMillis(20));
    Instant beforeReset = Instant.now();
    assertTrue(t.reset(Duration.ofMillis(5)));
    Instant v = t.c().recv();
    assertFalse(v.isBefore(beforeReset), "received the value of the old deadline");
  }

  @Test
  void afterFuncRunsInAGoroutineAndStopPreventsIt() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    long[] goid = {-1};
    Timer t = Time.afterFunc(MS, () -> {
      goid[0] = dev.goj.runtime.internal.G.current().isGoroutine() ? 1 : 0;
      ran.countDown();
    });
    assertTrue(ran.await(30, TimeUnit.SECONDS));
    assertEquals(1, goid[0]);
    assertSame(Chan.nil(), t.c());

    AtomicInteger count = new AtomicInteger();
    Timer stopped = Time.afterFunc(Duration.ofHours(1), count::incrementAndGet);
    assertTrue(stopped.stop());
    assertFalse(stopped.stop());
    assertEquals(0, count.get());
  }

  @Test
  void tickerTicksAndStops() {
    Ticker tk = Time.newTicker(Duration.ofMillis(2));
    Instant prev = Instant.MIN;
    for (int i = 0; i < 5; i++) {
      Instant v = tk.c().recv();
      assertNotNull(v);
      assertTrue(v.isAfter(prev));
      prev = v;
    }
    tk.stop();
    assertEquals(1, Select.of().recv(tk.c(), v -> { }).defaultCase(null).run(), "no tick after stop");
    assertEquals(0, tk.c().len());
    assertEquals(0, tk.c().cap());
  }

  @Test
  void tickerArgumentChecks() {
    assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ofSeconds(-1)));
    Ticker tk = Time.newTicker(Duration.ofHours(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tk.reset(Duration.ZERO));
    assertTrue(e.getMessage().contains("d"), e.getMessage());
    tk.stop();
    assertSame(Chan.nil(), Time.tick(Duration.ZERO));
    assertSame(Chan.nil(), Time.tick(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> Time.sleep(null));
    assertThrows(IllegalArgumentException.class, () -> Time.afterFunc(MS, null));
  }

  @Test
  void sleepWaitReasonAndWorksFromGoroutines() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      Time.sleep(Duration.ofMillis(300));
      done.countDown();
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    boolean seen = false;
    while (!seen && System.nanoTime() < deadline) {
      seen = Go.stack(true).contains("[sleep]");
      Thread.sleep(1);
    }
    assertTrue(seen);
    assertTrue(done.await(30, TimeUnit.SECONDS));
  }
}
