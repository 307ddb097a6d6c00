package dev.goj.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.internal.G;
import dev.goj.runtime.internal.WaitReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GoTest {
  @Test
  void goRunsBodyInAVirtualThreadAndCountsIt() throws Exception {
    int base = settledCount();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> where = new AtomicReference<>();
    Go.go(() -> {
      where.set(Thread.currentThread());
      started.countDown();
      awaitQuietly(release);
    });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertTrue(where.get().isVirtual());
    assertEquals(base + 1, Go.numGoroutine());
    release.countDown();
    where.get().join(10_000);
    awaitCount(base);
  }

  @Test
  void nilBodyPanicsWithGoText() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> Go.go(null));
    assertEquals("go of nil func value", e.getMessage());
  }

  @Test
  void panicIsPrintedAndOthersKeepRunning() throws Exception {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true));
    try {
      int base = Go.numGoroutine();
      Go.go(() -> {
        throw new IllegalStateException("boom");
      });
      awaitCount(base);
      CountDownLatch ok = new CountDownLatch(1);
      Go.go(ok::countDown);
      assertTrue(ok.await(10, TimeUnit.SECONDS));
    } finally {
      System.setErr(old);
    }
    String out = buf.toString();
    assertTrue(out.startsWith("panic: java.lang.IllegalStateException: boom\n\ngoroutine "), out);
    assertTrue(out.contains(" [running]:\n"), out);
  }

  @Test
  void stackShowsWaitReasons() throws Exception {
    int base = settledCount();
    AtomicReference<G> parked = new AtomicReference<>();
    CountDownLatch in = new CountDownLatch(1);
    Go.go(() -> {
      G g = G.current();
      parked.set(g);
      in.countDown();
      g.park(WaitReason.CHAN_RECEIVE);
    });
    assertTrue(in.await(10, TimeUnit.SECONDS));
    String header = "goroutine " + parked.get().goid() + " [chan receive]:";
    String dump = "";
    for (int i = 0; i < 2000 && !dump.contains(header); i++) {
      Thread.sleep(5);
      dump = Go.stack(true);
    }
    assertTrue(dump.contains(header), dump);
    String self = Go.stack(false);
    assertTrue(self.matches("(?s)goroutine \\d+ \\[running\\]:\ndev\\.goj\\.runtime\\.GoTest\\.stackShowsWaitReasons\\(\\.\\.\\.\\)\n\tGoTest\\.java:\\d+\n.*"), self);
    parked.get().ready();
    awaitCount(base);
  }

  @Test
  void gomaxprocsQueriesAndSets() {
    int prev = Go.gomaxprocs(0);
    assertTrue(prev >= 1);
    assertEquals(prev, Go.gomaxprocs(3));
    assertEquals(3, Go.gomaxprocs(-1));
    Go.gomaxprocs(prev);
    assertEquals(Runtime.getRuntime().availableProcessors(), Go.numCPU());
  }

  /**
   * The goroutine count once goroutines left by earlier tests (in this JVM) have finished: two
   * readings 20 ms apart agree.
   */
  static int settledCount() throws InterruptedException {
    int n = Go.numGoroutine();
    for (int i = 0; i < 250; i++) {
      Thread.sleep(20);
      int m = Go.numGoroutine();
      if (m == n) {
        return n;
      }
      n = m;
    }
    return n;
  }

  static void awaitCount(int n) throws InterruptedException {
    for (int i = 0; i < 5000 && Go.numGoroutine() != n; i++) {
      Thread.sleep(2);
    }
    assertEquals(n, Go.numGoroutine());
  }

  private static void awaitQuietly(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
