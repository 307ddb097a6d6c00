package dev.goj.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.goj.chan.Chan;
import dev.goj.chan.RecvChan;
import dev.goj.chan.Select;
import dev.goj.runtime.Go;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
      assertFalse(v.isBefore(prev), "tick values never go back: " + prev + " then " + v);
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

  // ------------------------------------------------------------------ Go 1.23 synchronous channels

  @Test
  void timerChannelLenAndCapStayZeroEvenWithAValuePending() {
    Timer t = Time.newTimer(Duration.ZERO);
    Time.sleep(Duration.ofMillis(10));
    assertEquals(0, t.c().len());
    assertEquals(0, t.c().cap());
    assertNotNull(t.c().recv());
  }

  @Test
  void resetAfterFiringDeliversOnlyTheNewValue() {
    Timer t = Time.newTimer(Duration.ZERO);
    Time.sleep(Duration.ofMillis(10));
    assertTrue(t.reset(Duration.ofHours(1)), "fired-but-unreceived counts as pending");
    assertEquals(1, Select.of().recv(t.c(), v -> { }).defaultCase(null).run(), "no stale value");
    assertTrue(t.stop());
  }

  @Test
  void stopThenResetFiresExactlyOnce() {
    Timer t = Time.newTimer(Duration.ofHours(1));
    assertTrue(t.stop());
    assertFalse(t.reset(Duration.ofMillis(1)));
    assertNotNull(t.c().recv());
    Time.sleep(Duration.ofMillis(10));
    assertEquals(1, Select.of().recv(t.c(), v -> { }).defaultCase(null).run(), "fired twice");
    assertFalse(t.stop());
  }

  @Test
  void receivedTimerReportsNotPending() {
    Timer t = Time.newTimer(Duration.ofMillis(1));
    t.c().recv();
    assertFalse(t.stop());
    assertFalse(t.reset(Duration.ofHours(1)));
    assertTrue(t.stop());
  }

  @Test
  void tickerDropsTicksForASlowReceiver() {
    Ticker tk = Time.newTicker(Duration.ofMillis(1));
    Time.sleep(Duration.ofMillis(30));
    // About 30 ticks were due; a synchronous ticker channel holds at most one of them.
    int ready = 0;
    while (Select.of().recv(tk.c(), v -> { }).defaultCase(null).run() == 0) {
      ready++;
      if (ready > 5) {
        break;
      }
    }
    tk.stop();
    assertTrue(ready <= 2, "ticks queued up: " + ready);
  }

  @Test
  void tickerResetDropsTheOldScheduleTick() {
    Ticker tk = Time.newTicker(Duration.ofMillis(1));
    Time.sleep(Duration.ofMillis(10)); // a tick is waiting in the channel
    tk.reset(Duration.ofHours(1));
    assertEquals(1, Select.of().recv(tk.c(), v -> { }).defaultCase(null).run(), "stale tick after reset");
    tk.reset(Duration.ofMillis(1));
    assertNotNull(tk.c().recv());
    tk.stop();
  }

  // ------------------------------------------------------------------ time/sleep_test.go, tick_test.go

  /** TestAfterFunc: a chain of AfterFunc(0) callbacks each re-arming the next runs to the end. */
  @Test
  void goTestAfterFunc() throws Exception {
    AtomicInteger i = new AtomicInteger(10);
    Chan<Boolean> c = Chan.make();
    Runnable[] f = new Runnable[1];
    f[0] = () -> {
      if (i.decrementAndGet() >= 0) {
        Time.afterFunc(Duration.ZERO, f[0]);
        Time.sleep(Duration.ofSeconds(1));
      } else {
        c.send(true);
      }
    };
    Time.afterFunc(Duration.ZERO, f[0]);
    assertTrue(c.recv());
  }

  /** TestAfterStop: stopped timers and AfterFuncs never fire; the unstopped one does. */
  @Test
  void goTestAfterStop() {
    AtomicInteger fired = new AtomicInteger();
    Timer t0 = Time.newTimer(Duration.ofMillis(50));
    Chan<Boolean> c1 = Chan.make(1);
    Timer t1 = Time.afterFunc(Duration.ofMillis(50), () -> c1.send(true));
    RecvChan<Instant> c2 = Time.after(Duration.ofMillis(100));
    assertTrue(t0.stop());
    assertTrue(t1.stop());
    c2.recv();
    assertEquals(1, Select.of().recv(t0.c(), v -> fired.incrementAndGet()).defaultCase(null).run());
    assertEquals(1, Select.of().recv(c1, v -> fired.incrementAndGet()).defaultCase(null).run());
    assertFalse(t0.stop());
    assertFalse(t1.stop());
    assertEquals(0, fired.get());
  }

  /** TestAfterQueuing: After channels fire in deadline order, whatever the creation order. */
  @Test
  void goTestAfterQueuing() {
    // As Go's test: scheduling delays on a loaded machine can reorder goroutines woken a slot
    // apart, so try a few times with growing slots before calling it a failure.
    String err = "";
    for (int attempt = 0; attempt < 5; attempt++) {
      err = afterQueuing(Duration.ofMillis(20 + attempt * 50L));
      if (err == null) {
        return;
      }
    }
    throw new AssertionError(err);
  }

  /** One attempt of TestAfterQueuing: null when values arrive in slot order and none early. */
  private static String afterQueuing(Duration delta) {
    int[] slots = {5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0};
    Chan<Integer> result = Chan.make(slots.length);
    long t0 = System.nanoTime();
    for (int slot : slots) {
      RecvChan<Instant> a = Time.after(delta.multipliedBy(slot));
      Go.go(() -> {
        a.recv();
        result.send(slot);
      });
    }
    int prev = -1;
    for (int k = 0; k < slots.length; k++) {
      int got = result.recv();
      long early = delta.multipliedBy(got).toNanos() - delta.toNanos() / 2;
      if (System.nanoTime() - t0 < early) {
        return "slot " + got + " arrived early with delta " + delta;
      }
      if (got < prev) {
        return "after slot " + prev + ", got " + got + " with delta " + delta;
      }
      prev = got;
    }
    return null;
  }

  /** TestSleepZeroDeadlock: Sleep(0) in a loop must not block a goroutine that needs the timer. */
  @Test
  void goTestSleepZeroDeadlock() {
    Chan<Boolean> c = Chan.make();
    Go.go(() -> {
      for (int i = 0; i < 1000; i++) {
        Time.sleep(Duration.ZERO);
      }
      c.send(true);
    });
    for (int i = 0; i < 5; i++) {
      Time.sleep(Duration.ofMillis(1));
    }
    assertTrue(c.recv());
  }

  /** TestOverflowSleep: huge durations neither fire early nor overflow; negative ones fire now. */
  @Test
  void goTestOverflowSleep() {
    Duration big = Duration.ofNanos(Long.MAX_VALUE);
    int i = Select.of()
        .recv(Time.after(big), v -> { })
        .recv(Time.after(Duration.ofMillis(25)), v -> { })
        .run();
    assertEquals(1, i, "big timeout fired");
    Duration neg = Duration.ofNanos(Long.MIN_VALUE + 1);
    i = Select.of()
        .recv(Time.after(neg), v -> { })
        .recv(Time.after(Duration.ofSeconds(30)), v -> { })
        .run();
    assertEquals(0, i, "negative timeout did not fire");
    Timer huge = Time.newTimer(Duration.ofSeconds(Long.MAX_VALUE));
    assertTrue(huge.stop());
  }

  /** TestZeroTimer: NewTimer(0) fires about at once, repeatedly. */
  @Test
  void goTestZeroTimer() {
    for (int i = 0; i < 1000; i++) {
      Instant s = Instant.now();
      Timer t = Time.newTimer(Duration.ZERO);
      Instant v = t.c().recv();
      assertFalse(v.isBefore(s.minusMillis(1)));
    }
  }

  /** TestTimerModifiedEarlier: resetting pending timers to earlier deadlines fires them promptly. */
  @Test
  void goTestTimerModifiedEarlier() {
    int count = 50;
    Timer[] timers = new Timer[count];
    for (int i = 0; i < count; i++) {
      timers[i] = Time.newTimer(Duration.ofHours(1));
    }
    for (int i = 0; i < count; i++) {
      assertTrue(timers[i].reset(Duration.ofMillis(1)));
    }
    RecvChan<Instant> deadline = Time.after(Duration.ofSeconds(30));
    for (Timer t : timers) {
      assertEquals(0, Select.of().recv(t.c(), v -> { }).recv(deadline, v -> { }).run(), "timer did not fire");
    }
  }

  /** TestAdjustTimers: random resets and stops of many pending timers keep the heap consistent. */
  @Test
  void goTestAdjustTimers() {
    java.util.Random rnd = new java.util.Random(7);
    int n = 200;
    Timer[] timers = new Timer[n];
    boolean[] armed = new boolean[n];
    for (int i = 0; i < n; i++) {
      timers[i] = Time.newTimer(Duration.ofHours(1));
      armed[i] = true;
    }
    for (int round = 0; round < 5000; round++) {
      int k = rnd.nextInt(n);
      if (rnd.nextBoolean()) {
        assertEquals(armed[k], timers[k].reset(Duration.ofHours(1 + rnd.nextInt(100))));
        armed[k] = true;
      } else {
        assertEquals(armed[k], timers[k].stop());
        armed[k] = false;
      }
    }
    for (int i = 0; i < n; i++) {
      assertEquals(armed[i], timers[i].stop());
    }
  }

  /** TestTimerStopStress: many goroutines stop their own timers; none fires after a stop. */
  @Test
  void goTestTimerStopStress() throws Exception {
    AtomicInteger late = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(50);
    for (int i = 0; i < 50; i++) {
      Go.go(() -> {
        for (int j = 0; j < 20; j++) {
          Timer t = Time.afterFunc(Duration.ofSeconds(2), late::incrementAndGet);
          Time.sleep(Duration.ofMillis(1));
          assertTrue(t.stop());
        }
        done.countDown();
      });
    }
    assertTrue(done.await(50, TimeUnit.SECONDS));
    assertEquals(0, late.get());
  }

  /** TestTeardown: tickers stopped right after a tick do not deadlock. */
  @Test
  void goTestTeardown() {
    for (int i = 0; i < 3; i++) {
      Ticker tk = Time.newTicker(Duration.ofMillis(20));
      tk.c().recv();
      tk.stop();
    }
  }

  /** TestTicker (semantic part): ticks arrive, Reset to a new period works, Stop ends them. */
  @Test
  void goTestTickerResetThenStop() {
    Duration delta = Duration.ofMillis(5);
    Ticker tk = Time.newTicker(delta);
    long t0 = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      tk.c().recv();
    }
    tk.reset(delta.multipliedBy(2));
    for (int i = 0; i < 3; i++) {
      tk.c().recv();
    }
    tk.stop();
    // Lower bound only (3 x delta + 3 x 2 delta): a slow machine may take longer, never less.
    assertTrue(System.nanoTime() - t0 >= delta.multipliedBy(9).toNanos() - TimeUnit.MILLISECONDS.toNanos(1));
    Time.sleep(delta.multipliedBy(2));
    assertEquals(1, Select.of().recv(tk.c(), v -> { }).defaultCase(null).run(), "Ticker did not shut down");
  }

  /** TestTick / TestNewTickerLtZeroDuration / TestTickerResetLtZeroDuration. */
  @Test
  void goTestTickArguments() {
    assertSame(Chan.nil(), Time.tick(Duration.ofNanos(-1)));
    assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ofNanos(-1)));
    Ticker tk = Time.newTicker(Duration.ofSeconds(1));
    assertThrows(IllegalArgumentException.class, () -> tk.reset(Duration.ZERO));
    tk.stop();
  }

  // ------------------------------------------------------------------ Go 1.23 garbage collection

  /**
   * TestTimerGC: timers, tickers and their channels that the program drops, stopped or not, are
   * garbage (Go 1.23), not heap entries that wait an hour, or tick forever.
   */
  @Test
  void goTestTimerGC() {
    Duration hour = Duration.ofHours(1);
    assertCollected("After", () -> Time.after(hour));
    assertCollected("Tick", () -> Time.tick(hour));
    assertCollected("NewTimer", () -> Time.newTimer(hour));
    assertCollected("NewTicker", () -> Time.newTicker(hour));
    assertCollected("NewTimerStop", () -> {
      Timer t = Time.newTimer(hour);
      t.stop();
      return t;
    });
    assertCollected("NewTickerStop", () -> {
      Ticker t = Time.newTicker(hour);
      t.stop();
      return t;
    });
  }

  /**
   * The select-with-timeout idiom: the other case wins, and the timer the select waited on (in the
   * heap while it was blocked) is garbage once the select is done with it.
   */
  @Test
  void timeoutLeftBehindBySelectIsCollected() {
    assertCollected("select with After", () -> {
      Chan<Integer> ch = Chan.make();
      RecvChan<Instant> timeout = Time.after(Duration.ofHours(1));
      Go.go(() -> ch.send(1));
      assertEquals(0, Select.of().recv(ch, v -> { }).recv(timeout, v -> { }).run());
      return timeout;
    });
  }

  @Test
  void tickerLeftBehindByABlockedReceiverIsCollected() {
    assertCollected("ticker received from", () -> {
      Ticker tk = Time.newTicker(MS);
      assertNotNull(tk.c().recv()); // blocks, so the ticker is in the heap until its tick
      return tk;
    });
  }

  /** A due timer that nobody was blocked on fires when a receive looks (Go's maybeRunChan). */
  @Test
  void dueTimerIsSeenByANonBlockingSelect() {
    Timer t = Time.newTimer(MS);
    Time.sleep(Duration.ofMillis(5));
    assertEquals(0, Select.of().recv(t.c(), v -> { }).defaultCase(null).run());
    assertFalse(t.stop(), "received, so no longer pending");
    Timer u = Time.newTimer(MS);
    Time.sleep(Duration.ofMillis(5));
    RecvChan<Instant> idle = Chan.make();
    assertEquals(1, Select.of().recv(idle, v -> { }).recv(u.c(), v -> { }).defaultCase(null).run());
  }

  // ------------------------------------------------------------------ TestChan (time/sleep_test.go)

  /** TestChan, Go 1.23's synchronous timer channels (asynctimerchan=0), for a Timer. */
  @Test
  void goTestChanTimer() {
    Timer tim = Time.newTimer(Duration.ofSeconds(10_000));
    testTimerChan(new StopReset() {
      @Override
      public boolean stop() {
        return tim.stop();
      }

      @Override
      public boolean reset(Duration d) {
        return tim.reset(d);
      }
    }, tim.c(), false);
  }

  /** TestChan for a Ticker, through Go's tickerTimer adapter (Stop/Reset report pending). */
  @Test
  void goTestChanTicker() {
    Ticker tk = Time.newTicker(Duration.ofSeconds(10_000));
    boolean[] stopped = {false};
    testTimerChan(new StopReset() {
      @Override
      public boolean stop() {
        boolean pending = !stopped[0];
        stopped[0] = true;
        tk.stop();
        return pending;
      }

      @Override
      public boolean reset(Duration d) {
        boolean pending = !stopped[0];
        stopped[0] = false;
        tk.reset(d);
        return pending;
      }
    }, tk.c(), true);
  }

  /** TestAfterTimes: the value is the deadline's time, not the time the receive looked. */
  @Test
  void goTestAfterTimes() {
    assertSentAtDeadline(() -> Time.after(Duration.ofMillis(10)));
  }

  /** TestTickTimes. */
  @Test
  void goTestTickTimes() {
    assertSentAtDeadline(() -> Time.tick(Duration.ofMillis(10)));
  }

  private static void assertSentAtDeadline(Supplier<RecvChan<Instant>> make) {
    // As in Go, ten slow tries in a row before calling it broken (scheduling delays).
    for (int i = 0; i < 10; i++) {
      Instant start = Instant.now();
      RecvChan<Instant> c = make.get();
      Time.sleep(Duration.ofMillis(500));
      if (Duration.between(start, c.recv()).compareTo(Duration.ofMillis(400)) < 0) {
        return;
      }
    }
    fail("the value carries the receive's time, not the deadline's");
  }

  /** Go's `timer` interface of TestChan: Stop and Reset that report whether it was pending. */
  private interface StopReset {
    boolean stop();

    boolean reset(Duration d);
  }

  /** testTimerChan with synctimerchan true: no draining is ever needed. */
  private static void testTimerChan(StopReset tim, RecvChan<Instant> c, boolean isTicker) {
    Duration sched = Duration.ofMillis(10);
    Duration far = Duration.ofSeconds(10_000);
    Duration one = Duration.ofNanos(1);

    // Simple stop; the timer was never in the heap.
    tim.stop();
    noTick(c);
    // Modify of a timer not in the heap.
    tim.reset(far);
    noTick(c);
    // Modify of a timer that comes due with nobody waiting: the receive fires it.
    tim.reset(one);
    Time.sleep(sched);
    assertEquals(0, c.len());
    assertEquals(0, c.cap());
    assertTick(c);
    // Sleep so that a ticker must tick again; the reset must not deliver that tick.
    Time.sleep(sched);
    tim.reset(far);
    noTick(c);

    // Stop and reset while the timer is in the heap, because a goroutine is blocked on it.
    tim.reset(far);
    Chan<Boolean> done = Chan.make();
    notDone(done);
    Go.go(() -> {
      c.recv();
      done.close();
    });
    Time.sleep(sched);
    notDone(done);
    tim.reset(Duration.ofSeconds(20_000)); // far away, in the heap
    Time.sleep(sched);
    notDone(done);
    tim.reset(one); // imminent, in the heap
    waitDone(done);
    // A ticker 1 ns apart has ticked again already; a timer has stopped.
    if (isTicker) {
      assertTick(c);
    } else {
      noTick(c);
    }
    tim.stop();
    noTick(c);

    // Again through select, with two goroutines waiting.
    tim.reset(far);
    Chan<Boolean> got = Chan.make(2);
    Chan<Boolean> done1 = Chan.make();
    Chan<Boolean> done2 = Chan.make();
    Chan<Boolean> stop = Chan.make();
    for (Chan<Boolean> d : List.of(done1, done2)) {
      Go.go(() -> {
        Select.of().recv(c, v -> got.send(true)).recv(stop, v -> { }).run();
        d.close();
      });
    }
    Time.sleep(sched);
    notDone(got);
    tim.reset(sched.dividedBy(2));
    Time.sleep(sched);
    waitDone(got);
    tim.stop();
    stop.close();
    waitDone(done1);
    waitDone(done2);
    if (isTicker) {
      // The other goroutine may have had a tick too, and one more may sit in the channel.
      Select.of().recv(got, v -> { }).defaultCase(null).run();
      Select.of().recv(c, v -> { }).defaultCase(null).run();
    }
    notDone(got);

    // Receivers that queue while the timer is stopped get nothing (Go's enqueueTimerChan).
    Chan<Boolean> stop2 = Chan.make();
    Chan<Boolean> done3 = Chan.make(2);
    AtomicBoolean unexpected = new AtomicBoolean();
    for (int i = 0; i < 2; i++) {
      Go.go(() -> {
        Select.of().recv(c, v -> unexpected.set(true)).recv(stop2, v -> { }).run();
        done3.send(true);
      });
    }
    Time.sleep(sched);
    stop2.close();
    waitDone(done3);
    waitDone(done3);
    assertFalse(unexpected.get(), "unexpected data");

    // Stop and Reset keep old values from being received (go.dev/issue/37196).
    tim.reset(one);
    Time.sleep(sched);
    assertTrue(tim.stop(), "stop of a fired, unreceived timer");
    noTick(c);
    tim.reset(Duration.ofHours(1));
    noTick(c);
    assertTrue(tim.reset(one), "reset of a pending timer");
    assertTick(c);
    Time.sleep(sched);
    if (isTicker) {
      assertTick(c);
      Time.sleep(sched);
    } else {
      noTick(c);
    }
    assertEquals(isTicker, tim.reset(Duration.ofHours(1)));
    noTick(c);
  }

  private static boolean tryRecv(RecvChan<?> c) {
    return Select.of().recv(c, v -> { }).defaultCase(null).run() == 0;
  }

  private static void noTick(RecvChan<Instant> c) {
    assertFalse(tryRecv(c), "extra tick");
  }

  private static void assertTick(RecvChan<Instant> c) {
    waitReady(c, "missing tick");
  }

  private static void notDone(RecvChan<Boolean> done) {
    assertFalse(tryRecv(done), "early done");
  }

  private static void waitDone(RecvChan<Boolean> done) {
    waitReady(done, "never got done");
  }

  /** Go's retry loop: ready now, or within 100 sleeps of 10 ms. */
  private static void waitReady(RecvChan<?> c, String failure) {
    for (int i = 0; i <= 100; i++) {
      if (tryRecv(c)) {
        return;
      }
      Time.sleep(Duration.ofMillis(10));
    }
    fail(failure);
  }

  /** Makes 2,000 of what {@code make} returns, drops them, and expects the GC to clear them all. */
  private static void assertCollected(String what, Supplier<Object> make) {
    List<WeakReference<Object>> refs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      refs.add(new WeakReference<>(make.get()));
    }
    long alive = refs.size();
    for (int round = 0; round < 20 && alive > 0; round++) {
      System.gc();
      alive = refs.stream().filter(r -> r.get() != null).count();
    }
    assertEquals(0, alive, what + ": still reachable after GC");
  }

  /** Blocking on a timer works from platform threads, virtual threads and goroutines alike. */
  @Test
  void timersFromEveryKindOfThread() throws Exception {
    Chan<String> out = Chan.make(3);
    Runnable body = () -> out.send(Time.after(MS).recv() != null ? "ok" : "nil");
    Thread.ofPlatform().start(body);
    Thread.ofVirtual().start(body);
    Go.go(body);
    for (int i = 0; i < 3; i++) {
      assertEquals("ok", out.recv());
    }
  }
}
