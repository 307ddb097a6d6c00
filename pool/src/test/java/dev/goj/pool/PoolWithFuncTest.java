package dev.goj.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ports of ants_test.go's PoolWithFunc (and PoolWithFuncGeneric) cases: the same pool machinery
 * driven by arguments instead of closures.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PoolWithFuncTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  /** TestAntsPoolWithFuncWaitToGetWorker(PreMalloc): every argument is processed exactly once. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void waitToGetWorker(boolean preAlloc) throws TimeoutException {
    int n = 5_000;
    int[] seen = new int[n];
    CountDownLatch done = new CountDownLatch(n);
    PoolWithFunc<Integer> p = PoolWithFunc.<Integer>builder(50, i -> {
      synchronized (seen) {
        seen[i]++;
      }
      done.countDown();
    }).preAlloc(preAlloc).build();
    for (int i = 0; i < n; i++) {
      p.invoke(i);
    }
    Wait.await(done);
    for (int i = 0; i < n; i++) {
      assertEquals(1, seen[i], "argument " + i);
    }
    p.releaseTimeout(LONG);
  }

  /** ants allows Invoke(nil): null is an argument like any other. */
  @Test
  void nullArgument() throws TimeoutException {
    AtomicReference<Object> got = new AtomicReference<>("unset");
    CountDownLatch done = new CountDownLatch(1);
    PoolWithFunc<String> p = PoolWithFunc.newPool(1, s -> {
      got.set(s);
      done.countDown();
    });
    p.invoke(null);
    Wait.await(done);
    assertNull(got.get());
    p.releaseTimeout(LONG);
  }

  /** TestAntsPoolWithFuncGetWorkerFromCache. */
  @Test
  void invokeAfterWorkersExpired() throws TimeoutException {
    AtomicInteger sum = new AtomicInteger();
    PoolWithFunc<Integer> p = PoolWithFunc.<Integer>builder(1_000, sum::addAndGet)
        .expiry(Duration.ofMillis(50)).build();
    for (int i = 0; i < 100; i++) {
      p.invoke(1);
    }
    Wait.until(() -> sum.get() == 100, "every argument processed");
    Wait.until(() -> p.running() == 0, "every idle worker expired");
    p.invoke(10);
    Wait.until(() -> sum.get() == 110, "processed after expiry");
    p.releaseTimeout(LONG);
  }

  /** TestPanicHandler / TestPanicHandlerPreMalloc (PoolWithFunc part). */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void panicHandler(boolean preAlloc) throws TimeoutException {
    List<Throwable> caught = new CopyOnWriteArrayList<>();
    PoolWithFunc<String> p = PoolWithFunc.<String>builder(10, s -> {
      throw new IllegalStateException(s);
    }).preAlloc(preAlloc).panicHandler(caught::add).build();
    p.invoke("Oops!");
    Wait.until(() -> caught.size() == 1, "panic handler called");
    assertEquals("Oops!", caught.get(0).getMessage());
    Wait.until(() -> p.running() == 0, "pool should be empty after panic");
    p.invoke("again");
    Wait.until(() -> caught.size() == 2, "the pool keeps serving");
    p.releaseTimeout(LONG);
  }

  /** TestPurgePool (PoolWithFunc part). */
  @Test
  void purge() throws TimeoutException {
    int size = 200;
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(size);
    PoolWithFunc<Integer> p = PoolWithFunc.<Integer>builder(size, i -> {
      Wait.await(gate);
      Wait.sleep(i % 3);
      done.countDown();
    }).expiry(Duration.ofMillis(100)).build();
    for (int i = 0; i < size; i++) {
      p.invoke(i);
    }
    assertEquals(size, p.running(), "pool should be full");
    gate.countDown();
    Wait.await(done);
    Wait.until(() -> p.running() == 0, "every worker purged");
    p.releaseTimeout(LONG);
  }

  /** TestNonblockingSubmitWithFunc. */
  @Test
  void nonblockingInvoke() throws TimeoutException {
    int size = 10;
    CountDownLatch ch = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    PoolWithFunc<CountDownLatch> p = PoolWithFunc.<CountDownLatch>builder(size, c -> {
      Wait.await(c);
      calls.incrementAndGet();
    }).nonblocking(true).build();
    for (int i = 0; i < size; i++) {
      p.invoke(ch);
    }
    // p is full now.
    assertThrows(PoolOverloadException.class, () -> p.invoke(null));
    ch.countDown();
    Wait.until(() -> calls.get() == size, "every blocked call returned");
    PoolTest.retryWhileOverloaded(() -> p.invoke(ch));
    Wait.until(() -> calls.get() == size + 1, "a worker is free again");
    p.releaseTimeout(LONG);
  }

  /** TestMaxBlockingSubmitWithFunc. */
  @Test
  void maxBlockingInvoke() throws Exception {
    int size = 10;
    CountDownLatch ch = new CountDownLatch(1);
    PoolWithFunc<CountDownLatch> p = PoolWithFunc.<CountDownLatch>builder(size, Wait::await)
        .maxBlockingTasks(1).build();
    for (int i = 0; i < size; i++) {
      p.invoke(ch);
    }
    AtomicReference<Throwable> err = new AtomicReference<>();
    Thread blocked = Thread.ofVirtual().start(() -> {
      try {
        p.invoke(ch);
      } catch (Throwable t) {
        err.set(t);
      }
    });
    Wait.until(() -> p.waiting() == 1, "one invoker blocked");
    assertThrows(PoolOverloadException.class, () -> p.invoke(ch));
    ch.countDown();
    blocked.join();
    assertNull(err.get(), "blocking invoke when pool is full should not fail");
    p.releaseTimeout(LONG);
  }

  /** TestRebootNewPool (PoolWithFunc part). */
  @Test
  void reboot() throws TimeoutException {
    AtomicInteger calls = new AtomicInteger();
    PoolWithFunc<Integer> p = PoolWithFunc.newPool(10, i -> calls.incrementAndGet());
    p.invoke(1);
    Wait.until(() -> calls.get() == 1, "first call");
    p.releaseTimeout(LONG);
    assertThrows(PoolClosedException.class, () -> p.invoke(1));
    p.reboot();
    p.invoke(1);
    Wait.until(() -> calls.get() == 2, "call after reboot");
    p.close();
    assertTrue(p.isClosed());
  }

  /** TestInfinitePoolWithFunc. */
  @Test
  void infinitePool() throws TimeoutException {
    CountDownLatch c = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(2);
    PoolWithFunc<Integer> p = PoolWithFunc.newPool(-1, i -> {
      started.countDown();
      Wait.await(c);
    });
    p.invoke(10);
    p.invoke(10);
    Wait.await(started);
    assertEquals(2, p.running());
    assertEquals(-1, p.free());
    p.tune(10);
    assertEquals(-1, p.cap());
    c.countDown();
    p.releaseTimeout(LONG);
    assertThrows(IllegalArgumentException.class,
        () -> PoolWithFunc.builder(-1, x -> {}).preAlloc(true).build());
  }

  /** TestPoolTuneScaleUp (PoolWithFunc part). */
  @Test
  void tuneScaleUp() throws InterruptedException {
    CountDownLatch c = new CountDownLatch(1);
    PoolWithFunc<Integer> p = PoolWithFunc.newPool(2, i -> Wait.await(c));
    p.invoke(1);
    p.invoke(1);
    assertEquals(2, p.running());
    p.tune(3);
    p.invoke(1);
    assertEquals(3, p.running());
    Thread[] ts = new Thread[5];
    for (int i = 0; i < 5; i++) {
      ts[i] = Thread.ofVirtual().start(() -> p.invoke(1));
    }
    Wait.until(() -> p.waiting() == 5, "five invokers blocked");
    p.tune(8);
    for (Thread t : ts) {
      t.join();
    }
    assertEquals(8, p.running());
    c.countDown();
    p.release();
  }

  /** TestReleaseTimeout (PoolWithFunc part). */
  @Test
  void releaseTimeout() throws TimeoutException {
    AtomicInteger finished = new AtomicInteger();
    PoolWithFunc<Long> p = PoolWithFunc.newPool(10, ms -> {
      Wait.sleep(ms);
      finished.incrementAndGet();
    });
    for (int i = 0; i < 5; i++) {
      p.invoke(50L);
    }
    assertTrue(p.running() > 0);
    p.releaseTimeout(LONG);
    assertEquals(5, finished.get());
    assertEquals(0, p.running());
    assertFalse(p.running() > 0);
  }

  /** TestRestCodeCoverage: ErrLackPoolFunc and ErrInvalidPoolExpiry as IllegalArgumentException. */
  @Test
  void invalidOptions() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PoolWithFunc.newPool(1, null));
    assertTrue(e.getMessage().contains("fn"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PoolWithFunc.builder(1, null));
    e = assertThrows(IllegalArgumentException.class,
        () -> PoolWithFunc.builder(1, x -> {}).expiry(Duration.ofNanos(-1)));
    assertTrue(e.getMessage().contains("expiry"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PoolWithFunc.builder(1, x -> {}).maxBlockingTasks(-1));
  }
}
