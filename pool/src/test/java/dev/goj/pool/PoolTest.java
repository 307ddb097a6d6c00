package dev.goj.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.Go;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ports of panjf2000/ants ants_test.go for {@link Pool} (the PreMalloc variants as the
 * {@code preAlloc} parameter), plus goj's own checks of what ants leaves implicit: capacity is never
 * exceeded, every accepted task runs exactly once across release and reboot, and blocked
 * submitters see PoolClosedException. ants sleeps for seconds where it waits for a state; these
 * tests wait for the state itself and use short expiry periods.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PoolTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  /** TestAntsPoolWaitToGetWorker(PreMalloc): many tasks through a small pool, never over cap. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void waitToGetWorker(boolean preAlloc) throws TimeoutException {
    int size = 50;
    int n = 5_000;
    Pool p = Pool.builder(size).preAlloc(preAlloc).build();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      p.submit(() -> {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Go.gosched();
        inFlight.decrementAndGet();
        done.countDown();
      });
    }
    Wait.await(done);
    assertTrue(maxInFlight.get() <= size, "ran " + maxInFlight.get() + " tasks at once in a pool of " + size);
    assertTrue(p.running() <= size, "running " + p.running());
    p.releaseTimeout(LONG);
    assertEquals(0, p.running());
  }

  /** TestAntsPoolGetWorkerFromCache: once the idle workers have expired, a submit starts a new one. */
  @Test
  void submitAfterWorkersExpired() throws TimeoutException {
    Pool p = Pool.builder(1_000).expiry(Duration.ofMillis(50)).build();
    CountDownLatch first = new CountDownLatch(100);
    for (int i = 0; i < 100; i++) {
      p.submit(first::countDown);
    }
    Wait.await(first);
    Wait.until(() -> p.running() == 0, "every idle worker expired");
    CountDownLatch again = new CountDownLatch(1);
    p.submit(again::countDown);
    Wait.await(again);
    p.releaseTimeout(LONG);
  }

  /** TestPanicHandler(PreMalloc): the handler gets the throwable; the worker retires. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void panicHandler(boolean preAlloc) throws TimeoutException {
    AtomicInteger panics = new AtomicInteger();
    AtomicReference<Throwable> caught = new AtomicReference<>();
    Pool p = Pool.builder(10).preAlloc(preAlloc).panicHandler(t -> {
      caught.set(t);
      panics.incrementAndGet();
    }).build();
    p.submit(() -> {
      throw new IllegalStateException("Oops!");
    });
    Wait.until(() -> panics.get() == 1, "panic handler called");
    assertInstanceOf(IllegalStateException.class, caught.get());
    assertEquals("Oops!", caught.get().getMessage());
    Wait.until(() -> p.running() == 0, "the worker that panicked retired");
    // The pool keeps serving.
    CountDownLatch ran = new CountDownLatch(1);
    p.submit(ran::countDown);
    Wait.await(ran);
    assertEquals(1, panics.get());
    p.releaseTimeout(LONG);
  }

  /** TestPoolPanicWithoutHandler(PreMalloc): printed as a goroutine panic, and the pool survives. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void panicWithoutHandler(boolean preAlloc) throws TimeoutException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      Pool p = Pool.builder(10).preAlloc(preAlloc).build();
      p.submit(() -> {
        throw new IllegalStateException("Oops!");
      });
      Wait.until(() -> buf.toString(StandardCharsets.UTF_8).contains("PoolTest"), "panic printed");
      String out = buf.toString(StandardCharsets.UTF_8);
      assertTrue(out.startsWith("panic: java.lang.IllegalStateException: Oops!\n\ngoroutine "), out);
      assertTrue(out.contains("[running]:"), out);
      CountDownLatch ran = new CountDownLatch(1);
      p.submit(ran::countDown);
      Wait.await(ran);
      p.releaseTimeout(LONG);
    } finally {
      System.setErr(saved);
    }
  }

  /** TestPurgePool / TestPurgePreMallocPool: a full pool shrinks to nothing once its work is done. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void purge(boolean preAlloc) throws TimeoutException {
    int size = 200;
    Pool p = Pool.builder(size).preAlloc(preAlloc).expiry(Duration.ofMillis(100)).build();
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(size);
    for (int i = 0; i < size; i++) {
      int d = i % 3;
      p.submit(() -> {
        Wait.await(gate);
        Wait.sleep(d);
        done.countDown();
      });
    }
    assertEquals(size, p.running(), "pool should be full");
    assertEquals(0, p.free());
    gate.countDown();
    Wait.await(done);
    Wait.until(() -> p.running() == 0, "every worker purged");
    assertEquals(size, p.free());
    p.releaseTimeout(LONG);
  }

  /** TestNonblockingSubmit. */
  @Test
  void nonblockingSubmit() throws TimeoutException {
    int size = 10;
    Pool p = Pool.builder(size).nonblocking(true).build();
    CountDownLatch gate = new CountDownLatch(1);
    for (int i = 0; i < size - 1; i++) {
      p.submit(() -> Wait.await(gate));
    }
    CountDownLatch last = new CountDownLatch(1);
    CountDownLatch lastDone = new CountDownLatch(1);
    p.submit(() -> {
      Wait.await(last);
      lastDone.countDown();
    });
    // p is full now.
    AtomicInteger ran = new AtomicInteger();
    assertThrows(PoolOverloadException.class, () -> p.submit(ran::incrementAndGet));
    assertEquals(0, p.waiting());
    last.countDown();
    Wait.await(lastDone);
    // That worker goes back idle right after its task; until then a submit may still be refused.
    CountDownLatch ok = new CountDownLatch(1);
    retryWhileOverloaded(() -> p.submit(ok::countDown));
    Wait.await(ok);
    assertEquals(0, ran.get(), "a rejected task ran");
    gate.countDown();
    p.releaseTimeout(LONG);
  }

  static void retryWhileOverloaded(Runnable submit) {
    for (;;) {
      try {
        submit.run();
        return;
      } catch (PoolOverloadException e) {
        Go.gosched();
      }
    }
  }

  /** TestMaxBlockingSubmit: one submitter may wait; the next one is refused. */
  @Test
  void maxBlockingSubmit() throws Exception {
    int size = 10;
    Pool p = Pool.builder(size).maxBlockingTasks(1).build();
    CountDownLatch gate = new CountDownLatch(1);
    for (int i = 0; i < size; i++) {
      p.submit(() -> Wait.await(gate));
    }
    // p is full now.
    AtomicReference<Throwable> blockedErr = new AtomicReference<>();
    CountDownLatch blockedRan = new CountDownLatch(1);
    Thread blocked = Thread.ofVirtual().start(() -> {
      try {
        p.submit(blockedRan::countDown);
      } catch (Throwable t) {
        blockedErr.set(t);
      }
    });
    Wait.until(() -> p.waiting() == 1, "one submitter blocked");
    assertThrows(PoolOverloadException.class, () -> p.submit(() -> {}));
    gate.countDown();
    blocked.join();
    assertEquals(null, blockedErr.get(), "blocking submit when pool is full should not fail");
    Wait.await(blockedRan);
    assertEquals(0, p.waiting());
    p.releaseTimeout(LONG);
  }

  /** TestRebootNewPool: releaseTimeout, submit refused, reboot, submit accepted. */
  @Test
  void rebootNewPool() throws TimeoutException {
    Pool p = Pool.newPool(10);
    CountDownLatch one = new CountDownLatch(1);
    p.submit(one::countDown);
    Wait.await(one);
    p.releaseTimeout(Duration.ofSeconds(30));
    assertTrue(p.isClosed());
    assertEquals(0, p.running());
    AtomicInteger ran = new AtomicInteger();
    assertThrows(PoolClosedException.class, () -> p.submit(ran::incrementAndGet));
    assertThrows(PoolClosedException.class, () -> p.releaseTimeout(LONG), "already closed");
    p.reboot();
    assertFalse(p.isClosed());
    CountDownLatch two = new CountDownLatch(1);
    p.submit(two::countDown);
    Wait.await(two);
    p.reboot(); // no-op while open
    assertFalse(p.isClosed());
    p.releaseTimeout(LONG);
    assertEquals(0, ran.get(), "a rejected task ran");
  }

  /** TestInfinitePool: an unbounded pool lets a task submit to its own pool. */
  @Test
  void infinitePool() throws TimeoutException {
    CountDownLatch c = new CountDownLatch(1);
    CountDownLatch inner = new CountDownLatch(1);
    Pool p = Pool.newPool(-1);
    p.submit(() -> p.submit(() -> {
      inner.countDown();
      Wait.await(c);
    }));
    Wait.await(inner);
    Wait.until(() -> p.running() == 2, "two workers");
    assertEquals(-1, p.free());
    assertEquals(-1, p.cap());
    p.tune(10);
    assertEquals(-1, p.cap(), "tune must not bound an unbounded pool");
    c.countDown();
    p.releaseTimeout(LONG);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pool.builder(-1).preAlloc(true).build());
    assertTrue(e.getMessage().contains("preAlloc") && e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Pool.builder(0).preAlloc(true).build());
  }

  /**
   * TestReleaseWhenRunningPool: two submitters race a release. Every submit either returned (and its
   * task ran exactly once) or threw PoolClosedException (and its task never ran).
   */
  @Test
  void releaseWhenRunning() throws InterruptedException {
    Pool p = Pool.newPool(1);
    int per = 30;
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    int[] runs = new int[2 * per];
    AtomicInteger ran = new AtomicInteger();
    Thread[] submitters = new Thread[2];
    for (int s = 0; s < 2; s++) {
      int base = s * per;
      submitters[s] = Thread.ofVirtual().start(() -> {
        for (int i = 0; i < per; i++) {
          int id = base + i;
          try {
            p.submit(() -> {
              synchronized (runs) {
                runs[id]++;
              }
              ran.incrementAndGet();
              Wait.sleep(2);
            });
            accepted.incrementAndGet();
          } catch (PoolClosedException e) {
            rejected.incrementAndGet();
          }
        }
      });
    }
    Wait.until(() -> ran.get() >= 5, "some tasks ran");
    p.release();
    for (Thread t : submitters) {
      t.join();
    }
    Wait.until(() -> p.running() == 0, "workers exited after release");
    assertEquals(2 * per, accepted.get() + rejected.get());
    assertTrue(rejected.get() > 0, "release came before all 60 tasks could be accepted");
    assertEquals(accepted.get(), ran.get(), "accepted tasks == tasks run");
    synchronized (runs) {
      for (int r : runs) {
        assertTrue(r <= 1, "a task ran twice");
      }
    }
  }

  /** Submitters blocked when release runs get PoolClosedException; their tasks never run. */
  @Test
  void blockedSubmittersSeeRelease() throws InterruptedException {
    Pool p = Pool.newPool(1);
    CountDownLatch gate = new CountDownLatch(1);
    p.submit(() -> Wait.await(gate));
    int n = 3;
    AtomicInteger closed = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    Thread[] ts = new Thread[n];
    for (int i = 0; i < n; i++) {
      ts[i] = Thread.ofVirtual().start(() -> {
        try {
          p.submit(ran::incrementAndGet);
        } catch (PoolClosedException e) {
          closed.incrementAndGet();
        }
      });
    }
    Wait.until(() -> p.waiting() == n, n + " submitters blocked");
    p.release();
    for (Thread t : ts) {
      t.join();
    }
    assertEquals(n, closed.get());
    assertEquals(0, p.waiting());
    gate.countDown();
    Wait.until(() -> p.running() == 0, "the busy worker exited after its task");
    assertEquals(0, ran.get());
  }

  /** A blocked submitter woken by a release stays rejected even if the pool is rebooted at once. */
  @Test
  void blockedSubmitterAcrossReleaseAndReboot() throws Exception {
    Pool p = Pool.newPool(1);
    CountDownLatch gate = new CountDownLatch(1);
    p.submit(() -> Wait.await(gate));
    AtomicReference<Throwable> err = new AtomicReference<>();
    AtomicInteger ran = new AtomicInteger();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        p.submit(ran::incrementAndGet);
      } catch (Throwable e) {
        err.set(e);
      }
    });
    Wait.until(() -> p.waiting() == 1, "submitter blocked");
    p.release();
    p.reboot();
    t.join();
    assertInstanceOf(PoolClosedException.class, err.get());
    gate.countDown();
    p.releaseTimeout(LONG);
    assertEquals(0, ran.get());
  }

  /** Options and tune rules: ants' TestRestCodeCoverage, as IllegalArgumentExceptions. */
  @Test
  void invalidOptions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Pool.builder(1).expiry(Duration.ofSeconds(-1)));
    assertTrue(e.getMessage().contains("expiry") && e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Pool.builder(-1).expiry(Duration.ofMillis(-1)));
    e = assertThrows(IllegalArgumentException.class, () -> Pool.builder(1).expiry(null));
    assertTrue(e.getMessage().contains("expiry"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Pool.builder(1).maxBlockingTasks(-3));
    assertTrue(e.getMessage().contains("maxBlockingTasks") && e.getMessage().contains("-3"), e.getMessage());
    Pool p = Pool.newPool(1);
    e = assertThrows(IllegalArgumentException.class, () -> p.submit(null));
    assertTrue(e.getMessage().contains("task"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.execute(null));
    assertTrue(e.getMessage().contains("task"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.releaseTimeout(null));
    assertTrue(e.getMessage().contains("timeout"), e.getMessage());
    p.release();
  }

  @Test
  void tuneRules() {
    Pool p = Pool.builder(10).expiry(Duration.ZERO).build(); // zero expiry: the default
    assertEquals(10, p.cap());
    assertEquals(10, p.free());
    p.tune(100);
    assertEquals(100, p.cap());
    p.tune(5);
    assertEquals(5, p.cap());
    p.tune(0);
    p.tune(-1);
    assertEquals(5, p.cap(), "tune(<= 0) is ignored");
    p.release();
    Pool pre = Pool.builder(10).preAlloc(true).build();
    pre.tune(20);
    assertEquals(10, pre.cap(), "tune is ignored for preAlloc pools");
    pre.release();
  }

  /** TestPoolTuneScaleUp: raising the capacity admits waiting submitters at once. */
  @Test
  void tuneScaleUp() throws InterruptedException {
    CountDownLatch c = new CountDownLatch(1);
    Pool p = Pool.newPool(2);
    for (int i = 0; i < 2; i++) {
      p.submit(() -> Wait.await(c));
    }
    assertEquals(2, p.running());
    // tune up by one
    p.tune(3);
    p.submit(() -> Wait.await(c));
    assertEquals(3, p.running());
    // tune up by several while submitters wait
    Thread[] ts = new Thread[5];
    for (int i = 0; i < 5; i++) {
      ts[i] = Thread.ofVirtual().start(() -> p.submit(() -> Wait.await(c)));
    }
    Wait.until(() -> p.waiting() == 5, "five submitters blocked");
    p.tune(8);
    for (Thread t : ts) {
      t.join();
    }
    assertEquals(8, p.running());
    assertEquals(0, p.free());
    c.countDown();
    p.release();
  }

  /** goj: lowering the capacity lets surplus workers exit as they finish; nothing is interrupted. */
  @Test
  void tuneScaleDown() throws TimeoutException {
    Pool p = Pool.builder(8).expiry(Duration.ofSeconds(30)).build();
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(8);
    for (int i = 0; i < 8; i++) {
      p.submit(() -> {
        Wait.await(gate);
        done.countDown();
      });
    }
    p.tune(2);
    assertEquals(8, p.running(), "tune never stops a busy worker");
    assertEquals(-6, p.free());
    gate.countDown();
    Wait.await(done);
    Wait.until(() -> p.running() == 2, "surplus workers exited");
    // Now at most two tasks run at once.
    CountDownLatch gate2 = new CountDownLatch(1);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    CountDownLatch done2 = new CountDownLatch(20);
    Thread submitter = Thread.ofVirtual().start(() -> {
      for (int i = 0; i < 20; i++) {
        p.submit(() -> {
          maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          Wait.await(gate2);
          inFlight.decrementAndGet();
          done2.countDown();
        });
      }
    });
    Wait.until(() -> p.waiting() == 1 && inFlight.get() == 2, "two tasks run and the third submit waits");
    gate2.countDown();
    Wait.await(done2);
    assertTrue(maxInFlight.get() <= 2, "ran " + maxInFlight.get() + " at once after tune(2)");
    try {
      submitter.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    p.releaseTimeout(LONG);
  }

  /** TestReleaseTimeout: waits for running tasks; times out if they do not finish. */
  @Test
  void releaseTimeout() throws TimeoutException {
    Pool p = Pool.newPool(10);
    AtomicInteger finished = new AtomicInteger();
    for (int i = 0; i < 5; i++) {
      p.submit(() -> {
        Wait.sleep(50);
        finished.incrementAndGet();
      });
    }
    assertTrue(p.running() > 0);
    p.releaseTimeout(LONG);
    assertEquals(5, finished.get(), "releaseTimeout returned before the tasks finished");
    assertEquals(0, p.running());

    Pool q = Pool.newPool(10);
    CountDownLatch gate = new CountDownLatch(1);
    q.submit(() -> Wait.await(gate));
    TimeoutException e = assertThrows(TimeoutException.class, () -> q.releaseTimeout(Duration.ofMillis(20)));
    assertEquals("operation timed out", e.getMessage());
    assertTrue(q.isClosed());
    assertEquals(1, q.running());
    gate.countDown();
    Wait.until(() -> q.running() == 0, "the busy worker exits once its task returns");
  }

  /** Pool is an Executor and an AutoCloseable whose close() releases. */
  @Test
  void executorAndClose() {
    CountDownLatch ran = new CountDownLatch(1);
    Pool kept;
    try (Pool p = Pool.newPool(2)) {
      Executor ex = p;
      ex.execute(ran::countDown);
      Wait.await(ran);
      kept = p;
    }
    assertTrue(kept.isClosed());
    RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> kept.execute(() -> {}));
    assertInstanceOf(PoolClosedException.class, e);
    assertEquals("this pool has been closed", e.getMessage());
    kept.close(); // idempotent
  }

  /** Workers are goroutines, reused task after task; idle ones wait as ants' do, in chan receive. */
  @Test
  void workersAreReusedGoroutines() throws TimeoutException, InterruptedException {
    Pool p = Pool.builder(1).expiry(Duration.ofSeconds(30)).build();
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger virtual = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      CountDownLatch ran = new CountDownLatch(1);
      p.submit(() -> {
        threads.add(Thread.currentThread());
        if (Thread.currentThread().isVirtual()) {
          virtual.incrementAndGet();
        }
        ran.countDown();
      });
      Wait.await(ran);
    }
    assertEquals(1, threads.size(), "a pool of one reuses its one worker");
    assertEquals(100, virtual.get());
    Thread worker = threads.iterator().next();
    Wait.until(() -> Go.stack(true).contains("[chan receive]:\n"), "idle worker parked in chan receive");
    assertTrue(worker.isAlive());
    p.releaseTimeout(LONG);
    worker.join(); // the released worker's goroutine ends
  }

  /** A task's interrupt does not leak into the next task its worker runs. */
  @Test
  void interruptDoesNotLeakBetweenTasks() throws TimeoutException {
    Pool p = Pool.builder(1).expiry(Duration.ofDays(365_000)).build(); // a huge expiry is capped
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch first = new CountDownLatch(1);
    p.submit(() -> {
      threads.add(Thread.currentThread());
      Thread.currentThread().interrupt();
      first.countDown();
    });
    Wait.await(first);
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    CountDownLatch second = new CountDownLatch(1);
    p.submit(() -> {
      threads.add(Thread.currentThread());
      interrupted.set(Thread.currentThread().isInterrupted());
      second.countDown();
    });
    Wait.await(second);
    assertEquals(1, threads.size(), "both tasks ran on the pool's one worker");
    assertFalse(interrupted.get(), "the first task's interrupt leaked into the second");
    p.releaseTimeout(LONG);
  }

  /** goj: release/reboot cycles racing a submitter never lose or repeat an accepted task. */
  @Test
  void rebootRacingSubmitLosesNothing() throws InterruptedException, TimeoutException {
    Pool p = Pool.newPool(4);
    int n = 20_000;
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    Thread submitter = Thread.ofVirtual().start(() -> {
      for (int i = 0; i < n; i++) {
        try {
          p.submit(ran::incrementAndGet);
          accepted.incrementAndGet();
        } catch (PoolClosedException e) {
          Go.gosched();
        }
      }
    });
    while (submitter.isAlive()) {
      p.release();
      Go.gosched();
      p.reboot();
      Go.gosched();
    }
    submitter.join();
    p.releaseTimeout(LONG);
    assertEquals(accepted.get(), ran.get());
    assertTrue(accepted.get() > 0);
  }
}
