package dev.goj.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ports of Go's src/sync/once_test.go. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OnceTest {
  @AfterEach
  void noFailures() {
    Kind.checkFailures();
  }

  /** Go's TestOnce: ten racing callers; each sees the increment done, exactly once. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void testOnce(Kind kind) {
    int[] o = {0};
    Once once = new Once();
    Ch<Boolean> c = Ch.make();
    int n = 10;
    for (int i = 0; i < n; i++) {
      kind.start(() -> {
        once.run(() -> o[0]++);
        // Plain read: run must have published f's write to every caller it returns to.
        assertEquals(1, o[0], "once failed inside run");
        c.send(true);
      });
    }
    for (int i = 0; i < n; i++) {
      c.recv();
    }
    assertEquals(1, o[0], "once failed outside run");
  }

  /** Go's TestOncePanic: a throwing f counts as done; later calls neither run f nor throw. */
  @Test
  void testOncePanic() {
    Once once = new Once();
    RuntimeException e = assertThrows(RuntimeException.class, () -> once.run(() -> {
      throw new RuntimeException("failed");
    }));
    assertEquals("failed", e.getMessage());
    once.run(() -> {
      throw new RuntimeException("Once.run() has panicked on second iteration");
    });
    once.run(() -> {});
    once.run(() -> fail("Once called twice"));
  }

  /** Callers that arrive while f runs wait for it to finish rather than returning early. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void latecomersWaitForF(Kind kind) throws InterruptedException {
    Once once = new Once();
    CountDownLatch inF = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    int[] value = {0};
    AtomicInteger seen = new AtomicInteger(-1);
    CountDownLatch done = new CountDownLatch(2);
    kind.start(() -> {
      once.run(() -> {
        inF.countDown();
        awaitLatch(release);
        value[0] = 42;
      });
      done.countDown();
    });
    inF.await();
    kind.start(() -> {
      once.run(() -> fail("second f ran"));
      seen.set(value[0]);
      done.countDown();
    });
    release.countDown();
    done.await();
    assertEquals(42, seen.get());
  }

  static void awaitLatch(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
