package dev.goj.context;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's TestAllocs, in bytes: the heap a calling thread allocates per operation, averaged over many
 * runs after a warm-up (the JIT may only lower it). Bounds are about 1.5x the measured size, tight
 * enough to catch an extra object per context (a children map, an eager done channel, a lock).
 */
@Timeout(60)
class AllocsTest {
  private static final int WARMUP = 20_000;
  private static final int RUNS = 10_000;
  private static final Object K1 = new Object();

  @Test
  void testAllocs() throws Exception {
    Context bg = Context.background();
    record Case(String desc, Runnable f, long limit) {}
    Case[] cases = {
        new Case("Background()", Context::background, 0),
        new Case("WithValue(bg, k1, nil) + Value(k1)", () -> Context.withValue(bg, K1, null).value(K1), 104),
        new Case("WithCancel(bg) + cancel + <-Done", () -> {
          CancelContext c = Context.withCancel(bg);
          c.cancel();
          c.done().recv();
        }, 72),
        new Case("WithCancel(cancellable parent) + cancel", () -> Context.withCancel(PARENT).cancel(), 72),
        new Case("WithTimeout(bg, 5ms) + cancel + <-Done", () -> {
          CancelContext c = Context.withTimeout(bg, Duration.ofMillis(5));
          c.cancel();
          c.done().recv();
        }, 400),
    };
    StringBuilder report = new StringBuilder();
    boolean ok = true;
    for (Case t : cases) {
      double n = bytesPerRun(t.f());
      report.append(String.format("%s: %.1f bytes/op (limit %d)%n", t.desc(), n, t.limit()));
      // Under limit + 1: stray bytes from the probe average far below one byte per op, any object
      // allocated per op adds at least 16.
      ok &= n < t.limit() + 1;
    }
    System.out.print(report);
    assertTrue(ok, report.toString());
  }

  private static final CancelContext PARENT = Context.withCancel(Context.background());

  private static double bytesPerRun(Runnable f) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      f.run();
    }
    long before = allocatedBytes();
    for (int i = 0; i < RUNS; i++) {
      f.run();
    }
    long after = allocatedBytes();
    // The probe itself allocates (reflection boxes its result): take off what an empty probe costs.
    long probe = allocatedBytes();
    long overhead = allocatedBytes() - probe;
    return (double) Math.max(0, after - before - overhead) / RUNS;
  }

  /**
   * com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes, through core reflection (which
   * needs no module readability edge from this test module to jdk.management).
   */
  private static long allocatedBytes() throws Exception {
    Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
    return (long) m.invoke(bean);
  }
}
