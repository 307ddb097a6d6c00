package dev.goj.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.Go;
import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.Goroutines;
import dev.goj.runtime.internal.Sema;
import dev.goj.runtime.internal.WaitReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** goj's GMP scheduler seen through Go's API: goroutines, GOMAXPROCS, Gosched, Stack, panics. */
@Timeout(120)
class SchedTest {
  private int procs;
  private int baseline;

  @BeforeEach
  void setUp() {
    assertNull(VirtualThreadBridge.FAILURE, "the tests run with java.lang open to goj");
    procs = Go.gomaxprocs(0);
    baseline = Go.numGoroutine();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    Go.gomaxprocs(procs);
    awaitGoroutines(baseline);
  }

  static void awaitGoroutines(int n) throws InterruptedException {
    for (int i = 0; i < 10_000 && Go.numGoroutine() != n; i++) {
      Thread.sleep(2);
    }
    assertEquals(n, Go.numGoroutine(), "numGoroutine back to its baseline");
  }

  @Test
  void goroutinesRunOnGojMs() throws Exception {
    AtomicReference<Thread> carrier = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      carrier.set(VirtualThreadBridge.currentCarrier());
      done.countDown();
    });
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertTrue(carrier.get() instanceof M.MThread, "carrier " + carrier.get());
    assertTrue(carrier.get().getName().startsWith("goj-M"));
  }

  /**
   * A goroutine's G is found through its M (no ThreadLocal); a plain virtual thread started inside a
   * goroutine inherits goj's scheduler but is not a goroutine and has a G of its own.
   */
  @Test
  void currentGIsTheGoroutinesOwnAndChildThreadsHaveTheirs() throws Exception {
    AtomicReference<G> inside = new AtomicReference<>();
    AtomicReference<G> child = new AtomicReference<>();
    AtomicReference<Thread> childCarrier = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      inside.set(G.current());
      Thread t = Thread.ofVirtual().start(() -> {
        child.set(G.current());
        childCarrier.set(VirtualThreadBridge.currentCarrier());
      });
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      done.countDown();
    });
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertTrue(inside.get().isGoroutine());
    assertNotNull(child.get());
    assertTrue(!child.get().isGoroutine() && child.get() != inside.get());
    assertTrue(childCarrier.get() instanceof M.MThread, "child ran on " + childCarrier.get());
  }

  /** One million goroutines started from a platform thread, all run exactly once. */
  @Test
  void millionGoroutinesFromAPlatformThread() throws Exception {
    int n = 1_000_000;
    AtomicLong sum = new AtomicLong();
    AtomicInteger left = new AtomicInteger(n);
    CountDownLatch done = new CountDownLatch(1);
    for (int i = 0; i < n; i++) {
      int v = i;
      Go.go(() -> {
        sum.addAndGet(v);
        if (left.decrementAndGet() == 0) {
          done.countDown();
        }
      });
    }
    assertTrue(done.await(60, TimeUnit.SECONDS), "left " + left.get());
    assertEquals((long) n * (n - 1) / 2, sum.get());
    awaitGoroutines(baseline);
  }

  /** The same from inside a goroutine (newproc: runnext, local queue, overflow to the global queue). */
  @Test
  void millionGoroutinesFromAGoroutine() throws Exception {
    int n = 1_000_000;
    AtomicLong sum = new AtomicLong();
    AtomicInteger left = new AtomicInteger(n);
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      for (int i = 0; i < n; i++) {
        int v = i;
        Go.go(() -> {
          sum.addAndGet(v);
          if (left.decrementAndGet() == 0) {
            done.countDown();
          }
        });
      }
    });
    assertTrue(done.await(60, TimeUnit.SECONDS), "left " + left.get());
    assertEquals((long) n * (n - 1) / 2, sum.get());
  }

  /**
   * 100,000 goroutines blocked on one semaphore at once (goj's channels are not on this branch; a
   * Sema has the same sudog wait queue), then all released. Blocked goroutines hold no M.
   */
  @Test
  void hundredThousandBlockedThenReleased() throws Exception {
    int n = 100_000;
    Sema sema = new Sema(0);
    AtomicInteger entered = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      Go.go(() -> {
        entered.incrementAndGet();
        sema.acquire(false, WaitReason.CHAN_RECEIVE);
        finished.incrementAndGet();
      });
    }
    while (entered.get() < n) {
      Thread.sleep(5);
    }
    int blocked = 0;
    for (int i = 0; i < 2000 && blocked < n; i++) {
      Thread.sleep(5);
      blocked = 0;
      for (G g : Goroutines.snapshot()) {
        if (WaitReason.CHAN_RECEIVE.equals(g.waitReason())) {
          blocked++;
        }
      }
    }
    assertEquals(n, blocked, "all goroutines parked at once");
    assertEquals(0, finished.get());
    assertTrue(Sched.global().mcount() < 100, "parked goroutines hold no thread: " + Sched.global().mcount());
    for (int i = 0; i < n; i++) {
      sema.release(false);
    }
    for (int i = 0; i < 10_000 && finished.get() < n; i++) {
      Thread.sleep(5);
    }
    assertEquals(n, finished.get());
    awaitGoroutines(baseline);
  }

  /** Tight loop on the only P: sysmon hands the P to another M and the other goroutine runs. */
  @Test
  void tightLoopDoesNotStopOthersAtGomaxprocs1() throws Exception {
    Go.gomaxprocs(1);
    AtomicBoolean release = new AtomicBoolean();
    CountDownLatch looping = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      looping.countDown();
      while (!release.get()) {
        Thread.onSpinWait();
      }
      done.countDown();
    });
    assertTrue(looping.await(10, TimeUnit.SECONDS));
    Go.go(() -> release.set(true)); // can only run if the looper's P is handed off
    assertTrue(done.await(30, TimeUnit.SECONDS), "the looping goroutine was never released");
  }

  static final AtomicBoolean CLINIT_RELEASE = new AtomicBoolean();

  /** A class initializer pins its virtual thread to the carrier even on JDK 24+. */
  static final class SlowInit {
    static {
      while (!CLINIT_RELEASE.get()) {
        try {
          Thread.sleep(1); // pinned: parks the carrier, not just the goroutine
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    static void touch() {}
  }

  @Test
  void pinnedSleepDoesNotStopOthersAtGomaxprocs1() throws Exception {
    Go.gomaxprocs(1);
    CountDownLatch pinned = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      pinned.countDown();
      SlowInit.touch();
      done.countDown();
    });
    assertTrue(pinned.await(10, TimeUnit.SECONDS));
    Go.go(() -> CLINIT_RELEASE.set(true));
    assertTrue(done.await(30, TimeUnit.SECONDS), "the pinned goroutine was never released");
  }

  @Test
  void sleepInsideSynchronizedDoesNotStopOthersAtGomaxprocs1() throws Exception {
    Go.gomaxprocs(1);
    Object lock = new Object();
    AtomicBoolean release = new AtomicBoolean();
    CountDownLatch in = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      synchronized (lock) {
        in.countDown();
        while (!release.get()) {
          try {
            Thread.sleep(1); // pins the carrier on JDK 21-23; unmounts on JDK 24+
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      done.countDown();
    });
    assertTrue(in.await(10, TimeUnit.SECONDS));
    Go.go(() -> release.set(true));
    assertTrue(done.await(30, TimeUnit.SECONDS));
  }

  /** GOMAXPROCS changes up and down while goroutines spawn and run: none is lost or run twice. */
  @Test
  void gomaxprocsResizeUnderLoadLosesNothing() throws Exception {
    int roots = 2_000;
    int depth = 50;
    int total = roots * depth;
    AtomicInteger ran = new AtomicInteger();
    int[] seen = new int[total];
    CountDownLatch done = new CountDownLatch(1);
    class Chain implements Runnable {
      final int root;
      final int level;

      Chain(int root, int level) {
        this.root = root;
        this.level = level;
      }

      @Override
      public void run() {
        synchronized (seen) {
          seen[root * depth + level]++;
        }
        if (level + 1 < depth) {
          Go.go(new Chain(root, level + 1));
        }
        if (level % 7 == 0) {
          Go.gosched();
        }
        if (ran.incrementAndGet() == total) {
          done.countDown();
        }
      }
    }
    for (int r = 0; r < roots; r++) {
      Go.go(new Chain(r, 0));
    }
    int[] sizes = {1, 4, 2, 3, 1, 2, 5, 1};
    for (int i = 0; done.getCount() > 0 && i < 200; i++) {
      assertTrue(Go.gomaxprocs(sizes[i % sizes.length]) >= 1);
      Thread.sleep(2);
    }
    // and once from inside a goroutine
    CountDownLatch resized = new CountDownLatch(1);
    Go.go(() -> {
      Go.gomaxprocs(3);
      resized.countDown();
    });
    assertTrue(resized.await(30, TimeUnit.SECONDS));
    assertTrue(done.await(60, TimeUnit.SECONDS), "ran " + ran.get() + " of " + total);
    assertEquals(total, ran.get());
    synchronized (seen) {
      for (int i = 0; i < total; i++) {
        assertEquals(1, seen[i], "goroutine " + i);
      }
    }
    assertEquals(3, Go.gomaxprocs(0));
  }

  /**
   * GOMAXPROCS called by goroutines while others keep the Ms busy in the scheduler: the stop-the-world
   * must not wait on a goroutine it has itself stopped.
   */
  @Test
  void gomaxprocsFromGoroutinesUnderLoad() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger spins = new AtomicInteger();
    for (int i = 0; i < 4; i++) {
      Go.go(() -> {
        while (!stop.get()) {
          spins.incrementAndGet();
          Go.gosched();
        }
      });
    }
    int rounds = 200;
    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger resized = new AtomicInteger();
    Go.go(() -> {
      for (int i = 0; i < rounds; i++) {
        Go.gomaxprocs(1 + i % 3);
        resized.incrementAndGet();
      }
      done.countDown();
    });
    boolean ok = done.await(60, TimeUnit.SECONDS);
    stop.set(true);
    assertTrue(ok, "resized " + resized.get() + " of " + rounds + " times");
    assertTrue(spins.get() > 0);
  }

  /** Port of Go's TestGoroutineParallelism (short mode): P goroutines must all run at once. */
  @Test
  void goroutineParallelism() throws Exception {
    int p = 3;
    Go.gomaxprocs(p);
    for (int attempt = 0; attempt < 3; attempt++) {
      AtomicInteger x = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(p);
      for (int k = 0; k < p; k++) {
        int me = k;
        Go.go(() -> {
          for (int i = 0; i < 3; i++) {
            int expected = p * i + me;
            while (x.get() != expected) {
              Thread.onSpinWait();
            }
            x.set(expected + 1);
          }
          done.countDown();
        });
      }
      assertTrue(done.await(60, TimeUnit.SECONDS));
    }
  }

  /** Port of Go's TestYieldProgress: a goroutine looping on Gosched lets the sender through. */
  @Test
  void yieldProgress() throws Exception {
    AtomicBoolean c = new AtomicBoolean();
    CountDownLatch cack = new CountDownLatch(1);
    Go.go(() -> {
      while (!c.get()) {
        Go.gosched();
      }
      cack.countDown();
    });
    Thread.sleep(10);
    c.set(true);
    assertTrue(cack.await(10, TimeUnit.SECONDS));
  }

  /**
   * Gosched at gomaxprocs=1 puts the caller on the global queue, so goroutines queued on the P run
   * before it resumes, without any help from sysmon (no P is retaken).
   */
  @Test
  void goschedLetsQueuedGoroutinesRunFirst() throws Exception {
    Go.gomaxprocs(1);
    int n = 20;
    AtomicInteger ranBeforeResume = new AtomicInteger(-1);
    AtomicInteger others = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      for (int i = 0; i < n; i++) {
        Go.go(others::incrementAndGet);
      }
      // The 20 wait on this P; each Gosched lets the P run the local queue before us (only the
      // 61st-tick global check may pick us first once).
      for (int i = 0; i < 3 && others.get() < n; i++) {
        Go.gosched();
      }
      ranBeforeResume.set(others.get());
      done.countDown();
    });
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(n, ranBeforeResume.get());
  }

  /** Port of Go's TestNumGoroutine: numGoroutine agrees with the number of dumped goroutines. */
  @Test
  void numGoroutineMatchesStackDump() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 10; i++) {
      Go.go(() -> awaitQuietly(release));
    }
    AtomicReference<String> result = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      String buf = "";
      int n = 0;
      for (int i = 0; i < 50; i++) {
        buf = Go.stack(true);
        n = Go.numGoroutine();
        if (count(buf, "goroutine ") == n) {
          break;
        }
      }
      result.set(count(buf, "goroutine ") + " " + n);
      done.countDown();
    });
    assertTrue(done.await(10, TimeUnit.SECONDS));
    String[] r = result.get().split(" ");
    assertEquals(r[1], r[0], "dumped vs counted goroutines");
    release.countDown();
  }

  private static int count(String s, String sub) {
    int n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void stackDumpHasGoFormatAndJavaFrames() throws Exception {
    AtomicReference<G> parked = new AtomicReference<>();
    CountDownLatch in = new CountDownLatch(1);
    Go.go(() -> {
      G g = G.current();
      parked.set(g);
      in.countDown();
      g.park(WaitReason.CHAN_RECEIVE);
    });
    assertTrue(in.await(10, TimeUnit.SECONDS));
    String header = "goroutine " + parked.get().goid() + " [chan receive]:\n";
    String dump = "";
    for (int i = 0; i < 2000 && !dump.contains(header); i++) {
      Thread.sleep(5);
      dump = Go.stack(true);
    }
    int at = dump.indexOf(header);
    assertTrue(at >= 0, dump);
    String entry = dump.substring(at + header.length());
    assertTrue(entry.matches("(?s)([\\w.$]+\\.[\\w$<>]+\\(\\.\\.\\.\\)\n\t\\S+\n)+.*"), entry);
    assertTrue(entry.contains("dev.goj.runtime.internal.G.park(...)\n\tG.java:"), entry);
    parked.get().ready();
  }

  /** Panics are printed Go-style; under load at gomaxprocs=1 the scheduler and others carry on. */
  @Test
  void panicsArePrintedAndOthersKeepRunning() throws Exception {
    Go.gomaxprocs(1);
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true));
    AtomicInteger ok = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1000);
    try {
      for (int i = 0; i < 1000; i++) {
        int v = i;
        Go.go(() -> {
          if (v % 10 == 0) {
            throw new IllegalStateException("boom " + v);
          }
          ok.incrementAndGet();
          done.countDown();
        });
        if (v % 10 == 0) {
          done.countDown();
        }
      }
      assertTrue(done.await(30, TimeUnit.SECONDS));
      awaitGoroutines(baseline);
    } finally {
      System.setErr(old);
    }
    assertEquals(900, ok.get());
    String out = buf.toString();
    assertEquals(100, count(out, "panic: java.lang.IllegalStateException: boom "), out);
    assertTrue(out.contains("panic: java.lang.IllegalStateException: boom 0\n\ngoroutine "), out);
  }

  @Test
  void schedtraceLineHasGoFields() {
    Sched s = Sched.global();
    assertNotNull(s);
    String line = SchedTrace.line(s, System.nanoTime());
    assertTrue(line.matches("SCHED \\d+ms: gomaxprocs=\\d+ idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+ "
        + "idlethreads=\\d+ runqueue=\\d+ \\[\\d+( \\d+)*\\]"), line);
    assertEquals(Go.gomaxprocs(0), line.split("\\[")[1].split(" ").length);
  }

  @Test
  void gomaxprocsRejectsNothingAndQueriesBelowOne() {
    int cur = Go.gomaxprocs(0);
    assertEquals(cur, Go.gomaxprocs(-5));
    assertEquals(cur, Go.gomaxprocs(cur + 1));
    assertEquals(cur + 1, Go.gomaxprocs(0));
    assertEquals(cur + 1, Sched.global().allp.length);
  }

  @Test
  void setMaxThreadsRejectsZeroAndReturnsThePreviousLimit() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Go.setMaxThreads(0));
    assertEquals("threads must be >= 1, was 0", e.getMessage());
    int old = Go.setMaxThreads(500);
    assertEquals(500, Go.setMaxThreads(old));
  }

  private static void awaitQuietly(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
