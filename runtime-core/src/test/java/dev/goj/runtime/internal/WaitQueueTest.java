package dev.goj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaitQueueTest {
  private final G g = G.current();

  @Test
  void fifoWithLifoRequeueAndRemove() {
    WaitQueue q = new WaitQueue();
    Sudog a = new Sudog(g), b = new Sudog(g), c = new Sudog(g), d = new Sudog(g);
    q.enqueue(a);
    q.enqueue(b);
    q.enqueue(c);
    q.enqueueFirst(d);
    q.remove(b);
    assertSame(d, q.dequeue());
    assertSame(a, q.dequeue());
    assertSame(c, q.dequeue());
    assertNull(q.dequeue());
    assertTrue(q.isEmpty());
    q.remove(a); // not queued: no effect
    assertTrue(q.isEmpty());
  }

  @Test
  void dequeueSkipsSelectsAlreadyWon() {
    G other = newG();
    WaitQueue q = new WaitQueue();
    Sudog lost = new Sudog(other);
    lost.isSelect = true;
    Sudog plain = new Sudog(g);
    q.enqueue(lost);
    q.enqueue(plain);
    other.clearSelectDone();
    assertTrue(other.casSelectDone()); // another channel already completed that select
    assertSame(plain, q.dequeue());
    assertNull(q.dequeue());
  }

  private static G newG() {
    return G.newGoroutine(Thread.ofVirtual().unstarted(() -> {}));
  }
}
