package dev.goj.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.Go;
import dev.goj.runtime.internal.Sudog;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Channel operations: Go's chan semantics and ports of runtime/chan_test.go. */
@Timeout(60)
class ChanTest {
  // ------------------------------------------------------------------ basics

  @Test
  void makeRejectsNegativeCapacity() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
    assertTrue(e.getMessage().contains("capacity") && e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void bufferedFifoAndLenCap() {
    Chan<Integer> c = Chan.make(3);
    assertEquals(0, c.len());
    assertEquals(3, c.cap());
    c.send(1);
    c.send(2);
    c.send(3);
    assertEquals(3, c.len());
    assertEquals(1, c.recv());
    assertEquals(2, c.recv());
    assertEquals(1, c.len());
    assertEquals(3, c.recv());
    assertEquals(0, c.len());
  }

  @Test
  void unbufferedLenCapAreZero() {
    Chan<String> c = Chan.make();
    assertEquals(0, c.len());
    assertEquals(0, c.cap());
  }

  @Test
  void nullIsALegalElement() {
    Chan<String> c = Chan.make(2);
    c.send(null);
    c.send("x");
    Received<String> r = c.recvOk();
    assertNull(r.value());
    assertTrue(r.ok());
    assertEquals("x", c.recv());
    c.close();
    assertEquals(new Received<String>(null, false), c.recvOk());
  }

  @Test
  void unbufferedDirectHandOff() throws Exception {
    Chan<Integer> c = Chan.make();
    AtomicInteger got = new AtomicInteger();
    Thread r = Thread.ofPlatform().start(() -> got.set(c.recv()));
    awaitBlocked(c, true);
    c.send(42);
    r.join();
    assertEquals(42, got.get());
  }

  @Test
  void fullBufferReceiveRefillsFromFirstSender() throws Exception {
    Chan<Integer> c = Chan.make(2);
    c.send(1);
    c.send(2);
    Thread s3 = Thread.ofVirtual().start(() -> c.send(3));
    awaitBlocked(c, false);
    Thread s4 = Thread.ofVirtual().start(() -> c.send(4));
    awaitQueued(c, false, 2);
    // FIFO: buffered values first, then the senders' values in the order they queued.
    assertEquals(1, c.recv());
    assertEquals(2, c.len());
    assertEquals(2, c.recv());
    assertEquals(3, c.recv());
    assertEquals(4, c.recv());
    s3.join();
    s4.join();
    assertEquals(0, c.len());
  }

  @Test
  void closedChannelDrainsThenReportsNotOk() {
    Chan<Integer> c = Chan.make(2);
    c.send(7);
    c.close();
    assertEquals(new Received<>(7, true), c.recvOk());
    assertEquals(new Received<Integer>(null, false), c.recvOk());
    assertNull(c.recv());
  }

  @Test
  void panicTexts() {
    Chan<Integer> c = Chan.make(1);
    c.close();
    assertEquals("send on closed channel", assertThrows(IllegalStateException.class, () -> c.send(1)).getMessage());
    assertEquals("close of closed channel", assertThrows(IllegalStateException.class, c::close).getMessage());
    assertEquals("close of nil channel", assertThrows(IllegalStateException.class, () -> Chan.nil().close()).getMessage());
  }

  // A platform thread first polls for its partner (Chan.awaitPartner): close must end the poll too.
  @ParameterizedTest
  @ValueSource(strings = {"platform", "virtual"})
  void closeWakesBlockedSenderWithPanic(String kind) throws Exception {
    Chan<Integer> c = Chan.make();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Runnable send = () -> {
      try {
        c.send(1);
      } catch (Throwable t) {
        thrown.set(t);
      }
    };
    Thread s = kind.equals("platform") ? Thread.ofPlatform().start(send) : Thread.ofVirtual().start(send);
    awaitBlocked(c, false);
    c.close();
    s.join();
    assertEquals("send on closed channel", thrown.get().getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"platform", "goroutine"})
  void closeWakesEveryBlockedReceiver(String kind) throws Exception {
    Chan<Integer> c = Chan.make();
    int n = 5;
    CountDownLatch done = new CountDownLatch(n);
    AtomicInteger notOk = new AtomicInteger();
    Runnable recv = () -> {
      if (!c.recvOk().ok()) {
        notOk.incrementAndGet();
      }
      done.countDown();
    };
    for (int i = 0; i < n; i++) {
      if (kind.equals("platform")) {
        Thread.ofPlatform().start(recv);
      } else {
        Go.go(recv);
      }
    }
    awaitQueued(c, true, n);
    c.close();
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertEquals(n, notOk.get());
  }

  // ------------------------------------------------------------------ the unbuffered slot
  // A plain waiter that finds an unbuffered channel idle posts its sudog in the lock-free slot
  // instead of the queues. These tests wait for the thread itself to park (Thread.State), never
  // lock the channel (which would move the waiter to its queue), so they see the slot's paths.

  @Test
  void sendersQueueBehindThePostedOneInOrder() throws Exception {
    Chan<Integer> c = Chan.make();
    List<Thread> senders = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      int v = i;
      Thread t = Thread.ofPlatform().start(() -> c.send(v));
      awaitWaiting(t);
      senders.add(t);
    }
    assertEquals(List.of(1, 2, 3), List.of(c.recv(), c.recv(), c.recv()));
    for (Thread t : senders) {
      t.join();
    }
  }

  @Test
  void receiversQueueBehindThePostedOneInOrder() throws Exception {
    Chan<Integer> c = Chan.make();
    List<AtomicInteger> got = new ArrayList<>();
    List<Thread> receivers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      AtomicInteger g = new AtomicInteger();
      Thread t = Thread.ofVirtual().start(() -> g.set(c.recv()));
      awaitWaiting(t);
      got.add(g);
      receivers.add(t);
    }
    for (int v = 1; v <= 3; v++) {
      c.send(v);
    }
    for (Thread t : receivers) {
      t.join();
    }
    assertEquals(List.of(1, 2, 3), got.stream().map(AtomicInteger::get).toList());
  }

  @Test
  void selectAndNonBlockingOpsFindThePostedWaiter() throws Exception {
    Chan<Integer> c = Chan.make();
    Chan<Integer> never = Chan.make();
    // Nobody waits: a non-blocking receive and send both take the default.
    assertEquals(1, Select.of().recv(c, v -> { }).defaultCase(() -> { }).run());
    assertEquals(1, Select.of().send(c, 1, null).defaultCase(() -> { }).run());

    AtomicInteger got = new AtomicInteger();
    Thread r = Thread.ofPlatform().start(() -> got.set(c.recv()));
    awaitWaiting(r);
    assertEquals(0, Select.of().send(c, 9, null).recv(never, v -> { }).run());
    r.join();
    assertEquals(9, got.get());

    Thread s = Thread.ofVirtual().start(() -> c.send(5));
    awaitWaiting(s);
    // A non-blocking send finds a sender, not a receiver, and must leave it there.
    assertEquals(1, Select.of().send(c, 6, null).defaultCase(() -> { }).run());
    AtomicInteger nb = new AtomicInteger();
    assertEquals(0, Select.of().recv(c, nb::set).defaultCase(() -> { }).run());
    s.join();
    assertEquals(5, nb.get());

    // selectgo's lock-free pass takes the posted sender; the case on the idle channel is not ready.
    Thread s2 = Thread.ofPlatform().start(() -> c.send(8));
    awaitWaiting(s2);
    AtomicInteger sel = new AtomicInteger();
    assertEquals(1, Select.of().recv(never, v -> { }).recv(c, sel::set).defaultCase(() -> { }).run());
    s2.join();
    assertEquals(8, sel.get());
    SelectTest.assertNoWaiters(c);
    SelectTest.assertNoWaiters(never);
  }

  @ParameterizedTest
  @ValueSource(strings = {"platform", "virtual"})
  void closeWakesThePostedWaiter(String kind) throws Exception {
    Chan<Integer> c = Chan.make();
    AtomicReference<Object> outcome = new AtomicReference<>();
    Runnable recv = () -> outcome.set(c.recvOk());
    Thread t = kind.equals("platform") ? Thread.ofPlatform().start(recv) : Thread.ofVirtual().start(recv);
    awaitWaiting(t);
    c.close();
    t.join();
    assertEquals(new Received<Integer>(null, false), outcome.get());
    // Closed for good: the slot stays shut, so later ops see the close.
    assertEquals(new Received<Integer>(null, false), c.recvOk());
    assertEquals("send on closed channel", assertThrows(IllegalStateException.class, () -> c.send(1)).getMessage());
  }

  @Test
  void rangeYieldsUntilClosedAndDrained() {
    Chan<Integer> c = Chan.make(10);
    Go.go(() -> {
      for (int i = 0; i < 100; i++) {
        c.send(i);
      }
      c.close();
    });
    int want = 0;
    for (int v : c) {
      assertEquals(want++, v);
    }
    assertEquals(100, want);
    Iterator<Integer> it = c.iterator();
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }

  @Test
  void viewsShareTheChannel() {
    Chan<String> c = Chan.make(1);
    SendChan<String> out = c;
    RecvChan<String> in = c;
    out.send("v");
    assertEquals(1, in.len());
    assertEquals("v", in.recv());
    out.close();
    assertFalse(in.recvOk().ok());
  }

  @Test
  void nilChannelBlocksForeverAndReportsWaitReason() throws Exception {
    Chan<Integer> nil = Chan.nil();
    assertSame(nil, Chan.<String>nil());
    assertEquals(0, nil.len());
    assertEquals(0, nil.cap());
    CountDownLatch started = new CountDownLatch(2);
    Go.go(() -> {
      started.countDown();
      nil.recv();
    });
    Go.go(() -> {
      started.countDown();
      nil.send(1);
    });
    started.await();
    awaitStack("[chan receive (nil chan)]");
    awaitStack("[chan send (nil chan)]");
  }

  @Test
  void waitReasonsOfBlockedGoroutines() throws Exception {
    Chan<Integer> r = Chan.make();
    Chan<Integer> s = Chan.make();
    Go.go(r::recv);
    Go.go(() -> s.send(1));
    awaitStack("[chan receive]");
    awaitStack("[chan send]");
    r.send(0);
    assertEquals(1, s.recv());
  }

  @ParameterizedTest
  @ValueSource(strings = {"platform", "virtual", "goroutine"})
  void blockingWorksFromEveryKindOfThread(String kind) throws Exception {
    Chan<Integer> ping = Chan.make();
    Chan<Integer> pong = Chan.make();
    Runnable echo = () -> {
      for (int v : ping) {
        pong.send(v + 1);
      }
      pong.close();
    };
    switch (kind) {
      case "platform" -> Thread.ofPlatform().start(echo);
      case "virtual" -> Thread.ofVirtual().start(echo);
      default -> Go.go(echo);
    }
    for (int i = 0; i < 1000; i++) {
      ping.send(i);
      assertEquals(i + 1, pong.recv());
    }
    ping.close();
    assertFalse(pong.recvOk().ok());
  }

  @Test
  void blockedReceiveIsNotInterruptible() throws Exception {
    Chan<Integer> c = Chan.make();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    AtomicInteger got = new AtomicInteger();
    Thread t = Thread.ofPlatform().start(() -> {
      got.set(c.recv());
      flag.set(Thread.currentThread().isInterrupted());
    });
    awaitBlocked(c, true);
    t.interrupt();
    Thread.sleep(20);
    assertTrue(t.isAlive());
    c.send(5);
    t.join();
    assertEquals(5, got.get());
    assertEquals(Boolean.TRUE, flag.get());
  }

  // ------------------------------------------------------------------ runtime/chan_test.go

  /** TestChan, with 2 cores in mind: capacities 0..19 instead of 0..199. */
  @Test
  void goTestChan() throws Exception {
    for (int chanCap = 0; chanCap < 20; chanCap++) {
      int cap = chanCap;
      {
        // Receive from an empty channel blocks.
        Chan<Integer> c = Chan.make(cap);
        AtomicBoolean recv1 = new AtomicBoolean();
        AtomicBoolean recv2 = new AtomicBoolean();
        Go.go(() -> {
          c.recv();
          recv1.set(true);
        });
        Go.go(() -> {
          c.recvOk();
          recv2.set(true);
        });
        Thread.sleep(1);
        assertFalse(recv1.get() || recv2.get(), "chan[" + cap + "]: receive from empty chan");
        // A non-blocking receive does not block.
        assertEquals(1, Select.of().recv(c, v -> { }).defaultCase(null).run());
        assertEquals(1, Select.of().recv(c, (v, ok) -> { }).defaultCase(null).run());
        c.send(0);
        c.send(0);
      }
      {
        // Send to a full channel blocks.
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) {
          c.send(i);
        }
        AtomicBoolean sent = new AtomicBoolean();
        Go.go(() -> {
          c.send(0);
          sent.set(true);
        });
        Thread.sleep(1);
        assertFalse(sent.get(), "chan[" + cap + "]: send to full chan");
        // A non-blocking send does not block.
        assertEquals(1, Select.of().send(c, 0, null).defaultCase(null).run());
        c.recv();
      }
      {
        // Receive zero from a closed channel.
        Chan<Integer> c = Chan.make(cap);
        for (int i = 0; i < cap; i++) {
          c.send(i);
        }
        c.close();
        for (int i = 0; i < cap; i++) {
          assertEquals(i, c.recv());
        }
        assertNull(c.recv());
        assertEquals(new Received<Integer>(null, false), c.recvOk());
      }
      {
        // Close unblocks a receive.
        Chan<Integer> c = Chan.make(cap);
        Chan<Boolean> done = Chan.make();
        Go.go(() -> {
          Received<Integer> r = c.recvOk();
          done.send(r.value() == null && !r.ok());
        });
        Thread.sleep(1);
        c.close();
        assertTrue(done.recv(), "chan[" + cap + "]: received non zero from closed chan");
      }
      {
        // 100 integers arrive uncorrupted and in FIFO order, with recv and with recvOk.
        Chan<Integer> c = Chan.make(cap);
        Go.go(() -> {
          for (int i = 0; i < 100; i++) {
            c.send(i);
          }
        });
        for (int i = 0; i < 100; i++) {
          assertEquals(i, c.recv());
        }
        Go.go(() -> {
          for (int i = 0; i < 100; i++) {
            c.send(i);
          }
        });
        for (int i = 0; i < 100; i++) {
          Received<Integer> r = c.recvOk();
          assertTrue(r.ok());
          assertEquals(i, r.value());
        }
        // 4 senders x 1000 values, 4 receivers: every value arrives exactly P times.
        int p = 4;
        int l = 1000;
        for (int k = 0; k < p; k++) {
          Go.go(() -> {
            for (int i = 0; i < l; i++) {
              c.send(i);
            }
          });
        }
        Chan<int[]> done = Chan.make();
        for (int k = 0; k < p; k++) {
          Go.go(() -> {
            int[] recv = new int[l];
            for (int i = 0; i < l; i++) {
              recv[c.recv()]++;
            }
            done.send(recv);
          });
        }
        int[] recv = new int[l];
        for (int k = 0; k < p; k++) {
          int[] part = done.recv();
          for (int i = 0; i < l; i++) {
            recv[i] += part[i];
          }
        }
        for (int i = 0; i < l; i++) {
          assertEquals(p, recv[i], "chan[" + cap + "]: value " + i);
        }
      }
      {
        // len/cap.
        Chan<Integer> c = Chan.make(cap);
        assertEquals(0, c.len());
        assertEquals(cap, c.cap());
        for (int i = 0; i < cap; i++) {
          c.send(i);
        }
        assertEquals(cap, c.len());
        assertEquals(cap, c.cap());
      }
    }
  }

  /** TestNonblockRecvRace: a buffered value closed behind a non-blocking receive is still seen. */
  @Test
  void goTestNonblockRecvRace() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    for (int i = 0; i < 2000; i++) {
      Chan<Integer> c = Chan.make(1);
      c.send(1);
      CountDownLatch done = new CountDownLatch(1);
      Go.go(() -> {
        if (Select.of().recv(c, v -> { }).defaultCase(null).run() != 0) {
          failures.incrementAndGet();
        }
        done.countDown();
      });
      c.close();
      c.recv();
      done.await();
    }
    assertEquals(0, failures.get(), "chan is not ready");
  }

  /** TestMultiConsumer: 23 workers ranging over q, results summed through r. */
  @Test
  void goTestMultiConsumer() {
    int nwork = 23;
    int niter = 50_000;
    int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
    Chan<Integer> q = Chan.make(nwork * 3);
    Chan<Integer> r = Chan.make(nwork * 3);
    CountDownLatch wg = new CountDownLatch(nwork);
    for (int i = 0; i < nwork; i++) {
      int w = i;
      Go.go(() -> {
        for (int v : q) {
          // Mess with the FIFO-ish nature of range.
          if (pn[w % pn.length] == v) {
            Go.gosched();
          }
          r.send(v);
        }
        wg.countDown();
      });
    }
    long[] expect = new long[1];
    Go.go(() -> {
      for (int i = 0; i < niter; i++) {
        int v = pn[i % pn.length];
        expect[0] += v;
        q.send(v);
      }
      q.close();
      try {
        wg.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      r.close();
    });
    long n = 0;
    long s = 0;
    for (int v : r) {
      n++;
      s += v;
    }
    // r closes only after the feeder wrote expect[0]: the close/receive pair orders that write.
    assertEquals(niter, n);
    assertEquals(expect[0], s);
  }

  /** TestShrinkStackDuringBlockedSend, minus the GC: values sent between deep recursions arrive. */
  @Test
  void goTestBlockedSendWithStackChurn() throws Exception {
    int n = 10;
    Chan<Integer> c = Chan.make();
    Chan<Boolean> done = Chan.make();
    Go.go(() -> {
      for (int i = 0; i < n; i++) {
        c.send(i);
        recurse(20);
      }
      done.send(true);
    });
    for (int i = 0; i < n; i++) {
      assertEquals(i, c.recv());
      Thread.sleep(1);
      System.gc();
    }
    assertTrue(done.recv());
  }

  private static int recurse(int depth) {
    long[] pad = new long[16];
    pad[depth % 16] = depth;
    return depth == 0 ? 0 : recurse(depth - 1) + (int) pad[depth % 16];
  }

  /** TestChanSendInterface: non-blocking sends on a full channel take default. */
  @Test
  void goTestChanSendInterface() {
    Object m = new Object();
    Chan<Object> c = Chan.make(1);
    c.send(m);
    assertEquals(1, Select.of().send(c, m, null).defaultCase(null).run());
    assertEquals(2, Select.of().send(c, m, null).send(c, new Object(), null).defaultCase(null).run());
  }

  // ------------------------------------------------------------------ helpers

  /** Waits until a receiver (or sender) is queued on {@code c}. */
  static void awaitBlocked(Chan<?> c, boolean receiver) throws InterruptedException {
    awaitQueued(c, receiver, 1);
  }

  /** Waits until at least {@code n} receivers (or senders) are queued on {@code c}. */
  static void awaitQueued(Chan<?> c, boolean receivers, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      int k = 0;
      c.lockChan();
      for (Sudog s = (receivers ? c.recvq : c.sendq).peek(); s != null; s = s.next) {
        k++;
      }
      c.unlockChan();
      if (k >= n) {
        return;
      }
      Thread.sleep(1);
    }
    throw new AssertionError("fewer than " + n + " waiters queued");
  }

  /** Waits until {@code t} parks (a posted or queued waiter, past its spin or poll). */
  static void awaitWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (t.getState() != Thread.State.WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(t + " never parked");
      }
      Thread.sleep(1);
    }
  }

  static void awaitStack(String needle) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String s = Go.stack(true);
      if (s.contains(needle)) {
        return;
      }
      seen.add(s);
      Thread.sleep(1);
    }
    throw new AssertionError("no goroutine shows " + needle);
  }
}
