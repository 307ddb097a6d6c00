package dev.goj.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ports of Go's src/sync/rwmutex_test.go and the RWMutex half of mutex_test.go's misuse cases. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RWMutexTest {
  @AfterEach
  void noFailures() {
    Kind.checkFailures();
  }

  static void parallelReader(RWMutex m, Ch<Boolean> clocked, Ch<Boolean> cunlock, Ch<Boolean> cdone) {
    m.rLock();
    clocked.send(true);
    cunlock.recv();
    m.rUnlock();
    cdone.send(true);
  }

  static void doTestParallelReaders(Kind kind, int numReaders, int gomaxprocs) {
    Go.gomaxprocs(gomaxprocs);
    RWMutex m = new RWMutex();
    Ch<Boolean> clocked = Ch.make();
    Ch<Boolean> cunlock = Ch.make();
    Ch<Boolean> cdone = Ch.make();
    for (int i = 0; i < numReaders; i++) {
      kind.start(() -> parallelReader(m, clocked, cunlock, cdone));
    }
    // Wait for all parallel rLocks to succeed: they all hold the read lock at once.
    for (int i = 0; i < numReaders; i++) {
      clocked.recv();
    }
    for (int i = 0; i < numReaders; i++) {
      cunlock.send(true);
    }
    for (int i = 0; i < numReaders; i++) {
      cdone.recv();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void testParallelReaders(Kind kind) {
    int prev = Go.gomaxprocs(0);
    try {
      doTestParallelReaders(kind, 1, 4);
      doTestParallelReaders(kind, 3, 4);
      doTestParallelReaders(kind, 4, 2);
    } finally {
      Go.gomaxprocs(prev);
    }
  }

  static void reader(RWMutex rwm, int iterations, AtomicInteger activity, Ch<Boolean> cdone) {
    for (int i = 0; i < iterations; i++) {
      rwm.rLock();
      int n = activity.incrementAndGet();
      if (n < 1 || n >= 10000) {
        rwm.rUnlock();
        throw new AssertionError("wlock(" + n + ")");
      }
      for (int j = 0; j < 100; j++) {
        Thread.onSpinWait();
      }
      activity.addAndGet(-1);
      rwm.rUnlock();
    }
    cdone.send(true);
  }

  static void writer(RWMutex rwm, int iterations, AtomicInteger activity, Ch<Boolean> cdone) {
    for (int i = 0; i < iterations; i++) {
      rwm.lock();
      int n = activity.addAndGet(10000);
      if (n != 10000) {
        rwm.unlock();
        throw new AssertionError("wlock(" + n + ")");
      }
      for (int j = 0; j < 100; j++) {
        Thread.onSpinWait();
      }
      activity.addAndGet(-10000);
      rwm.unlock();
    }
    cdone.send(true);
  }

  static void hammerRWMutex(Kind kind, int gomaxprocs, int numReaders, int iterations) {
    Go.gomaxprocs(gomaxprocs);
    // Number of active readers + 10000 * number of active writers.
    AtomicInteger activity = new AtomicInteger();
    RWMutex rwm = new RWMutex();
    Ch<Boolean> cdone = Ch.make();
    kind.start(() -> writer(rwm, iterations, activity, cdone));
    int i;
    for (i = 0; i < numReaders / 2; i++) {
      kind.start(() -> reader(rwm, iterations, activity, cdone));
    }
    kind.start(() -> writer(rwm, iterations, activity, cdone));
    for (; i < numReaders; i++) {
      kind.start(() -> reader(rwm, iterations, activity, cdone));
    }
    // Wait for the 2 writers and all readers to finish.
    for (int j = 0; j < 2 + numReaders; j++) {
      cdone.recv();
    }
    assertEquals(0, activity.get());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void testRWMutex(Kind kind) {
    RWMutex m = new RWMutex();
    m.lock();
    assertFalse(m.tryLock(), "TryLock succeeded with mutex locked");
    assertFalse(m.tryRLock(), "TryRLock succeeded with mutex locked");
    m.unlock();

    assertTrue(m.tryLock(), "TryLock failed with mutex unlocked");
    m.unlock();

    assertTrue(m.tryRLock(), "TryRLock failed with mutex unlocked");
    assertTrue(m.tryRLock(), "TryRLock failed with mutex rlocked");
    assertFalse(m.tryLock(), "TryLock succeeded with mutex rlocked");
    m.rUnlock();
    m.rUnlock();

    int prev = Go.gomaxprocs(0);
    try {
      int n = 1000;
      hammerRWMutex(kind, 1, 1, n);
      hammerRWMutex(kind, 1, 3, n);
      hammerRWMutex(kind, 1, 10, n);
      hammerRWMutex(kind, 4, 1, n);
      hammerRWMutex(kind, 4, 3, n);
      hammerRWMutex(kind, 4, 10, n);
      hammerRWMutex(kind, 10, 1, n);
      hammerRWMutex(kind, 10, 3, n);
      hammerRWMutex(kind, 10, 10, n);
      hammerRWMutex(kind, 10, 5, n);
    } finally {
      Go.gomaxprocs(prev);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void testRLocker(Kind kind) {
    RWMutex wl = new RWMutex();
    Locker rl = wl.rLocker();
    Ch<Boolean> wlocked = Ch.make(1);
    Ch<Boolean> rlocked = Ch.make(1);
    int n = 10;
    kind.start(() -> {
      for (int i = 0; i < n; i++) {
        rl.lock();
        rl.lock();
        rlocked.send(true);
        wl.lock();
        wlocked.send(true);
      }
    });
    for (int i = 0; i < n; i++) {
      rlocked.recv();
      rl.unlock();
      assertNull(wlocked.poll(), "RLocker() didn't read-lock it");
      rl.unlock();
      wlocked.recv();
      assertNull(rlocked.poll(), "RLocker() didn't respect the write lock");
      wl.unlock();
    }
  }

  /** Go's misuseTests for RWMutex, with Go's exact messages. */
  @Test
  void testRWMutexMisuse() {
    String unlock = "sync: Unlock of unlocked RWMutex";
    String runlock = "sync: RUnlock of unlocked RWMutex";
    expectPanic(unlock, () -> new RWMutex().unlock());
    expectPanic(unlock, () -> {
      RWMutex mu = new RWMutex();
      mu.rLock();
      mu.unlock();
    });
    expectPanic(unlock, () -> {
      RWMutex mu = new RWMutex();
      mu.lock();
      mu.unlock();
      mu.unlock();
    });
    expectPanic(runlock, () -> new RWMutex().rUnlock());
    expectPanic(runlock, () -> {
      RWMutex mu = new RWMutex();
      mu.lock();
      mu.rUnlock();
    });
    expectPanic(runlock, () -> {
      RWMutex mu = new RWMutex();
      mu.rLock();
      mu.rUnlock();
      mu.rUnlock();
    });
  }

  /** Unlike Go (fatal), a caught misuse leaves the lock usable. */
  @Test
  void misuseLeavesLockUsable() {
    RWMutex mu = new RWMutex();
    mu.rLock();
    assertThrows(IllegalStateException.class, mu::unlock);
    mu.rUnlock();
    assertThrows(IllegalStateException.class, mu::rUnlock);
    assertTrue(mu.tryLock());
    assertThrows(IllegalStateException.class, mu::rUnlock);
    mu.unlock();
    assertTrue(mu.tryRLock());
    mu.rUnlock();
  }

  private static void expectPanic(String msg, Executable f) {
    IllegalStateException e = assertThrows(IllegalStateException.class, f);
    assertEquals(msg, e.getMessage());
  }

  /** Writer preference: a blocked lock() stops new readers until that writer is done. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void blockedWriterStopsNewReaders(Kind kind) throws InterruptedException {
    RWMutex rw = new RWMutex();
    rw.rLock();
    CountDownLatch writerIn = new CountDownLatch(1);
    CountDownLatch readerIn = new CountDownLatch(1);
    int[] order = new int[2];
    AtomicInteger seq = new AtomicInteger();
    kind.start(() -> {
      rw.lock();
      order[0] = seq.incrementAndGet();
      writerIn.countDown();
      rw.unlock();
    });
    while (rw.tryRLock()) { // succeeds until the writer has announced itself
      rw.rUnlock();
      Thread.sleep(1);
    }
    kind.start(() -> {
      rw.rLock();
      order[1] = seq.incrementAndGet();
      readerIn.countDown();
      rw.rUnlock();
    });
    assertEquals(1, writerIn.getCount(), "writer got in while a reader held the lock");
    rw.rUnlock(); // the last old reader leaves: the writer goes first, then the new reader
    writerIn.await();
    readerIn.await();
    assertEquals(1, order[0], "writer first");
    assertEquals(2, order[1], "new reader after the writer");
  }

  /** Wait reasons for stack dumps. */
  @Test
  void waitReasons() throws InterruptedException {
    RWMutex rw = new RWMutex();
    rw.rLock();
    CountDownLatch done = new CountDownLatch(2);
    Go.go(() -> {
      rw.lock();
      rw.unlock();
      done.countDown();
    });
    String dump = awaitDump("[sync.RWMutex.Lock]");
    assertTrue(dump.contains("[sync.RWMutex.Lock]"), dump);
    Go.go(() -> {
      rw.rLock();
      rw.rUnlock();
      done.countDown();
    });
    dump = awaitDump("[sync.RWMutex.RLock]");
    assertTrue(dump.contains("[sync.RWMutex.RLock]"), dump);
    rw.rUnlock();
    done.await();
  }

  private static String awaitDump(String want) throws InterruptedException {
    String dump = "";
    for (int i = 0; i < 10_000 && !dump.contains(want); i++) {
      Thread.sleep(1);
      dump = Go.stack(true);
    }
    return dump;
  }
}
