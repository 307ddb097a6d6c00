package dev.goj.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.Go;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The optional bounded task queue ({@code queueSize}): a full pool queues before it blocks, a
 * worker drains the queue before going idle, blocked submitters move into the queue in order, and
 * every queued task runs exactly once across nonblocking overload, release, releaseTimeout,
 * reboot, tune and a worker retiring after a panic.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PoolQueueTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  /** A task that records its id, first waiting for {@code gate}. */
  private static Runnable task(int id, List<Integer> order, CountDownLatch gate) {
    return () -> {
      Wait.await(gate);
      order.add(id);
    };
  }

  /** Starts a thread that submits {@code r}, storing what submit threw (or null). */
  private static Thread submitter(Pool p, Runnable r, AtomicReference<Throwable> thrown) {
    Thread t = new Thread(() -> {
      try {
        p.submit(r);
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    return t;
  }

  @Test
  void badQueueSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pool.builder(1).queueSize(-1));
    assertTrue(e.getMessage().contains("queueSize") && e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PoolWithFunc.builder(1, x -> {}).queueSize(-7));
    assertTrue(e.getMessage().contains("queueSize") && e.getMessage().contains("-7"), e.getMessage());
    // An unbounded pool never fills, so a queue in front of it is refused.
    e = assertThrows(IllegalArgumentException.class, () -> Pool.builder(0).queueSize(4).build());
    assertTrue(e.getMessage().contains("queueSize"), e.getMessage());
    Pool.builder(0).queueSize(0).build().release();
  }

  @Test
  void queueFillsThenBlocksInFifoOrder() throws Exception {
    Pool p = Pool.builder(1).queueSize(2).build();
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    p.submit(task(1, order, gate));
    // The worker is busy: these return at once, queued.
    p.submit(task(2, order, gate));
    p.submit(task(3, order, gate));
    assertEquals(2, p.queued());
    assertEquals(0, p.waiting());
    assertEquals(1, p.running());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t4 = submitter(p, task(4, order, gate), thrown);
    Wait.until(() -> p.waiting() == 1, "submitter 4 blocked");
    Thread t5 = submitter(p, task(5, order, gate), thrown);
    Wait.until(() -> p.waiting() == 2, "submitter 5 blocked");
    gate.countDown();
    t4.join();
    t5.join();
    Wait.until(() -> order.size() == 5, "all five ran");
    assertEquals(List.of(1, 2, 3, 4, 5), order);
    assertEquals(null, thrown.get());
    assertEquals(0, p.queued());
    p.releaseTimeout(LONG);
  }

  @Test
  void nonblockingOverloadWhenQueueFull() throws Exception {
    Pool p = Pool.builder(1).queueSize(1).nonblocking(true).build();
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    Runnable r = () -> {
      Wait.await(gate);
      ran.incrementAndGet();
    };
    p.submit(r);
    p.submit(r);
    assertThrows(PoolOverloadException.class, () -> p.submit(r));
    assertEquals(1, p.queued());
    gate.countDown();
    Wait.until(() -> ran.get() == 2, "the running and the queued task ran");
    p.releaseTimeout(LONG);
    assertEquals(2, ran.get());
  }

  @Test
  void maxBlockingTasksCountsOnlyBlockedSubmitters() throws Exception {
    Pool p = Pool.builder(1).queueSize(1).maxBlockingTasks(1).build();
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    Runnable r = () -> {
      Wait.await(gate);
      ran.incrementAndGet();
    };
    p.submit(r);
    p.submit(r);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = submitter(p, r, thrown);
    Wait.until(() -> p.waiting() == 1, "third submitter blocked");
    assertThrows(PoolOverloadException.class, () -> p.submit(r));
    gate.countDown();
    t.join();
    assertEquals(null, thrown.get());
    Wait.until(() -> ran.get() == 3, "three accepted tasks ran");
    p.releaseTimeout(LONG);
  }

  @Test
  void releaseRunsQueuedTasksAndRejectsBlockedSubmitters() throws Exception {
    Pool p = Pool.builder(1).queueSize(3).build();
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    for (int i = 1; i <= 4; i++) {
      p.submit(task(i, order, gate));
    }
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t5 = submitter(p, task(5, order, gate), thrown);
    Wait.until(() -> p.waiting() == 1, "submitter 5 blocked");
    p.release();
    t5.join();
    assertTrue(thrown.get() instanceof PoolClosedException, String.valueOf(thrown.get()));
    assertThrows(PoolClosedException.class, () -> p.submit(() -> {}));
    gate.countDown();
    Wait.until(() -> p.running() == 0, "workers exited after draining the queue");
    assertEquals(List.of(1, 2, 3, 4), order);
  }

  @Test
  void releaseTimeoutWaitsForQueuedTasks() throws Exception {
    Pool p = Pool.builder(1).queueSize(2).build();
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    Runnable r = () -> {
      Wait.await(gate);
      ran.incrementAndGet();
    };
    for (int i = 0; i < 3; i++) {
      p.submit(r);
    }
    Thread opener = new Thread(gate::countDown);
    Wait.until(() -> p.queued() == 2, "two queued");
    opener.start();
    p.releaseTimeout(LONG);
    assertEquals(3, ran.get());
    assertEquals(0, p.queued());
  }

  @Test
  void releaseTimeoutTimesOutWhileQueuedTasksWait() throws Exception {
    Pool p = Pool.builder(1).queueSize(2).build();
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    Runnable r = () -> {
      Wait.await(gate);
      ran.incrementAndGet();
    };
    for (int i = 0; i < 3; i++) {
      p.submit(r);
    }
    assertThrows(TimeoutException.class, () -> p.releaseTimeout(Duration.ofMillis(20)));
    gate.countDown();
    Wait.until(() -> ran.get() == 3 && p.running() == 0, "queued tasks ran after the timeout");
  }

  @Test
  void rebootKeepsQueuedTasks() throws Exception {
    Pool p = Pool.builder(1).queueSize(2).build();
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    Runnable r = () -> {
      Wait.await(gate);
      ran.incrementAndGet();
    };
    for (int i = 0; i < 3; i++) {
      p.submit(r);
    }
    p.release();
    p.reboot();
    gate.countDown();
    for (int i = 0; i < 10; i++) {
      p.submit(r);
    }
    Wait.until(() -> ran.get() == 13, "all thirteen ran");
    p.releaseTimeout(LONG);
    assertEquals(13, ran.get());
  }

  @Test
  void tuneUpStartsWorkersOnQueuedTasks() throws Exception {
    Pool p = Pool.builder(1).queueSize(4).build();
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    p.submit(() -> Wait.await(gate));
    for (int i = 0; i < 4; i++) {
      p.submit(ran::incrementAndGet);
    }
    assertEquals(4, p.queued());
    p.tune(3);
    // The first worker is still held by the gate: only the tune's new workers can run these.
    Wait.until(() -> ran.get() == 4, "queued tasks ran on workers the tune allowed");
    assertTrue(p.running() <= 3, "running " + p.running());
    gate.countDown();
    p.releaseTimeout(LONG);
  }

  @Test
  void workerRetiredByPanicIsReplacedForQueuedTasks() throws Exception {
    AtomicInteger panics = new AtomicInteger();
    Pool p = Pool.builder(1).queueSize(2).panicHandler(t -> panics.incrementAndGet()).build();
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    p.submit(() -> {
      Wait.await(gate);
      throw new IllegalStateException("boom");
    });
    p.submit(ran::incrementAndGet);
    p.submit(ran::incrementAndGet);
    gate.countDown();
    Wait.until(() -> ran.get() == 2, "queued tasks ran after their worker panicked");
    assertEquals(1, panics.get());
    p.releaseTimeout(LONG);
  }

  @Test
  void poolWithFuncQueuesNullArguments() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    PoolWithFunc<String> p = PoolWithFunc.<String>builder(1, s -> {
      Wait.await(gate);
      seen.add(String.valueOf(s));
    }).queueSize(2).build();
    p.invoke("a");
    p.invoke(null);
    p.invoke("c");
    assertEquals(2, p.queued());
    gate.countDown();
    p.releaseTimeout(LONG);
    assertEquals(List.of("a", "null", "c"), seen);
  }

  @Test
  void exactlyOnceWithManySubmittersAndTunes() throws Exception {
    int submitters = 6;
    int perSubmitter = 4_000;
    Pool p = Pool.builder(4).queueSize(16).build();
    AtomicIntegerArray runs = new AtomicIntegerArray(submitters * perSubmitter);
    CountDownLatch submitted = new CountDownLatch(submitters);
    for (int s = 0; s < submitters; s++) {
      int base = s * perSubmitter;
      Go.go(() -> {
        for (int i = 0; i < perSubmitter; i++) {
          int id = base + i;
          p.submit(() -> runs.incrementAndGet(id));
        }
        submitted.countDown();
      });
    }
    for (int i = 0; submitted.getCount() > 0; i++) {
      p.tune(1 + i % 6);
      Thread.yield();
    }
    Wait.await(submitted);
    p.releaseTimeout(LONG);
    for (int i = 0; i < runs.length(); i++) {
      assertEquals(1, runs.get(i), "task " + i);
    }
  }
}
