package dev.goj.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Select: Go's select semantics and ports of runtime/chan_test.go's select cases. */
@Timeout(60)
class SelectTest {
  @Test
  void defaultWhenNothingReady() {
    Chan<Integer> a = Chan.make();
    Chan<Integer> b = Chan.make(1);
    AtomicInteger ran = new AtomicInteger(-1);
    int i = Select.of()
        .recv(a, v -> ran.set(0))
        .defaultCase(() -> ran.set(1))
        .recv(b, v -> ran.set(2))
        .run();
    assertEquals(1, i);
    assertEquals(1, ran.get());
  }

  @Test
  void readyCaseRunsItsBodyWithTheValue() {
    Chan<String> a = Chan.make(1);
    Chan<String> b = Chan.make(1);
    b.send("hello");
    AtomicReference<String> got = new AtomicReference<>();
    assertEquals(1, Select.of().recv(a, got::set).recv(b, got::set).run());
    assertEquals("hello", got.get());
  }

  @Test
  void recvWithOkSeesClose() {
    Chan<Integer> a = Chan.make();
    Chan<Integer> b = Chan.make();
    b.close();
    AtomicReference<Boolean> ok = new AtomicReference<>();
    AtomicReference<Integer> val = new AtomicReference<>(-1);
    assertEquals(1, Select.of().recv(a, v -> { }).recv(b, (v, k) -> {
      val.set(v);
      ok.set(k);
    }).run());
    assertFalse(ok.get());
    assertNull(val.get());
  }

  @Test
  void blockedSelectWokenByCloseGetsNotOk() throws Exception {
    Chan<Integer> a = Chan.make();
    Chan<Integer> b = Chan.make();
    AtomicReference<Boolean> ok = new AtomicReference<>();
    AtomicInteger idx = new AtomicInteger(-1);
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      idx.set(Select.of().recv(a, (v, k) -> ok.set(k)).recv(b, (v, k) -> ok.set(k)).run());
      done.countDown();
    });
    ChanTest.awaitStack("[select]");
    b.close();
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertEquals(1, idx.get());
    assertFalse(ok.get());
    assertNoWaiters(a);
  }

  @Test
  void sendAndReceiveMixed() throws Exception {
    Chan<Integer> in = Chan.make();
    Chan<Integer> out = Chan.make();
    Go.go(() -> out.send(in.recv() * 2));
    AtomicInteger got = new AtomicInteger();
    // First the send to in can proceed (the goroutine receives), then the receive from out.
    assertEquals(0, Select.of().send(in, 21, null).recv(out, got::set).run());
    assertEquals(1, Select.of().send(in, 0, null).recv(out, got::set).run());
    assertEquals(42, got.get());
  }

  @Test
  void sendOnClosedChannelPanics() {
    Chan<Integer> a = Chan.make();
    Chan<Integer> b = Chan.make();
    b.close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Select.of().recv(a, v -> { }).send(b, 1, null).run());
    assertEquals("send on closed channel", e.getMessage());
    // One-case forms panic the same way.
    assertThrows(IllegalStateException.class, () -> Select.of().send(b, 1, null).run());
    assertThrows(IllegalStateException.class, () -> Select.of().send(b, 1, null).defaultCase(null).run());
  }

  @Test
  void blockedSendWokenByClosePanics() throws Exception {
    Chan<Integer> a = Chan.make();
    Chan<Integer> b = Chan.make();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      try {
        Select.of().recv(a, v -> { }).send(b, 1, null).run();
      } catch (Throwable t) {
        thrown.set(t);
      }
      done.countDown();
    });
    ChanTest.awaitStack("[select]");
    b.close();
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertEquals("send on closed channel", thrown.get().getMessage());
    assertNoWaiters(a);
  }

  @Test
  void nilCasesAreNeverChosen() {
    Chan<Integer> nil = Chan.nil();
    Chan<Integer> ready = Chan.make(1);
    ready.send(1);
    assertEquals(1, Select.of().recv(nil, v -> { }).recv(ready, v -> { }).send(null, 3, null).run());
    assertEquals(2, Select.of().recv(nil, v -> { }).send(nil, 1, null).defaultCase(null).run());
  }

  @Test
  void onlyNilCasesOrNoCasesBlockForever() throws Exception {
    Go.go(() -> Select.of().recv(Chan.nil(), v -> { }).send(null, 1, null).run());
    ChanTest.awaitStack("[select]");
    Go.go(() -> Select.of().run());
    ChanTest.awaitStack("[select (no cases)]");
  }

  @Test
  void multipleDefaultsRejected() {
    Select s = Select.of().defaultCase(null);
    assertThrows(IllegalStateException.class, () -> s.defaultCase(null));
  }

  @Test
  void losersLeaveNoSudogBehind() throws Exception {
    Chan<Integer> a = Chan.make();
    Chan<Integer> b = Chan.make();
    Chan<Integer> c = Chan.make();
    CountDownLatch done = new CountDownLatch(1);
    Go.go(() -> {
      Select.of().recv(a, v -> { }).recv(b, v -> { }).send(c, 5, null).run();
      done.countDown();
    });
    ChanTest.awaitQueued(a, true, 1);
    ChanTest.awaitQueued(c, false, 1);
    b.send(1);
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertNoWaiters(a);
    assertNoWaiters(b);
    assertNoWaiters(c);
    // Nothing can steal a later value: a non-blocking receive on c finds no sender.
    assertEquals(1, Select.of().recv(c, v -> { }).defaultCase(null).run());
  }

  @Test
  void reusableAcrossRuns() {
    Chan<Integer> a = Chan.make(10);
    for (int i = 0; i < 10; i++) {
      a.send(i);
    }
    AtomicInteger sum = new AtomicInteger();
    Select s = Select.of().recv(a, sum::addAndGet).defaultCase(null);
    for (int i = 0; i < 11; i++) {
      s.run();
    }
    assertEquals(45, sum.get());
  }

  @Test
  void rejectsForeignChannelImplementations() {
    RecvChan<Integer> fake = new RecvChan<>() {
      public Integer recv() {
        return null;
      }

      public Received<Integer> recvOk() {
        return null;
      }

      public int len() {
        return 0;
      }

      public int cap() {
        return 0;
      }

      public java.util.Iterator<Integer> iterator() {
        return java.util.Collections.emptyIterator();
      }
    };
    assertThrows(IllegalArgumentException.class, () -> Select.of().recv(fake, v -> { }));
  }

  // ------------------------------------------------------------------ runtime/chan_test.go

  /** TestSelfSelect: send and receive on the same channel in one select, from two goroutines. */
  @Test
  void goTestSelfSelect() throws Exception {
    for (int chanCap : new int[] {0, 10}) {
      Chan<Integer> c = Chan.make(chanCap);
      CountDownLatch wg = new CountDownLatch(2);
      AtomicInteger selfReceives = new AtomicInteger();
      for (int p = 0; p < 2; p++) {
        int me = p;
        Go.go(() -> {
          for (int i = 0; i < 1000; i++) {
            java.util.function.Consumer<Integer> check = v -> {
              if (chanCap == 0 && v == me) {
                selfReceives.incrementAndGet();
              }
            };
            if (me == 0 || i % 2 == 0) {
              Select.of().send(c, me, null).recv(c, check).run();
            } else {
              Select.of().recv(c, check).send(c, me, null).run();
            }
          }
          wg.countDown();
        });
      }
      assertTrue(wg.await(30, TimeUnit.SECONDS));
      assertEquals(0, selfReceives.get(), "self receive");
    }
  }

  /** TestSelectStress: plain ops and two selects over four channels, sized for 2 cores. */
  @Test
  void goTestSelectStress() throws Exception {
    @SuppressWarnings("unchecked")
    Chan<Integer>[] c = new Chan[] {Chan.make(), Chan.make(), Chan.make(2), Chan.make(3)};
    int n = 5_000;
    CountDownLatch wg = new CountDownLatch(10);
    for (int k = 0; k < 4; k++) {
      Chan<Integer> ck = c[k];
      Go.go(() -> {
        for (int i = 0; i < n; i++) {
          ck.send(0);
        }
        wg.countDown();
      });
      Go.go(() -> {
        for (int i = 0; i < n; i++) {
          ck.recv();
        }
        wg.countDown();
      });
    }
    Go.go(() -> {
      int[] cnt = new int[4];
      @SuppressWarnings("unchecked")
      Chan<Integer>[] c1 = c.clone();
      for (int i = 0; i < 4 * n; i++) {
        int k = Select.of().send(c1[3], 0, null).send(c1[2], 0, null).send(c1[0], 0, null).send(c1[1], 0, null).run();
        int ch = new int[] {3, 2, 0, 1}[k];
        if (++cnt[ch] == n) {
          c1[ch] = null;
        }
      }
      wg.countDown();
    });
    Go.go(() -> {
      int[] cnt = new int[4];
      @SuppressWarnings("unchecked")
      Chan<Integer>[] c1 = c.clone();
      for (int i = 0; i < 4 * n; i++) {
        int k = Select.of().recv(c1[0], v -> { }).recv(c1[1], v -> { }).recv(c1[2], v -> { }).recv(c1[3], v -> { }).run();
        if (++cnt[k] == n) {
          c1[k] = null;
        }
      }
      wg.countDown();
    });
    assertTrue(wg.await(50, TimeUnit.SECONDS), "select stress deadlocked");
  }

  /** TestPseudoRandomSend: a select of two sends picks each often enough. */
  @Test
  void goTestPseudoRandomSend() throws Exception {
    int n = 100;
    for (int chanCap : new int[] {0, n}) {
      Chan<Integer> c = Chan.make(chanCap);
      int[] l = new int[n];
      CountDownLatch m = new CountDownLatch(1);
      Go.go(() -> {
        for (int i = 0; i < n; i++) {
          Go.gosched();
          l[i] = c.recv();
        }
        m.countDown();
      });
      for (int i = 0; i < n; i++) {
        Select.of().send(c, 1, null).send(c, 0, null).run();
      }
      m.await();
      int n0 = 0;
      int n1 = 0;
      for (int v : l) {
        n0 += (v + 1) % 2;
        n1 += v;
      }
      assertTrue(n0 > n / 10 && n1 > n / 10, "want pseudorandom, got " + n0 + " zeros and " + n1 + " ones");
    }
  }

  /** TestSelectFairness: two always-ready channels are chosen about equally (10 sigma). */
  @Test
  void goTestSelectFairness() {
    int trials = 10_000;
    Chan<Integer> c1 = Chan.make(trials + 1);
    Chan<Integer> c2 = Chan.make(trials + 1);
    for (int i = 0; i < trials + 1; i++) {
      c1.send(1);
      c2.send(2);
    }
    Chan<Integer> c3 = Chan.make();
    Chan<Integer> c4 = Chan.make();
    Chan<Integer> out = Chan.make();
    Chan<Integer> done = Chan.make();
    CountDownLatch wg = new CountDownLatch(1);
    Go.go(() -> {
      int[] b = new int[1];
      for (;;) {
        Select.of().recv(c3, v -> b[0] = v).recv(c4, v -> b[0] = v).recv(c1, v -> b[0] = v).recv(c2, v -> b[0] = v).run();
        if (Select.of().send(out, b[0], null).recv(done, v -> { }).run() == 1) {
          wg.countDown();
          return;
        }
      }
    });
    int cnt1 = 0;
    int cnt2 = 0;
    for (int i = 0; i < trials; i++) {
      int b = out.recv();
      if (b == 1) {
        cnt1++;
      } else if (b == 2) {
        cnt2++;
      } else {
        throw new AssertionError("unexpected value " + b);
      }
    }
    double mean = trials * 0.5;
    double stddev = Math.sqrt(trials * 0.5 * 0.5);
    assertTrue(Math.abs(cnt1 - mean) <= 10 * stddev, "unfair select: " + cnt1 + ", " + cnt2);
    done.close();
  }

  /** TestNonblockSelectRace: a non-blocking select sees one moment, never the default. */
  @Test
  void goTestNonblockSelectRace() throws Exception {
    Chan<Boolean> done = Chan.make(1);
    for (int i = 0; i < 5_000; i++) {
      Chan<Integer> c1 = Chan.make(1);
      Chan<Integer> c2 = Chan.make(1);
      c1.send(1);
      Go.go(() -> {
        int k = Select.of().recv(c1, v -> { }).recv(c2, v -> { }).defaultCase(null).run();
        done.send(k != 2);
      });
      c2.send(1);
      Select.of().recv(c1, v -> { }).defaultCase(null).run();
      assertTrue(done.recv(), "no chan is ready");
    }
  }

  /** TestNonblockSelectRace2: as above, with close(c2) instead of a send. */
  @Test
  void goTestNonblockSelectRace2() throws Exception {
    Chan<Boolean> done = Chan.make(1);
    for (int i = 0; i < 5_000; i++) {
      Chan<Integer> c1 = Chan.make(1);
      Chan<Integer> c2 = Chan.make();
      c1.send(1);
      Go.go(() -> {
        int k = Select.of().recv(c1, v -> { }).recv(c2, v -> { }).defaultCase(null).run();
        done.send(k != 2);
      });
      c2.close();
      Select.of().recv(c1, v -> { }).defaultCase(null).run();
      assertTrue(done.recv(), "no chan is ready");
    }
  }

  /** TestSelectDuplicateChannel: a G queued twice on one channel; a later waiter is not lost. */
  @Test
  void goTestSelectDuplicateChannel() throws Exception {
    Chan<Integer> c = Chan.make();
    Chan<Integer> d = Chan.make();
    Chan<Integer> e = Chan.make();
    Go.go(() -> {
      Select.of().recv(c, v -> { }).recv(c, v -> { }).recv(d, v -> { }).run();
      e.send(9);
    });
    ChanTest.awaitQueued(c, true, 2);
    CountDownLatch bDone = new CountDownLatch(1);
    Go.go(() -> {
      c.recv();
      bDone.countDown();
    });
    ChanTest.awaitQueued(c, true, 3);
    d.send(7); // wakes A, which unlinks both of its sudogs from c
    assertEquals(9, e.recv());
    c.send(8); // must reach B
    assertTrue(bDone.await(30, TimeUnit.SECONDS));
  }

  /** TestChanSendSelectBarrier-style: a select send completes only with a matching receive. */
  @Test
  void selectSendRendezvous() throws Exception {
    Chan<Integer> c = Chan.make();
    Chan<Integer> never = Chan.make();
    AtomicInteger got = new AtomicInteger();
    Go.go(() -> got.set(c.recv()));
    assertEquals(0, Select.of().send(c, 77, null).recv(never, v -> { }).run());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (got.get() != 77 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(77, got.get());
  }

  static void assertNoWaiters(Chan<?> c) {
    c.lockChan();
    try {
      assertTrue(c.recvq.isEmpty(), "a receiver sudog was left on " + c);
      assertTrue(c.sendq.isEmpty(), "a sender sudog was left on " + c);
    } finally {
      c.unlockChan();
    }
  }
}
