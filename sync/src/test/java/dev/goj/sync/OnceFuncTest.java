package dev.goj.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of Go's src/sync/oncefunc_test.go for OnceFunc and OnceValue (Once.func, Once.value).
 * Left out: the allocation counts (no portable per-call allocation counter on the JVM),
 * TestOnceFuncPanicNil (Java cannot throw null) and TestOnceFuncGoexit (no Goexit).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OnceFuncTest {
  @Test
  void testOnceFunc() {
    int[] calls = {0};
    Runnable f = Once.func(() -> calls[0]++);
    for (int i = 0; i < 10; i++) {
      f.run();
    }
    assertEquals(1, calls[0], "want calls==1");
  }

  @Test
  void testOnceValue() {
    int[] calls = {0};
    Supplier<Integer> f = Once.value(() -> ++calls[0]);
    for (int i = 0; i < 10; i++) {
      f.get();
    }
    assertEquals(1, f.get(), "want value==1");
    assertEquals(1, calls[0], "want calls==1");
  }

  /** Go's testOncePanicWith: every call throws the same value, but f ran only once. */
  static void testOncePanicX(int[] calls, Runnable f) {
    Throwable first = null;
    for (String label : new String[] {"first time", "second time"}) {
      Throwable p = assertThrows(Throwable.class, f::run, label + ": f did not panic");
      assertEquals("x", p.getMessage(), label);
      if (first == null) {
        first = p;
      } else {
        assertSame(first, p, label + ": a different panic value");
      }
    }
    assertEquals(1, calls[0], "want calls==1");
  }

  @Test
  void testOnceFuncPanic() {
    int[] calls = {0};
    Runnable f = Once.func(() -> {
      calls[0]++;
      throw new IllegalStateException("x");
    });
    testOncePanicX(calls, f);
  }

  @Test
  void testOnceValuePanic() {
    int[] calls = {0};
    Supplier<Integer> f = Once.value(() -> {
      calls[0]++;
      throw new IllegalStateException("x");
    });
    testOncePanicX(calls, f::get);
  }

  /** A checked exception smuggled out of f is rethrown unchanged, every time. */
  @Test
  void checkedExceptionIsRethrownUnchanged() {
    int[] calls = {0};
    Runnable f = Once.func(() -> {
      calls[0]++;
      throw OnceFuncTest.<RuntimeException>sneaky(new IOException("x"));
    });
    Throwable a = assertThrows(IOException.class, f::run);
    Throwable b = assertThrows(IOException.class, f::run);
    assertSame(a, b);
    assertEquals(1, calls[0]);
  }

  /** Go's TestOnceFuncPanicTraceback: the first panic's trace reaches into f. */
  @Test
  void testOnceFuncPanicTraceback() {
    Runnable f = Once.func(OnceFuncTest::onceFuncPanic);
    Throwable p = assertThrows(IllegalStateException.class, f::run);
    assertEquals("x", p.getMessage());
    assertTrue(Arrays.stream(p.getStackTrace()).anyMatch(e -> e.getMethodName().equals("onceFuncPanic")),
        () -> "want stack containing onceFuncPanic, got " + Arrays.toString(p.getStackTrace()));
  }

  private static void onceFuncPanic() {
    throw new IllegalStateException("x");
  }

  /**
   * Go's TestOnceXGC: the wrapped function is not collected before the first call, and is not kept
   * alive after it, whether it returned or panicked.
   */
  @Test
  void testOnceXGC() {
    Map<String, Function<byte[], Runnable>> fns = new LinkedHashMap<>();
    fns.put("OnceFunc", buf -> Once.func(() -> buf[0] = 1));
    fns.put("OnceValue", buf -> {
      Supplier<Object> f = Once.value(() -> {
        buf[0] = 1;
        return null;
      });
      return f::get;
    });
    fns.put("OnceFunc panic", buf -> Once.func(() -> {
      buf[0] = 1;
      throw new IllegalStateException("test panic");
    }));
    fns.put("OnceValue panic", buf -> {
      Supplier<Object> f = Once.value(() -> {
        buf[0] = 1;
        throw new IllegalStateException("test panic");
      });
      return f::get;
    });
    for (Map.Entry<String, Function<byte[], Runnable>> e : fns.entrySet()) {
      byte[] buf = new byte[1024];
      WeakReference<byte[]> ref = new WeakReference<>(buf);
      Runnable f = e.getValue().apply(buf);
      buf = null;
      gc();
      assertNotNull(ref.get(), e.getKey() + ": wrapped function garbage collected too early");
      try {
        f.run();
      } catch (IllegalStateException expected) {
        // the panicking variants
      }
      for (int i = 0; i < 50 && ref.get() != null; i++) {
        gc();
      }
      assertEquals(null, ref.get(), e.getKey() + ": wrapped function should be garbage collected, but still live");
      try {
        f.run();
      } catch (IllegalStateException expected) {
        // the panicking variants rethrow
      }
    }
  }

  /** Racing first calls: f runs once, and every caller sees its result (or its panic). */
  @Test
  void racingCallersShareOneResult() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    Supplier<int[]> f = Once.value(() -> {
      calls.incrementAndGet();
      return new int[] {7};
    });
    int n = 8;
    int[][] got = new int[n][];
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      int id = i;
      Thread.ofVirtual().start(() -> {
        got[id] = f.get();
        done.countDown();
      });
    }
    done.await();
    assertEquals(1, calls.get());
    for (int[] g : got) {
      assertSame(got[0], g);
      assertEquals(7, g[0]);
    }
  }

  @Test
  void nullFunction() {
    assertThrows(NullPointerException.class, () -> Once.func(null));
    assertThrows(NullPointerException.class, () -> Once.value(null));
  }

  @Test
  void valueMayBeNull() {
    int[] calls = {0};
    Supplier<String> f = Once.value(() -> {
      calls[0]++;
      return null;
    });
    assertEquals(null, f.get());
    assertEquals(null, f.get());
    assertEquals(1, calls[0]);
  }

  private static void gc() {
    System.gc();
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      fail(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <X extends Throwable> X sneaky(Throwable t) throws X {
    throw (X) t;
  }
}
