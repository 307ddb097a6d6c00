package dev.goj.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ports of ants_test.go's TestMultiPool and TestMultiPoolWithFunc. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MultiPoolTest {
  /** The assertions of ants' testFn, shared by MultiPool and MultiPoolWithFunc. */
  private interface Group {
    void submitBlocking(CountDownLatch gate);

    int running();

    int running(int i);

    int free();

    int free(int i);

    int waiting();

    int waiting(int i);

    int cap();

    boolean isClosed();

    void releaseTimeout(Duration d) throws TimeoutException;

    void submitNoop();
  }

  private static void testFn(Group mp) throws TimeoutException {
    CountDownLatch gate = new CountDownLatch(1);
    for (int i = 0; i < 50; i++) {
      mp.submitBlocking(gate);
    }
    assertEquals(0, mp.waiting());
    assertThrows(IllegalArgumentException.class, () -> mp.waiting(-1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mp.waiting(11));
    assertTrue(e.getMessage().contains("index") && e.getMessage().contains("11"), e.getMessage());
    assertEquals(50, mp.running());
    assertThrows(IllegalArgumentException.class, () -> mp.running(-1));
    assertThrows(IllegalArgumentException.class, () -> mp.running(11));
    assertEquals(0, mp.free());
    assertThrows(IllegalArgumentException.class, () -> mp.free(-1));
    assertThrows(IllegalArgumentException.class, () -> mp.free(11));
    assertEquals(50, mp.cap());
    assertFalse(mp.isClosed());
    for (int i = 0; i < 10; i++) {
      assertEquals(0, mp.waiting(i));
      assertEquals(5, mp.running(i), "pool " + i);
      assertEquals(0, mp.free(i));
    }
    gate.countDown();
    mp.releaseTimeout(Duration.ofSeconds(30));
    assertThrows(PoolClosedException.class, () -> mp.releaseTimeout(Duration.ofSeconds(3)));
    assertThrows(PoolClosedException.class, mp::submitNoop);
    assertEquals(0, mp.running());
    assertTrue(mp.isClosed());
  }

  private static Group of(MultiPool mp) {
    return new Group() {
      public void submitBlocking(CountDownLatch gate) { mp.submit(() -> Wait.await(gate)); }
      public int running() { return mp.running(); }
      public int running(int i) { return mp.running(i); }
      public int free() { return mp.free(); }
      public int free(int i) { return mp.free(i); }
      public int waiting() { return mp.waiting(); }
      public int waiting(int i) { return mp.waiting(i); }
      public int cap() { return mp.cap(); }
      public boolean isClosed() { return mp.isClosed(); }
      public void releaseTimeout(Duration d) throws TimeoutException { mp.releaseTimeout(d); }
      public void submitNoop() { mp.submit(() -> {}); }
    };
  }

  private static Group of(MultiPoolWithFunc<CountDownLatch> mp) {
    return new Group() {
      public void submitBlocking(CountDownLatch gate) { mp.invoke(gate); }
      public int running() { return mp.running(); }
      public int running(int i) { return mp.running(i); }
      public int free() { return mp.free(); }
      public int free(int i) { return mp.free(i); }
      public int waiting() { return mp.waiting(); }
      public int waiting(int i) { return mp.waiting(i); }
      public int cap() { return mp.cap(); }
      public boolean isClosed() { return mp.isClosed(); }
      public void releaseTimeout(Duration d) throws TimeoutException { mp.releaseTimeout(d); }
      public void submitNoop() { mp.invoke(new CountDownLatch(0)); }
    };
  }

  /** TestMultiPool: both strategies, each before and after a reboot. */
  @ParameterizedTest
  @EnumSource(LoadBalancingStrategy.class)
  void multiPool(LoadBalancingStrategy lbs) throws TimeoutException {
    MultiPool mp = MultiPool.newMultiPool(10, 5, lbs);
    assertEquals(10, mp.size());
    testFn(of(mp));
    mp.reboot();
    testFn(of(mp));
    mp.tune(10);
    assertEquals(100, mp.cap());
  }

  /** TestMultiPoolWithFunc. */
  @ParameterizedTest
  @EnumSource(LoadBalancingStrategy.class)
  void multiPoolWithFunc(LoadBalancingStrategy lbs) throws TimeoutException {
    MultiPoolWithFunc<CountDownLatch> mp = MultiPoolWithFunc.newMultiPool(10, 5, Wait::await, lbs);
    testFn(of(mp));
    mp.reboot();
    testFn(of(mp));
    mp.tune(10);
    assertEquals(100, mp.cap());
  }

  /** The constructor errors of TestMultiPool, as IllegalArgumentException naming the argument. */
  @Test
  void invalidArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MultiPool.newMultiPool(-1, 10, LoadBalancingStrategy.ROUND_ROBIN));
    assertTrue(e.getMessage().contains("size") && e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MultiPool.newMultiPool(10, -1, null));
    assertTrue(e.getMessage().contains("strategy"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MultiPool.builder(10, 10, LoadBalancingStrategy.ROUND_ROBIN).expiry(Duration.ofSeconds(-1)));
    assertTrue(e.getMessage().contains("expiry"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> MultiPool.builder(2, -1, LoadBalancingStrategy.LEAST_TASKS).preAlloc(true).build());
    assertThrows(IllegalArgumentException.class,
        () -> MultiPoolWithFunc.newMultiPool(-1, 10, x -> {}, LoadBalancingStrategy.ROUND_ROBIN));
    assertThrows(IllegalArgumentException.class,
        () -> MultiPoolWithFunc.newMultiPool(10, 10, null, LoadBalancingStrategy.ROUND_ROBIN));
    assertThrows(IllegalArgumentException.class,
        () -> MultiPoolWithFunc.newMultiPool(10, 10, x -> {}, null));
    MultiPool mp = MultiPool.newMultiPool(2, 2, LoadBalancingStrategy.ROUND_ROBIN);
    assertThrows(IllegalArgumentException.class, () -> mp.submit(null));
    mp.close();
    assertTrue(mp.isClosed());
  }

  /** Round robin visits the pools in order; an overloaded pick falls over to the least busy pool. */
  @Test
  void roundRobinFallsBackToLeastTasks() throws TimeoutException {
    MultiPool mp = MultiPool.builder(3, 2, LoadBalancingStrategy.ROUND_ROBIN).nonblocking(true).build();
    CountDownLatch gate = new CountDownLatch(1);
    // Fill pool 0 and pool 1 completely (picks 0,1,2,0,1), leaving pool 2 with one free slot.
    for (int i = 0; i < 5; i++) {
      mp.submit(() -> Wait.await(gate));
    }
    assertEquals(2, mp.running(0));
    assertEquals(2, mp.running(1));
    assertEquals(1, mp.running(2));
    // Next pick is pool 2 (free), then pool 0 (full): that one falls back to the least busy pool.
    mp.submit(() -> Wait.await(gate));
    assertEquals(2, mp.running(2));
    assertThrows(PoolOverloadException.class, () -> mp.submit(() -> {}), "every pool is full");
    gate.countDown();
    mp.releaseTimeout(Duration.ofSeconds(30));
    MultiPool unbounded = MultiPool.newMultiPool(2, 0, LoadBalancingStrategy.LEAST_TASKS);
    assertEquals(-1, unbounded.cap());
    assertEquals(-1, unbounded.free());
    unbounded.release();
  }

  /** Least-tasks sends each task to the pool with the fewest running plus waiting. */
  @Test
  void leastTasksBalances() throws TimeoutException {
    MultiPool mp = MultiPool.newMultiPool(4, 0, LoadBalancingStrategy.LEAST_TASKS);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    IntFunction<Runnable> task = i -> () -> {
      Wait.await(gate);
      ran.incrementAndGet();
    };
    for (int i = 0; i < 40; i++) {
      mp.submit(task.apply(i));
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(10, mp.running(i), "pool " + i);
    }
    gate.countDown();
    mp.releaseTimeout(Duration.ofSeconds(30));
    assertEquals(40, ran.get());
  }
}
