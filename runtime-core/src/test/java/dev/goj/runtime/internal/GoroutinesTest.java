package dev.goj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.Go;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GoroutinesTest {
  @Test
  void countsAndListsLiveGoroutinesOnly() throws Exception {
    int base = Goroutines.count();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(100);
    for (int i = 0; i < 100; i++) {
      Go.go(() -> {
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    for (int i = 0; i < 300; i++) {
      Go.go(() -> {});
    }
    assertTrue(started.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 2000 && Goroutines.count() != base + 100; i++) {
      Thread.sleep(2);
    }
    assertEquals(base + 100, Goroutines.count());
    List<G> live = Goroutines.snapshot();
    assertEquals(base + 100, live.size());
    for (int i = 1; i < live.size(); i++) {
      assertTrue(live.get(i - 1).goid() < live.get(i).goid(), "goid order");
    }
    release.countDown();
    for (int i = 0; i < 2000 && Goroutines.count() != base; i++) {
      Thread.sleep(2);
    }
    assertEquals(base, Goroutines.count());
  }

  /** Ended goroutines are pruned from the lists, so what their bodies hold can be collected. */
  @Test
  void endedGoroutinesAreNotRetained() throws Exception {
    int n = 10_000;
    List<WeakReference<Object>> refs = new ArrayList<>(n);
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      Object payload = new byte[64];
      refs.add(new WeakReference<>(payload));
      Go.go(() -> {
        if (payload.hashCode() == 42) {
          Thread.onSpinWait();
        }
        done.countDown();
      });
    }
    assertTrue(done.await(30, TimeUnit.SECONDS));
    int alive = n;
    // Bound: a few dead Gs per list before its next prune, and ring slots thieves took (<= 256 per P).
    int bound = 64 + 256 * dev.goj.runtime.Go.gomaxprocs(0) + 100;
    for (int i = 0; i < 20 && alive > bound; i++) {
      Thread.sleep(20); // let the last goroutines finish ending
      System.gc();
      alive = 0;
      for (WeakReference<Object> r : refs) {
        if (r.get() != null) {
          alive++;
        }
      }
    }
    assertTrue(alive <= bound, alive + " of " + n + " ended goroutines still reachable");
  }
}
