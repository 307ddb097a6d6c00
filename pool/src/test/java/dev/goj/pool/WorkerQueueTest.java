package dev.goj.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Ports of ants' worker_stack_test.go and worker_loop_queue_test.go (TestNewWorkerStack,
 * TestWorkerStack, TestSearch, TestNewLoopQueue, TestLoopQueue, TestRotatedQueueSearch). ants stamps
 * workers with time.Now and sleeps between inserts; here the stamps are set directly.
 */
class WorkerQueueTest {
  private static Worker stamped(long lastUsed) {
    Worker w = new Worker(null, null);
    w.lastUsed = lastUsed;
    return w;
  }

  @Test
  void stackIsLifo() {
    WorkerStack q = new WorkerStack();
    assertTrue(q.isEmpty());
    assertNull(q.detach());
    Worker a = stamped(1);
    Worker b = stamped(2);
    q.insert(a);
    q.insert(b);
    assertEquals(2, q.len());
    assertSame(b, q.detach());
    assertSame(a, q.detach());
    assertTrue(q.isEmpty());
  }

  /** TestWorkerStack / TestSearch: refresh removes exactly the workers stamped at or before the cut. */
  @Test
  void stackRefresh() {
    WorkerStack q = new WorkerStack();
    for (int i = 0; i < 100; i++) { // grows past its initial 16 slots
      q.insert(stamped(1_000 + i));
    }
    assertEquals(0, q.refresh(999).length);
    Worker[] stale = q.refresh(1_000 + 39);
    assertEquals(40, stale.length);
    assertEquals(1_000, stale[0].lastUsed);
    assertEquals(1_039, stale[39].lastUsed);
    assertEquals(60, q.len());
    assertEquals(1_099, q.detach().lastUsed, "the newest stays on top");
    assertEquals(59, q.refresh(Long.MAX_VALUE).length);
    assertTrue(q.isEmpty());
  }

  /** Stamps are System.nanoTime values and may wrap: the cut compares by difference. */
  @Test
  void refreshAcrossNanoTimeWrap() {
    WorkerStack q = new WorkerStack();
    q.insert(stamped(Long.MAX_VALUE - 1));
    q.insert(stamped(Long.MAX_VALUE));
    q.insert(stamped(Long.MIN_VALUE)); // one nanosecond after MAX_VALUE
    q.insert(stamped(Long.MIN_VALUE + 5));
    assertEquals(3, q.refresh(Long.MIN_VALUE).length);
    assertEquals(1, q.len());
  }

  @Test
  void loopQueueIsFifoAndBounded() {
    WorkerLoopQueue q = new WorkerLoopQueue(3);
    assertTrue(q.isEmpty());
    assertNull(q.detach());
    Worker a = stamped(1);
    Worker b = stamped(2);
    Worker c = stamped(3);
    assertTrue(q.insert(a));
    assertTrue(q.insert(b));
    assertTrue(q.insert(c));
    assertFalse(q.insert(stamped(4)), "full");
    assertEquals(3, q.len());
    assertSame(a, q.detach());
    assertEquals(2, q.len());
    assertTrue(q.insert(stamped(5)));
    assertSame(b, q.detach());
    assertSame(c, q.detach());
    assertEquals(5, q.detach().lastUsed);
    assertTrue(q.isEmpty());
  }

  /** TestLoopQueue / TestRotatedQueueSearch: the cut is found on a ring whose head has wrapped. */
  @Test
  void loopQueueRotatedRefresh() {
    WorkerLoopQueue q = new WorkerLoopQueue(8);
    for (int i = 0; i < 8; i++) {
      q.insert(stamped(i));
    }
    for (int i = 0; i < 5; i++) {
      q.detach(); // head moves to index 5
    }
    for (int i = 8; i < 12; i++) {
      q.insert(stamped(i)); // tail wraps to index 4
    }
    assertEquals(7, q.len());
    assertEquals(0, q.refresh(4).length);
    Worker[] stale = q.refresh(8);
    assertEquals(4, stale.length, "stamps 5, 6, 7, 8");
    assertEquals(5, stale[0].lastUsed);
    assertEquals(8, stale[3].lastUsed);
    assertEquals(3, q.len());
    assertEquals(9, q.detach().lastUsed);
    assertEquals(2, q.refresh(100).length);
    assertTrue(q.isEmpty());
    assertTrue(q.insert(stamped(200)), "refresh cleared full");
  }
}
