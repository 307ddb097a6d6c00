package dev.goj.examples;

import dev.goj.pool.LoadBalancingStrategy;
import dev.goj.pool.MultiPool;
import dev.goj.pool.Pool;
import dev.goj.pool.PoolClosedException;
import dev.goj.pool.PoolOverloadException;
import dev.goj.pool.PoolWithFunc;
import dev.goj.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The pool module in action: ants-style goroutine pools bounding a flood of tasks. */
final class PoolDemo {
  private PoolDemo() {}

  static void run() {
    try {
      flood();
      withFunc();
      overloadAndTune();
      queued();
      releaseAndReboot();
      multiPool();
    } catch (TimeoutException e) {
      check("pool: releaseTimeout: %s", false, e);
    }
  }

  /** 100,000 tasks through 16 reused worker goroutines; never more than 16 at once. */
  private static void flood() throws TimeoutException {
    int n = 100_000;
    AtomicLong sum = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    WaitGroup wg = new WaitGroup();
    Pool p = Pool.newPool(16);
    for (int i = 0; i < n; i++) {
      int v = i;
      wg.add(1);
      p.submit(() -> {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        sum.addAndGet(v);
        inFlight.decrementAndGet();
        wg.done();
      });
    }
    wg.await();
    int workers = p.running();
    p.releaseTimeout(Duration.ofSeconds(10));
    long want = (long) n * (n - 1) / 2;
    check("pool: %,d tasks on Pool(16): sum %d (want %d), at most %d at once, %d workers alive before release",
        sum.get() == want && maxInFlight.get() <= 16 && workers <= 16, n, sum.get(), want, maxInFlight.get(), workers);
  }

  /** PoolWithFunc: one function, many arguments. */
  private static void withFunc() throws TimeoutException {
    AtomicLong squares = new AtomicLong();
    WaitGroup wg = new WaitGroup();
    PoolWithFunc<Integer> p = PoolWithFunc.newPool(8, i -> {
      squares.addAndGet((long) i * i);
      wg.done();
    });
    int n = 1_000;
    for (int i = 1; i <= n; i++) {
      wg.add(1);
      p.invoke(i);
    }
    wg.await();
    p.releaseTimeout(Duration.ofSeconds(10));
    long want = (long) n * (n + 1) * (2L * n + 1) / 6;
    check("pool: PoolWithFunc(8) summed %d squares: %d (want %d)", squares.get() == want, n, squares.get(), want);
  }

  /** A full nonblocking pool refuses work; tune(4) makes room for more. */
  private static void overloadAndTune() throws TimeoutException {
    CountDownLatch gate = new CountDownLatch(1);
    Pool p = Pool.builder(2).nonblocking(true).build();
    p.submit(() -> await(gate));
    p.submit(() -> await(gate));
    boolean refused = false;
    try {
      p.submit(() -> {});
    } catch (PoolOverloadException e) {
      refused = true;
    }
    p.tune(4);
    p.submit(() -> await(gate));
    int running = p.running();
    gate.countDown();
    p.releaseTimeout(Duration.ofSeconds(10));
    check("pool: nonblocking Pool(2) full -> PoolOverloadException: %b; after tune(4): %d running, cap %d",
        refused && running == 3 && p.cap() == 4, refused, running, p.cap());
  }

  /** queueSize: a full pool queues before it blocks; releaseTimeout waits for the queued tasks too. */
  private static void queued() throws TimeoutException {
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    Pool p = Pool.builder(2).queueSize(4).build();
    for (int i = 0; i < 6; i++) {
      p.submit(() -> {
        await(gate);
        ran.incrementAndGet();
      });
    }
    int queued = p.queued();
    gate.countDown();
    p.releaseTimeout(Duration.ofSeconds(10));
    check("pool: Pool(2).queueSize(4) took 6 tasks without blocking (%d queued); all ran: %d",
        queued == 4 && ran.get() == 6, queued, ran.get());
  }

  /** release rejects new work but finishes accepted work; reboot reopens. */
  private static void releaseAndReboot() throws TimeoutException {
    AtomicInteger ran = new AtomicInteger();
    Pool p = Pool.newPool(4);
    for (int i = 0; i < 10; i++) {
      p.submit(() -> {
        sleep(5);
        ran.incrementAndGet();
      });
    }
    p.releaseTimeout(Duration.ofSeconds(10));
    boolean closed = false;
    try {
      p.submit(ran::incrementAndGet);
    } catch (PoolClosedException e) {
      closed = true;
    }
    int afterRelease = ran.get();
    p.reboot();
    CountDownLatch again = new CountDownLatch(1);
    p.submit(again::countDown);
    await(again);
    p.close();
    check("pool: releaseTimeout ran all %d accepted tasks, then submit -> PoolClosedException: %b; reboot -> accepts again",
        afterRelease == 10 && closed, afterRelease, closed);
  }

  /** MultiPool: four pools behind one submit, least-tasks balancing. */
  private static void multiPool() throws TimeoutException {
    CountDownLatch gate = new CountDownLatch(1);
    MultiPool mp = MultiPool.newMultiPool(4, 5, LoadBalancingStrategy.LEAST_TASKS);
    for (int i = 0; i < 20; i++) {
      mp.submit(() -> await(gate));
    }
    StringBuilder per = new StringBuilder();
    boolean even = true;
    for (int i = 0; i < mp.size(); i++) {
      per.append(i == 0 ? "" : ",").append(mp.running(i));
      even &= mp.running(i) == 5;
    }
    gate.countDown();
    mp.releaseTimeout(Duration.ofSeconds(10));
    check("pool: MultiPool(4 x 5, least-tasks) spread 20 tasks as [%s], cap %d", even && mp.cap() == 20, per,
        mp.cap());
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void check(String format, boolean ok, Object... args) {
    System.out.println(String.format(format, args) + (ok ? " ok" : " MISMATCH"));
    if (!ok) {
      System.exit(1);
    }
  }
}
