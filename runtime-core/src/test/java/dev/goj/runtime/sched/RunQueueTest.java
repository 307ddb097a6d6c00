package dev.goj.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goj.runtime.internal.RuntimeMutex;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of Go's RunSchedLocalQueueTest, RunSchedLocalQueueStealTest, RunSchedLocalQueueEmptyTest. */
@Timeout(60)
class RunQueueTest {
  /** A goroutine stand-in that counts how often it was found, like Go's g.sig in these tests. */
  static final class Item implements Runnable {
    int sig;

    @Override
    public void run() {}
  }

  private static RunQueue queue() {
    return new RunQueue(new GlobalRunQueue(new RuntimeMutex()));
  }

  @Test
  void schedLocalQueue() {
    RunQueue q = queue();
    Item[] gs = new Item[RunQueue.SIZE];
    for (int i = 0; i < gs.length; i++) {
      gs[i] = new Item();
    }
    for (int i = 0; i < RunQueue.SIZE; i++) {
      assertNull(q.get(), "runq is not empty initially");
      for (int j = 0; j < i; j++) {
        q.put(gs[i], false);
      }
      for (int j = 0; j < i; j++) {
        assertSame(gs[i], q.get(), "bad element at iter " + i + "/" + j);
      }
      assertNull(q.get(), "runq is not empty afterwards");
    }
  }

  @Test
  void schedLocalQueueSteal() {
    RunQueue p1 = queue();
    RunQueue p2 = queue();
    Item[] gs = new Item[RunQueue.SIZE];
    for (int i = 0; i < gs.length; i++) {
      gs[i] = new Item();
    }
    for (int i = 0; i < RunQueue.SIZE; i++) {
      for (int j = 0; j < i; j++) {
        gs[j].sig = 0;
        p1.put(gs[j], false);
      }
      Item gp = (Item) p2.steal(p1, true);
      int s = 0;
      if (gp != null) {
        s++;
        gp.sig++;
      }
      while ((gp = (Item) p2.get()) != null) {
        s++;
        gp.sig++;
      }
      while ((gp = (Item) p1.get()) != null) {
        gp.sig++;
      }
      for (int j = 0; j < i; j++) {
        assertEquals(1, gs[j].sig, "bad element " + j + " at iter " + i);
      }
      assertTrue(s == i / 2 || s == i / 2 + 1, "bad steal " + s + ", want " + i / 2 + " or " + (i / 2 + 1));
    }
  }

  /**
   * runqempty is never spuriously true while a goroutine moves between runnext and the ring: an
   * observer checks emptiness exactly while the owner puts a second goroutine and gets one (Go's
   * test uses a new goroutine per round; here one observer thread does every round).
   */
  @Test
  void schedLocalQueueEmpty() throws Exception {
    RunQueue q = queue();
    Item g0 = new Item();
    Item g1 = new Item();
    int iters = 5_000;
    AtomicInteger ready = new AtomicInteger();
    AtomicInteger checked = new AtomicInteger();
    AtomicInteger spurious = new AtomicInteger();
    Thread observer = Thread.ofPlatform().start(() -> {
      for (int i = 0; i < iters; i++) {
        int want = 2 * i + 2;
        ready.incrementAndGet();
        while (ready.get() < want) {
          Thread.onSpinWait();
        }
        if (q.isEmpty()) {
          spurious.incrementAndGet();
        }
        checked.set(i + 1);
      }
    });
    for (int i = 0; i < iters; i++) {
      boolean next0 = (i & 1) == 0;
      boolean next1 = (i & 2) == 0;
      q.put(g0, next0);
      int want = 2 * i + 2;
      ready.incrementAndGet();
      while (ready.get() < want) {
        Thread.onSpinWait();
      }
      q.put(g1, next1);
      q.get();
      while (checked.get() <= i) {
        Thread.onSpinWait();
      }
      q.get();
    }
    observer.join();
    assertEquals(0, spurious.get(), "queue reported empty while it held a goroutine");
  }

  @Test
  void runnextDisplacesToTailAndComesFirst() {
    RunQueue q = queue();
    Item a = new Item();
    Item b = new Item();
    Item c = new Item();
    q.put(a, false);
    q.put(b, true);
    q.put(c, true); // b is kicked to the tail
    assertSame(c, q.getRunnext());
    assertNull(q.getRunnext());
    assertSame(a, q.getLocal());
    assertSame(b, q.getLocal());
    assertTrue(q.isEmpty());
  }

  /** A full ring moves half of itself plus the new goroutine to the global queue (runqputslow). */
  @Test
  void overflowMovesHalfToGlobalQueueInOrder() {
    RuntimeMutex lock = new RuntimeMutex();
    GlobalRunQueue global = new GlobalRunQueue(lock);
    RunQueue q = new RunQueue(global);
    Item[] gs = new Item[RunQueue.SIZE + 1];
    for (int i = 0; i < gs.length; i++) {
      gs[i] = new Item();
      q.put(gs[i], false);
    }
    assertEquals(RunQueue.SIZE / 2 + 1, global.size());
    assertEquals(RunQueue.SIZE / 2, q.size());
    lock.lock();
    for (int i = 0; i < RunQueue.SIZE / 2; i++) {
      assertSame(gs[i], global.pop());
    }
    assertSame(gs[RunQueue.SIZE], global.pop());
    lock.unlock();
    for (int i = RunQueue.SIZE / 2; i < RunQueue.SIZE; i++) {
      assertSame(gs[i], q.get());
    }
    assertTrue(q.isEmpty());
  }

  /** An owner putting and getting while two thieves steal: every item is taken exactly once. */
  @Test
  void concurrentStealTakesEachItemOnce() throws Exception {
    RuntimeMutex lock = new RuntimeMutex();
    GlobalRunQueue global = new GlobalRunQueue(lock);
    RunQueue owner = new RunQueue(global);
    int n = 200_000;
    Item[] items = new Item[n];
    for (int i = 0; i < n; i++) {
      items[i] = new Item();
    }
    AtomicInteger taken = new AtomicInteger();
    Set<Item> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicInteger dups = new AtomicInteger();
    Runnable record = () -> {};
    CountDownLatch stop = new CountDownLatch(1);
    Thread[] thieves = new Thread[2];
    for (int k = 0; k < thieves.length; k++) {
      thieves[k] = Thread.ofPlatform().start(() -> {
        RunQueue mine = new RunQueue(global);
        while (stop.getCount() > 0 || !owner.isEmpty()) {
          Runnable gp = mine.steal(owner, true);
          if (gp == null) {
            Thread.onSpinWait();
            continue;
          }
          do {
            if (!seen.add((Item) gp)) {
              dups.incrementAndGet();
            }
            taken.incrementAndGet();
          } while ((gp = mine.get()) != null);
        }
      });
    }
    for (int i = 0; i < n; i++) {
      owner.put(items[i], (i & 7) == 0);
      if ((i & 3) == 0) {
        Runnable gp = owner.get();
        if (gp != null) {
          if (!seen.add((Item) gp)) {
            dups.incrementAndGet();
          }
          taken.incrementAndGet();
        }
      }
    }
    stop.countDown();
    for (Thread t : thieves) {
      t.join();
    }
    Runnable gp;
    while ((gp = owner.get()) != null) {
      seen.add((Item) gp);
      taken.incrementAndGet();
    }
    lock.lock();
    while ((gp = global.pop()) != null) {
      if (!seen.add((Item) gp)) {
        dups.incrementAndGet();
      }
      taken.incrementAndGet();
    }
    lock.unlock();
    record.run();
    assertEquals(0, dups.get(), "an item was taken twice");
    assertEquals(n, taken.get());
    assertEquals(n, new HashSet<>(seen).size());
  }
}
